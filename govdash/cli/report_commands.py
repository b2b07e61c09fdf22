"""``govdash report``: the Word report card (成绩单) of one district or of every district. Thin over ``govdash.services.reports``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from govdash.cli.app import app
from govdash.cli.brief_commands import RegionOption
from govdash.cli.score_commands import (
    DbOption,
    FrameworkOption,
    PeriodOption,
    _engine,
    _fail,
    _framework,
    _period,
)


@app.command("report", help="生成区县成绩单(Word .docx):排名、得分及变化、强弱指标、三网一基一指数、好差评、发现、方法和数据批次。")
def report_command(
    framework: FrameworkOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录(不存在时创建)")],
    region: RegionOption = None,
    all_districts: Annotated[bool, typer.Option("--all", help="为本期全部区县各生成一份")] = False,
    db: DbOption = None,
) -> None:
    """Write report cards into a folder: one district (``--region``) or all (``--all``)."""
    from govdash.services.reports import (  # plotly, kaleido, python-docx: only when asked
        BriefingError,
        write_reports,
    )

    if (region is None) == (not all_districts):
        raise _fail("请用 --region 指定一个区县,或用 --all 生成全部区县。", 2)
    if out.exists() and not out.is_dir():
        raise _fail(f"--out 须为目录:{out}", 2)
    started = time.perf_counter()
    spec, when = _framework(framework), _period(period)
    out.mkdir(parents=True, exist_ok=True)
    try:
        written = write_reports(_engine(db), spec, period=when, out_dir=out, region_code=region)
    except BriefingError as exc:
        raise _fail(str(exc)) from None
    for path in written:
        typer.echo(str(path))
    typer.echo(f"已生成 {len(written)} 份成绩单,用时 {time.perf_counter() - started:.1f} 秒。")
