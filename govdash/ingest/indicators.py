"""Reported indicator sheets checked against the frameworks: known code or name, unit, and range."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from govdash.frameworks import Framework, Indicator, reported_indicators, scan_frameworks
from govdash.ingest.convert import Chunk, flag
from govdash.ingest.report import ValidationReport


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").lower()


@dataclass
class IndicatorCatalog:
    """The indicators a district may report, and those computed from records (which it may not).

    ``broken`` holds the messages of framework files that could not be loaded: their indicators are unknown here,
    and a row naming an unknown indicator says so.
    """

    reported: dict[str, Indicator]
    computed: dict[str, Indicator]
    broken: list[str] = field(default_factory=list)

    @classmethod
    def from_frameworks(cls, frameworks: dict[str, Framework] | None = None) -> IndicatorCatalog:
        """Build the catalog from the given frameworks, or from the usable files of the frameworks folder."""
        broken: list[str] = []
        if frameworks is None:
            frameworks, broken = scan_frameworks()
        reported = reported_indicators(frameworks)
        computed = {i.code: i for f in frameworks.values() for _d, i in f.indicators if not i.is_reported}
        return cls(reported=reported, computed=computed, broken=broken)

    def _lookup(self, pool: dict[str, Indicator]) -> dict[str, Indicator]:
        found: dict[str, Indicator] = {}
        for indicator in pool.values():
            found.setdefault(_fold(indicator.code), indicator)
            found.setdefault(_fold(indicator.name), indicator)
        return found

    def check(self, chunk: Chunk, report: ValidationReport) -> None:
        """Replace names by codes in ``indicator_code``; report unknown, computed, unit and range problems."""
        frame = chunk.frame
        reported, computed = self._lookup(self.reported), self._lookup(self.computed)
        raw = frame["indicator_code"].fillna("").astype(str)
        folded = raw.map(_fold)
        found = folded.map(lambda key: reported.get(key))
        label = chunk.label("indicator_code")
        is_computed = found.isna() & folded.isin(list(computed)) & (raw != "")
        flag(report, is_computed, "该指标由明细数据自动计算,不需要也不能填报", column=label, values=raw)
        unknown = found.isna() & ~is_computed & (raw != "")
        for text in raw[unknown].unique():
            rows = unknown & (raw == text)
            flag(report, rows, "评估框架中没有这个填报指标" + self._hint(text) + self._broken_note(),
                 column=label, values=raw)
        frame["indicator_code"] = found.map(lambda ind: ind.code if ind is not None else None).where(
            found.notna(), raw.where(raw != "", None))
        self._check_units_and_ranges(chunk, found, report)

    def _hint(self, text: str) -> str:
        names = {_fold(i.name): i.name for i in self.reported.values()}
        names.update({i.code: i.name for i in self.reported.values()})
        close = difflib.get_close_matches(_fold(text), list(names), n=2, cutoff=0.5)
        return f"(您是否想写“{'”或“'.join(dict.fromkeys(names[c] for c in close))}”?)" if close else ""

    def _broken_note(self) -> str:
        if not self.broken:
            return ""
        files = "、".join(dict.fromkeys(message.split(":", 1)[0] for message in self.broken))
        return f";框架文件 {files} 有错误未能加载,若该指标定义在其中,请先修正该文件"

    def _check_units_and_ranges(self, chunk: Chunk, found: pd.Series, report: ValidationReport) -> None:
        frame = chunk.frame
        expected = found.map(lambda ind: ind.unit if ind is not None else None)
        if "unit" in frame:
            given = frame["unit"].map(lambda u: _fold(u) if isinstance(u, str) else None)
            mismatch = given.notna() & expected.notna() & (given != expected.map(
                lambda u: _fold(u) if u else u))
            flag(report, mismatch, "单位与评估框架中该指标的单位不符", column=chunk.label("unit"),
                 values=frame["unit"] + "(应为 " + expected.fillna("") + ")")
        value = frame["value"]
        self._check_ranges(chunk, found, report)
        binary = (expected == "0/1") & ~value.isin([0, 1]) & value.notna()
        flag(report, binary, "该指标只能填 0 或 1(0 = 否,1 = 是)", column=chunk.label("value"), values=value)

    def _check_ranges(self, chunk: Chunk, found: pd.Series, report: ValidationReport) -> None:
        """Refuse values outside each indicator's declared range (a 1.2 on a 0–1 indicator is a slip, not 1)."""
        value = chunk.frame["value"]
        # As written in the sheet: 260, not 260.0.
        shown = value.map(lambda v: format(v, ".15g") if pd.notna(v) else None)
        codes = found.map(lambda ind: ind.code if ind is not None else None)
        for code in codes.dropna().unique():
            indicator = self.reported[code]
            low, high = indicator.value_range
            if low is None and high is None:
                continue
            outside = (value < low) if low is not None else pd.Series(False, index=value.index)
            if high is not None:
                outside = outside | (value > high)
            mask = (codes == code) & outside.fillna(False).astype(bool)
            flag(report, mask, f"数值超出“{indicator.name}”的取值范围 {range_text(low, high, indicator.unit)}"
                 "(评估框架中声明的范围;请核对是否写错了单位或小数点)", column=chunk.label("value"), values=shown)


def range_text(low: float | None, high: float | None, unit: str = "") -> str:
    """Show a range as ``0–100 %``, ``≥ 0 件`` or ``≤ 10``."""
    suffix = f" {unit}" if unit and unit != "0/1" else ""
    if low is not None and high is not None:
        return f"{low:g}–{high:g}{suffix}"
    return f"≥ {low:g}{suffix}" if low is not None else f"≤ {high:g}{suffix}"
