"""``govdash`` score commands: frameworks, score, explain, sensitivity. Thin over ``govdash.services.indexes``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pandas as pd
import typer
from sqlalchemy.engine import Engine

from govdash.cli.app import app
from govdash.cli.data_commands import format_table, warn_broken_frameworks
from govdash.cli.score_tables import (
    ESTIMATED_MARK,
    OutputFormat,
    emit,
    explain_display,
    points,
    rank,
    records_of,
    rule_notes,
    score_display,
    score_records,
    score_rows,
    sensitivity_display,
    text,
)
from govdash.core.db import get_engine, upgrade_schema
from govdash.core.periods import format_period, parse_period
from govdash.frameworks import Framework, FrameworkError, resolve_framework, scan_frameworks
from govdash.scoring import STATUS_INSUFFICIENT, explain
from govdash.scoring.tiers import band_text
from govdash.services.indexes import compute_scores, sensitivity_table


class Aggregation(StrEnum):
    """Aggregation rules a user can pick."""

    arithmetic = "arithmetic"
    geometric = "geometric"


RULE_LABELS = {"arithmetic": "加权算术平均", "geometric": "加权几何平均"}
ROUNDING_NOTE = "表中得分四舍五入保留 1 位小数(原始值 2 位);--format csv 或 json 输出未经舍入的完整数值。"

DbOption = Annotated[str | None, typer.Option("--db", help="数据库 URL(默认:配置中的数据库)")]
FrameworkOption = Annotated[str, typer.Option(
    "--framework", "-f", help="评估框架代码(如 digital_gov、district_health,见 govdash frameworks)或 .toml 文件路径")]
PeriodOption = Annotated[str, typer.Option("--period", "-p", help="期间,如 2025Q4、2025H2(下半年)或 2025")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="输出格式:table(表格)、csv、json")]
CompareOption = Annotated[str | None, typer.Option(
    "--compare-with", help="“较上期”比较的期间,如 2023(两年一评时);默认为同粒度、有数据的上一期")]
AggregationOption = Annotated[Aggregation | None, typer.Option(
    "--aggregation", help="汇总方法:arithmetic(加权算术平均)或 geometric(加权几何平均);默认按框架文件")]


def _against(period: object) -> str:
    return f"(与{format_period(period)}比较)" if isinstance(period, str) else ""


def comparison_note(overall: pd.DataFrame) -> str:
    """Say which period 较上期 compares with (or that there is none)."""
    found = sorted({p for p in overall.get("compared_with", pd.Series(dtype=object)) if isinstance(p, str)})
    if not found:
        return "较上期:没有更早的同类期间数据,不计算变化。"
    return f"较上期:与{'、'.join(format_period(p) for p in found)}比较(同粒度、有数据的上一期,或 --compare-with 指定的期间)。"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _engine(db: str | None) -> Engine:
    engine = get_engine(db)
    upgrade_schema(engine)
    return engine


def _framework(spec: str) -> Framework:
    try:
        found = resolve_framework(spec)
    except FrameworkError as exc:
        raise _fail(str(exc), 2) from None
    warn_broken_frameworks()
    return found


def _period(value: str) -> str:
    try:
        return parse_period(value)
    except ValueError as exc:
        raise _fail(str(exc), 2) from None


@app.command("frameworks", help="列出可用的评估框架(data/frameworks 下的 .toml 文件)及其维度数、指标数。")
def frameworks_command() -> None:
    """List the framework files found, with their dimension and indicator counts; exit 1 if a file is bad."""
    frameworks, errors = scan_frameworks()
    rows = [[f.code, f.name, str(len(f.dimensions)), str(len(f.indicators)), RULE_LABELS[f.framework.aggregation],
             " / ".join(b.label for b in f.sorted_bands())]
            for f in frameworks.values()]
    if rows:
        typer.echo(format_table(rows, ["代码", "名称", "维度数", "指标数", "汇总方法", "等级"]))
    else:
        typer.echo("没有找到可用的评估框架文件。")
    for error in errors:
        typer.echo(f"无法使用的框架文件:{error}", err=True)
    if errors:
        raise typer.Exit(1)


@app.command("score", help="计算并列出各区县某一期间的综合得分、维度得分、等级、排名及较上期变化。")
def score_command(
    framework: FrameworkOption,
    period: PeriodOption,
    output: FormatOption = OutputFormat.table,
    aggregation: AggregationOption = None,
    compare_with: CompareOption = None,
    db: DbOption = None,
) -> None:
    """Print every district's scores for one period."""
    spec, when = _framework(framework), _period(period)
    result = compute_scores(_engine(db), spec, periods=when, aggregation=aggregation.value if aggregation else None,
                            compare_with=_period(compare_with) if compare_with else None)
    if result.overall.empty:
        raise _fail(f"{format_period(when)}没有可用于“{spec.name}”的数据,请先导入数据。")
    rows = score_rows(spec, result.overall, result.dimensions)
    notes = [f"{ESTIMATED_MARK} 含缺失指标,已在维度内按其余指标重新分配权重;{STATUS_INSUFFICIENT}:缺失权重过半,不计算得分。",
             ROUNDING_NOTE, comparison_note(result.overall)]
    if spec.weak_spot:
        notes.append(f"{spec.weak_spot.label}:维度得分低于 {spec.weak_spot.threshold:g} 分。")
    if rows["score"].isna().all():
        notes.append("本期没有任何区县具备计算综合得分所需的数据。")
    emit(score_display(spec, result.overall, result.dimensions, csv=output is OutputFormat.csv), output, records=score_records(spec, rows),
         title=f"{spec.name} · {format_period(when)} · {RULE_LABELS[result.aggregation]}", notes=notes)


