"""How an upload's columns are laid out: the usual one column per field, or a wide survey export.

A wide survey has the id columns (问卷编号, 答卷编号, 区县代码, 提交时间) and one column per question; it is
melted into the long form, one row per answer, with the question text taken from the header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from govdash.domain.kinds import Kind
from govdash.ingest.convert import Chunk, parse_column, typed_chunk
from govdash.ingest.headers import HeaderMap, map_headers
from govdash.ingest.report import ValidationReport
from govdash.ingest.values import clean_cells

_QUESTION_RE = re.compile(r"^\s*([Qq]\s*\d+|第?\d+题?)\s*[.、::\s]?\s*(.*)$")
_WIDE_ANSWER_KEYS = ("question_code", "score")


@dataclass
class Layout:
    """Turns raw chunks into typed chunks of the kind's columns."""

    header_map: HeaderMap
    excel_serials: bool

    @property
    def kind(self) -> Kind:
        """The kind being imported."""
        return self.header_map.kind

    def typed(self, raw: pd.DataFrame, report: ValidationReport) -> Chunk:
        """Parse one raw chunk."""
        return typed_chunk(raw, self.header_map, report, excel_serials=self.excel_serials)


@dataclass
class WideSurveyLayout(Layout):
    """One column per question; each non-empty answer becomes a row."""

    questions: dict[int, tuple[str, str | None]] | None = None

    def typed(self, raw: pd.DataFrame, report: ValidationReport) -> Chunk:
        """Parse the id columns, then each question column as a score, and stack the answers."""
        ids = typed_chunk(raw, self.header_map, report, excel_serials=self.excel_serials)
        cells = clean_cells(raw.loc[ids.frame.index])
        score_col = self.kind.column("score")
        parts = []
        for position, (code, text) in (self.questions or {}).items():
            answers = cells[position]
            # An unanswered question is simply left out, not a missing value.
            scores = parse_column(score_col, answers, report, label=self.header_map.headers[position],
                                  required=False)
            answered = answers != ""
            part = ids.frame[answered].copy()
            part["question_code"] = code
            part["question_text"] = text
            part["score"] = scores[answered]
            parts.append(part)
        frame = pd.concat(parts) if parts else ids.frame.iloc[0:0]
        labels = {**ids.labels, "question_code": "题目", "score": "得分"}
        return Chunk(frame=frame, labels=labels)


def question_of(header: str, position: int) -> tuple[str, str | None]:
    """Question code and text from a header such as ``Q3 您对办事效率是否满意?`` or a bare question text."""
    match = _QUESTION_RE.match(header)
    if match:
        number = re.sub(r"\D", "", match.group(1))
        return f"Q{number}", (match.group(2).strip() or None)
    return f"Q{position + 1}", header.strip()


def choose_layout(kind: Kind, headers: list[str], *, excel_serials: bool,
                  column_mapping: Mapping[str, str] | None = None) -> Layout:
    """Recognize a wide survey export; otherwise map the headers one to one."""
    header_map = map_headers(kind, headers, column_mapping)
    if kind.key != "surveys" or any(k in header_map.matched for k in _WIDE_ANSWER_KEYS):
        return Layout(header_map, excel_serials)
    id_keys = {c.key for c in kind.required} - set(_WIDE_ANSWER_KEYS)
    if not id_keys <= set(header_map.matched) or not header_map.unknown:
        return Layout(header_map, excel_serials)
    questions: dict[int, tuple[str, str | None]] = {}
    for number, position in enumerate(sorted(header_map.unknown)):
        questions[position] = question_of(headers[position], number)
    header_map.unknown = {}
    header_map.missing = [k for k in header_map.missing if k not in _WIDE_ANSWER_KEYS]
    return WideSurveyLayout(header_map, excel_serials, questions)
