"""A district's report card as data: ranks, scores with change, strongest and weakest indicators, health, 好差评.

``build_report_card`` is a pure function of the scores (of the chosen framework, and of 三网一基一指数 when the
frameworks folder has it), the 好差评 figures, the peer groups and the upload batches behind the numbers. The
Word file (``govdash.export.docx``) only lays it out, so every figure in it is one of these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from govdash.charts.scores import make_dimension_bars_figure, make_ranking_figure, make_trend_figure
from govdash.core.periods import format_period, previous_period
from govdash.domain import format as fmt
from govdash.domain.labels import EVALUATION_RATE_LABELS, weak_spot_label
from govdash.frameworks import Framework
from govdash.report import findings
from govdash.report.methodology import method_notes, weight_shares
from govdash.repository import parse_batch_ids
from govdash.repository.peers import NO_PEER_GROUP, peer_rank
from govdash.scoring import ScoreResult
from govdash.scoring.bands import assign_bands

#: How many of the strongest and of the weakest indicators a card lists.
INDICATORS_LISTED = 5
#: The 好差评 rates a card shows, in order.
EVALUATION_RATES = EVALUATION_RATE_LABELS
#: A map of the district in its city, drawn by the map module when there is one; None leaves the card without.
MapHook = Callable[[str, str], go.Figure | None]


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart of the card: its caption and its figure (drawn to PNG by the Word builder)."""

    caption: str
    figure: go.Figure


@dataclass(frozen=True, eq=False)
class ReportCard:
    """Everything one district's report card says.

    Attributes:
        title: the document title (the framework's name and 成绩单).
        region_code, region_name: the district.
        period: the period (``2025Q4``); ``period_label`` reads 2025年第4季度.
        headline: key figures as (label, value) pairs: score, band, ranks, change.
        dimensions: one row per dimension: 维度, 权重, 得分, 较上期, 全市平均, 状态.
        strongest, weakest: the indicators with the highest and lowest normalized scores.
        health: the 三网一基一指数 pillars (or None when that framework is not available).
        health_lines: its level and weak spots in words.
        evaluations: the 好差评 key rates of the district beside the city's (None without 好差评 records).
        findings: sentences worded from the numbers.
        method: the method in brief, as (topic, explanation) pairs.
        batches: the upload batches behind the figures (批次号 first).
        charts: the charts, in order.
        sample: whether the data is the fictitious sample.
    """

    title: str
    region_code: str
    region_name: str
    period: str
    headline: tuple[tuple[str, str], ...]
    dimensions: pd.DataFrame
    strongest: pd.DataFrame
    weakest: pd.DataFrame
    health: pd.DataFrame | None
    health_lines: tuple[str, ...]
    evaluations: pd.DataFrame | None
    findings: tuple[str, ...]
    method: tuple[tuple[str, str], ...]
    batches: pd.DataFrame
    charts: tuple[Chart, ...] = field(default=())
    sample: bool = False

    @property
    def period_label(self) -> str:
        """The period in words: 2025年第4季度."""
        return format_period(self.period)


def _rows(frame: pd.DataFrame, period: str, region_code: str | None = None) -> pd.DataFrame:
    rows = frame[frame["period"] == period]
    return rows if region_code is None else rows[rows["region_code"] == region_code]


