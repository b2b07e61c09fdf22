"""Match the headers of an upload to the columns of its kind, with "did you mean" hints for the rest."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from govdash.domain.kinds import KINDS, Kind
from govdash.ingest.report import ValidationReport

_SUFFIX_RE = re.compile(r"\([^()]*\)$")
_DECORATION_RE = re.compile(r"[\s*※:]+")


def normalize_header(text: str) -> str:
    """Fold a header to its matching form: half-width, no blanks or ``*``/colon marks, lower case."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lstrip("\ufeff")
    return _DECORATION_RE.sub("", folded).lower()


def _variants(text: str) -> list[str]:
    """Return a header and, when it ends in a note such as ``(工作日)``, the header without it."""
    norm = normalize_header(text)
    stripped = _SUFFIX_RE.sub("", norm)
    return [norm, stripped] if stripped and stripped != norm else [norm]


@dataclass
class HeaderMap:
    """Which file column feeds which kind column, and what could not be matched."""

    kind: Kind
    headers: list[str]
    matched: dict[str, int] = field(default_factory=dict)
    unknown: dict[int, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)

    def label(self, key: str) -> str:
        """Return the header the file uses for a column, or its Chinese name when the file lacks it."""
        if key in self.matched:
            return self.headers[self.matched[key]] or self.kind.column(key).zh
        return self.kind.column(key).zh


def _name_index(kind: Kind) -> dict[str, str]:
    index: dict[str, str] = {}
    for col in kind.columns:
        for name in col.names:
            for variant in _variants(name):
                index.setdefault(variant, col.key)
    return index


def _all_names() -> dict[str, str]:
    """Every accepted header across all kinds, folded, mapped to the Chinese name shown in hints."""
    names: dict[str, str] = {}
    for kind in KINDS.values():
        for col in kind.columns:
            for name in col.names:
                names.setdefault(normalize_header(name), col.zh)
    return names


def suggest(header: str, kind: Kind | None = None, *, limit: int = 3) -> list[str]:
    """Chinese column names close to ``header``: this kind's first, then any kind's; only the nearest ones."""
    pools = [{normalize_header(n): c.zh for c in kind.columns for n in c.names}] if kind else []
    pools.append(_all_names())
    norm = normalize_header(header)
    for pool in pools:
        scored: dict[str, float] = {}
        for name, zh in pool.items():
            ratio = difflib.SequenceMatcher(None, norm, name).ratio()
            if ratio >= 0.5 and ratio > scored.get(zh, 0):
                scored[zh] = ratio
        if scored:
            best = max(scored.values())
            # A clearly better match hides the merely similar ones (回访时间 before 评价时间).
            near = sorted((z for z, r in scored.items() if r >= best - 0.1), key=lambda z: -scored[z])
            return near[:limit]
    return []


def map_headers(kind: Kind, headers: list[str], column_mapping: Mapping[str, str] | None = None) -> HeaderMap:
    """Match each header to a column of ``kind`` (explicit ``column_mapping`` first: header -> key or name)."""
    index = _name_index(kind)
    explicit = {normalize_header(h): _resolve_target(kind, t, index) for h, t in (column_mapping or {}).items()}
    result = HeaderMap(kind=kind, headers=headers)
    for position, header in enumerate(headers):
        if not normalize_header(header):
            continue
        key = explicit.get(normalize_header(header)) or next(
            (index[v] for v in _variants(header) if v in index), None)
        if key is None:
            result.unknown[position] = suggest(header, kind)
        elif key in result.matched:
            result.duplicates.setdefault(key, [result.matched[key]]).append(position)
        else:
            result.matched[key] = position
    result.missing = [c.key for c in kind.required if c.key not in result.matched]
    return result


def _resolve_target(kind: Kind, target: str, index: dict[str, str]) -> str | None:
    if target in {c.key for c in kind.columns}:
        return target
    return index.get(normalize_header(target))


def report_headers(header_map: HeaderMap, report: ValidationReport, *, optional_missing: set[str]) -> None:
    """Add the header problems to the report: missing required columns are errors, unknown ones warnings.

    ``optional_missing`` are required columns that can be supplied another way (the period argument).
    """
    kind = header_map.kind
    hints = {pos: sugg for pos, sugg in header_map.unknown.items() if sugg}
    for key in header_map.missing:
        if key in optional_missing:
            continue
        zh = kind.column(key).zh
        near = [header_map.headers[p] for p, sugg in hints.items() if zh in sugg]
        extra = f";文件中的列“{near[0]}”是否就是“{zh}”?请更正表头" if near else ""
        report.error(f"缺少必填列“{zh}”{extra}", row=1, column=zh)
    for key, positions in header_map.duplicates.items():
        names = "、".join(f"“{header_map.headers[p]}”" for p in positions)
        report.error(f"多个列都对应“{kind.column(key).zh}”:{names},请只保留一列", row=1,
                     column=kind.column(key).zh)
    for position, sugg in header_map.unknown.items():
        header = header_map.headers[position]
        hint = f"(您是否想写“{'”或“'.join(sugg)}”?)" if sugg else ""
        report.warning(f"无法识别的列“{header}”,已忽略{hint}", row=1, column=header, value=header)


def guess_kind(headers: list[str]) -> Kind | None:
    """Return the kind whose required columns the headers cover best (None when nothing matches)."""
    best: tuple[float, Kind] | None = None
    for kind in KINDS.values():
        header_map = map_headers(kind, headers)
        required = len(kind.required) or 1
        score = (required - len(header_map.missing)) / required + len(header_map.matched) / 100
        if header_map.matched and (best is None or score > best[0]):
            best = (score, kind)
    return best[1] if best else None
