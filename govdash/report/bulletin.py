"""The monthly 通报: district ranking, warning hits by rule, and what changed since last month, ready for the Word file.

Scores and warnings are quarterly, so a month's 通报 uses the quarter containing the month (2025年12月 →
2025年第4季度); the month itself shows in the 好差评 figures, which are kept per month: this month against the
one before. Warnings are compared with those of the previous month's quarter, which for a quarter's first month
is the quarter before (new and cleared hits), and otherwise the same quarter (said so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from govdash.charts.records import make_evaluation_trend_figure
from govdash.charts.scores import make_ranking_figure
from govdash.core.periods import format_month, format_period, quarter_of
from govdash.domain import format as fmt
from govdash.domain import labels
from govdash.domain.labels import EVALUATION_RATE_LABELS
from govdash.frameworks import Framework
from govdash.report import tables
from govdash.scoring import STATUS_INSUFFICIENT

_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?\s*$")
TREND_RATES = EVALUATION_RATE_LABELS


def parse_month(text: str) -> date:
    """Read ``2025-12``, ``2025/12`` or ``2025年12月`` as the first day of that month, or raise ``ValueError``."""
    match = _MONTH_RE.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"无法识别的月份“{text}”,应为 2025-12 或 2025年12月")
    return date(int(match.group(1)), int(match.group(2)), 1)


def previous_month(month: date) -> date:
    """Return the first day of the month before."""
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


@dataclass(frozen=True, eq=False)
class Bulletin:
    """What the 通报 says (see the module docstring for how a month maps to a quarter)."""

    framework: Framework
    month: date
    period: str
    ranking: pd.DataFrame
    hits: pd.DataFrame
    by_rule: pd.DataFrame
    changes: tuple[str, ...]
    evaluation_changes: pd.DataFrame
    overall: pd.DataFrame
    trend: pd.DataFrame
    sample: bool

    @property
    def month_label(self) -> str:
        """2025年12月."""
        return format_month(self.month)


def ranking_table(overall: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return the districts of one period best first (``tables.ranking_table``'s rows and headers), as text.

    排名, 区县, the score, 等级, 较上期(分), 排名变化: a Word table shows 85.3 分, +3.1 分 and ↑2.
    """
    table = tables.ranking_table(framework, overall)
    score = labels.score_label(framework)
    moves = ["—" if pd.isna(m) else ("持平" if m == 0 else f"{'↑' if m > 0 else '↓'}{abs(int(m))}")
             for m in table[labels.RANK_CHANGE]]
    return pd.DataFrame({
        labels.RANK: ["—" if pd.isna(r) else str(int(r)) for r in table[labels.RANK]],
        labels.REGION: table[labels.REGION],
        score: table[score].map(fmt.score),
        labels.BAND: table[labels.BAND].fillna(STATUS_INSUFFICIENT),
        labels.CHANGE: table[labels.CHANGE].map(fmt.points),
        labels.RANK_CHANGE: moves,
    })


def hits_by_rule(hits: pd.DataFrame) -> pd.DataFrame:
    """Return one row per rule hit: 规则, 等级, 区县数, 区县."""
    if hits.empty:
        return pd.DataFrame(columns=["规则", "等级", "区县数", "区县"])
    grouped = hits.groupby(["rule_code"], sort=False).agg(
        规则=("rule", "first"), 等级=("level", "first"), 区县数=("region_code", "nunique"),
        区县=("region_name", lambda names: "、".join(dict.fromkeys(names))))
    return grouped.reset_index(drop=True)


def _hit_changes(now: pd.DataFrame, before: pd.DataFrame, same_period: bool) -> tuple[str, ...]:
    if same_period:
        return ("预警按季度评估:上月与本月同属一个评估期,预警名单未变;本月变化见下方“好差评”月度指标。",)
    key = ["rule_code", "region_code"]
    now, before = now.drop_duplicates(key), before.drop_duplicates(key)  # a rule may hit several indicators
    merged = now.merge(before[key], on=key, how="outer", indicator=True)
    new = merged[merged["_merge"] == "left_only"]
    cleared = before.merge(now[key], on=key, how="left", indicator=True)
    cleared = cleared[cleared["_merge"] == "left_only"]
    lines = [f"新增预警 {len(new)} 条,解除预警 {len(cleared)} 条"]
    lines += [f"新增:【{r.level}】{r.region_name} {r.rule}" for r in new.itertuples(index=False)]
    lines += [f"解除:{r.region_name} {r.rule}" for r in cleared.itertuples(index=False)]
    return tuple(lines)


def _evaluation_changes(trend: pd.DataFrame, month: date) -> pd.DataFrame:
    months = trend.set_index("month")
    now, before = f"{month:%Y-%m}", f"{previous_month(month):%Y-%m}"
    rows = []
    for key, label in {"evaluations": "评价数", **TREND_RATES}.items():
        a = months[key].get(now) if now in months.index else None
        b = months[key].get(before) if before in months.index else None
        shown = fmt.count if key == "evaluations" else fmt.percent
        change = "—" if a is None or b is None else (
            f"{int(a - b):+,}" if key == "evaluations" else fmt.points(a - b, unit="个百分点"))
        rows.append({"指标": label, format_month(month): shown(a), format_month(previous_month(month)): shown(b),
                     "变化": change})
    return pd.DataFrame(rows)


def make_bulletin(framework: Framework, *, month: date, overall: pd.DataFrame, hits: pd.DataFrame,
                  earlier_hits: pd.DataFrame, trend: pd.DataFrame, sample: bool) -> Bulletin:
    """Word the 通报 of ``month``.

    From its quarter's overall scores, the warning hits of that quarter and of the month before's, and the
    monthly 好差评 trend of both months.
    """
    period, before_period = quarter_of(month), quarter_of(previous_month(month))
    return Bulletin(framework=framework, month=month, period=period, ranking=ranking_table(overall, framework),
                    hits=hits, by_rule=hits_by_rule(hits),
                    changes=_hit_changes(hits, earlier_hits, before_period == period),
                    evaluation_changes=_evaluation_changes(trend, month), overall=overall, trend=trend,
                    sample=sample)


def bulletin_charts(bulletin: Bulletin) -> list[tuple[str, object]]:
    """Return the 通报's charts as (caption, figure): the ranking and the monthly 好差评 trend."""
    label = bulletin.framework.framework.score_label
    charts: list[tuple[str, object]] = [(f"{format_period(bulletin.period)}各区县{label}",
                                         make_ranking_figure(bulletin.overall, bulletin.framework))]
    if not bulletin.trend.empty:
        charts.append(("好评率与差评率(按月)", make_evaluation_trend_figure(bulletin.trend)))
    return charts
