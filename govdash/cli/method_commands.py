"""``govdash`` statistical-method commands: indicator flags (with the remove-one test) and rank uncertainty."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from govdash.cli.app import app
from govdash.cli.score_commands import DbOption, FormatOption, FrameworkOption, PeriodOption, _engine, _fail
from govdash.cli.score_commands import _framework as framework_of
from govdash.cli.score_commands import _period as period_of
from govdash.cli.score_tables import OutputFormat, emit, records_of
from govdash.core.periods import format_period
from govdash.frameworks import Framework
from govdash.report.method_report import (
    FLAG_RULES,
    SOBOL_NOTE,
    flags_frame,
    sobol_frame,
    sobol_summary,
    uncertainty_display,
)
from govdash.repository import list_regions
from govdash.scoring.flags import indicator_flags
from govdash.scoring.uncertainty import rank_uncertainty
from govdash.services.indexes import compute_scores


def region_groups(engine: Engine, framework: Framework) -> dict[str, str | None] | None:
    """Return each district's parent region when the framework imputes by group mean, else None."""
    if framework.method.imputation.method != "group_mean":
        return None
    regions = list_regions(engine)
    return {str(c): p for c, p in zip(regions["code"], regions["parent_code"], strict=True)}


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


@app.command("uncertainty",
             help="排名不确定性:按来源(权重、归一化、汇总方法、缺失值估算)给出 Sobol 一阶和总效应指数,以及每个区县的排名区间说明。")
def uncertainty_command(
    framework: FrameworkOption,
    period: PeriodOption,
    samples: Annotated[int, typer.Option("--samples", min=2, help="Sobol 基础样本数(2 的幂),模拟次数为其 6 倍")] = 128,
    spread: Annotated[float, typer.Option("--spread", min=0.0, max=0.99, help="权重扰动幅度,0.25 即 ±25%")] = 0.25,
    seed: Annotated[int, typer.Option("--seed", help="随机数种子(相同种子结果相同)")] = 0,
    region: Annotated[str | None, typer.Option("--region", "-r", help="只列出这个区县或街道(区划代码)")] = None,
    output: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Print the Sobol indices by source, then each district's rank interval in words."""
    spec, when = framework_of(framework), period_of(period)
    engine = _engine(db)
    result = compute_scores(engine, spec, periods=when)
    try:
        found = rank_uncertainty(spec, result, period=when, samples=samples, spread=spread, seed=seed,
                                 region_groups=region_groups(engine, spec))
    except ValueError as exc:
        raise _fail(str(exc)) from None
    names = result.overall.drop_duplicates("region_code").set_index("region_code")["region_name"]
    ranks = found.ranks.assign(region_name=found.ranks["region_code"].map(names))
    if region is not None:
        ranks = ranks[ranks["region_code"] == region.strip()]
        if ranks.empty:
            raise _fail(f"区县 {region} 在{format_period(when)}没有排名")
    title = f"{spec.name} · {format_period(when)} · 排名不确定性(Sobol,{found.runs} 次模拟)"
    if output is OutputFormat.json:
        emit(ranks, output, records=[{"indices": records_of(found.indices), "districts": records_of(ranks),
                                      "runs": found.runs, "mean_shift": found.mean_shift}])
        return
    emit(sobol_frame(found.indices), output, title=title if output is OutputFormat.table else None,
         notes=[sobol_summary(found.indices, found.runs, found.mean_shift) + "。"])
    if output is OutputFormat.table:
        typer.echo("")
    emit(uncertainty_display(ranks), output, notes=[SOBOL_NOTE.format(spread=spread)])
