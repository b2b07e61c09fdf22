"""govdash: the Streamlit entry point. Run with ``make run`` or ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

from govdash.ui.shell import run_app

st.set_page_config(
    page_title="数字政府评估看板",
    # A file of our own: a Material icon as page icon is fetched from Google's font server, unreachable on 政务外网.
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
    menu_items={"About": "govdash:数字政府评估看板(开源)。得分可逐级追溯到指标、原始值和上传批次。"},
)
run_app()