def _headline(framework: Framework, overall: pd.DataFrame, row: pd.Series,
              peers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    label = framework.framework.score_label
    if pd.isna(row["score"]):
        return ((label, "数据不足"), ("全市排名", "未参与排名(数据不足)"), ("同类组排名", NO_PEER_GROUP))
    moved = row["rank_change"]
    rank_move = "" if pd.isna(moved) or moved == 0 else (f",较上期上升 {int(moved)} 位" if moved > 0
                                                          else f",较上期下降 {int(-moved)} 位")
    peer = peer_rank(overall, dict(peers), str(row["region_code"]))
    peer_text = f"{NO_PEER_GROUP}(按全市排名)" if peer is None else f"{peer[0]} {fmt.rank(peer[1], peer[2])}"
    return ((label, fmt.score(row["score"])), ("等级", str(row["band"] or "—")),
            ("全市排名", fmt.rank(row["rank"], int(row["ranked_count"])) + rank_move),
            ("同类组排名", peer_text), ("较上期", fmt.points(row["change"])))


def _dimension_table(framework: Framework, scores: ScoreResult, period: str, region_code: str) -> pd.DataFrame:
    dims = _rows(scores.dimensions, period)
    own = dims[dims["region_code"] == region_code].set_index("dimension")
    before = _rows(scores.dimensions, previous_period(period), region_code).set_index("dimension")["score"]
    city = dims.groupby("dimension")["score"].mean()
    shares = weight_shares(framework, scores.dimension_weights)
    label = weak_spot_label(framework)
    rows = []
    for d in framework.dimensions:
        score = own["score"].get(d.code, np.nan)
        change = score - before.get(d.code, np.nan)
        rows.append({"维度": d.name, "权重": f"{shares[d.code]:.0f}%", "得分": fmt.score(score),
                     "较上期": fmt.points(change), "全市平均": fmt.score(city.get(d.code, np.nan)),
                     "状态": label if bool(own["weak_spot"].get(d.code, False)) else str(own["status"].get(d.code, "—"))})
    return pd.DataFrame(rows)


def _indicator_tables(framework: Framework, scores: ScoreResult, period: str,
                      region_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    specs = {i.code: (d.name, i) for d, i in framework.indicators}
    own = _rows(scores.indicators, period, region_code).dropna(subset=["normalized"])
    before = _rows(scores.indicators, previous_period(period), region_code).set_index("indicator_code")
    own = own.sort_values(["normalized", "indicator_code"], ascending=[False, True])

    def table(rows: pd.DataFrame) -> pd.DataFrame:
        records = []
        for item in rows.to_dict("records"):
            dimension, spec = specs[item["indicator_code"]]
            change = item["normalized"] - before["normalized"].get(item["indicator_code"], np.nan)
            records.append({"指标": spec.name, "维度": dimension, "原始值": _raw(item["raw"], spec.unit),
                            "标准化得分": fmt.score(item["normalized"]), "较上期": fmt.points(change),
                            "批次": item["batch_ids"] or "—"})
        return pd.DataFrame(records, columns=["指标", "维度", "原始值", "标准化得分", "较上期", "批次"])

    return table(own.head(INDICATORS_LISTED)), table(own.iloc[::-1].head(INDICATORS_LISTED))


def _raw(value: float, unit: str) -> str:
    if pd.isna(value):
        return "—"
    if unit == "%":
        return fmt.percent(value)
    digits = 0 if float(value).is_integer() else 1
    return f"{fmt.number(value, digits)} {unit}".strip() if unit not in ("", "0/1") else fmt.number(value, digits)


def health_section(health: Framework, scores: ScoreResult, period: str,
                   region_code: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the 三网一基一指数 pillars of one district (score, level, weak spot, what pulls it down) and words."""
    dims = _rows(scores.dimensions, period, region_code).set_index("dimension")
    names = {i.code: i.name for _d, i in health.indicators}
    levels, _colors = assign_bands(np.array([dims["score"].get(d.code, np.nan) for d in health.dimensions]),
                                   health.bands)
    label = weak_spot_label(health)
    rows = []
    for d, level in zip(health.dimensions, levels, strict=True):
        worst = dims["worst_indicator"].get(d.code)
        weak = bool(dims["weak_spot"].get(d.code, False))
        rows.append({"分项": d.name, "得分": fmt.score(dims["score"].get(d.code, np.nan)), "健康等级": level or "—",
                     label: "是" if weak else "否",
                     "拉低最多的指标": names.get(worst, "—") if isinstance(worst, str) else "—"})
    lines = findings.region_findings(scores, health, period, region_code)
    return pd.DataFrame(rows), tuple(lines)


def evaluation_table(evaluations: pd.DataFrame, region_code: str,
                     coverage: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """Return the district's 好差评 counts and key rates beside the whole city's, or None without records.

    ``coverage`` (``compute_metrics`` rows of ``evaluation.coverage_rate``: value, numerator, denominator) adds
    the 主动评价率: the district's, and the city's as all evaluations over all cases.
    """
    own = evaluations[evaluations["key"] == region_code]
    if own.empty:
        return None
    totals = evaluations[["evaluations", "good", "bad", "bad_rectified", "bad_on_time", "bad_called_back"]].sum()
    city = {"good_rate": totals["good"] / totals["evaluations"], "bad_rate": totals["bad"] / totals["evaluations"]}
    if totals["bad"]:
        city |= {"bad_rectify_rate": totals["bad_rectified"] / totals["bad"],
                 "bad_ontime_rate": totals["bad_on_time"] / totals["bad"],
                 "callback_rate": totals["bad_called_back"] / totals["bad"]}
    row = own.iloc[0]
    rows = [{"项目": "评价数", "本区县": fmt.count(row["evaluations"]), "全市": fmt.count(totals["evaluations"])}]
    for key, label in EVALUATION_RATES.items():
        rows.append({"项目": label, "本区县": fmt.percent(row[key]), "全市": fmt.percent(100 * city.get(key, np.nan))})
    if coverage is not None and not coverage.empty:
        own_rate = coverage.loc[coverage["region_code"] == region_code, "value"]
        city_rate = 100 * coverage["numerator"].sum() / coverage["denominator"].sum()
        rows.append({"项目": "主动评价率(评价覆盖率)", "本区县": fmt.percent(own_rate.iloc[0] if len(own_rate) else None),
                     "全市": fmt.percent(city_rate)})
    return pd.DataFrame(rows)


def _charts(framework: Framework, scores: ScoreResult, period: str, region_code: str,
            map_figure: MapHook | None) -> tuple[Chart, ...]:
    label = framework.framework.score_label
    overall = _rows(scores.overall, period)
    charts = [Chart(f"全市{label}排名(本区县突出显示)", make_ranking_figure(overall, framework, region_code=region_code)),
              Chart("各维度得分与全市平均", make_dimension_bars_figure(_rows(scores.dimensions, period), framework,
                                                                     region_code=region_code)),
              Chart(f"{label}走势", make_trend_figure(scores.overall, framework, region_codes=[region_code]))]
    drawn = map_figure(region_code, period) if map_figure is not None else None
    if drawn is not None:
        charts.append(Chart("区县位置与得分分布", drawn))
    return tuple(charts)


@dataclass(frozen=True)
class CardInputs:
    """What every card of a period shares: scores, 好差评, peers, batches (read once for all districts)."""

    framework: Framework
    scores: ScoreResult
    period: str
    evaluations: pd.DataFrame
    batches: pd.DataFrame
    peers: Mapping[str, str] = field(default_factory=dict)
    coverage: pd.DataFrame | None = None
    health: tuple[Framework, ScoreResult] | None = None
    sample: bool = False
    map_figure: MapHook | None = None


def card_batch_ids(inputs: CardInputs, region_code: str) -> list[int]:
    """Return the batches behind a district's indicator values of the period (both frameworks)."""
    frames = [inputs.scores.indicators] + ([inputs.health[1].indicators] if inputs.health else [])
    ids = [b for frame in frames for b in _rows(frame, inputs.period, region_code)["batch_ids"].dropna()]
    return parse_batch_ids(",".join(str(b) for b in ids))


def build_report_card(inputs: CardInputs, region_code: str) -> ReportCard:
    """Return the report card of one district (``inputs.scores`` must hold it for ``inputs.period``)."""
    fw, scores, period = inputs.framework, inputs.scores, inputs.period
    overall = _rows(scores.overall, period)
    row = overall[overall["region_code"] == region_code].iloc[0]
    strongest, weakest = _indicator_tables(fw, scores, period, region_code)
    health: pd.DataFrame | None = None
    health_lines: tuple[str, ...] = ()
    if inputs.health is not None and not _rows(inputs.health[1].overall, period, region_code).empty:
        health, health_lines = health_section(inputs.health[0], inputs.health[1], period, region_code)
    lines = findings.region_findings(scores, fw, period, region_code)
    lines += [line for d in fw.dimensions
              for line in findings.region_dimension_findings(scores, fw, period, d.code, region_code)[:1]]
    ids = set(card_batch_ids(inputs, region_code))
    batches = inputs.batches[inputs.batches["批次号"].isin(ids)].reset_index(drop=True)
    return ReportCard(
        title=f"{fw.name}成绩单", region_code=region_code, region_name=str(row["region_name"]), period=period,
        headline=_headline(fw, overall, row, inputs.peers), dimensions=_dimension_table(fw, scores, period, region_code),
        strongest=strongest, weakest=weakest, health=health, health_lines=health_lines,
        evaluations=evaluation_table(inputs.evaluations, region_code, inputs.coverage), findings=tuple(lines),
        method=tuple(method_notes(fw, scores.aggregation, period=period)), batches=batches,
        charts=_charts(fw, scores, period, region_code, inputs.map_figure), sample=inputs.sample)
