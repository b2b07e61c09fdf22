"""govdash: the Streamlit entry point. Run with ``make run`` or ``streamlit run app.py``."""

import streamlit as st

from govdash.ui.shell import FAVICON, run_app

st.set_page_config(
    page_title="数字政府评估看板",
    # A file, not a Material icon name: those are fetched from fonts.gstatic.com, out of reach on 政务外网.
    page_icon=FAVICON,
    layout="wide",
    initial_sidebar_state="expanded",
    menu_items={"About": "govdash:数字政府评估看板(开源)。得分可逐级追溯到指标、原始值和上传批次。"},
)
run_app()
