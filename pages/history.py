"""上传记录: every upload batch; undo or replace one (its uploader or an admin)."""

import streamlit as st

from govdash.ui import batch_history as history
from govdash.ui.auth import require_page_role
from govdash.ui.data import get_engine
from govdash.ui.shell import ensure_shell

ensure_shell()

user = require_page_role("evaluator")
engine = get_engine()
st.title("上传记录")
st.caption("每次导入是一个批次。撤销批次会删除它写入的记录,指数随之重新计算;用更正后的文件替换则在一次操作中完成删除和重新导入。")
history.show_flash()

batches = history.batch_frame(engine)
if batches.empty:
    st.info("还没有导入过数据。", icon=":material/info:")
    st.page_link("pages/upload.py", label="去上传数据", icon=":material/upload:")
    st.stop()

shown = history.only_linked_batch(batches)
if shown is None:
    shown = history.filtered(batches, user)
st.caption(f"共 {len(shown):,} 个批次。")
history.batch_table(shown)
chosen = history.batch_picker(shown) if not shown.empty else None
if chosen is not None:
    history.batch_actions(engine, user, chosen)
