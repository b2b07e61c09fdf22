"""Writing generated frames as the files evaluators upload: Chinese headers, Chinese words, real encodings.

Headers and column order come from ``govdash.ingest.kinds``; enumerations are written as the Chinese words
users see. Some files are GBK with CRLF line ends, as Excel on Chinese Windows saves them; the others UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govdash import vocab
from govdash.ingest.kinds import get_kind
from govdash.synthetic.texts import SURVEY_B_QUESTIONS


@dataclass(frozen=True)
class SampleFile:
    """One file of the sample: its name, upload kind, encoding and what it holds."""

    name: str
    kind: str
    encoding: str
    frame: str


# In import order: regions before anything that refers to them, the catalog before the lists beside it.
SAMPLE_FILES: tuple[SampleFile, ...] = (
    SampleFile("regions.csv", "regions", "utf-8", "regions"),
    SampleFile("departments.csv", "departments", "utf-8", "departments"),
    SampleFile("catalog.csv", "catalog", "gbk", "catalog"),
    SampleFile("responsibilities.csv", "responsibilities", "utf-8", "responsibilities"),
    SampleFile("demands.csv", "demands", "utf-8-sig", "demands"),
    SampleFile("service_items.csv", "service-items", "gbk", "service_items"),
    SampleFile("evaluations.csv", "evaluations", "gbk", "evaluations"),
    SampleFile("survey_a_long.csv", "surveys", "gbk", "survey_long"),
    SampleFile("survey_b_wide.csv", "surveys", "utf-8-sig", "survey_wide"),
    SampleFile("reported.csv", "reported", "gbk", "reported"),
)

_WIDE_ID_COLUMNS = ("survey_code", "response_code", "region_code", "submitted_at", "scale_max")


def _text(values: pd.Series, column_type: str) -> pd.Series:
    """Render one column as file text: 是/否, dates, minutes, integers without ``.0``, empty for missing."""
    if column_type == "bool":
        return values.map({True: "是", False: "否"})
    if column_type in ("date", "datetime"):
        fmt = "%Y-%m-%d" if column_type == "date" else "%Y-%m-%d %H:%M"
        return pd.to_datetime(values).dt.strftime(fmt).fillna("")
    if pd.api.types.is_float_dtype(values):
        return values.map(lambda v: "" if pd.isna(v) else f"{v:g}")
    return values.astype(object).where(values.notna(), "").astype(str)


def file_frame(kind_key: str, frame: pd.DataFrame, *, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """Return the frame as written: the kind's columns in ``frame``, as text, under Chinese headers."""
    kind = get_kind(kind_key)
    columns = [c for c in kind.columns if c.key in frame.columns]
    out = pd.DataFrame({c.zh: _text(frame[c.key], c.type) for c in columns})
    if "online_depth" in frame:
        out[kind.column("online_depth").zh] = frame["online_depth"].map(vocab.ONLINE_DEPTH_LABELS)
    if "rating" in frame:
        out[kind.column("rating").zh] = frame["rating"].map(vocab.RATING_LABELS)
    return out.rename(columns=headers or {})


def wide_survey_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Questionnaire B as its export looks: id columns, then ``Q1 题目`` columns of 0–10 scores."""
    ids = file_frame("surveys", frame[list(_WIDE_ID_COLUMNS)])
    answers = pd.DataFrame({f"{code} {text}": frame[code].astype(str) for code, text in SURVEY_B_QUESTIONS})
    return pd.concat([ids, answers], axis=1)


def _line_end(encoding: str) -> str:
    return "\n" if encoding == "utf-8" else "\r\n"


def write_csv(path: Path, parts: Iterable[pd.DataFrame], encoding: str) -> int:
    """Write text frames to one CSV (header once), strictly encoded; return the number of data rows."""
    rows = 0
    with open(path, "w", encoding=encoding, errors="strict", newline="") as handle:
        for number, part in enumerate(parts):
            part.to_csv(handle, index=False, header=number == 0, lineterminator=_line_end(encoding))
            rows += len(part)
    return rows
