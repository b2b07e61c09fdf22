"""Showing raw records to people: Chinese headers, enumerations as Chinese words, the batch they came from.

The headers are the ones the upload templates use (``govdash.domain.kinds``), so a record on screen reads like
the file it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, Select

from govdash.domain.kinds import get_kind
from govdash.repository._sql import read_frame

BATCH_HEADER = "批次"
COUNTS_HEADER = "计入分子"
EXTRA_HEADERS: Mapping[str, str] = {
    "batch_id": BATCH_HEADER, "counts": COUNTS_HEADER, "period": "期间", "month": "月份",
    "rectify_deadline": "整改期限", "rectified_on_time": "按期整改", "handling": "处理状态",
    "indicator_code": "指标代码", "value": "数值", "unit": "单位", "note": "来源说明",
}


@dataclass(frozen=True)
class RecordView:
    """Which records lie behind a metric, and what makes one of them count in the numerator.

    Attributes:
        base: condition selecting the records the value is computed from (``None``: all of the region and
            period).
        counts: condition for the numerator, shown as a 是/否 column (``None`` for a total or a mean).
        flow: for snapshot tables, read every snapshot of the period (volumes) instead of the one snapshot.
    """

    base: ColumnElement[bool] | None = None
    counts: ColumnElement[bool] | None = None
    flow: bool = False


def present(frame: pd.DataFrame, kind: str, labels: Mapping[str, Mapping[Any, str]] | None = None,
            flags: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rename columns to the upload headers of ``kind`` and show codes and flags as Chinese words."""
    frame = frame.copy()
    for column, mapping in (labels or {}).items():
        if column in frame:
            frame[column] = frame[column].map(lambda v, m=mapping: m.get(v, v) if pd.notna(v) else v)
    for column in (*flags, "counts"):
        if column in frame:
            frame[column] = frame[column].map({True: "是", False: "否"})
    headers = {c.key: c.zh for c in get_kind(kind).columns}
    return frame.rename(columns={c: headers.get(c) or EXTRA_HEADERS.get(c, c) for c in frame.columns})


def counted(columns: Sequence[Any], order: Sequence[Any],
            counts: ColumnElement[bool] | None) -> tuple[list[Any], list[Any]]:
    """Add the 计入分子 flag to a record query; records that do not count come first: they explain a low rate."""
    columns, order = list(columns), list(order)
    if counts is not None:
        flag = case((counts, True), else_=False)
        columns.append(flag.label("counts"))
        order.insert(0, flag)
    return columns, order


def fetch_page(engine: Engine, stmt: Select, *, limit: int, offset: int = 0, total: int | None = None) -> pd.DataFrame:
    """Rows ``offset … offset+limit`` of ``stmt``, with the total row count in ``frame.attrs['total']``.

    ``total`` is that count when the caller knows it already (else it is counted).
    """
    if total is None:
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    frame = read_frame(engine, stmt.limit(limit).offset(offset))
    frame.attrs["total"] = int(total)
    return frame
