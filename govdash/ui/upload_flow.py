"""The steps of the 数据上传 page: choose a kind, read the file, map columns, validate, import.

Every read and write goes through ``govdash.auth`` (role checks, audit) over the one import pipeline.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import Actor, PermissionDenied
from govdash.auth.scope import scope_of
from govdash.domain.kinds import KINDS, Kind
from govdash.export.templates import build_template, template_file_name
from govdash.ingest.masking import mask_series
from govdash.services.imports import FilePreview, ImportResult
from govdash.services.uploads import authorized_import, authorized_inspect, foreign_batches
from govdash.ui.data import clear_caches
from govdash.ui.shell import allowed_pages
from govdash.ui.widgets import download_table

IGNORE = "(忽略此列)"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")
ACCEPTED_TYPES = ["csv", "xlsx", "txt", "tsv", "gz"]  # gz: a gzip-compressed CSV (.csv.gz)
MEMO_SIZE = 4


@dataclass(frozen=True)
class UploadRequest:
    """One file and the choices made about it; its ``key`` tells when a validation is still current."""

    kind: str
    file_name: str
    data: bytes = field(repr=False)
    sheet: str | None = None
    period: str | None = None
    replace: bool = False
    mapping: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[Any, ...]:
        """What a validation depends on (the file by its digest, not its bytes)."""
        return (self.kind, hashlib.sha256(self.data).hexdigest(), self.sheet, self.period, self.replace,
                self.mapping)

    def with_options(self, **changes: Any) -> UploadRequest:
        """Return a copy with other sheet, period, replace or mapping choices."""
        return replace(self, **changes)

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``authorized_import``."""
        return {"file_name": self.file_name, "sheet": self.sheet, "period": self.period,
                "replace": self.replace, "column_mapping": dict(self.mapping) or None}


