"""Reporting periods: ``2025`` (a year), ``2025H1`` / ``2025H2`` (a half-year) or ``2025Q3`` (a quarter).

A half-year covers two quarters (H1 = Q1 + Q2), a year four. Periods sort in time, each longer period right after
its last quarter: 2025Q1 < 2025Q2 < 2025H1 < 2025Q3 < 2025Q4 < 2025H2 < 2025.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:([QqHh])\s*(\d))?\s*$")
_ZH_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_ZH_HALF_RE = re.compile(r"^\s*(\d{4})\s*年?\s*([上下])\s*半\s*年\s*度?\s*$")
_ZH_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
_LIMITS = {"Q": 4, "H": 2}
# Place of a period within its year, for sorting: a half-year right after its last quarter, the year last.
_ORDER = {"Q1": 1, "Q2": 2, "H1": 3, "Q3": 4, "Q4": 5, "H2": 6, "": 7}


def parse_period(text: str) -> str:
    """Normalize a period (``2025Q3``, ``2025q3``, ``2025年第3季度``, ``2025H1``, ``2025年上半年``, ``2025``).

    Raises:
        ValueError: the text is not a period, in Chinese.
    """
    raw = str(text).strip()
    match = _PERIOD_RE.match(raw)
    if match:
        year, kind, number = match.groups()
        if kind is None:
            return year
        if 1 <= int(number) <= _LIMITS[kind.upper()]:
            return f"{year}{kind.upper()}{number}"
    match = _ZH_QUARTER_RE.match(raw)
    if match:
        year, quarter = match.groups()
        return f"{year}Q{_ZH_DIGITS.get(quarter, quarter)}"
    match = _ZH_HALF_RE.match(raw)
    if match:
        year, half = match.groups()
        return f"{year}H{1 if half == '上' else 2}"
    if re.fullmatch(r"\d{4}\s*年?", raw):
        return raw[:4]
    raise ValueError(f"无法识别的期间“{raw}”,应为 2025、2025H1(上半年)或 2025Q3")


def is_quarter(period: str) -> bool:
    """Tell whether ``period`` is a quarter (not a half-year or a whole year)."""
    return "Q" in period


def is_half_year(period: str) -> bool:
    """Tell whether ``period`` is a half-year (``2025H1``, ``2025H2``)."""
    return "H" in period


def granularity(period: str) -> str:
    """Return ``"quarter"``, ``"half"`` or ``"year"``."""
    return "quarter" if is_quarter(period) else "half" if is_half_year(period) else "year"


def quarters_of(period: str) -> list[str]:
    """Return the quarters a period covers: itself, the two of a half-year, or the four of a year."""
    period = parse_period(period)
    if is_quarter(period):
        return [period]
    if is_half_year(period):
        first = 1 if period.endswith("1") else 3
        return [f"{period[:4]}Q{first}", f"{period[:4]}Q{first + 1}"]
    return quarters_of_year(period)


def quarter_of(moment: date | datetime) -> str:
    """Return the quarter a date falls in, e.g. ``2025Q3``."""
    return f"{moment.year}Q{(moment.month - 1) // 3 + 1}"


def period_bounds(period: str) -> tuple[date, date]:
    """Return the first and last day of a period (both inclusive)."""
    period = parse_period(period)
    year = int(period[:4])
    if not is_quarter(period) and not is_half_year(period):
        return date(year, 1, 1), date(year, 12, 31)
    months = 3 if is_quarter(period) else 6
    part = int(period[-1])
    first = date(year, months * (part - 1) + 1, 1)
    last_month = months * part
    last = date(year + (last_month == 12), (last_month % 12) + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def previous_period(period: str) -> str:
    """Return the period before ``period`` (same granularity)."""
    period = parse_period(period)
    year = int(period[:4])
    if is_half_year(period):
        return f"{year - 1}H2" if period.endswith("1") else f"{year}H1"
    if not is_quarter(period):
        return str(year - 1)
    quarter = int(period[-1])
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def previous_available(period: str, available: Iterable[str]) -> str | None:
    """Return the latest period before ``period`` of the same granularity among ``available``, or None.

    For data collected every other year, 2025 is compared with 2023 when 2024 has none.
    """
    period = parse_period(period)
    kind, key = granularity(period), period_sort_key(period)
    earlier = [p for p in {parse_period(a) for a in available}
               if granularity(p) == kind and period_sort_key(p) < key]
    return max(earlier, key=period_sort_key) if earlier else None


def quarters_of_year(year: int | str) -> list[str]:
    """Return the four quarters of a year."""
    return [f"{year}Q{q}" for q in range(1, 5)]


def period_sort_key(period: str) -> tuple[int, int]:
    """Sort in time, a half-year after its last quarter and a year after everything in it (see the module)."""
    period = parse_period(period)
    return int(period[:4]), _ORDER[period[4:]]


def format_period(period: str) -> str:
    """Chinese label of a period: ``2025年第3季度``, ``2025年上半年`` or ``2025年``."""
    period = parse_period(period)
    if is_half_year(period):
        return f"{period[:4]}年{'上' if period.endswith('1') else '下'}半年"
    return f"{period[:4]}年第{period[-1]}季度" if is_quarter(period) else f"{period}年"


def format_month(moment: date | datetime | str) -> str:
    """Chinese label of a month: ``2025年3月`` (accepts a date or ``2025-03``)."""
    if isinstance(moment, str):
        year, month = moment[:4], int(moment[5:7])
        return f"{year}年{month}月"
    return f"{moment.year}年{moment.month}月"
