"""Vectorized parsing of text cells into typed values: each parser returns the values and a mask of bad cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from govdash.core.periods import parse_period
from govdash.domain import vocab

_ZH_DATE_RE = (r"^(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
               r"(?:[\sT]*(?P<hour>\d{1,2})\s*[:时]\s*(?P<minute>\d{1,2})\s*分?"
               r"(?:\s*:?\s*(?P<second>\d{1,2})(?:\.\d+)?\s*秒?)?)?$")
_COMPACT_DATE_RE = r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$"
_SERIAL_RE = r"^\d{4,5}(?:\.\d+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# 6 digits (GB/T 2260: 省/市/区县), 9 (街道/乡镇) or 12 (社区/村, 统计用区划代码); Excel may add ".0".
_REGION_RE = r"^(\d{6}|\d{9}|\d{12})(?:\.0+)?$"
REGION_CODE_MESSAGE = ("区划代码应为 6 位(省/市/区县,GB/T 2260)、9 位(街道/乡镇)或 12 位(社区/村)数字;"
                       "Excel 把代码变成数字或科学计数法时,请把该列设为文本后重新填写")
_NUMERIC_SUFFIX_RE = r"^(-?\d+)\.0+$"

Parsed = tuple[pd.Series, pd.Series]


def parse_int(text: pd.Series) -> Parsed:
    """Integers; ``12.0`` (Excel's way of writing 12) is accepted."""
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (numbers.isna() | (numbers % 1 != 0))
    return numbers.where(~bad).astype("Int64"), bad


def parse_float(text: pd.Series) -> Parsed:
    """Decimal numbers; a trailing ``%`` is dropped (the value is already in percent)."""
    cleaned = text.str.removesuffix("%").str.replace(",", "", regex=False).str.strip()
    numbers = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce").astype("float64")
    bad = (text != "") & numbers.isna()
    return numbers, bad


def parse_datetime(text: pd.Series, *, excel_serials: bool = False) -> Parsed:
    """Dates and times as written in Chinese spreadsheets: ISO, ``2025/3/5``, ``2025年3月5日``, Excel serials."""
    present = text != ""
    values = pd.to_datetime(text.where(present), format="ISO8601", errors="coerce")
    values = values.astype("datetime64[us]")
    pending = present & values.isna()
    if pending.any():
        values[pending] = _parse_loose(text[pending], excel_serials=excel_serials)
    bad = present & values.isna()
    return values, bad


def _parse_loose(text: pd.Series, *, excel_serials: bool) -> pd.Series:
    parts = text.str.extract(_ZH_DATE_RE)
    compact = text.str.extract(_COMPACT_DATE_RE)
    parts = parts.fillna(compact.reindex(columns=parts.columns))
    fields = parts.apply(pd.to_numeric, errors="coerce")
    fields[["hour", "minute", "second"]] = fields[["hour", "minute", "second"]].fillna(0)
    values = pd.to_datetime(fields, errors="coerce").astype("datetime64[us]")
    if excel_serials:
        serial = text.str.match(_SERIAL_RE) & values.isna()
        if serial.any():
            days = pd.to_numeric(text[serial], errors="coerce")
            values[serial] = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D").dt.round("s")
    return values


def looked_up(values: pd.Series, lookup: Mapping[Any, Any]) -> pd.Series:
    """Each value's entry in ``lookup`` (None where it has none), looking each distinct value up once.

    A column holds few distinct words (是/否, the channels) or repeats its codes, so this costs a factorization
    and one dictionary lookup per distinct value; ``Series.map`` with a dict costs a lookup per row.
    """
    codes, uniques = pd.factorize(values)
    entries = np.array([*(lookup.get(u) for u in uniques), None], dtype=object)  # code -1 (missing) takes the None
    return pd.Series(entries[codes], index=values.index, dtype=object)


def parse_bool(text: pd.Series) -> Parsed:
    """是/否 and the usual yes/no spellings."""
    values = looked_up(text, vocab.YES_NO)
    bad = (text != "") & values.isna()
    return values.astype(object).where(values.notna(), None), bad


def enum_lookup(choices: Mapping[str, Any]) -> dict[str, Any]:
    """Accept each choice's Chinese word and its stored code (``5``, ``4``, ``unconditional``)."""
    lookup: dict[str, Any] = {str(code): code for code in choices.values()}
    lookup.update(choices)
    return lookup


def parse_enum(text: pd.Series, choices: Mapping[str, Any]) -> Parsed:
    """Parse a Chinese word or its code; ``5.0`` from Excel counts as ``5``."""
    lookup = enum_lookup(choices)
    values = looked_up(text, lookup)
    pending = (text != "") & values.isna()
    if pending.any():
        values[pending] = looked_up(text[pending].str.replace(_NUMERIC_SUFFIX_RE, r"\1", regex=True), lookup)
    bad = (text != "") & values.isna()
    return values.astype(object).where(values.notna(), None), bad


def parse_region(text: pd.Series) -> Parsed:
    """Region codes of 6, 9 or 12 digits; ``440106.0`` (a code Excel turned into a number) comes back as text."""
    plain = text.str.fullmatch(r"\d{6}|\d{9}|\d{12}").fillna(False).astype(bool)
    codes = text.where(plain)
    if not plain.all():
        codes[~plain] = text[~plain].str.extract(_REGION_RE, expand=False)
    bad = (text != "") & codes.isna()
    return codes.astype(object).where(codes.notna(), None), bad


def parse_periods(text: pd.Series) -> Parsed:
    """Periods such as ``2025Q3``, ``2025年第3季度`` or ``2025``, normalized."""
    mapping: dict[str, str | None] = {}
    for raw in text.unique():
        try:
            mapping[raw] = parse_period(raw) if raw else None
        except ValueError:
            mapping[raw] = None
    values = text.map(mapping)
    bad = (text != "") & values.isna()
    return values.astype(object).where(values.notna(), None), bad


def parse_text(text: pd.Series) -> pd.Series:
    """Text cells, with empty ones as None."""
    return text.astype(object).where(text != "", None)


def too_long(text: pd.Series, max_length: int) -> pd.Series:
    """Mask of cells longer than ``max_length`` characters."""
    return text.str.len() > max_length


def outside(numbers: pd.Series, low: float | None, high: float | None) -> pd.Series:
    """Mask of numbers below ``low`` or above ``high`` (missing numbers are never outside)."""
    mask = pd.Series(False, index=numbers.index)
    if low is not None:
        mask |= (numbers < low).fillna(False).astype(bool)
    if high is not None:
        mask |= (numbers > high).fillna(False).astype(bool)
    return mask


def to_python(values: pd.Series) -> list:
    """Values ready for the database driver: None for missing, Python ints/floats/datetimes/bools."""
    if isinstance(values.dtype, pd.Int64Dtype):
        return [None if v is pd.NA else int(v) for v in values.array]
    if values.dtype.kind == "M":
        # Plain datetimes: not every driver adapts pandas' Timestamp subclass.
        return [None if v is pd.NaT else v for v in values.dt.to_pydatetime()]
    if values.dtype.kind == "f":
        return [None if np.isnan(v) else float(v) for v in values.to_numpy()]
    return values.tolist()


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip surrounding blanks (ordinary and full-width) from every cell."""
    # str.strip() without arguments also removes the full-width space U+3000.
    return frame.apply(lambda col: col.astype(str).str.strip())


