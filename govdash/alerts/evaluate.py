"""Evaluate the warning rules of one period over the stored metrics and scores: whole-table pandas, no record loops.

``evaluate_rules`` is pure (metrics and scores in, hits out); ``warning_hits`` reads them from the database.
Each hit links to the page that shows the records behind it, with the period and district in the address.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode

import pandas as pd

from govdash.alerts.rules import LEVELS, MetricRule, RankLastRule, Rule, ScoreDropRule
from govdash.core.periods import is_quarter, previous_period
from govdash.domain import format as fmt
from govdash.domain.metric_catalog import METRICS
from govdash.frameworks import Framework
from govdash.scoring import ScoreResult

HIT_COLUMNS = ["level", "region_code", "region_name", "period", "rule_code", "rule", "value", "threshold",
               "detail", "link"]
OPERATORS: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
#: The page showing the records behind a metric, by the metric's source.
OPERATOR_WORDS = {"<": "低于", "<=": "不高于", ">": "高于", ">=": "不低于", "==": "等于", "!=": "不等于"}
RECORD_PAGES = {"evaluation": "evaluations", "survey": "surveys", "catalog": "data-sharing",
                "demand": "data-sharing", "service": "index"}
Scored = Mapping[str, tuple[Framework, ScoreResult]]


def record_link(page: str, **params: str) -> str:
    """Return a relative link to a page with its filters in the query (``evaluations?period=2025Q4&region=…``)."""
    return f"{page}?{urlencode(params)}"


def _metric_value(value: float, metric: str) -> str:
    unit = METRICS[metric].unit
    return fmt.percent(value) if unit == "%" else f"{fmt.number(value)} {unit}"


def _metric_hits(rule: MetricRule, metrics: pd.DataFrame, period: str) -> pd.DataFrame:
    rows = metrics[(metrics["metric"] == rule.metric) & (metrics["period"] == period)]
    rows = rows[OPERATORS[rule.op](rows["value"], rule.threshold)]
    label = METRICS[rule.metric].label
    page = RECORD_PAGES[METRICS[rule.metric].source]
    return pd.DataFrame({
        "region_code": rows["region_code"], "period": period,
        "value": [_metric_value(v, rule.metric) for v in rows["value"]],
        "threshold": f"{rule.op} {_metric_value(rule.threshold, rule.metric)}",
        "detail": [f"{label} {_metric_value(v, rule.metric)},{OPERATOR_WORDS[rule.op]}"
                   f"阈值 {_metric_value(rule.threshold, rule.metric)}" for v in rows["value"]],
        "link": [record_link(page, period=period, region=c) for c in rows["region_code"]],
    })


def _score_link(framework: str, period: str, code: str, indicator: str | None = None) -> str:
    """Link to the district's indicator tree (and, for an indicator, to its records) on the 评估指数 page."""
    extra = {"indicator": indicator} if indicator else {}
    return record_link("index", framework=framework, period=period, region=code, district=code, **extra)


def _rank_last_hits(rule: RankLastRule, scored: Scored, period: str) -> pd.DataFrame:
    framework, result = scored[rule.framework]
    wanted = [period]
    while len(wanted) < rule.periods:
        wanted.append(previous_period(wanted[-1]))
    rows = result.overall[result.overall["period"].isin(wanted)].dropna(subset=["rank"])
    last = rows["rank"] == rows.groupby("period")["rank"].transform("max")
    counts = rows[last].groupby("region_code")["period"].nunique()
    codes = sorted(counts[counts == len(wanted)].index) if is_quarter(period) else []
    now = result.overall[(result.overall["period"] == period) & result.overall["region_code"].isin(codes)]
    label = framework.framework.score_label
    return pd.DataFrame({
        "region_code": now["region_code"], "period": period,
        "value": [fmt.rank(r, int(n)) for r, n in zip(now["rank"], now["ranked_count"], strict=True)],
        "threshold": f"连续 {rule.periods} 期末位",
        "detail": [f"{label} {fmt.score(s)},连续 {rule.periods} 个季度排名末位" for s in now["score"]],
        "link": [_score_link(rule.framework, period, c) for c in now["region_code"]],
    })


