"""数据上传: choose a kind, upload a CSV or XLSX, check the validation report, import."""

import streamlit as st

from govdash.auth import PermissionDenied
from govdash.core.config import get_settings
from govdash.ui import upload_flow as flow
from govdash.ui.auth import require_page_role
from govdash.ui.data import get_engine
from govdash.ui.shell import ensure_shell

ensure_shell()

PREFIX = "upload"

user = require_page_role("evaluator")
engine = get_engine()
st.title("数据上传")
flow.scope_note(engine, user)

done = st.session_state.pop(f"{PREFIX}_done", None)
if done is not None:
    flow.show_imported(done, user)
    st.divider()

kind = flow.kind_picker(PREFIX)
limit_mb = get_settings().max_upload_mb
nonce = st.session_state.setdefault(f"{PREFIX}_nonce", 0)
upload = st.file_uploader(
    # "gz" rather than "csv.gz": a system file dialog may match on the last extension only. The importer tells
    # a gzipped CSV by its content and refuses any other .gz in Chinese.
    "选择要上传的 CSV 或 XLSX 文件", type=flow.ACCEPTED_TYPES,
    key=f"{PREFIX}_file_{kind.key}_{nonce}",
    help=(f"第一行为表头(中文列名,或模板“填写说明”中列出的其他列名)。CSV 可为 UTF-8 或 GBK 编码,"
          f"也可先用 gzip 压缩为 .csv.gz 再上传;单个文件不超过 {limit_mb} MB(压缩文件按解压后的大小计)。"),
)
if upload is None:
    st.info("请先下载模板,按模板填写后上传。上传后会先校验整个文件,确认无误才写入数据库。", icon=":material/info:")
    st.stop()

request = flow.UploadRequest(kind=kind.key, file_name=upload.name, data=upload.getvalue())
try:
    preview = flow.inspect(engine, user, request)
except PermissionDenied as exc:
    flow.refused(exc)
    st.stop()
if preview.error:
    st.error(flow.plain(preview.error), icon=":material/error:")
    st.stop()

sheet, period, replace = flow.file_options(kind, preview, f"{PREFIX}_{nonce}")
if sheet is not None and sheet != preview.sheet:
    preview = flow.inspect(engine, user, request.with_options(sheet=sheet))

st.subheader("文件预览")
flow.show_preview(preview)
mapping = flow.mapping_editor(preview, kind, f"{PREFIX}_{nonce}")

request = request.with_options(sheet=sheet, period=period, replace=replace, mapping=mapping)
st.subheader("校验结果")
try:
    with st.spinner("正在校验整个文件……"):
        checked = flow.validate(engine, user, request)
except PermissionDenied as exc:
    flow.refused(exc)
    st.stop()
flow.report_counts(checked)
flow.issues_section(checked, PREFIX)

result = flow.import_step(engine, user, request, checked, prefix=f"{PREFIX}_{nonce}", label="导入数据")
if result is not None:
    if result.status == "imported":
        st.session_state[f"{PREFIX}_done"] = result
        st.session_state[f"{PREFIX}_nonce"] = nonce + 1
        st.rerun()
    st.error(flow.plain(result.message), icon=":material/error:")
