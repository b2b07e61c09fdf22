"""``govdash`` data commands: import, validate, batches, undo. Thin over ``govdash.services.imports``."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from sqlalchemy.engine import Engine

from govdash.cli.app import app
from govdash.core.db import get_engine, upgrade_schema
from govdash.domain.format import local_time
from govdash.domain.kinds import KINDS
from govdash.frameworks import scan_frameworks
from govdash.ingest.report import ValidationReport
from govdash.services import workday_rules
from govdash.services.imports import ImportResult, import_file, list_batches, undo_batch

KIND_HELP = "数据类型:" + "、".join(f"{key}({kind.label})" for key, kind in KINDS.items())
MAX_ISSUES_SHOWN = 200

DbOption = Annotated[str | None, typer.Option("--db", help="数据库 URL(默认:配置中的数据库)")]
KindArg = Annotated[str, typer.Argument(help=KIND_HELP, show_default=False)]
FileArg = Annotated[Path, typer.Argument(help="CSV(也可以是 gzip 压缩的 .csv.gz)或 XLSX 文件", show_default=False)]
PeriodOption = Annotated[str | None, typer.Option("--period", help="期间,如 2025Q4、2025H2 或 2025(文件中没有“期间”列时使用)")]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="XLSX 工作表名称(默认第一个)")]
EncodingOption = Annotated[str | None, typer.Option("--encoding", help="CSV 编码,如 utf-8、gbk(默认自动识别)")]
MaxSizeOption = Annotated[int | None, typer.Option("--max-size-mb", help="文件大小上限(MB,默认按配置)")]


def _engine(db: str | None) -> Engine:
    engine = get_engine(db)
    upgrade_schema(engine)
    return engine


def warn_broken_frameworks() -> None:
    """Say on stderr which framework files are skipped because they cannot be loaded (the others still work)."""
    for message in scan_frameworks()[1]:
        typer.echo(f"注意:框架文件有错误,已跳过:{message}", err=True)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        typer.echo(f"未知的数据类型“{kind}”。{KIND_HELP}", err=True)
        raise typer.Exit(2)


@app.command("import", help="校验并导入一个数据文件;有错误时不写入任何数据,打印问题清单并以状态 1 退出。")
def import_command(
    kind: KindArg,
    file: FileArg,
    period: PeriodOption = None,
    replace: Annotated[bool, typer.Option("--replace", help="用本文件替换与其记录重复的有效批次")] = False,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    uploader: Annotated[str, typer.Option("--uploader", help="上传人")] = "system",
    max_size_mb: MaxSizeOption = None,
    db: DbOption = None,
) -> None:
    """Validate and import one file; on any problem print the report and exit with status 1."""
    _check_kind(kind)
    if kind == "reported":
        warn_broken_frameworks()
    result = import_file(_engine(db), kind, file, period=period, replace=replace, uploader=uploader, sheet=sheet,
                         encoding=encoding, max_bytes=_max_bytes(max_size_mb))
    _print_result(result)
    if result.status != "imported":
        raise typer.Exit(1)


@app.command("validate", help="只校验数据文件,不写入;有错误时以状态 1 退出。")
def validate_command(
    kind: KindArg,
    file: FileArg,
    period: PeriodOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    max_size_mb: MaxSizeOption = None,
    db: DbOption = None,
) -> None:
    """Validate a file without writing it (a dry run of ``import``)."""
    _check_kind(kind)
    if kind == "reported":
        warn_broken_frameworks()
    result = import_file(_engine(db), kind, file, period=period, sheet=sheet, encoding=encoding,
                         max_bytes=_max_bytes(max_size_mb), dry_run=True)
    _print_result(result)
    if result.status != "dry_run":
        raise typer.Exit(1)


@app.command("batches", help="列出导入批次(最新的在前)。")
def batches_command(
    kind: Annotated[str | None, typer.Option("--kind", help=KIND_HELP)] = None,
    db: DbOption = None,
) -> None:
    """List the upload batches, newest first."""
    if kind is not None:
        _check_kind(kind)
    frame = list_batches(_engine(db), kind=kind)
    if frame.empty:
        typer.echo("还没有导入任何数据。")
        return
    shown = frame[["批次", "数据类型", "文件名", "状态", "期间", "写入行数", "警告数", "上传人"]].copy()
    shown["上传时间(北京时间)"] = [local_time(t) for t in pd.to_datetime(frame["上传时间(UTC)"])]
    typer.echo(format_table(shown.fillna("").astype(str).values.tolist(), list(shown.columns)))


@app.command("undo", help="撤销一个导入批次:删除它写入的记录。")
def undo_command(
    batch_id: Annotated[int, typer.Argument(help="批次编号(见 govdash batches)", show_default=False)],
    user: Annotated[str, typer.Option("--user", help="操作人")] = "system",
    db: DbOption = None,
) -> None:
    """Undo one batch: delete its rows and mark it undone."""
    result = undo_batch(_engine(db), batch_id, user=user)
    typer.echo(result.message, err=not result.ok)
    if not result.ok:
        raise typer.Exit(1)


@app.command("refresh", help="按全部数据重新计算预先汇总的指标值、页面表格和各评估框架的得分(升级后或汇总状态失效时使用)。")
def refresh_command(db: DbOption = None) -> None:
    """Rebuild the 好差评 tally, the stored metric values, the page tables and the stored scores from the records."""
    from govdash.repository import stored_refresh
    from govdash.services import stored_scores

    engine = _engine(db)
    began = time.perf_counter()
    # The deadlines follow the rule in force (GOVDASH_RECTIFY_WORKING_DAYS) and the calendar; the rebuild reads them.
    workday_rules.apply_rectify_rule(engine)
    periods = stored_refresh.rebuild(engine)
    frameworks = stored_scores.refresh_scores(engine)
    typer.echo(f"已重新计算 {len(periods)} 个期间的指标值和页面表格、{len(frameworks)} 个评估框架的得分,"
               f"用时 {time.perf_counter() - began:.1f} 秒。")


def _max_bytes(max_size_mb: int | None) -> int | None:
    return max_size_mb * 1024 * 1024 if max_size_mb is not None else None


def _print_result(result: ImportResult) -> None:
    report = result.report
    if report.error_count or report.warning_count:
        typer.echo(format_report(report))
    if result.rows_total:
        source = f"工作表“{result.sheet}”" if result.sheet else f"编码 {result.encoding}"
        typer.echo(f"文件:{result.file_name}({source}),数据行 {result.rows_total}")
    if result.message != report.summary():
        typer.echo(result.message, err=not result.ok)


def format_report(report: ValidationReport) -> str:
    """Render the report as a plain table (行号, 列, 值, 级别, 问题) that stays readable in any terminal."""
    frame = report.to_frame()
    rows = [[("" if pd.isna(r) else str(r)), c, v, level, problem]
            for r, c, v, problem, level in frame.itertuples(index=False, name=None)][:MAX_ISSUES_SHOWN]
    text = format_table(rows, ["行号", "列", "值", "级别", "问题"])
    if len(frame) > MAX_ISSUES_SHOWN:
        text += f"\n……另有 {len(frame) - MAX_ISSUES_SHOWN} 条未显示"
    return text + "\n" + report.summary()


def format_table(rows: list[list[str]], headers: list[str]) -> str:
    """Align columns by their display width (a Chinese character takes two columns); the last is not padded."""
    cells = [[*(_clip(str(c)) for c in row[:-1]), str(row[-1])] for row in [headers, *rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers) - 1)]
    lines = []
    for index, row in enumerate(cells):
        padded = [c + " " * (widths[i] - _width(c)) for i, c in enumerate(row[:-1])]
        lines.append("  ".join([*padded, row[-1]]))
        if index == 0:
            lines.append("  ".join(["-" * w for w in widths] + ["-" * max(_width(row[-1]), 4)]))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
