"""``govdash`` statistical-method commands: indicator flags with the remove-one test. Thin over ``govdash.indexes``."""

from __future__ import annotations

from govdash.cli import app
from govdash.cli.score_commands import DbOption, FormatOption, FrameworkOption, PeriodOption, _engine, _fail
from govdash.cli.score_commands import _framework as framework_of
from govdash.cli.score_commands import _period as period_of
from govdash.cli.score_tables import OutputFormat, emit, records_of
from govdash.indexes import compute_scores
from govdash.method_report import FLAG_RULES, flags_frame
from govdash.periods import format_period
from govdash.scoring.flags import indicator_flags


@app.command("audit-indicators",
             help="指标诊断:覆盖率、相同值占比、同维度高度相关、与维度负相关,以及逐个去掉指标后的平均排名变化。")
def audit_indicators_command(
    framework: FrameworkOption,
    period: PeriodOption,
    output: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Print one row per indicator with its statistics and flags, flagged indicators first."""
    spec, when = framework_of(framework), period_of(period)
    result = compute_scores(_engine(db), spec, periods=when)
    if result.overall["rank"].notna().sum() < 2:
        raise _fail(f"{format_period(when)}已评分区县不足两个(“{spec.name}”),无法进行指标诊断。")
    flags = indicator_flags(spec, result, period=when)
    flagged = int(flags["flags"].map(bool).sum())
    emit(flags_frame(spec, flags), output, records=records_of(flags),
         title=f"{spec.name} · {format_period(when)} · 指标诊断({flagged} 项有标记)", notes=[FLAG_RULES])
