"""Turn a chunk of text cells into typed columns of a kind, reporting every bad cell."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govdash.domain.kinds import Column
from govdash.ingest import values as v
from govdash.ingest.headers import HeaderMap
from govdash.ingest.report import ValidationReport


@dataclass
class Chunk:
    """Typed values of one chunk, keyed by column key; the index is the Excel row number."""

    frame: pd.DataFrame
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> pd.Index:
        """Excel row numbers of the chunk's rows."""
        return self.frame.index

    def label(self, key: str) -> str:
        """Return the column name to show in the report for a key."""
        return self.labels.get(key, key)


def flag(report: ValidationReport, mask: pd.Series, message: str, *, column: str | None,
         values: pd.Series | None = None, level: str = "error") -> int:
    """Report ``message`` for every row where ``mask`` holds; return how many rows that was."""
    count = int(mask.sum())
    if not count:
        return 0
    room = max(report.cap - len(report.errors if level == "error" else report.warnings), 0)
    # Positional, because a melted wide survey repeats each row number once per question.
    hits = mask.to_numpy(dtype=bool)
    head = mask.index[hits][: min(room, count)]
    shown = values.to_numpy()[hits][: len(head)].tolist() if values is not None else None
    report.add_rows("error" if level == "error" else "warning", message, head.tolist(), column=column,
                    values=shown, total=count)
    return count


def typed_chunk(raw: pd.DataFrame, header_map: HeaderMap, report: ValidationReport, *,
                excel_serials: bool) -> Chunk:
    """Parse each matched column of ``raw`` by its type, with required, range and length checks.

    Text is stored as written, "-办事效率很高" and "=HYPERLINK(...)" alike: every export (CSV, XLSX, the
    briefing) makes text starting with = + - @ inert (``govdash.export.xlsx.inert``), so nothing is refused for it.
    """
    kind = header_map.kind
    cells = v.clean_cells(raw)
    cells = cells[(cells != "").any(axis=1)]  # rows Excel left behind with nothing in them
    out = pd.DataFrame(index=cells.index)
    labels: dict[str, str] = {}
    for col in kind.columns:
        if col.key not in header_map.matched:
            continue
        label = header_map.label(col.key)
        labels[col.key] = label
        text = cells[header_map.matched[col.key]]
        out[col.key] = parse_column(col, text, report, label=label, excel_serials=excel_serials)
    return Chunk(frame=out, labels=labels)


def parse_column(col: Column, text: pd.Series, report: ValidationReport, *, label: str,
                 excel_serials: bool = False, required: bool | None = None) -> pd.Series:
    """Parse one column of text cells by the column's type and limits (``required`` overrides the column's)."""
    if col.required if required is None else required:
        flag(report, text == "", f"“{col.zh}”为必填项,不能为空", column=label)
    parsed, bad = _parse_by_type(col, text, excel_serials=excel_serials)
    if bad.any():
        flag(report, bad, _bad_message(col), column=label, values=text)
    if col.type in ("int", "float") and (col.min is not None or col.max is not None):
        low_high = v.outside(parsed, col.min, col.max)
        flag(report, low_high, _range_message(col), column=label, values=text)
    if col.type == "str":
        if col.max_length:
            flag(report, v.too_long(text, col.max_length), f"内容超过 {col.max_length} 个字符的长度上限",
                 column=label, values=text)
    if col.default is not None and col.type != "date":
        parsed = parsed.where(text != "", col.default) if parsed.dtype == object else parsed.fillna(col.default)
    if col.type == "date":
        parsed = pd.Series(parsed.dt.date, index=parsed.index, dtype=object).where(parsed.notna(), None)
    return parsed


def _parse_by_type(col: Column, text: pd.Series, *, excel_serials: bool) -> v.Parsed:
    none = pd.Series(False, index=text.index)
    if col.type == "int":
        return v.parse_int(text)
    if col.type == "float":
        return v.parse_float(text)
    if col.type in ("date", "datetime"):
        return v.parse_datetime(text, excel_serials=excel_serials)
    if col.type == "bool":
        return v.parse_bool(text)
    if col.type == "enum":
        return v.parse_enum(text, col.choices or {})
    if col.type == "region":
        return v.parse_region(text)
    if col.type == "period":
        return v.parse_periods(text)
    return v.parse_text(text), none


def _bad_message(col: Column) -> str:
    if col.type == "int":
        return f"“{col.zh}”应为整数"
    if col.type == "float":
        return f"“{col.zh}”应为数字"
    if col.type in ("date", "datetime"):
        return f"无法识别的日期:“{col.zh}”应写成 2025-03-05、2025/3/5 或 2025年3月5日" + (
            "(可带时间,如 2025-03-05 10:21)" if col.type == "datetime" else "")
    if col.type == "bool":
        return f"“{col.zh}”应填“是”或“否”"
    if col.type == "enum":
        words = "、".join(dict.fromkeys((col.choices or {}).keys()))
        codes = sorted({str(c) for c in (col.choices or {}).values()})
        numeric = all(c.isdigit() for c in codes)
        return f"不是有效的“{col.zh}”,可填:{words}" + (f",或数字 {codes[0]}–{codes[-1]}" if numeric else "")
    if col.type == "region":
        return v.REGION_CODE_MESSAGE
    if col.type == "period":
        return "无法识别的期间,应为 2025、2025H1(上半年)或 2025Q3"
    return f"“{col.zh}”格式不正确"


def _range_message(col: Column) -> str:
    if col.min is not None and col.max is not None:
        return f"“{col.zh}”应在 {col.min:g}–{col.max:g} 之间"
    if col.min is not None:
        return f"“{col.zh}”不能小于 {col.min:g}"
    return f"“{col.zh}”不能大于 {col.max:g}"


