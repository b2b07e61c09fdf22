"""Regional difference of a framework's index as the pages and the briefing show it: the table and its sentences.

The measures are ``govdash.scoring.disparity``'s; this module picks the periods of a trend (those of the same
granularity as the period shown, up to it) and words the change, as the findings do.
"""

from __future__ import annotations

import math

import pandas as pd

from govdash.core.periods import format_period, granularity, period_sort_key
from govdash.scoring import ScoreResult
from govdash.scoring.disparity import regional_disparity

TREND_PERIODS = 8  # periods drawn in the trend, ending at the one shown
# A move smaller than this is "基本持平": Gini and CV are read to three decimals on screen.
STEADY = 0.001


def disparity_trend(result: ScoreResult, period: str, *, count: int = TREND_PERIODS) -> pd.DataFrame:
    """Return ``regional_disparity`` for up to ``count`` periods of ``period``'s granularity ending at it."""
    known = {p for p in result.overall["period"].unique() if granularity(p) == granularity(period)}
    wanted = sorted((p for p in known if period_sort_key(p) <= period_sort_key(period)), key=period_sort_key)
    return regional_disparity(result.overall, wanted[-count:])


def disparity_lines(table: pd.DataFrame, period: str, *, score_label: str) -> list[str]:
    """Word the difference of ``period`` and its change on the period before it in ``table``.

    Returns no line when the period has fewer than two scored districts.
    """
    rows = table[table["period"] == period]
    if rows.empty or math.isnan(rows.iloc[0]["gini"]):
        return []
    now = rows.iloc[0]
    lines = [f"{format_period(period)}各区县{score_label}最高为{now['max_region']} {now['max']:.1f} 分,最低为"
             f"{now['min_region']} {now['min']:.1f} 分,极差 {now['range']:.1f} 分;变异系数 {now['cv']:.3f},"
             f"泰尔指数 {now['theil']:.3f},基尼系数 {now['gini']:.3f}"]
    earlier = table[table["period"].map(period_sort_key) < period_sort_key(period)]
    if not earlier.empty:
        before = earlier.iloc[-1]
        lines.append(_change_line(now, before))
    return lines


def _change_line(now: pd.Series, before: pd.Series) -> str:
    change = now["gini"] - before["gini"]
    spread = now["range"] - before["range"]
    trend = "区域差距基本持平" if abs(change) < STEADY else ("区域差距缩小" if change < 0 else "区域差距扩大")
    return (f"与{format_period(before['period'])}相比,基尼系数{_signed(change, 3)},极差{_signed(spread, 1)} 分,"
            f"{trend}")


def _signed(value: float, digits: int) -> str:
    if round(abs(value), digits) == 0:
        return "持平"
    return f"{'上升' if value > 0 else '下降'} {abs(value):.{digits}f}"
