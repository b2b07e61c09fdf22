"""``govdash workdays``: the working-day calendar 差评 deadlines are counted with. Thin over the repository.

Marks (休 a holiday, 班 a working day) take precedence over the holiday package; each change counts the stored
deadlines again and rebuilds the metrics and scores built on them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from govdash.auth import Actor
from govdash.cli.app import app
from govdash.core.db import get_engine, upgrade_schema
from govdash.core.workdays import package_years
from govdash.repository import workdays
from govdash.services import workday_rules

workday_app = typer.Typer(help="工作日日历:查看、标记休/班日期,按当前规则重算差评整改期限。", no_args_is_help=True)
app.add_typer(workday_app, name="workdays")

MARKS = {"休": False, "班": True}
CLI_ACTOR = Actor.system_actor("命令行")
DbOption = Annotated[str | None, typer.Option("--db", help="数据库 URL(默认:配置中的数据库)")]
DayArg = Annotated[str, typer.Argument(help="日期,如 2027-02-08", show_default=False)]


def _engine(db: str | None) -> Engine:
    engine = get_engine(db)
    upgrade_schema(engine)
    return engine


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"日期“{text}”无法识别:请写成 2027-02-08 的形式。", err=True)
        raise typer.Exit(2) from None


def _apply(engine: Engine) -> None:
    typer.echo(workdays.recomputed_message(workday_rules.apply_rectify_rule(engine)))
    missing = workdays.uncovered_years(engine)
    if missing:
        typer.echo(workdays.uncovered_message(missing), err=True)


@workday_app.command("show", help="显示日历覆盖的年份、整改期限规则和已标记的休/班日期。")
def show_command(db: DbOption = None) -> None:
    """Print the years covered, the deadline rule and every override."""
    engine = _engine(db)
    years = package_years()
    typer.echo(f"节假日数据:chinesecalendar,覆盖 {years[0]}–{years[-1]} 年;"
               f"差评整改期限:{workdays.rule_in_force()} 个工作日(GOVDASH_RECTIFY_WORKING_DAYS)。")
    overrides = workdays.list_overrides(engine)
    if overrides.empty:
        typer.echo("没有手工标记的日期。")
    for day, mark, note in overrides[["day", "mark", "note"]].itertuples(index=False, name=None):
        typer.echo(f"{workdays.as_date(day).isoformat()}  {mark}  {note or ''}")
    missing = workdays.uncovered_years(engine)
    if missing:
        typer.echo(workdays.uncovered_message(missing), err=True)


@workday_app.command("set", help="把一个日期标记为 休(放假)或 班(调休上班),然后重算差评整改期限。")
def set_command(
    day: DayArg,
    mark: Annotated[str, typer.Argument(help="休 或 班", show_default=False)],
    note: Annotated[str | None, typer.Option("--note", help="说明,如“国办发明电〔2026〕x号 春节调休”")] = None,
    db: DbOption = None,
) -> None:
    """Mark a date 休 or 班 and count the stored deadlines again."""
    if mark not in MARKS:
        typer.echo(f"标记“{mark}”无效:请填 休 或 班。", err=True)
        raise typer.Exit(2)
    engine = _engine(db)
    workday_rules.set_override(engine, CLI_ACTOR, _day(day), is_workday=MARKS[mark], note=note)
    typer.echo(f"已将 {day} 标记为“{mark}”。")
    _apply(engine)


@workday_app.command("remove", help="取消一个日期的标记(恢复为节假日数据或周末规则),然后重算差评整改期限。")
def remove_command(day: DayArg, db: DbOption = None) -> None:
    """Drop a date's mark and count the stored deadlines again."""
    engine = _engine(db)
    if not workday_rules.remove_override(engine, CLI_ACTOR, _day(day)):
        typer.echo(f"{day} 没有手工标记。", err=True)
        raise typer.Exit(1)
    typer.echo(f"已取消 {day} 的标记。")
    _apply(engine)


@workday_app.command("apply", help="按当前的整改期限设置和日历重算全部差评的整改期限、指标和得分。")
def apply_command(db: DbOption = None) -> None:
    """Count every stored deadline again with the current rule and calendar."""
    engine = _engine(db)
    typer.echo(workdays.recomputed_message(workday_rules.apply_rectify_rule(engine, force=True)))
