"""Reporting periods: ``2025`` (a year) or ``2025Q3`` (a quarter)."""

from __future__ import annotations

import re
from datetime import date, datetime

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:[Qq]([1-4]))?\s*$")
_ZH_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?\s*$")
_ZH_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def parse_period(text: str) -> str:
    """Normalize a period string (``2025Q3``, ``2025q3``, ``2025年第3季度``, ``2025``) or raise ``ValueError``."""
    raw = str(text).strip()
    match = _PERIOD_RE.match(raw)
    if match:
        year, quarter = match.groups()
        return f"{year}Q{quarter}" if quarter else year
    match = _ZH_QUARTER_RE.match(raw)
    if match:
        year, quarter = match.groups()
        return f"{year}Q{_ZH_DIGITS.get(quarter, quarter)}"
    if re.fullmatch(r"\d{4}\s*年?", raw):
        return raw[:4]
    raise ValueError(f"无法识别的期间“{raw}”,应为 2025 或 2025Q3")


def is_quarter(period: str) -> bool:
    """Tell whether ``period`` is a quarter (not a whole year)."""
    return "Q" in period


def quarter_of(moment: date | datetime) -> str:
    """Return the quarter a date falls in, e.g. ``2025Q3``."""
    return f"{moment.year}Q{(moment.month - 1) // 3 + 1}"


def period_bounds(period: str) -> tuple[date, date]:
    """Return the first and last day of a period (both inclusive)."""
    period = parse_period(period)
    year = int(period[:4])
    if not is_quarter(period):
        return date(year, 1, 1), date(year, 12, 31)
    quarter = int(period[-1])
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    last = date(year + (last_month == 12), (last_month % 12) + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def previous_period(period: str) -> str:
    """Return the period before ``period`` (same granularity)."""
    period = parse_period(period)
    year = int(period[:4])
    if not is_quarter(period):
        return str(year - 1)
    quarter = int(period[-1])
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def quarters_of_year(year: int | str) -> list[str]:
    """Return the four quarters of a year."""
    return [f"{year}Q{q}" for q in range(1, 5)]


def period_sort_key(period: str) -> tuple[int, int]:
    """Sort years after their own quarters: 2025Q1 < ... < 2025Q4 < 2025."""
    period = parse_period(period)
    return int(period[:4]), int(period[-1]) if is_quarter(period) else 5


def format_period(period: str) -> str:
    """Chinese label of a period: ``2025年第3季度`` or ``2025年``."""
    period = parse_period(period)
    return f"{period[:4]}年第{period[-1]}季度" if is_quarter(period) else f"{period}年"


def format_month(moment: date | datetime | str) -> str:
    """Chinese label of a month: ``2025年3月`` (accepts a date or ``2025-03``)."""
    if isinstance(moment, str):
        year, month = moment[:4], int(moment[5:7])
        return f"{year}年{month}月"
    return f"{moment.year}年{moment.month}月"
