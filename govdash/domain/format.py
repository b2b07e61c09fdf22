"""Display formats of the Chinese UI: 85.3 分, 92.1%, +3.1 分, 12,345, 2025年第4季度, 2025年3月, 2025年3月5日 14:07.

Pure functions (no Streamlit), so exports and the command line format numbers the same way. Every function
returns "—" for a missing value (None or NaN).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from numbers import Real
from zoneinfo import ZoneInfo

from govdash.core.periods import format_month, format_period

MISSING = "—"
# Times are stored in UTC (``models.utcnow``); people read them in Beijing time.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def _missing(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, Real) and math.isnan(float(value))


def number(value: float | None, digits: int = 1) -> str:
    """Format a number with thousands separators and a fixed number of decimals: ``1,234.5``."""
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{float(value):,.{digits}f}"


def score(value: float | None, digits: int = 1) -> str:
    """Format a score on the 0–100 scale: ``85.3 分``."""
    return MISSING if _missing(value) else f"{number(value, digits)} 分"


def percent(value: float | None, digits: int = 1) -> str:
    """Format a rate already expressed in per cent (0–100): ``92.1%``."""
    return MISSING if _missing(value) else f"{number(value, digits)}%"


def points(value: float | None, digits: int = 1, unit: str = "分") -> str:
    """Format a signed change: ``+3.1 分``, ``-0.4 分``; zero is ``0.0 分``."""
    if _missing(value):
        return MISSING
    assert value is not None
    rounded = round(float(value), digits)
    sign = "+" if rounded > 0 else ""
    return f"{sign}{rounded:,.{digits}f} {unit}".rstrip()


def count(value: float | None) -> str:
    """Format a count with thousands separators: ``12,345``."""
    return MISSING if _missing(value) else f"{int(round(float(value))):,}"  # type: ignore[arg-type]


def days(value: float | None, digits: int = 1) -> str:
    """Format a duration in days: ``4.2 天``."""
    return MISSING if _missing(value) else f"{number(value, digits)} 天"


def period_label(period: str | None) -> str:
    """Chinese label of a period: ``2025年第4季度`` or ``2025年``."""
    return MISSING if not period else format_period(period)


def month_label(moment: date | datetime | str | None) -> str:
    """Chinese label of a month: ``2025年3月``."""
    return MISSING if moment is None or moment == "" else format_month(moment)


#: How a column of Beijing times says so in its header: a time without a zone is ambiguous in an exported file.
LOCAL_ZONE_LABEL = "北京时间"


def local_time(moment: datetime | None) -> str:
    """Beijing time of a stored moment: ``2025年3月5日 14:07``. A naive moment is taken as UTC, as stored."""
    if moment is None or moment != moment:  # None, or NaT from a DataFrame
        return MISSING
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LOCAL_ZONE)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def rank(value: float | None, total: int | None = None) -> str:
    """Format a rank: ``第 3 名`` or ``第 3 / 12 名``."""
    if _missing(value):
        return MISSING
    place = int(value)  # type: ignore[arg-type]
    return f"第 {place} 名" if total is None else f"第 {place} / {total} 名"


#: Units counted in whole numbers: 5 件, not 5.00件.
COUNT_UNITS = frozenset({"件", "个", "项", "次", "起", "人", "家"})


def raw_value(value: float | None, unit: str | None) -> str:
    """Format an indicator's raw value with its unit: ``是``/``否`` for 0/1, ``5 件``, ``92.4%``, ``3.5 h``."""
    if _missing(value):
        return MISSING
    number_value = float(value)  # type: ignore[arg-type]
    unit = (unit or "").strip()
    if unit == "0/1":
        return "是" if number_value >= 0.5 else "否"
    if unit == "%":
        return f"{number_value:,.1f}%"
    if unit in COUNT_UNITS and number_value == round(number_value):
        return f"{number_value:,.0f} {unit}"
    text = f"{number_value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".rstrip()
