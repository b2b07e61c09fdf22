"""The 上传记录 page's parts: the batch table with filters, and undo / replace for one chosen batch."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import Actor, PermissionDenied
from govdash.domain import vocab
from govdash.domain.format import LOCAL_ZONE_LABEL, local_time
from govdash.domain.kinds import KINDS
from govdash.services.imports import list_batches
from govdash.services.uploads import authorized_undo, can_change_batch
from govdash.ui import upload_flow
from govdash.ui.data import clear_caches

PREFIX = "history"
ACTIVE = vocab.BATCH_STATUS_LABELS["active"]
FLASH_KEY = f"{PREFIX}_flash"
UNDO_KEY = f"{PREFIX}_undo_open"
SHOWN_COLUMNS = ["批次", "数据类型", "文件名", "期间", "写入行数", "警告数", "状态", "上传人", "上传时间(北京时间)",
                 "替换的批次", "撤销人", "撤销时间(北京时间)", "备注"]
# The history stores UTC; people read Beijing time.
_LOCAL_TIMES = {"上传时间(UTC)": f"上传时间({LOCAL_ZONE_LABEL})", "撤销时间(UTC)": f"撤销时间({LOCAL_ZONE_LABEL})"}


def batch_frame(engine: Engine) -> pd.DataFrame:
    """Every batch, newest first, with Chinese headers and Beijing times (fresh: the history must show the latest undo)."""
    frame = list_batches(engine)
    for stored in _LOCAL_TIMES:
        frame[stored] = frame[stored].map(local_time).astype(object)
    return frame.rename(columns=_LOCAL_TIMES)


def only_linked_batch(frame: pd.DataFrame) -> pd.DataFrame | None:
    """With ``?batch=N`` in the URL (a link from a score's provenance), the frame cut to that batch."""
    wanted = st.query_params.get("batch")
    if not wanted:
        return None
    if st.button("显示全部批次", icon=":material/list:", key=f"{PREFIX}_show_all"):
        del st.query_params["batch"]
        st.rerun()
    return frame[frame["批次"].astype(str) == wanted.strip().lstrip("#")]


def filtered(frame: pd.DataFrame, user: Actor) -> pd.DataFrame:
    """Filter the batches by kind, status and uploader."""
    kinds, statuses, mine = st.columns([2, 2, 1], vertical_alignment="bottom")
    labels = [kind.label for kind in KINDS.values() if kind.label in set(frame["数据类型"])]
    chosen = kinds.multiselect("数据类型", labels, key=f"{PREFIX}_kinds", placeholder="全部类型")
    status = statuses.selectbox("状态", ["全部", *vocab.BATCH_STATUS_LABELS.values()], key=f"{PREFIX}_status")
    only_mine = mine.toggle("只看我上传的", key=f"{PREFIX}_mine", disabled=user.is_anonymous)
    if chosen:
        frame = frame[frame["数据类型"].isin(chosen)]
    if status != "全部":
        frame = frame[frame["状态"] == status]
    if only_mine:
        frame = frame[frame["上传人"] == user.name]
    return frame


def batch_table(frame: pd.DataFrame) -> None:
    """Render the batches as a table."""
    st.dataframe(
        frame[SHOWN_COLUMNS], hide_index=True, width="stretch", key=f"{PREFIX}_table", placeholder="—",
        column_config={
            "批次": st.column_config.NumberColumn("批次", format="#%d", width="small"),
            "写入行数": st.column_config.NumberColumn("写入行数", format="localized"),
            "替换的批次": st.column_config.NumberColumn("替换的批次", format="#%d"),
        })


def batch_picker(frame: pd.DataFrame) -> pd.Series | None:
    """Choose one batch of the table to see what may be done with it."""
    ids = frame["批次"].astype(int).tolist()
    labels = {int(row["批次"]): f"#{int(row['批次'])} {row['文件名']}({row['数据类型']})"
              for _, row in frame.iterrows()}
    chosen = st.selectbox("选择批次", ids, index=0 if len(ids) == 1 else None, format_func=labels.__getitem__,
                          key=f"{PREFIX}_chosen", placeholder="选择一个批次以撤销或替换")
    if chosen is None:
        return None
    return frame[frame["批次"] == chosen].iloc[0]


def show_flash() -> None:
    """Show the outcome of the last undo or replacement, once, after the rerun."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(upload_flow.plain(message), icon=":material/task_alt:")


def batch_actions(engine: Engine, user: Actor, batch: pd.Series) -> None:
    """Undo and replace for the chosen batch, offered only to its uploader (an evaluator) or an admin."""
    batch_id = int(batch["批次"])
    st.subheader(f"批次 #{batch_id}:{upload_flow.plain(batch['文件名'])}")
    st.caption(upload_flow.plain(f"{batch['数据类型']} · 期间 {batch['期间'] or '—'} · 写入 {batch['写入行数']:,} 行 · "
                                 f"上传人 {batch['上传人']} · 状态 {batch['状态']}"))
    if not user.can("evaluator"):
        return
    if batch["状态"] != ACTIVE:
        st.info(f"该批次的状态是“{batch['状态']}”,不能再撤销或替换。")
        return
    if not can_change_batch(user, str(batch["上传人"])):
        st.info("评估员只能撤销或替换自己上传的批次;其他批次请联系管理员。")
        return
    if st.button("撤销此批次", icon=":material/undo:", key=f"{PREFIX}_undo_{batch_id}"):
        st.session_state[UNDO_KEY] = batch_id
    # The dialog stays open across reruns until it is confirmed, cancelled or dismissed.
    if st.session_state.get(UNDO_KEY) == batch_id:
        confirm_undo(engine, user, batch_id, str(batch["文件名"]), int(batch["写入行数"]))
    with st.expander("用更正后的文件替换此批次", icon=":material/find_replace:"):
        replace_section(engine, user, batch)


def _close_undo() -> None:
    st.session_state.pop(UNDO_KEY, None)


@st.dialog("撤销导入批次", on_dismiss=_close_undo)
def confirm_undo(engine: Engine, user: Actor, batch_id: int, file_name: str, rows: int) -> None:
    """Ask before deleting a batch's rows; on confirmation undo it and refresh every cached number."""
    st.write(f"确定撤销批次 #{batch_id}(文件“{upload_flow.plain(file_name)}”)吗?")
    st.write(f"该批次写入的 {rows:,} 条记录将被删除,相关指数随之重新计算。此操作会记入审计日志。")
    confirm, cancel = st.columns(2)
    if cancel.button("取消", key=f"{PREFIX}_undo_cancel", width="stretch"):
        _close_undo()
        st.rerun()
    if confirm.button("确认撤销", type="primary", key=f"{PREFIX}_undo_confirm", width="stretch"):
        _close_undo()
        try:
            result = authorized_undo(engine, user, batch_id)
        except PermissionDenied as exc:
            st.error(upload_flow.plain(exc))
            return
        if not result.ok:
            st.error(upload_flow.plain(result.message))
            return
        clear_caches()
        st.session_state[FLASH_KEY] = result.message
        st.rerun()


def replace_section(engine: Engine, user: Actor, batch: pd.Series) -> None:
    """Upload a corrected file for this batch: validate it as a replacement, then replace on confirmation."""
    batch_id = int(batch["批次"])
    kind = next(k for k in KINDS.values() if k.label == batch["数据类型"])
    prefix = f"{PREFIX}_replace_{batch_id}"
    upload = st.file_uploader("选择更正后的 CSV 或 XLSX 文件", type=upload_flow.ACCEPTED_TYPES, key=prefix,
                              help="文件中与本批次重复的记录将替换本批次;校验通过后才会写入")
    if upload is None:
        return
    request = upload_flow.UploadRequest(kind=kind.key, file_name=upload.name, data=upload.getvalue(),
                                        period=batch["期间"] or None if kind.period_mode == "column" else None,
                                        replace=True)
    checked = upload_flow.validate(engine, user, request)
    upload_flow.report_counts(checked)
    if checked.report.ok and checked.status != "duplicate" and batch_id not in checked.replaced_batch_ids:
        st.error(f"该文件中的记录与批次 #{batch_id} 不重复,不能作为它的更正文件;新增数据请到“数据上传”页面。")
        return
    upload_flow.issues_section(checked, prefix)
    done = upload_flow.import_step(engine, user, request, checked, prefix=prefix, label=f"替换批次 #{batch_id}")
    if done is not None:
        if done.status == "imported":
            st.session_state[FLASH_KEY] = done.message
            st.rerun()
        st.error(upload_flow.plain(done.message))