def _drop_frame(rule: ScoreDropRule, framework: Framework, result: ScoreResult, period: str) -> pd.DataFrame:
    """Return region_code, item (what fell), indicator (its code, for an indicator), score and score_before."""
    if rule.target == "overall":
        frame, key, names = result.overall.assign(item=framework.framework.score_label, indicator=None), None, {}
    elif rule.target == "dimensions" or rule.target in {d.code for d in framework.dimensions}:
        frame, key = result.dimensions.assign(indicator=None), "dimension"
        names = {d.code: d.name for d in framework.dimensions}
    else:
        frame = result.indicators.rename(columns={"normalized": "score"})
        frame, key = frame.assign(indicator=frame["indicator_code"]), "indicator_code"
        names = {i.code: i.name for _d, i in framework.indicators}
    if key is not None:
        if rule.target not in ("dimensions", "indicators"):
            frame = frame[frame[key] == rule.target]
        frame = frame.assign(item=frame[key].map(names))
    on = ["region_code", "item"]
    now = frame.loc[frame["period"] == period, [*on, "indicator", "score"]]
    before = frame.loc[frame["period"] == previous_period(period), [*on, "score"]]
    return now.merge(before, on=on, suffixes=("", "_before")).dropna(subset=["score", "score_before"])


def _score_drop_hits(rule: ScoreDropRule, scored: Scored, period: str) -> pd.DataFrame:
    framework, result = scored[rule.framework]
    rows = _drop_frame(rule, framework, result, period)
    rows = rows[rows["score_before"] - rows["score"] > rule.points]
    return pd.DataFrame({
        "region_code": rows["region_code"], "period": period,
        "value": [fmt.points(a - b) for a, b in zip(rows["score"], rows["score_before"], strict=True)],
        "threshold": f"下降超过 {fmt.score(rule.points)}",
        "detail": [f"{item} {fmt.score(b)} → {fmt.score(a)}" for item, a, b
                   in zip(rows["item"], rows["score"], rows["score_before"], strict=True)],
        "link": [_score_link(rule.framework, period, c, i if isinstance(i, str) else None)
                 for c, i in zip(rows["region_code"], rows["indicator"], strict=True)],
    })


def _rule_hits(rule: Rule, metrics: pd.DataFrame, scored: Scored, period: str) -> pd.DataFrame:
    if isinstance(rule, MetricRule):
        return _metric_hits(rule, metrics, period)
    if rule.framework not in scored:
        return pd.DataFrame()  # the framework's file is not in the folder: nothing to evaluate
    if isinstance(rule, RankLastRule):
        return _rank_last_hits(rule, scored, period)
    return _score_drop_hits(rule, scored, period)


def evaluate_rules(rules: Sequence[Rule], *, period: str, metrics: pd.DataFrame, scored: Scored,
                   names: Mapping[str, str]) -> pd.DataFrame:
    """Return every hit of ``rules`` in ``period``, most severe level first, then by rule and district.

    Args:
        rules: the warning rules.
        period: the period evaluated (a quarter for ``rank_last``).
        metrics: ``compute_metrics`` rows (region_code, period, metric, value) of at least ``period``.
        scored: framework code → (framework, its scores of ``period`` and the periods before it).
        names: region code → district name.

    Returns:
        One row per hit: level (红/橙/黄), region_code, region_name, period, rule_code, rule (its name), value,
        threshold, detail (the figure in words) and link (a relative page address with query parameters).
    """
    frames = []
    for order, rule in enumerate(rules):
        hits = _rule_hits(rule, metrics, scored, period)
        if not hits.empty:
            frames.append(hits.assign(level=rule.level, rule_code=rule.code, rule=rule.name, order=order))
    if not frames:
        return pd.DataFrame(columns=HIT_COLUMNS)
    hits = pd.concat(frames, ignore_index=True)
    hits["region_name"] = hits["region_code"].map(names).fillna(hits["region_code"])
    hits["severity"] = hits["level"].map({level: i for i, level in enumerate(LEVELS)})
    hits = hits.sort_values(["severity", "order", "region_code"], kind="stable")
    return hits[HIT_COLUMNS].reset_index(drop=True)