@app.command("explain", help="列出某区县某期得分的指标树:原始值、归一化得分、权重、贡献和数据来源(批次、记录数)。")
def explain_command(
    framework: FrameworkOption,
    period: PeriodOption,
    region: Annotated[str, typer.Option("--region", "-r", help="区县或街道的区划代码(6 位或 9 位)")],
    output: FormatOption = OutputFormat.table,
    aggregation: AggregationOption = None,
    compare_with: CompareOption = None,
    db: DbOption = None,
) -> None:
    """Print the indicator tree behind one district's score."""
    spec, when, code = _framework(framework), _period(period), region.strip()
    result = compute_scores(_engine(db), spec, periods=when, aggregation=aggregation.value if aggregation else None,
                            compare_with=_period(compare_with) if compare_with else None)
    try:
        tree = explain(spec, result, region_code=code, period=when)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    row = result.overall[result.overall["region_code"] == code].iloc[0]
    title = (f"{row['region_name']}({code})· {format_period(when)} · {spec.framework.score_label} "
             f"{points(row['score'])} · 等级 {text(band_text(row['band'], row.get('band_class')))} · 排名 {rank(row['rank'], row['ranked_count'])} · "
             f"较上期 {points(row['change'], signed=True)}{_against(row.get('compared_with'))}")
    if isinstance(row.get("veto"), str):
        title += f" · 一票否决:{row['veto']}"
    shown = explain_display(tree) if output is OutputFormat.table else tree
    emit(shown, output, records=records_of(tree), title=title,
         notes=["贡献(维度分)合计为维度得分,贡献(指数分)合计为综合得分;权重“a→b”表示缺失指标的权重已在维度内重新分配。",
                ROUNDING_NOTE, *rule_notes(tree)])


@app.command("sensitivity",
             help="权重敏感性分析:在 ±25% 内随机扰动权重并随机选用汇总方法,给出各区县的中位排名和 5%–95% 排名区间。")
def sensitivity_command(
    framework: FrameworkOption,
    period: PeriodOption,
    draws: Annotated[int, typer.Option("--draws", min=1, help="模拟次数(含名义权重一次)")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="随机数种子(相同种子结果相同)")] = 0,
    spread: Annotated[float, typer.Option("--spread", min=0.0, max=0.99, help="权重扰动幅度,0.25 即 ±25%")] = 0.25,
    output: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Print each district's nominal rank, median rank and rank interval over random weightings."""
    spec, when = _framework(framework), _period(period)
    table = sensitivity_table(_engine(db), spec, period=when, draws=draws, seed=seed, spread=spread)
    if table.empty:
        raise _fail(f"{format_period(when)}没有可排名的区县(“{spec.name}”),请先导入数据。")
    emit(sensitivity_display(table, spec.framework.score_label, csv=output is OutputFormat.csv), output,
         records=records_of(table),
         title=f"{spec.name} · {format_period(when)} · 模拟 {draws} 次 · 权重扰动 ±{spread:.0%} · 算术/几何平均随机选用",
         notes=["排名区间为各次模拟排名的 5%–95% 分位数,并总是包含名义排名;区间越窄,排名越不受权重选择的影响。"])