def plain(text: object) -> str:
    """``text`` escaped for Streamlit's markdown: file names, headers and messages quoting them show as typed.

    Captions, alerts and labels render markdown (links, images, LaTeX); escaping keeps uploaded text inert.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def kind_picker(prefix: str) -> Kind:
    """Choose the kind of data, with its description and template download beside it."""
    keys = list(KINDS)
    default = keys.index("evaluations") if "evaluations" in keys else 0
    key = st.selectbox("数据类型", keys, index=default, format_func=lambda k: KINDS[k].label,
                       key=f"{prefix}_kind", help="选择要上传的数据类型;模板中的表头与导入要求一致")
    kind = KINDS[key]
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(kind.description)
    right.download_button("下载导入模板(XLSX)", data=lambda: build_template(kind.key),
                          file_name=template_file_name(kind.key), icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{prefix}_template_{kind.key}", width="stretch")
    return kind


def inspect(engine: Engine, user: Actor, request: UploadRequest) -> FilePreview:
    """Read the start of the upload (memoized per file and sheet for this session)."""
    memo_key = (request.kind, hashlib.sha256(request.data).hexdigest(), request.sheet)
    return _memoized("_upload_memo", memo_key, lambda: authorized_inspect(
        engine, user, request.data, kind=request.kind, file_name=request.file_name, sheet=request.sheet))


def validate(engine: Engine, user: Actor, request: UploadRequest) -> ImportResult:
    """Dry-run the import: the whole file is checked, nothing is written (memoized per request)."""
    return _memoized("_upload_validation", request.key, lambda: authorized_import(
        engine, user, request.kind, request.data, dry_run=True, **request.options()))


def _memoized(name: str, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """Keep the last few results of this session, so a rerun does not read the whole file again."""
    memo: dict[tuple[Any, ...], Any] = st.session_state.setdefault(name, {})
    if key not in memo:
        if len(memo) >= MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[key] = compute()
    return memo[key]


def forget_validation() -> None:
    """Drop memoized previews and validations (after an import the same file is a duplicate)."""
    st.session_state.pop("_upload_validation", None)
    st.session_state.pop("_upload_memo", None)


def show_preview(preview: FilePreview) -> None:
    """How the file was read and its first rows, as plain text cells (never rendered as markup)."""
    facts = [f"文件:{preview.file_name}"]
    if preview.encoding_label:
        facts.append(f"编码:{preview.encoding_label}(自动识别)")
    if preview.sheet:
        facts.append(f"工作表:{preview.sheet}")
    if preview.delimiter:
        facts.append(f"分隔符:{_delimiter_label(preview.delimiter)}")
    if preview.wide_survey:
        facts.append("宽表问卷:导入时自动转换为长表")
    st.caption(plain(" · ".join(facts)))
    st.dataframe(preview.rows.astype(str).replace({"nan": "", "None": "", "<NA>": ""}), hide_index=True,
                 width="stretch", height=min(38 + 35 * len(preview.rows), 400))


def _delimiter_label(delimiter: str) -> str:
    return {",": "逗号", "\t": "制表符", ";": "分号", "|": "竖线"}.get(delimiter, delimiter)


def mapping_editor(preview: FilePreview, kind: Kind, prefix: str) -> tuple[tuple[str, str], ...]:
    """Let the user say which expected column each unrecognized header is; suggestions come first."""
    if not preview.unknown:
        return ()
    st.markdown("**列对应**")
    st.caption("以下列名未能自动识别。请选择它们对应的标准列;不需要的列选择“忽略此列”。")
    taken = set(preview.matched.values())
    free = [c.zh for c in kind.columns if c.zh not in taken]
    mapping = []
    for index, (header, suggestions) in enumerate(preview.unknown.items()):
        options = [IGNORE, *[s for s in suggestions if s in free], *[c for c in free if c not in suggestions]]
        default = 1 if len(options) > 1 and options[1] in suggestions else 0
        choice = st.selectbox(f"文件中的列“{plain(header)}”", options, index=default, key=f"{prefix}_map_{index}")
        if choice != IGNORE:
            mapping.append((header, choice))
    return tuple(mapping)


def report_counts(result: ImportResult) -> None:
    """Show the counts first: rows read, errors, warnings, and the summary sentence."""
    if result.status == "duplicate":
        st.warning(plain(result.message), icon=":material/content_copy:")
        return
    report = result.report
    total, errors, warnings = st.columns(3)
    total.metric("数据行数", f"{result.rows_total:,}")
    errors.metric("错误", f"{report.error_count:,}")
    warnings.metric("警告", f"{report.warning_count:,}")
    if result.scope_refusal:
        st.error(plain(result.scope_refusal), icon=":material/block:")
    if report.error_count:
        st.error(plain(report.summary()), icon=":material/error:")
    elif report.warning_count:
        st.warning(plain(report.summary()), icon=":material/warning:")
    else:
        st.success(f"校验通过:共 {result.rows_total:,} 行,没有发现问题,可以导入。", icon=":material/check_circle:")


def file_options(kind: Kind, preview: FilePreview, prefix: str) -> tuple[str | None, str | None, bool]:
    """Ask only what this file needs: the sheet (a workbook), the period (no 期间 column), and 替换."""
    wanted = (["sheet"] if len(preview.sheet_names) > 1 else []) + (["period"] if kind.period_mode == "column"
                                                                    else []) + ["replace"]
    slots = dict(zip(wanted, st.columns(len(wanted), vertical_alignment="bottom"), strict=True))
    sheet = period = None
    if "sheet" in slots:
        names = preview.sheet_names
        sheet = slots["sheet"].selectbox("工作表", names, key=f"{prefix}_sheet",
                                         index=names.index(preview.sheet) if preview.sheet in names else 0)
    if "period" in slots:
        typed = slots["period"].text_input("期间(文件中没有“期间”列时必填)", placeholder="如 2025Q4、2025H2 或 2025",
                                           key=f"{prefix}_period")
        period = typed.strip() or None
    replace = slots["replace"].toggle("替换已有批次中的重复记录", key=f"{prefix}_replace",
                                      help="用于更正已导入的数据:与已有记录重复的批次将被本文件替换")
    return sheet, period, replace


def scope_note(engine: Engine, user: Actor) -> None:
    """Tell a scoped evaluator which regions they may upload, before they pick a file."""
    scope = scope_of(engine, user)
    if scope is not None:
        st.caption(plain(f"您的数据范围:{scope.label}及其下级区划。文件中有范围以外区划的行时,整个文件不会导入;"
                         "也不能替换或撤销含有范围以外记录的批次。"))


def refused(exc: PermissionDenied) -> None:
    """Show a refusal from the service layer."""
    st.error(plain(exc), icon=":material/block:")


def issues_section(result: ImportResult, prefix: str) -> None:
    """Show the errors and warnings, row by row, as a table that can be downloaded."""
    frame = result.report.to_frame()
    if frame.empty:
        return
    frame = frame[["级别", "行号", "列", "值", "问题"]]
    # The offending value is shown as the stored one would be: a phone number in a comment appears masked.
    frame = frame.assign(值=mask_series(frame["值"].astype(object))[0])
    shown = len(result.report.errors) + len(result.report.warnings)
    total = result.report.error_count + result.report.warning_count
    st.markdown("**问题清单**" + (f"(列出前 {shown:,} 条,共 {total:,} 条)" if shown < total else ""))
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{prefix}_issues",
                 column_config={"行号": st.column_config.NumberColumn("行号", format="%d", width="small"),
                                "级别": st.column_config.TextColumn("级别", width="small"),
                                "问题": st.column_config.TextColumn("问题", width="large")})
    download_table(frame, report_name(result.file_name))


_UPLOAD_SUFFIX = re.compile(r"(\.(csv|tsv|txt|xlsx|xlsm|xls))?(\.gz)?$", re.IGNORECASE)


def report_name(file_name: str | None) -> str:
    """Name the validation report after the uploaded file without its extension: 校验报告_好差评 → ….csv, not ….csv.csv."""
    stem = _UPLOAD_SUFFIX.sub("", file_name or "").strip()
    return f"校验报告_{stem or '上传文件'}"


def import_step(engine: Engine, user: Actor, request: UploadRequest, checked: ImportResult, *, prefix: str,
                label: str) -> ImportResult | None:
    """Offer the import only for a clean file; warnings need a ticked confirmation. Return the outcome."""
    foreign = foreign_batches(engine, user, checked.replaced_batch_ids) if checked.report.ok else []
    if foreign:
        st.error("本文件会替换他人上传的批次 " + "、".join(f"#{i}" for i in foreign)
                 + ";评估员只能替换自己上传的批次,请联系管理员。", icon=":material/block:")
    if checked.status == "duplicate" or not checked.report.ok or foreign:
        st.button(label, type="primary", disabled=True, key=f"{prefix}_go_disabled",
                  help="文件有错误或已导入过,不能导入")
        return None
    accepted = True
    if checked.report.warning_count:
        accepted = st.checkbox(f"我已查看以上 {checked.report.warning_count:,} 个警告,确认按此导入",
                               key=f"{prefix}_accept_warnings")
    if not st.button(label, type="primary", disabled=not accepted, key=f"{prefix}_go", icon=":material/upload:"):
        return None
    try:
        with st.spinner("正在导入……"):
            done = authorized_import(engine, user, request.kind, request.data, accept_warnings=accepted,
                                     **request.options())
    except PermissionDenied as exc:
        refused(exc)
        return None
    forget_validation()
    if done.status == "imported":
        clear_caches()
    return done


def changed_pages(kind: str) -> list[str]:
    """Page files whose numbers an import of ``kind`` changes: its own page, then the score pages."""
    own = {"evaluations": ["evaluations"], "surveys": ["surveys"], "catalog": ["data_sharing"],
           "demands": ["data_sharing"], "responsibilities": ["data_sharing"], "departments": ["data_sharing"],
           "service-items": ["evaluations"]}.get(kind, [])
    scores = [] if kind in ("regions", "responsibilities") else ["index_a", "health"]
    return [f"pages/{name}.py" for name in [*own, "overview", *scores]]


def show_imported(result: ImportResult, user: Actor) -> None:
    """Show what was written, and links to the pages (open to ``user``) that now show it."""
    st.success(plain(result.message), icon=":material/task_alt:")
    written, batch, periods = st.columns(3)
    written.metric("写入行数", f"{result.rows_written:,}")
    batch.metric("批次", f"#{result.batch_id}")
    periods.metric("期间", "、".join(result.periods) if result.periods else "—")
    registered = {spec.path: spec for spec in allowed_pages(user)}
    links = [registered[path] for path in changed_pages(result.kind) if path in registered]
    if links:
        st.markdown("**数字已更新的页面**")
        for spec in links:
            st.page_link(spec.path, label=spec.title, icon=spec.icon)
    if "pages/history.py" in registered:
        st.page_link("pages/history.py", label="查看上传记录", icon=":material/history:")
