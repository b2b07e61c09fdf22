"""Findings worded from the numbers of a ``ScoreResult``: the sentences a page or a briefing slide states.

Pure (no Streamlit, no database): the pages and the briefing deck word the same numbers the same way. Every
function takes the result, the framework it was scored against and the period, and returns plain Chinese
sentences with numbers formatted by ``govdash.domain.format`` ("滨江区综合得分 91.6 分,较上期提升 3.1 分").
Region names come from the result's ``region_name`` column when present (``compute_scores`` adds it), else
from ``names``, else the code is shown. A name that several of the result's regions share (a province has many
城关区) is followed by the code, "城关区(620102)", as on the charts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from govdash.domain import format as fmt
from govdash.domain.labels import EVALUATION_RATE_LABELS, weak_spot_label
from govdash.domain.vocab import distinct_region_names
from govdash.frameworks import Framework
from govdash.scoring import STATUS_ESTIMATED, STATUS_INSUFFICIENT, ScoreResult

#: A change smaller than this (after rounding to one decimal) is worded as 持平.
STEADY_BELOW = 0.05


def _name(row: Mapping, names: Mapping[str, str] | None) -> str:
    given = row.get("region_name")
    if isinstance(given, str) and given:
        return given
    code = str(row["region_code"])
    return (names or {}).get(code, code)


def _labels(result: ScoreResult, names: Mapping[str, str] | None) -> dict[str, str]:
    """Region code → the name findings use for it: its name, and its code too when that name is not unique."""
    regions = result.overall.drop_duplicates("region_code")
    given = regions["region_name"] if "region_name" in regions.columns else [None] * len(regions)
    return distinct_region_names({str(code): _name({"region_code": code, "region_name": name}, names)
                                  for code, name in zip(regions["region_code"], given, strict=True)})


def _label(row: Mapping, labels: Mapping[str, str]) -> str:
    code = str(row["region_code"])
    return labels.get(code) or _name(row, None)


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


def _score_sentence(row: Mapping, framework: Framework, who: str) -> str:
    label = framework.framework.score_label
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
    label, labels = framework.framework.score_label, _labels(result, names)
    best, worst = scored.iloc[0].to_dict(), scored.iloc[-1].to_dict()
    lines = [f"{_label(best, labels)}{label}最高,为 {fmt.score(best['score'])}"]
    if len(scored) > 1:
        gap = best["score"] - worst["score"]
        lines.append(f"{_label(worst, labels)}{label}最低,为 {fmt.score(worst['score'])},"
                     f"与第一名相差 {fmt.score(gap)}")
    return lines


def movers(result: ScoreResult, framework: Framework, period: str, names: Mapping[str, str] | None = None,
           *, limit: int = 2) -> list[str]:
    """Word the regions whose score rose most and fell most against the previous period."""
    changed = _period_rows(result.overall, period).dropna(subset=["change"])
    if changed.empty:
        return []
    label, labels = framework.framework.score_label, _labels(result, names)
    lines = []
    rising = changed[changed["change"] >= STEADY_BELOW].sort_values("change", ascending=False).head(limit)
    for row in rising.to_dict("records"):
        lines.append(f"{_label(row, labels)}{label}{change_phrase(row['change'])}{_rank_move(row)},进步明显")
    falling = changed[changed["change"] <= -STEADY_BELOW].sort_values("change").head(limit)
    for row in falling.to_dict("records"):
        lines.append(f"{_label(row, labels)}{label}{change_phrase(row['change'])}{_rank_move(row)}")
    return lines


def _rank_move(row: Mapping) -> str:
    places = row.get("rank_change")
    if places is None or pd.isna(places) or int(places) == 0:
        return ""
    return f",排名上升 {int(places)} 位" if places > 0 else f",排名下降 {int(-places)} 位"


def weak_spots(result: ScoreResult, framework: Framework, period: str, names: Mapping[str, str] | None = None,
               *, region_code: str | None = None, limit: int | None = None) -> list[str]:
    """Word each weak dimension: 新港区运行管理维度 42.6 分,为短板,主要受“等保测评通过率”(35.0 分)拖累.

    Args:
        result: the scores.
        framework: gives dimension and indicator names and the weak-spot label.
        period: the period.
        names: region code → name, when the result has no ``region_name``.
        region_code: only this region; None for every region, weakest dimension first.
        limit: word only the first this many (the weakest); None words them all.
    """
    codes = None if region_code is None else [region_code]
    lines = weak_spots_by_region(result, framework, period, names, region_codes=codes, limit=limit)
    return [line for _code, line in lines]


def weak_spots_by_region(result: ScoreResult, framework: Framework, period: str,
                         names: Mapping[str, str] | None = None, *, region_codes: Collection[str] | None = None,
                         limit: int | None = None) -> list[tuple[str, str]]:
    """Return (region code, sentence) for each weak dimension of ``region_codes`` (None: all), weakest first.

    One pass over the period's rows whatever the number of regions asked for: a page of district cards words
    its cards' weak spots at once rather than filtering every row once per card.
    """
    dims = _period_rows(result.dimensions, period)
    dims = dims[dims["weak_spot"].astype(bool)]
    if region_codes is not None:
        dims = dims[dims["region_code"].isin(list(region_codes))]
    dims = dims.sort_values("score", kind="stable")
    if limit is not None:
        dims = dims.head(limit)
    label = weak_spot_label(framework)
    dim_names = {d.code: d.name for d in framework.dimensions}
    indicator_names = {i.code: i.name for _d, i in framework.indicators}
    indicators = _period_rows(result.indicators, period)
    indicators = indicators[indicators["region_code"].isin(set(dims["region_code"]))]
    normalized = dict(zip(zip(indicators["region_code"], indicators["indicator_code"], strict=True),
                          indicators["normalized"], strict=True))
    lines, labels = [], _labels(result, names)
    for row in dims.to_dict("records"):
        line = f"{_label(row, labels)}{dim_names[row['dimension']]}维度 {fmt.score(row['score'])},为{label}"
        worst = row.get("worst_indicator")
        if isinstance(worst, str):
            value = normalized.get((row["region_code"], worst))
            line += f",主要受“{indicator_names[worst]}”({fmt.score(value)})拖累"
        lines.append((str(row["region_code"]), line))
    return lines


def data_gaps(result: ScoreResult, framework: Framework, period: str,
              names: Mapping[str, str] | None = None, *, limit: int | None = None) -> list[str]:
    """Word the regions without a score (数据不足) and those scored on estimates (部分指标缺失).

    ``limit`` words at most that many regions of each kind (the first by code); None words them all.
    """
    rows = _period_rows(result.overall, period).sort_values("region_code")
    label, labels = framework.framework.score_label, _labels(result, names)
    lines = []
    count = len(rows) if limit is None else limit
    for row in rows[rows["status"] == STATUS_INSUFFICIENT].head(count).to_dict("records"):
        lines.append(f"{_label(row, labels)}数据不足(缺 {int(row['missing_indicators'])} 项指标),未计算{label}")
    for row in rows[rows["status"] == STATUS_ESTIMATED].head(count).to_dict("records"):
        lines.append(f"{_label(row, labels)}{_estimate_words(row)},{label}按现有指标估算")
    return lines


def _estimate_words(row: Mapping) -> str:
    """Word what an estimated score rests on: indicators missing, indicators imputed (估算), or both."""
    missing, imputed = int(row["missing_indicators"]), int(row.get("imputed_indicators", 0) or 0)
    if not imputed:
        return f"缺 {missing} 项指标"
    return f"缺 {missing} 项指标、{imputed} 项指标为估算值" if missing else f"有 {imputed} 项指标为估算值"


def year_ago(period: str) -> str | None:
    """Return the same quarter a year earlier ("2025Q4" → "2024Q4"); None for a year period."""
    if "Q" not in period:
        return None
    return f"{int(period[:4]) - 1}{period[4:]}"


def year_on_year(result: ScoreResult, framework: Framework, period: str,
                 names: Mapping[str, str] | None = None) -> list[str]:
    """Word the region whose score rose most against the same quarter a year earlier (needs both periods)."""
    earlier = year_ago(period)
    if earlier is None:
        return []
    now = _period_rows(result.overall, period).dropna(subset=["score"]).set_index("region_code")
    then = _period_rows(result.overall, earlier).dropna(subset=["score"]).set_index("region_code")["score"]
    gain = (now["score"] - then.reindex(now.index)).dropna()
    if gain.empty or gain.max() < STEADY_BELOW:
        return []
    code = str(gain.idxmax())
    row = {**now.loc[code].to_dict(), "region_code": code}
    label = framework.framework.score_label
    return [f"{_label(row, _labels(result, names))}{label}较去年同期提升 {fmt.score(gain.max())},进步最快"]


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
                 *, limit: int = 9) -> list[str]:
    """Return the findings of a period in reading order: summary, leader and laggard, movers, weak spots, gaps.

    The result must hold the period a year earlier for the year-on-year finding (the all-period scores do).
    """
    summary = city_summary(result, framework, period)
    lines = [summary] if summary else []
    lines += leaders(result, framework, period, names)
    lines += year_on_year(result, framework, period, names)
    lines += movers(result, framework, period, names, limit=1)
    lines += weak_spots(result, framework, period, names, limit=2)
    lines += data_gaps(result, framework, period, names, limit=limit)
    return lines[:limit]


def region_findings(result: ScoreResult, framework: Framework, period: str, region_code: str,
                    names: Mapping[str, str] | None = None) -> list[str]:
    """Return the findings of one region: its score sentence, its weak spots, and its data gap if any."""
    rows = _period_rows(result.overall, period)
    rows = rows[rows["region_code"] == region_code]
    if rows.empty:
        return []
    row = rows.iloc[0].to_dict()
    lines = [_score_sentence(row, framework, _label(row, _labels(result, names)))]
    lines += weak_spots(result, framework, period, names, region_code=region_code)
    if rows.iloc[0]["status"] == STATUS_ESTIMATED:
        lines.append(f"部分指标缺失或估算({_estimate_words(row)}),得分按现有指标估算"
                     if int(row.get("imputed_indicators", 0) or 0)
                     else f"部分指标缺失(缺 {int(row['missing_indicators'])} 项),得分按现有指标估算")
    return lines


def _dimension_rows(result: ScoreResult, period: str, dimension: str) -> pd.DataFrame:
    dims = _period_rows(result.dimensions, period)
    return dims[dims["dimension"] == dimension]


def _common_drag(rows: pd.DataFrame, framework: Framework) -> str | None:
    """Word the indicator that pulls the most regions down in a dimension, when two or more share it."""
    counts = rows["worst_indicator"].dropna().value_counts()
    if counts.empty or int(counts.iloc[0]) < 2:
        return None
    indicator_names = {i.code: i.name for _d, i in framework.indicators}
    return f"“{indicator_names[str(counts.index[0])]}”是 {int(counts.iloc[0])} 个区县在本维度拖累最大的指标"


def dimension_findings(result: ScoreResult, framework: Framework, period: str, dimension: str,
                       names: Mapping[str, str] | None = None) -> list[str]:
    """Word one dimension across the regions: average, best and worst, weak spots, common drag, data gaps.

    Args:
        result: the scores.
        framework: gives dimension and indicator names and the weak-spot rule.
        period: the period.
        dimension: the dimension's code.
        names: region code → name, when the result has no ``region_name``.
    """
    rows = _dimension_rows(result, period, dimension)
    scored = rows.dropna(subset=["score"]).sort_values(["score", "region_code"], ascending=[False, True])
    title = next(d.name for d in framework.dimensions if d.code == dimension)
    lines, labels = [], _labels(result, names)
    if not scored.empty:
        best, worst = scored.iloc[0].to_dict(), scored.iloc[-1].to_dict()
        line = f"{title}全市平均 {fmt.score(scored['score'].mean())}"
        if len(scored) > 1:
            line += (f",{_label(best, labels)}最高({fmt.score(best['score'])}),"
                     f"{_label(worst, labels)}最低({fmt.score(worst['score'])})")
        lines.append(line)
    if framework.weak_spot is not None and not scored.empty:
        spot = framework.weak_spot
        weak = scored[scored["score"] < spot.threshold].sort_values("score")
        if weak.empty:
            lines.append(f"没有区县低于 {spot.threshold:g} 分")
        else:
            lines.append(f"{len(weak)} 个区县低于 {spot.threshold:g} 分,为{spot.label}:{_some_names(weak, labels)}")
    drag = _common_drag(scored, framework)
    if drag:
        lines.append(drag)
    missing = rows[rows["score"].isna()].sort_values("region_code")
    if not missing.empty:
        lines.append(_some_names(missing, labels) + "本维度数据不足")
    return lines


#: More regions than this in one finding are named by the first few and counted: 3,000 names are no sentence.
NAMED_AT_MOST = 10


def _some_names(rows: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """Name the regions of ``rows`` in order: all of them, or the first ``NAMED_AT_MOST`` and how many in all."""
    named = "、".join(_label(row, labels) for row in rows.head(NAMED_AT_MOST).to_dict("records"))
    return named if len(rows) <= NAMED_AT_MOST else f"{named}等 {len(rows):,} 个区县"


def region_dimension_findings(result: ScoreResult, framework: Framework, period: str, dimension: str,
                              region_code: str, names: Mapping[str, str] | None = None) -> list[str]:
    """Word one region in one dimension: its score, place and distance to the average, and what pulls it down."""
    rows = _dimension_rows(result, period, dimension)
    mine = rows[rows["region_code"] == region_code]
    if mine.empty:
        return []
    row = mine.iloc[0].to_dict()
    title = next(d.name for d in framework.dimensions if d.code == dimension)
    who = _label(row, _labels(result, names))
    if pd.isna(row["score"]):
        return [f"{who}{title}数据不足,未计算维度得分"]
    scored = rows.dropna(subset=["score"])
    place = int((scored["score"] > row["score"]).sum()) + 1
    gap = row["score"] - scored["score"].mean()
    side = "高于" if gap >= 0 else "低于"
    lines = [f"{who}{title} {fmt.score(row['score'])},在 {len(scored)} 个区县中列第 {place} 位,"
             f"{side}全市平均 {fmt.score(abs(gap))}"]
    worst = row.get("worst_indicator")
    if isinstance(worst, str):
        normalized = _period_rows(result.indicators, period)
        value = normalized[(normalized["region_code"] == region_code)
                           & (normalized["indicator_code"] == worst)]["normalized"]
        indicator_names = {i.code: i.name for _d, i in framework.indicators}
        lines.append(f"拖累最大的指标是“{indicator_names[worst]}”"
                     f"({fmt.score(value.iloc[0] if not value.empty else None)})")
    if bool(row.get("weak_spot")) and framework.weak_spot is not None:
        lines.append(f"低于 {framework.weak_spot.threshold:g} 分,为{framework.weak_spot.label}")
    return lines


# --- 好差评 highlights (the briefing's 好差评 slide) ---------------------------------------------------------

MIN_EVALUATIONS = 30  # fewer evaluations than this make a district's rate too noisy to call best or worst


def _rate(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole else None


def _city_evaluation_findings(frame: pd.DataFrame) -> list[str]:
    total, good, bad = (int(frame[c].sum()) for c in ("evaluations", "good", "bad"))
    lines = [f"本期共收到好差评 {fmt.count(total)} 条,好评率 {fmt.percent(_rate(good, total))},"
             f"差评 {fmt.count(bad)} 条(差评率 {fmt.percent(_rate(bad, total))})。"]
    rated = frame[frame["evaluations"] >= MIN_EVALUATIONS].sort_values(["good_rate", "key"], ascending=[False, True])
    if len(rated) >= 2:
        best, worst = rated.iloc[0], rated.iloc[-1]
        lines.append(f"好评率最高的是{best['label']},为 {fmt.percent(best['good_rate'])};"
                     f"最低的是{worst['label']},为 {fmt.percent(worst['good_rate'])}。")
    if bad:
        rectified, on_time, called = (int(frame[c].sum()) for c in ("bad_rectified", "bad_on_time", "bad_called_back"))
        rates = EVALUATION_RATE_LABELS
        lines.append(f"{rates['bad_rectify_rate']} {fmt.percent(_rate(rectified, bad))},"
                     f"{rates['bad_ontime_rate']} {fmt.percent(_rate(on_time, bad))},"
                     f"{rates['callback_rate']} {fmt.percent(_rate(called, bad))}。")
        late = frame[frame["bad"] > 0].sort_values(["bad_ontime_rate", "key"]).iloc[0]
        if late["bad_ontime_rate"] < 100:
            lines.append(f"{late['label']}{EVALUATION_RATE_LABELS['bad_ontime_rate']}最低,为 {fmt.percent(late['bad_ontime_rate'])}"
                         f"({int(late['bad_on_time'])}/{int(late['bad'])} 条)。")
        open_cases = frame[frame["bad"] > frame["bad_rectified"]]
        if not open_cases.empty:
            lines.append(f"仍有 {int((open_cases['bad'] - open_cases['bad_rectified']).sum())} 条差评未整改,"
                         f"涉及 {len(open_cases)} 个区县。")
    return lines


def _district_evaluation_findings(frame: pd.DataFrame, region_code: str, name: str) -> list[str]:
    rows = frame[frame["key"] == region_code]
    if rows.empty or not int(rows["evaluations"].iloc[0]):
        return [f"{name}本期没有好差评记录。"]
    row = rows.iloc[0]
    city = _rate(int(frame["good"].sum()), int(frame["evaluations"].sum()))
    place = int((frame["good_rate"] > row["good_rate"]).sum()) + 1
    lines = [f"{name}本期收到好差评 {fmt.count(row['evaluations'])} 条,好评率 {fmt.percent(row['good_rate'])}"
             f"(全市 {fmt.percent(city)}),在 {len(frame)} 个区县中列第 {place} 位。"]
    bad = int(row["bad"])
    if not bad:
        lines.append("本期没有差评。")
        return lines
    lines.append(f"差评 {bad} 条:已整改 {int(row['bad_rectified'])} 条,其中按时整改 {int(row['bad_on_time'])} 条;"
                 f"已回访 {int(row['bad_called_back'])} 条。")
    if bad > int(row["bad_rectified"]):
        lines.append(f"仍有 {bad - int(row['bad_rectified'])} 条差评未整改,需跟进。")
    return lines


def evaluation_findings(frame: pd.DataFrame, *, region_code: str | None = None,
                        region_name: str | None = None) -> list[str]:
    """Word the 好差评 highlights of one period: volume and 好评率, best and worst district, handling of 差评.

    Args:
        frame: outcome counts and rates per district (``govdash.repository.evaluation_breakdown(by="region")``).
        region_code: one district to speak of (compared with the whole city), or None for the city.
        region_name: that district's name, used when it has no evaluations (and so no row).
    """
    if frame.empty or not int(frame["evaluations"].sum()):
        return ["本期没有导入好差评记录。"]
    labels = distinct_region_names(dict(zip(frame["key"].astype(str), frame["label"].astype(str), strict=True)))
    frame = frame.assign(label=frame["key"].astype(str).map(labels))
    if region_code is None:
        return _city_evaluation_findings(frame)
    return _district_evaluation_findings(frame, region_code, labels.get(region_code, region_name or region_code))
