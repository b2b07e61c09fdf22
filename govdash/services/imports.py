"""The one way data gets in: ``import_file``, ``undo_batch``, ``list_batches`` and ``inspect_file``.

The upload page and the command line both call these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import case, select, update
from sqlalchemy.engine import Connection, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError

from govdash.core import models
from govdash.core.db import is_lock_conflict
from govdash.core.periods import parse_period, period_sort_key
from govdash.core.workdays import WorkdayCalendar
from govdash.domain.kinds import Kind, get_kind
from govdash.ingest.batches import (
    BATCHES,
    active_duplicate,
    create_batch,
    join_periods,
    list_batches,
    mark_replaced,
)
from govdash.ingest.headers import report_headers
from govdash.ingest.indicators import IndicatorCatalog
from govdash.ingest.isolation import open_upload
from govdash.ingest.layout import Layout, WideSurveyLayout, choose_layout
from govdash.ingest.pipeline import ImportRun, RunOptions, RunOutcome
from govdash.ingest.preview import FilePreview, inspect_file
from govdash.ingest.readers import Table
from govdash.ingest.report import FileRejected, ValidationReport, issue_of
from govdash.ingest.rules import RuleContext
from govdash.ingest.scope import DataScope, file_refusal
from govdash.ingest.source import Source
from govdash.ingest.writer import table_of
from govdash.repository.workdays import load_calendar
from govdash.services import refresh, workday_rules
from govdash.services.undo import UndoResult, undo_batch

__all__ = ["FilePreview", "ImportResult", "UndoResult", "import_file", "inspect_file", "list_batches",
           "undo_batch"]

Status = Literal["imported", "rejected", "duplicate", "needs_confirmation", "dry_run"]
SourceArg = Path | bytes | BinaryIO
_DRY_RUN_BATCH_ID = 0  # no stored batch has id 0: ids count from 1


@dataclass
class ImportResult:
    """What became of an upload."""

    status: Status
    kind: str
    report: ValidationReport = field(default_factory=ValidationReport)
    file_name: str | None = None
    batch_id: int | None = None
    rows_total: int = 0
    rows_written: int = 0
    replaced_batch_ids: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    sha256: str | None = None
    message: str = ""
    scope_regions: list[str] = field(default_factory=list)
    scope_refusal: str = ""

    @property
    def ok(self) -> bool:
        """True when the rows were imported (or, for a dry run, would be)."""
        return self.status in ("imported", "dry_run")


@dataclass
class _Request:
    kind: Kind
    period: str | None
    replace: bool
    uploader: str
    dry_run: bool
    accept_warnings: bool
    note: str | None
    scope: DataScope | None = None


def import_file(engine: Engine, kind: str, source: SourceArg, *, file_name: str | None = None,
                period: str | None = None, replace: bool = False, uploader: str = "system",
                sheet: str | None = None, encoding: str | None = None,
                column_mapping: Mapping[str, str] | None = None, accept_warnings: bool = True,
                dry_run: bool = False, max_bytes: int | None = None, note: str | None = None,
                scope: DataScope | None = None) -> ImportResult:
    """Validate a whole upload and, when it is good, write it and its batch record in one transaction.

    Any error leaves every table as it was. ``replace`` lets the file take the place of the active batches
    whose records it repeats; ``dry_run`` only validates; with ``accept_warnings=False`` a file that has
    warnings is not written (status ``needs_confirmation``). ``uploader`` is who is acting. With a ``scope``,
    rows of regions outside it, and replacing a batch with records outside it, reject the whole file
    (``scope_regions`` and ``scope_refusal`` say which codes and rows).
    """
    report = ValidationReport()
    result = ImportResult(status="rejected", kind=kind, report=report, file_name=file_name)
    try:
        request = _Request(get_kind(kind), parse_period(period) if period else None, replace, uploader,
                           dry_run, accept_warnings, note, scope)
        src, upload = open_upload(source, file_name=file_name, sheet=sheet, encoding=encoding, max_bytes=max_bytes)
    except (FileRejected, KeyError, ValueError) as exc:
        report.extend([issue_of(exc)], "error")
        return _finish_message(result)
    result.file_name, result.sha256 = src.name, src.sha256
    result.encoding, result.sheet = upload.encoding, upload.sheet
    layout = choose_layout(request.kind, upload.headers, excel_serials=upload.excel_serials,
                           column_mapping=column_mapping)
    _check_layout(layout, upload, request, report)
    if not report.ok:
        return _finish_message(result)
    try:
        outcome = _write(engine, layout, upload, src, request, result)
    except DBAPIError as exc:
        if not is_lock_conflict(exc):
            raise
        return _lost_lock(result, request)
    if outcome is None:
        return result
    if result.status == "imported":
        if request.kind.key == "evaluations":
            # Deadlines stored under an older rule or calendar are counted again, so the batch and the records
            # before it follow one rule.
            recounted = workday_rules.apply_rectify_rule(engine, announce=False) or []
        else:
            recounted = []
        periods = sorted(set(result.periods).union(recounted, *(_split(i.periods) for i in outcome.replaced.values())),
                         key=period_sort_key)
        refresh.batches_changed(engine, request.kind.key, [result.batch_id or 0, *result.replaced_batch_ids], periods)
    return _finish_message(result)


def _check_layout(layout: Layout, upload: Table, request: _Request, report: ValidationReport) -> None:
    """Header problems, a missing period, and a hint when the data seems to be on another sheet."""
    header_map = layout.header_map
    report_headers(header_map, report, optional_missing=set())
    if request.kind.period_mode == "column" and "period" not in header_map.matched and not request.period:
        report.error("文件中没有“期间”列:请增加该列(如 2025Q4),或在导入时选择期间", row=1, column="期间")
    if header_map.missing and len(upload.sheet_names) > 1:
        others = "、".join(f"“{n}”" for n in upload.sheet_names if n != upload.sheet)
        report.error(f"当前读取的是工作表“{upload.sheet}”,表头与“{request.kind.label}”不符;"
                     f"工作簿中还有工作表 {others},数据是否在其中?请选择正确的工作表", row=None,
                     column=None)


def _write(engine: Engine, layout: Layout, upload: Table, src: Source, request: _Request,
           result: ImportResult) -> RunOutcome | None:
    """Run the import in its one transaction; return ``None`` when the very same file is already imported."""
    with engine.connect() as conn, conn.begin() as transaction:
        duplicate = active_duplicate(conn, request.kind.key, src.sha256)
        if duplicate is not None:
            result.status = "duplicate"
            result.message = (f"同一文件已导入过:{duplicate.describe()},本次未重复导入。"
                              "如要重新导入,请先撤销该批次")
            return None
        return _run(conn, transaction, layout, upload, src, request, result)


def _lost_lock(result: ImportResult, request: _Request) -> ImportResult:
    """Another import held the database past the busy timeout: the transaction was rolled back whole."""
    result.status = "rejected"
    result.batch_id, result.rows_written, result.replaced_batch_ids = None, 0, []
    done = "校验" if request.dry_run else "导入"
    result.message = f"数据库正被另一项导入占用,请稍后重试(本次{done}未写入任何数据)。"
    return result


def _known_regions(conn: Connection) -> frozenset[str]:
    table = table_of(models.Region)
    return frozenset(conn.scalars(select(table.c.code)))


def _item_departments(conn: Connection) -> dict[str, str]:
    """Department of each stored service item, as its latest snapshot (by period) names it."""
    table = table_of(models.ServiceItem)
    # The few distinct periods are ranked here; the database orders the 200,000 rows by that rank, so that the
    # latest snapshot of a code comes last and wins in the dict.
    periods = sorted(conn.scalars(select(table.c.period).distinct()), key=period_sort_key)
    if not periods:
        return {}
    rank = case({p: n for n, p in enumerate(periods)}, value=table.c.period)
    # A list of rows, not the result: dict() would take a result for a mapping.
    return dict(conn.execute(select(table.c.code, table.c.department).order_by(rank)).all())


def _run(conn: Connection, transaction: RootTransaction, layout: Layout, upload: Table, src: Source,
         request: _Request, result: ImportResult) -> RunOutcome:
    """Validate and write inside one transaction; commit only a clean (or accepted) import."""
    report = result.report
    key = request.kind.key
    ctx = RuleContext(kind=request.kind, report=report, regions=_known_regions(conn), period=request.period,
                      indicators=IndicatorCatalog.from_frameworks() if key == "reported" else None,
                      item_departments=_item_departments(conn) if key == "evaluations" else {},
                      calendar=load_calendar(conn) if key == "evaluations" else WorkdayCalendar(),
                      scope=request.scope)
    outcome = RunOutcome()
    # A dry run writes nothing, so it takes no write lock and never waits for another import.
    batch_id = _DRY_RUN_BATCH_ID if request.dry_run else create_batch(
        conn, kind=request.kind.key, file_name=src.name[:255], sha256=src.sha256, uploader=request.uploader,
        encoding=upload.encoding, sheet=upload.sheet, note=request.note)
    try:
        outcome = ImportRun(conn, layout, ctx, batch_id, RunOptions(request.replace, request.dry_run)).run(upload)
    except FileRejected as exc:
        report.extend([exc.issue], "error")
    if request.scope is not None:
        _check_scope(request.scope, ctx, result)
    _summarize(result, outcome, ctx, request)
    if result.status != "imported":
        transaction.rollback()
        return outcome
    _complete_batch(conn, batch_id, result, outcome, layout)
    return outcome


def _check_scope(scope: DataScope, ctx: RuleContext, result: ImportResult) -> None:
    """Gather the scope refusals: rows outside it (found by the rules), batches it may not replace (the run)."""
    refusals = [file_refusal(scope, ctx.scope_findings), *ctx.scope_refusals] if ctx.scope_findings \
        else list(ctx.scope_refusals)
    result.scope_regions = sorted(set(ctx.scope_findings.rows) | ctx.scope_foreign)
    result.scope_refusal = "".join(refusals)


def _summarize(result: ImportResult, outcome: RunOutcome, ctx: RuleContext, request: _Request) -> None:
    report = result.report
    result.rows_total, result.rows_written = outcome.rows_total, outcome.rows_written
    result.periods = sorted(ctx.periods_seen, key=period_sort_key)
    result.replaced_batch_ids = sorted(outcome.replaced)
    if report.ok and outcome.rows_total == 0:
        report.error("文件只有表头,没有数据行", row=2)
    for info in outcome.replaced.values():
        extra = set(_split(info.periods)) - ctx.periods_seen
        if extra:
            report.warning(f"被替换的{info.describe()}还含有本文件没有的期间 "
                           f"{'、'.join(sorted(extra, key=period_sort_key))},这些数据也随之删除")
    if request.replace and not outcome.replaced and report.ok:
        report.warning("没有找到可替换的批次(文件中的记录与已有数据都不重复),已作为新批次导入")
    if not report.ok:
        result.status = "rejected"
    elif request.dry_run:
        result.status = "dry_run"
    elif report.warning_count and not request.accept_warnings:
        result.status = "needs_confirmation"
    else:
        result.status = "imported"


def _complete_batch(conn: Connection, batch_id: int, result: ImportResult, outcome: RunOutcome,
                    layout: Layout) -> None:
    period, periods = join_periods(set(result.periods))
    replaced = sorted(outcome.replaced)
    note = "宽表问卷,已转换为长表" if isinstance(layout, WideSurveyLayout) else None
    values = {"rows_total": result.rows_total, "rows_written": result.rows_written, "period": period,
              "periods": periods, "warnings": result.report.warning_count,
              "replaces_batch_id": replaced[0] if replaced else None}
    if note:
        values["note"] = note
    conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(**values))
    mark_replaced(conn, replaced)
    result.batch_id = batch_id


def _split(periods: str | None) -> list[str]:
    return [p for p in (periods or "").split(",") if p and not p.endswith("...")]


def _finish_message(result: ImportResult) -> ImportResult:
    report = result.report
    if result.status == "imported":
        result.message = f"导入成功:批次 #{result.batch_id},写入 {result.rows_written} 行"
        if result.replaced_batch_ids:
            result.message += ",替换了批次 " + "、".join(f"#{i}" for i in result.replaced_batch_ids)
        result.message += f"。{report.summary() if report.warning_count else ''}".rstrip("。") + "。"
    elif result.status == "dry_run":
        result.message = f"校验通过:共 {result.rows_total} 行,可以导入(本次未写入)。" + (
            report.summary() if report.warning_count else "")
    elif result.status == "needs_confirmation":
        result.message = f"文件有 {report.warning_count} 个警告,请确认后再导入(本次未写入)。"
    elif result.status == "rejected":
        result.message = report.summary() if report.error_count else "文件未导入。"
        if result.scope_refusal:
            result.message = result.scope_refusal + result.message
    return result
