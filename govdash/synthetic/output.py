"""Writing generated frames as the files evaluators upload: Chinese headers, Chinese words, real encodings.

Headers and column order come from ``govdash.domain.kinds``; enumerations are written as the Chinese words
users see, except ratings and 网办深度, written as the digits the importer also accepts. Values are kept short
to keep the shipped sample small: optional columns the importer can fill are left out, a ``否`` whose column
defaults to ``否`` is left blank, numbers carry no trailing zeros. Some files are GBK with CRLF line ends, as
Excel on Chinese Windows saves them; the others UTF-8. The four large files are the same CSV gzip-compressed
(``.csv.gz``), as data exchanges often ship them, written reproducibly: no time stamp or file name in the
header and a fixed compression level, so the bytes depend on the data alone.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from govdash.domain.kinds import get_kind
from govdash.synthetic.texts import SURVEY_B_QUESTIONS


@dataclass(frozen=True)
class SampleFile:
    """One file of the sample: its name, upload kind, encoding, what it holds and the columns left out."""

    name: str
    kind: str
    encoding: str
    frame: str
    omit: tuple[str, ...] = ()


# In import order: regions before anything that refers to them, the catalog before the lists beside it.
SAMPLE_FILES: tuple[SampleFile, ...] = (
    SampleFile("regions.csv", "regions", "utf-8", "regions"),
    SampleFile("departments.csv", "departments", "utf-8", "departments"),
    SampleFile("catalog.csv.gz", "catalog", "gbk", "catalog"),
    SampleFile("responsibilities.csv", "responsibilities", "utf-8", "responsibilities"),
    SampleFile("demands.csv", "demands", "utf-8-sig", "demands"),
    SampleFile("service_items.csv.gz", "service-items", "gbk", "service_items"),
    # 实施部门 comes from the service item at import; 量表 defaults to 5 points.
    SampleFile("evaluations.csv.gz", "evaluations", "gbk", "evaluations", omit=("department",)),
    SampleFile("survey_a_long.csv.gz", "surveys", "gbk", "survey_long", omit=("scale_max",)),
    SampleFile("survey_b_wide.csv", "surveys", "utf-8-sig", "survey_wide"),
    SampleFile("reported.csv", "reported", "gbk", "reported"),
)

GZIP_LEVEL = 9
_WIDE_ID_COLUMNS = ("survey_code", "response_code", "region_code", "submitted_at", "scale_max")


def _text(values: pd.Series, column_type: str, default: object = None) -> pd.Series:
    """Render one column as file text: 是/否, dates, minutes, integers without ``.0``, empty for missing.

    A boolean column whose default is ``False`` gets an empty cell for 否, as the importer reads it the same.
    """
    if column_type == "bool":
        return values.map({True: "是", False: "" if default is False else "否"})
    if column_type in ("date", "datetime"):
        fmt = "%Y-%m-%d" if column_type == "date" else "%Y-%m-%d %H:%M"
        return pd.to_datetime(values).dt.strftime(fmt).fillna("")
    if pd.api.types.is_float_dtype(values):
        return values.map(lambda v: "" if pd.isna(v) else f"{v:g}")
    return values.astype(object).where(values.notna(), "").astype(str)


def file_frame(kind_key: str, frame: pd.DataFrame, *, headers: dict[str, str] | None = None,
               omit: tuple[str, ...] = ()) -> pd.DataFrame:
    """Return the frame as written: the kind's columns in ``frame`` but ``omit``, as text, under Chinese headers."""
    kind = get_kind(kind_key)
    columns = [c for c in kind.columns if c.key in frame.columns and c.key not in omit]
    out = pd.DataFrame({c.zh: _text(frame[c.key], c.type, c.default) for c in columns})
    return out.rename(columns=headers or {})


def wide_survey_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Questionnaire B as its export looks: id columns, then ``Q1 题目`` columns of 0–10 scores."""
    ids = file_frame("surveys", frame[list(_WIDE_ID_COLUMNS)])
    answers = pd.DataFrame({f"{code} {text}": frame[code].astype(str) for code, text in SURVEY_B_QUESTIONS})
    return pd.concat([ids, answers], axis=1)


def _line_end(encoding: str) -> str:
    return "\n" if encoding == "utf-8" else "\r\n"


@contextmanager
def _binary_target(path: Path) -> Iterator[BinaryIO | gzip.GzipFile]:
    """Open ``path`` for writing; a ``.gz`` name gets a gzip stream without time stamp or file name."""
    with open(path, "wb") as raw:
        if path.suffix != ".gz":
            yield raw
            return
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as packed:
            yield packed


def write_csv(path: Path, parts: Iterable[pd.DataFrame], encoding: str) -> int:
    """Write text frames to one CSV (header once), strictly encoded, gzipped when the name ends in ``.gz``.

    Returns:
        The number of data rows written.
    """
    rows = 0
    with _binary_target(path) as target, io.TextIOWrapper(target, encoding=encoding, errors="strict",
                                                           newline="") as handle:
        for number, part in enumerate(parts):
            part.to_csv(handle, index=False, header=number == 0, lineterminator=_line_end(encoding))
            rows += len(part)
    return rows
