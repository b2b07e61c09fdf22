"""``govdash warnings`` (预警 hits, optionally pushed to the webhook) and ``govdash bulletin`` (the monthly 通报)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govdash.cli.app import app
from govdash.cli.score_commands import DbOption, FrameworkOption, _engine, _fail, _framework, _period
from govdash.cli.score_tables import OutputFormat, emit

HEADERS = {"level": "等级", "region_code": "代码", "region_name": "区县", "rule": "规则", "detail": "情况",
           "link": "记录页面"}


def _latest_quarter(engine) -> str:
    from govdash.repository import list_periods

    quarters = list_periods(engine, with_years=False)
    if not quarters:
        raise _fail("数据库中还没有评估数据,请先导入数据。")
    return quarters[-1]


@app.command("warnings", help="列出预警规则(data/warnings/rules.toml)在某一期间的命中;--notify 推送到 GOVDASH_WEBHOOK_URL。")
def warnings_command(
    period: Annotated[str | None, typer.Option("--period", "-p", help="期间,如 2025Q4;默认最近一个季度")] = None,
    notify: Annotated[bool, typer.Option("--notify", help="把预警推送到配置的钉钉/企业微信机器人")] = False,
    output: Annotated[OutputFormat, typer.Option("--format", help="输出格式:table、csv、json")] = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Print the warning hits of a period, and post them to the configured webhook with ``--notify``."""
    from govdash.alerts import AlertRuleError, WebhookError
    from govdash.core.periods import format_period
    from govdash.services.alerts import notify_warnings, warning_hits

    engine = _engine(db)
    when = _period(period) if period else _latest_quarter(engine)
    try:
        hits = warning_hits(engine, period=when)
    except AlertRuleError as exc:
        raise _fail(str(exc)) from None
    emit(hits[list(HEADERS)].rename(columns=HEADERS), output, title=f"预警 · {format_period(when)}:{len(hits)} 条")
    if notify:
        try:
            notify_warnings(hits, period=when)
        except WebhookError as exc:
            raise _fail(str(exc)) from None
        typer.echo(f"已推送 {len(hits)} 条预警。")


@app.command("bulletin", help="生成月度通报(Word .docx):区县排名、按规则汇总的预警、与上月相比的变化。")
def bulletin_command(
    month: Annotated[str, typer.Option("--month", "-m", help="月份,如 2025-12 或 2025年12月")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的 .docx 文件")],
    framework: FrameworkOption = "digital_gov",
    db: DbOption = None,
) -> None:
    """Write the 通报 of one month as a Word file."""
    from govdash.report.bulletin import parse_month
    from govdash.services.briefing import BriefingError
    from govdash.services.bulletin import bulletin_file

    if out.suffix.lower() != ".docx":
        raise _fail(f"输出文件须以 .docx 结尾:{out}", 2)
    if not out.parent.exists():
        raise _fail(f"输出目录不存在:{out.parent}", 2)
    try:
        when = parse_month(month)
    except ValueError as exc:
        raise _fail(str(exc), 2) from None
    try:
        content = bulletin_file(_engine(db), _framework(framework), month=when)
    except BriefingError as exc:
        raise _fail(str(exc)) from None
    out.write_bytes(content)
    typer.echo(f"已生成月度通报 {out}。")
