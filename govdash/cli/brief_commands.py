"""``govdash brief`` (the PPTX briefing) and ``govdash export-xlsx`` (the score workbook). Thin over the services."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from govdash.cli.app import app
from govdash.cli.score_commands import (
    DbOption,
    FrameworkOption,
    PeriodOption,
    _engine,
    _fail,
    _framework,
    _period,
)

RegionOption = Annotated[str | None, typer.Option("--region", "-r", help="只汇报一个区县或街道(区划代码);默认全部区县")]


def _output(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise _fail(f"输出文件须以 {suffix} 结尾:{path}", 2)
    if not path.parent.exists():
        raise _fail(f"输出目录不存在:{path.parent}", 2)
    return path


@app.command("brief", help="生成 PPTX 简报(16:9):标题、综合排名、各维度、区县卡片、好差评要点、主要发现、评估方法。")
def brief_command(
    framework: FrameworkOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的 .pptx 文件")],
    region: RegionOption = None,
    db: DbOption = None,
) -> None:
    """Write the briefing of one period (all districts, or one) as a PPTX file."""
    from govdash.services.briefing import (  # plotly, kaleido, python-pptx: only when asked
        BriefingError,
        briefing_file,
    )

    started = time.perf_counter()
    spec, when, target = _framework(framework), _period(period), _output(out, ".pptx")
    try:
        content, slides = briefing_file(_engine(db), spec, period=when, region_code=region)
    except BriefingError as exc:
        raise _fail(str(exc)) from None
    target.write_bytes(content)
    typer.echo(f"已生成简报 {target}:{slides} 页,用时 {time.perf_counter() - started:.1f} 秒。")


@app.command("export-xlsx", help="导出某一期间的得分工作簿(XLSX):总览、每个维度一张表、方法说明、指标与权重。")
def export_xlsx_command(
    framework: FrameworkOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的 .xlsx 文件")],
    region: RegionOption = None,
    db: DbOption = None,
) -> None:
    """Write one period's score tables as an XLSX workbook."""
    from govdash.services.briefing import BriefingError, score_workbook_file

    spec, when, target = _framework(framework), _period(period), _output(out, ".xlsx")
    try:
        content = score_workbook_file(_engine(db), spec, period=when, region_code=region)
    except BriefingError as exc:
        raise _fail(str(exc)) from None
    target.write_bytes(content)
    typer.echo(f"已导出得分工作簿 {target}。")
