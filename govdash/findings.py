"""Findings worded from the numbers of a ``ScoreResult``: the sentences a page or a briefing slide states.

Pure (no Streamlit, no database): the pages and the briefing deck word the same numbers the same way. Every
function takes the result, the framework it was scored against and the period, and returns plain Chinese
sentences with numbers formatted by ``govdash.ui.format`` ("滨江区综合得分 91.6 分,较上期提升 3.1 分").
Region names come from the result's ``region_name`` column when present (``compute_scores`` adds it), else
from ``names``, else the code is shown.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from govdash.frameworks import Framework
from govdash.scoring import STATUS_ESTIMATED, STATUS_INSUFFICIENT, ScoreResult
from govdash.ui import format as fmt

#: A change smaller than this (after rounding to one decimal) is worded as 持平.
STEADY_BELOW = 0.05


def _name(row: Mapping, names: Mapping[str, str] | None) -> str:
    given = row.get("region_name")
    if isinstance(given, str) and given:
        return given
    code = str(row["region_code"])
    return (names or {}).get(code, code)


def _period_rows(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    return frame[frame["period"] == period]


def change_phrase(change: float | None) -> str:
    """Word a change on the previous period: 较上期提升 3.1 分, 较上期下降 0.6 分, 与上期持平, 上期无可比得分."""
    if change is None or pd.isna(change):
        return "上期无可比得分"
    if abs(change) < STEADY_BELOW:
        return "与上期持平"
    verb = "提升" if change > 0 else "下降"
    return f"较上期{verb} {fmt.score(abs(change))}"


def score_sentence(row: Mapping, framework: Framework, names: Mapping[str, str] | None = None) -> str:
    """Word one region's score: 滨江区综合得分 91.6 分(非常高),较上期提升 3.1 分,排名第 1 / 13 名.

    Args:
        row: one row of ``ScoreResult.overall`` (as a mapping).
        framework: gives the score's label (综合得分, 运行管理健康指数).
        names: region code → name, when the row has no ``region_name``.
    """
    who, label = _name(row, names), framework.framework.score_label
    if pd.isna(row.get("score")):
        return f"{who}数据不足,未计算{label}"
    band = row.get("band")
    graded = f"({band})" if isinstance(band, str) and band else ""
    sentence = f"{who}{label} {fmt.score(row['score'])}{graded},{change_phrase(row.get('change'))}"
    if not pd.isna(row.get("rank")):
        sentence += f",排名{fmt.rank(row['rank'], int(row['ranked_count']))}"
    return sentence


def leaders(result: ScoreResult, framework: Framework, period: str,
            names: Mapping[str, str] | None = None) -> list[str]:
    """Word the first and the last ranked region of the period, and the spread between them."""
    scored = _period_rows(result.overall, period).dropna(subset=["score"]).sort_values(["rank", "region_code"])
    if scored.empty:
        return []
    label = framework.framework.score_label
    best, worst = scored.iloc[0].to_dict(), scored.iloc[-1].to_dict()
    lines = [f"{_name(best, names)}{label}最高,为 {fmt.score(best['score'])}"]
    if len(scored) > 1:
        gap = best["score"] - worst["score"]
        lines.append(f"{_name(worst, names)}{label}最低,为 {fmt.score(worst['score'])},"
                     f"与第一名相差 {fmt.score(gap)}")
    return lines


def movers(result: ScoreResult, framework: Framework, period: str, names: Mapping[str, str] | None = None,
           *, limit: int = 2) -> list[str]:
    """Word the regions whose score rose most and fell most against the previous period."""
    changed = _period_rows(result.overall, period).dropna(subset=["change"])
    if changed.empty:
        return []
    label = framework.framework.score_label
    lines = []
    rising = changed[changed["change"] >= STEADY_BELOW].sort_values("change", ascending=False).head(limit)
    for row in rising.to_dict("records"):
        lines.append(f"{_name(row, names)}{label}{change_phrase(row['change'])}{_rank_move(row)},进步明显")
    falling = changed[changed["change"] <= -STEADY_BELOW].sort_values("change").head(limit)
    for row in falling.to_dict("records"):
        lines.append(f"{_name(row, names)}{label}{change_phrase(row['change'])}{_rank_move(row)},需关注")
    return lines


def _rank_move(row: Mapping) -> str:
    places = row.get("rank_change")
    if places is None or pd.isna(places) or int(places) == 0:
        return ""
    return f",排名上升 {int(places)} 位" if places > 0 else f",排名下降 {int(-places)} 位"


def weak_spots(result: ScoreResult, framework: Framework, period: str, names: Mapping[str, str] | None = None,
               *, region_code: str | None = None) -> list[str]:
    """Word each weak dimension: 新港区运行管理维度 42.6 分,为短板,主要受“等保测评通过率”(35.0 分)拖累.

    Args:
        result: the scores.
        framework: gives dimension and indicator names and the weak-spot label.
        period: the period.
        names: region code → name, when the result has no ``region_name``.
        region_code: only this region; None for every region, weakest dimension first.
    """
    dims = _period_rows(result.dimensions, period)
    dims = dims[dims["weak_spot"].astype(bool)]
    if region_code is not None:
        dims = dims[dims["region_code"] == region_code]
    label = framework.weak_spot.label if framework.weak_spot else "短板"
    dim_names = {d.code: d.name for d in framework.dimensions}
    indicator_names = {i.code: i.name for _d, i in framework.indicators}
    normalized = _period_rows(result.indicators, period).set_index(["region_code", "indicator_code"])["normalized"]
    lines = []
    for row in dims.sort_values("score").to_dict("records"):
        line = f"{_name(row, names)}{dim_names[row['dimension']]}维度 {fmt.score(row['score'])},为{label}"
        worst = row.get("worst_indicator")
        if isinstance(worst, str):
            value = normalized.get((row["region_code"], worst))
            line += f",主要受“{indicator_names[worst]}”({fmt.score(value)})拖累"
        lines.append(line)
    return lines


def data_gaps(result: ScoreResult, framework: Framework, period: str,
              names: Mapping[str, str] | None = None) -> list[str]:
    """Word the regions without a score (数据不足) and those scored on estimates (部分指标缺失)."""
    rows = _period_rows(result.overall, period).sort_values("region_code")
    label = framework.framework.score_label
    lines = []
    for row in rows[rows["status"] == STATUS_INSUFFICIENT].to_dict("records"):
        lines.append(f"{_name(row, names)}数据不足(缺 {int(row['missing_indicators'])} 项指标),未计算{label}")
    for row in rows[rows["status"] == STATUS_ESTIMATED].to_dict("records"):
        lines.append(f"{_name(row, names)}缺 {int(row['missing_indicators'])} 项指标,{label}按现有指标估算")
    return lines


def city_summary(result: ScoreResult, framework: Framework, period: str) -> str | None:
    """Word the period as a whole: 13 个区县中 12 个完成评分,平均综合得分 74.9 分,3 个为“非常高”."""
    rows = _period_rows(result.overall, period)
    scored = rows.dropna(subset=["score"])
    if scored.empty:
        return None
    label = framework.framework.score_label
    sentence = f"{len(rows)} 个区县中 {len(scored)} 个完成评分,平均{label} {fmt.score(scored['score'].mean())}"
    top = max(framework.bands, key=lambda b: b.min).label
    in_top = int((scored["band"] == top).sum())
    if in_top:
        sentence += f",{in_top} 个为“{top}”"
    return sentence


def key_findings(result: ScoreResult, framework: Framework, period: str, names: Mapping[str, str] | None = None,
                 *, limit: int = 8) -> list[str]:
    """Return the findings of a period in reading order: summary, leader and laggard, movers, weak spots, data gaps."""
    summary = city_summary(result, framework, period)
    lines = [summary] if summary else []
    lines += leaders(result, framework, period, names)
    lines += movers(result, framework, period, names, limit=1)
    lines += weak_spots(result, framework, period, names)[:2]
    lines += data_gaps(result, framework, period, names)
    return lines[:limit]


def region_findings(result: ScoreResult, framework: Framework, period: str, region_code: str,
                    names: Mapping[str, str] | None = None) -> list[str]:
    """Return the findings of one region: its score sentence, its weak spots, and its data gap if any."""
    rows = _period_rows(result.overall, period)
    rows = rows[rows["region_code"] == region_code]
    if rows.empty:
        return []
    lines = [score_sentence(rows.iloc[0].to_dict(), framework, names)]
    lines += weak_spots(result, framework, period, names, region_code=region_code)
    if rows.iloc[0]["status"] == STATUS_ESTIMATED:
        lines.append(f"部分指标缺失(缺 {int(rows.iloc[0]['missing_indicators'])} 项),得分按现有指标估算")
    return lines
