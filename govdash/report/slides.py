"""The briefing as data: which slides, in which order, with which words, charts and cards.

``build_deck`` is a pure function of the framework, the period, the district scope and the scores (plus the
好差评 figures when there are any). The 汇报模式 page and the PPTX briefing both draw its result, so a meeting
sees on screen exactly what the handed-out file says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from govdash.boundaries.shapes import BoundaryMap
from govdash.charts.disparity import make_disparity_trend_figure
from govdash.charts.maps import make_region_map_figure
from govdash.charts.records import make_breakdown_figure
from govdash.charts.scores import (
    MANY_REGIONS,
    make_dimension_ranking_figure,
    make_health_heatmap_figure,
    make_ranking_figure,
)
from govdash.core.periods import format_period
from govdash.domain import format as fmt
from govdash.frameworks import Dimension, Framework
from govdash.report import findings
from govdash.report.disparity import disparity_lines
from govdash.report.methodology import dimension_table, method_notes, weight_shares
from govdash.scoring import STATUS_INSUFFICIENT, ScoreResult
from govdash.scoring.tiers import band_text

SlideKind = Literal["title", "ranking", "map", "heatmap", "disparity", "dimension", "cards", "evaluations", "findings",
                    "methodology"]


@dataclass(frozen=True, eq=False)
class Card:
    """A district's card: its score, band and what to watch.

    Attributes:
        title: the district's name.
        value: the score as shown ("85.3 分", or "数据不足").
        label: the band (grade or health level), "" when not scored.
        color: the band's colour ("#rrggbb"), grey when not scored.
        lines: short lines under the score (dimension scores, the weak spot and what pulls it down).
        flagged: whether the card carries a warning (a weak spot or missing data).
    """

    title: str
    value: str
    label: str
    color: str
    lines: tuple[str, ...] = ()
    flagged: bool = False


@dataclass(frozen=True, eq=False)
class Slide:
    """One slide of the briefing.

    Attributes:
        kind: what the slide shows; the page and the PPTX lay each kind out the same way.
        title: the slide title.
        subtitle: one line under the title (the framework, period and scope, or a chart's reading guide).
        bullets: sentences worded from the numbers.
        chart: a themed plotly figure, or None.
        chart_name: what the chart shows, naming its PNG download.
        cards: district cards (the cards slide).
        table: a small table (the methodology slide's dimensions and weights), or None.
        note: a footnote (data provenance, the sample-data warning).
    """

    kind: SlideKind
    title: str
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    chart: go.Figure | None = None
    chart_name: str = ""
    cards: tuple[Card, ...] = ()
    table: pd.DataFrame | None = None
    note: str = ""



UNSCORED_COLOR = "#8a94a6"
#: Cards of the best and of the worst districts on the cards slide when there are more than ``MANY_REGIONS``.
BEST_CARDS, WORST_CARDS = 5, 10


def _lookup(framework: Framework) -> tuple[dict[str, str], dict[str, str]]:
    return ({d.code: d.name for d in framework.dimensions}, {i.code: i.name for _, i in framework.indicators})


def _card_lines(framework: Framework, row: pd.Series, dims: pd.DataFrame, detailed: bool) -> list[str]:
    """Return the lines under a card's score: weak spots and what pulls them down, else the weakest dimension."""
    dim_names, indicator_names = _lookup(framework)
    scored = dims.dropna(subset=["score"]).sort_values("score")
    if detailed:
        lines = [f"{dim_names[str(code)]} {fmt.score(float(value))}"
                 for code, value in zip(dims["dimension"], dims["score"], strict=True)]
    elif framework.weak_spot is not None and bool(scored["weak_spot"].any()):
        weak = scored[scored["weak_spot"]]
        listed = "、".join(dim_names[c] for c in weak["dimension"].head(3)) + ("等" if len(weak) > 3 else "")
        lines = [f"{framework.weak_spot.label} {len(weak)} 个:{listed}"]
        worst = weak.iloc[0]
        lines.append(f"{dim_names[worst['dimension']]} {fmt.score(worst['score'])},"
                     f"主要受“{indicator_names.get(worst['worst_indicator'], worst['worst_indicator'])}”拖累")
    elif not scored.empty:
        lowest = scored.iloc[0]
        lines = [f"最弱:{dim_names[lowest['dimension']]} {fmt.score(lowest['score'])}"]
    else:
        lines = []
    if pd.isna(row["score"]):
        lines.append(f"缺失指标 {int(row['missing_indicators'])} 个")
    elif not pd.isna(row["change"]):
        lines.append(f"较上期 {fmt.points(row['change'])}")
    return lines


def district_cards(framework: Framework, overall: pd.DataFrame, dimensions: pd.DataFrame,
                   region_code: str | None = None) -> tuple[Card, ...]:
    """Return a card per district of one period, best first and unscored last (only ``region_code``'s if given).

    A single district's card lists every dimension score; otherwise a card names the weak spots and the
    indicator pulling the worst one down, or the weakest dimension when there is no weak spot. Above
    ``MANY_REGIONS`` districts only the ``BEST_CARDS`` first and ``WORST_CARDS`` last scored ones get a card:
    a slide holds three rows of five.
    """
    rows = overall if region_code is None else overall[overall["region_code"] == region_code]
    rows = rows.sort_values(["rank", "region_code"], na_position="last")
    if len(rows) > MANY_REGIONS:
        scored = rows[rows["score"].notna()]
        rows = pd.concat([scored.head(BEST_CARDS), scored.tail(WORST_CARDS)]).drop_duplicates("region_code")
    shown = dimensions[dimensions["region_code"].isin(rows["region_code"])]
    dims_of = dict(list(shown.groupby("region_code", sort=False)))
    cards = []
    for _, row in rows.iterrows():
        dims = dims_of.get(row["region_code"], shown.iloc[0:0])
        lines = _card_lines(framework, row, dims, detailed=region_code is not None)
        if pd.isna(row["score"]):
            cards.append(Card(str(row["region_name"]), STATUS_INSUFFICIENT, "", UNSCORED_COLOR, tuple(lines), True))
        else:
            flagged = bool(len(row["weak_spots"])) if isinstance(row["weak_spots"], list | tuple) else False
            cards.append(Card(str(row["region_name"]), fmt.score(row["score"]),
                              str(band_text(row["band"], row.get("band_class"))),
                              str(row["band_color"]), tuple(lines), flagged))
    return tuple(cards)


def footer_text(framework: Framework, period: str) -> str:
    """Return the line at the foot of every slide: the framework and the period."""
    return f"{framework.name} · {format_period(period)}"



SLIDE_CHART_HEIGHT = 560
SLIDE_FONT_SIZE = 18
SAMPLE_NOTE = "示例数据:“示例市”及其区县均为虚构,数值为演示而编造,不代表任何真实地区。"


def _sentences(lines: list[str]) -> tuple[str, ...]:
    """End each finding with a full stop, as a bullet on a slide reads as a sentence."""
    return tuple(line if line.endswith(("。", "!", "?")) else f"{line}。" for line in lines)


def _for_slide(fig: go.Figure, *, top: int = 40) -> go.Figure:
    """Fit a page chart to a slide: the slide title replaces the chart's, the type is larger, one height."""
    fig.update_layout(title_text=None, height=SLIDE_CHART_HEIGHT, font_size=SLIDE_FONT_SIZE,
                      margin={"t": top})
    return fig


@dataclass(frozen=True)
class _Scope:
    framework: Framework
    scores: ScoreResult
    period: str
    region_code: str | None

    @property
    def overall(self) -> pd.DataFrame:
        return self.scores.overall[self.scores.overall["period"] == self.period]

    @property
    def dimensions(self) -> pd.DataFrame:
        return self.scores.dimensions[self.scores.dimensions["period"] == self.period]

    @property
    def name(self) -> str:
        if self.region_code is None:
            return "全部区县"
        rows = self.overall[self.overall["region_code"] == self.region_code]
        return str(rows["region_name"].iloc[0]) if not rows.empty else self.region_code

    @property
    def subtitle(self) -> str:
        return f"{format_period(self.period)} · {self.name}"


def _title_slide(scope: _Scope, sample: bool) -> Slide:
    overall = scope.overall
    label = scope.framework.framework.score_label
    lines = [f"参评区县 {len(overall)} 个,{int(overall['score'].notna().sum())} 个计算了{label}"]
    return Slide("title", scope.framework.name, subtitle=scope.subtitle, bullets=_sentences(lines),
                 note=SAMPLE_NOTE if sample else "")


def _ranking_slide(scope: _Scope) -> Slide:
    fw, result, period = scope.framework, scope.scores, scope.period
    if scope.region_code is None:
        lines = [line for line in [findings.city_summary(result, fw, period)] if line]
        lines += findings.leaders(result, fw, period) + findings.movers(result, fw, period, limit=1)
    else:
        lines = findings.region_findings(result, fw, period, scope.region_code)
    return Slide("ranking", "综合排名", subtitle=f"{fw.framework.score_label} · {scope.subtitle}",
                 bullets=_sentences(lines),
                 chart=_for_slide(make_ranking_figure(scope.overall, fw, region_code=scope.region_code)),
                 chart_name=f"{fw.framework.score_label}排名")


def _map_slide(scope: _Scope, boundaries: BoundaryMap | None) -> Slide:
    fw, overall = scope.framework, scope.overall
    lines = []
    for band in sorted(fw.bands, key=lambda b: b.min, reverse=True):
        names = overall.loc[overall["band"] == band.label].sort_values("rank")["region_name"].astype(str).tolist()
        if names:
            shown = "、".join(names[:6]) + ("等" if len(names) > 6 else "")
            lines.append(f"{band.label} {len(names)} 个:{shown}")
    unscored = int(overall["score"].isna().sum())
    if unscored:
        lines.append(f"{unscored} 个区县数据不足,以灰色表示")
    drawn = boundaries is not None and boundaries.covers_any(overall["region_code"])
    kind = "区县边界" if drawn else "六边形示意图(尚未导入区县边界)"
    fig = _for_slide(make_region_map_figure(overall, fw, boundaries=boundaries, region_code=scope.region_code))
    return Slide("map", "区县分布图", subtitle=f"{fw.framework.score_label}等级 · {kind} · {scope.subtitle}",
                 bullets=_sentences(lines[:6]), chart=fig, chart_name=f"{fw.framework.score_label}分布图")


def _heatmap_slide(scope: _Scope) -> Slide:
    fw, result, period = scope.framework, scope.scores, scope.period
    order = scope.overall.sort_values(["rank", "region_code"], na_position="last")["region_code"].tolist()
    ranked = scope.overall.loc[scope.overall["score"].notna(), "region_code"]
    spots = findings.weak_spots(result, fw, period, region_code=scope.region_code, limit=4)
    if not spots and fw.weak_spot is not None:
        spots = [f"没有维度得分低于 {fw.weak_spot.threshold:g} 分的{fw.weak_spot.label}"]
    fig = _for_slide(make_health_heatmap_figure(scope.dimensions, fw, order=order, ranked=ranked,
                                                region_code=scope.region_code), top=90)
    return Slide("heatmap", "各维度得分一览", subtitle=f"按{fw.framework.score_label}排序 · {scope.subtitle}",
                 bullets=_sentences(spots[:4]), chart=fig,
                 chart_name="各区县分维度得分")


def _disparity_slide(scope: _Scope, table: pd.DataFrame) -> Slide:
    label = scope.framework.framework.score_label
    lines = disparity_lines(table, scope.period, score_label=label) or ["本期计算了得分的区县不足两个,无法衡量区域差异"]
    chart = None
    if len(table) > 1:
        chart = _for_slide(make_disparity_trend_figure(table, score_label=label), top=70)
    return Slide("disparity", "区域差异", subtitle=f"{label}的区县间差距:极差、变异系数、泰尔指数、基尼系数 · "
                 f"{format_period(scope.period)}", bullets=_sentences(lines), chart=chart,
                 chart_name=f"{label}区域差异走势")


def _dimension_slide(scope: _Scope, dimension: Dimension, share: float) -> Slide:
    fw, result, period, code = scope.framework, scope.scores, scope.period, scope.region_code
    if code is None:
        lines = findings.dimension_findings(result, fw, period, dimension.code)
    else:
        lines = findings.region_dimension_findings(result, fw, period, dimension.code, code)
    about = dimension.subtitle or dimension.description
    subtitle = f"权重 {share:.0f}% · {len(dimension.indicators)} 项指标" + (f" · {about}" if about else "")
    fig = make_dimension_ranking_figure(scope.dimensions, fw, dimension.code, region_code=code)
    return Slide("dimension", dimension.name, subtitle=subtitle, bullets=_sentences(lines), chart=_for_slide(fig),
                 chart_name=f"{dimension.name}得分")


def _cards_slide(scope: _Scope) -> Slide:
    fw = scope.framework
    rule = f";粗框:存在{fw.weak_spot.label}或数据不足" if fw.weak_spot else ";粗框:数据不足"
    if scope.region_code is None and len(scope.overall) > MANY_REGIONS:
        rule = f";共 {len(scope.overall):,} 个区县,卡片为前 {BEST_CARDS} 名和后 {WORST_CARDS} 名{rule}"
    return Slide("cards", "区县卡片", subtitle=f"按{fw.framework.score_label}从高到低{rule} · {scope.subtitle}",
                 cards=district_cards(fw, scope.overall, scope.dimensions, scope.region_code))


def _evaluations_slide(scope: _Scope, evaluations: pd.DataFrame | None) -> Slide:
    frame = evaluations if evaluations is not None else pd.DataFrame()
    lines = findings.evaluation_findings(frame, region_code=scope.region_code, region_name=scope.name)
    chart = None
    if not frame.empty:
        by_rate = frame.sort_values(["good_rate", "key"], ascending=[False, True])
        chart = _for_slide(make_breakdown_figure(by_rate, title="各区县好评率", rate="good_rate"))
    return Slide("evaluations", "好差评要点", subtitle=f"政务服务“好差评” · {scope.subtitle}", bullets=_sentences(lines),
                 chart=chart, chart_name="各区县好评率")


def _findings_slide(scope: _Scope) -> Slide:
    fw, result, period, code = scope.framework, scope.scores, scope.period, scope.region_code
    if code is None:
        lines = findings.key_findings(result, fw, period)
    else:
        lines = findings.region_findings(result, fw, period, code)
        lines += [line for d in fw.dimensions
                  for line in findings.region_dimension_findings(result, fw, period, d.code, code)[:1]]
    return Slide("findings", "主要发现", subtitle=scope.subtitle, bullets=_sentences(lines))


def _method_slide(scope: _Scope) -> Slide:
    notes = dict(method_notes(scope.framework, scope.scores.aggregation, period=scope.period))
    keys = ["归一化", "缺失值", "汇总方法", "等级划分"]
    if scope.framework.weak_spot is not None:
        keys.append(scope.framework.weak_spot.label)
    return Slide("methodology", "评估方法", subtitle=scope.framework.name,
                 bullets=tuple(f"{key}:{notes[key]}。" for key in keys), table=dimension_table(scope.framework),
                 note="各指标的定义、单位、上下限与权重见“方法与权重”页及得分工作簿。")


@dataclass(frozen=True, eq=False)
class PlannedSlide:
    """A slide of the deck before it is drawn: its title (for the table of contents) and how to build it."""

    kind: str
    title: str
    build: Callable[[], Slide]


def plan_deck(framework: Framework, scores: ScoreResult, *, period: str, region_code: str | None = None,
              evaluations: pd.DataFrame | None = None, sample: bool = False, with_map: bool = False,
              boundaries: BoundaryMap | None = None, disparity: pd.DataFrame | None = None) -> list[PlannedSlide]:
    """Return the briefing's slides, in the order they are shown, each drawn only when asked for.

    Title, overall ranking, the district map (``with_map``), the districts × dimensions overview, one slide per dimension, the district cards,
    the 好差评 highlights, the findings and the method. A presenter sees one slide at a time: at a province's
    3,000 districts drawing all of them takes seconds, one of them a fraction of that.

    Args:
        framework: the framework scored.
        scores: its scores (with ``region_name``), at least for ``period`` (and its change on the previous one).
        period: the period presented.
        region_code: one district to brief on (the charts still show all, with it picked out where they can).
        evaluations: 好差评 counts and rates per district for the period
            (``govdash.repository.evaluation_breakdown(by="region")``); None or empty when there are none.
        sample: whether the data is the fictitious sample, said on the title slide.
        with_map: include the district map slide, after the ranking.
        boundaries: the boundary set the map draws; None draws hex tiles.
        disparity: the regional difference per period up to ``period`` (``govdash.report.disparity.disparity_trend``);
            None leaves the 区域差异 slide out.
    """
    scope = _Scope(framework, scores, period, region_code)
    shares = weight_shares(framework, scores.dimension_weights)

    def dimension(d: Dimension) -> PlannedSlide:
        return PlannedSlide("dimension", d.name, lambda: _dimension_slide(scope, d, shares[d.code]))

    return [
        PlannedSlide("title", framework.name, lambda: _title_slide(scope, sample)),
        PlannedSlide("ranking", "综合排名", lambda: _ranking_slide(scope)),
        *([PlannedSlide("map", "区县分布图", lambda: _map_slide(scope, boundaries))] if with_map else []),
        PlannedSlide("heatmap", "各维度得分一览", lambda: _heatmap_slide(scope)),
        *([PlannedSlide("disparity", "区域差异", lambda: _disparity_slide(scope, disparity))]
          if disparity is not None else []),
        *[dimension(d) for d in framework.dimensions],
        PlannedSlide("cards", "区县卡片", lambda: _cards_slide(scope)),
        PlannedSlide("evaluations", "好差评要点", lambda: _evaluations_slide(scope, evaluations)),
        PlannedSlide("findings", "主要发现", lambda: _findings_slide(scope)),
        PlannedSlide("methodology", "评估方法", lambda: _method_slide(scope)),
    ]


def build_deck(framework: Framework, scores: ScoreResult, *, period: str, region_code: str | None = None,
               evaluations: pd.DataFrame | None = None, sample: bool = False, with_map: bool = False,
               boundaries: BoundaryMap | None = None, disparity: pd.DataFrame | None = None) -> list[Slide]:
    """Return every slide of ``plan_deck``, drawn (for the PPTX and the command line's briefing)."""
    return [planned.build() for planned in plan_deck(framework, scores, period=period, region_code=region_code,
                                                     evaluations=evaluations, sample=sample, with_map=with_map,
                                                     boundaries=boundaries, disparity=disparity)]
