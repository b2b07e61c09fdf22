"""Reference queries: regions, the periods that have data, and the upload batches behind a value."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select, union
from sqlalchemy.engine import Connection, Engine

from govdash.core.models import (
    CatalogEntry,
    Evaluation,
    Region,
    ReportedValue,
    ServiceItem,
    SurveyAnswer,
    UploadBatch,
)
from govdash.core.periods import is_quarter, period_sort_key
from govdash.domain import region_codes, vocab
from govdash.domain.kinds import KINDS
from govdash.repository import materialized
from govdash.repository._sql import read_frame, table_of

DISTRICT = region_codes.DISTRICT
_PERIOD_TABLES = (Evaluation, SurveyAnswer, ServiceItem, CatalogEntry, ReportedValue)


def list_regions(engine: Engine, *, level: str | None = None) -> pd.DataFrame:
    """Return every region (or those of one ``level``).

    Columns: code, name, level, level_label (区县, 市 …), parent_code, peer_group (同类组, None when not declared).
    """
    r = table_of(Region).c
    stmt = select(r.code, r.name, r.level, r.parent_code, r.peer_group).order_by(r.code)
    if level is not None:
        stmt = stmt.where(r.level == level)
    frame = read_frame(engine, stmt)
    frame.insert(3, "level_label", frame["level"].map(vocab.REGION_LEVEL_LABELS).fillna(frame["level"]))
    return frame


def region_subtree(bind: Engine | Connection, roots: Iterable[str]) -> frozenset[str]:
    """Return the stored regions among ``roots`` and every region below them, at any depth.

    Walks ``parent_code`` with a recursive CTE rather than comparing code prefixes: a 街道 registered under a
    district belongs to it by its parent, whatever its code looks like. Roots that are not stored are left out.
    """
    wanted = sorted(set(roots))
    if not wanted:
        return frozenset()
    r = table_of(Region)
    tree = select(r.c.code).where(r.c.code.in_(wanted)).cte("subtree", recursive=True)
    tree = tree.union(select(r.c.code).join(tree, r.c.parent_code == tree.c.code))
    stmt = select(tree.c.code)
    if isinstance(bind, Connection):
        return frozenset(bind.scalars(stmt))
    with bind.connect() as conn:
        return frozenset(conn.scalars(stmt))


def district_codes(engine: Engine) -> list[str]:
    """Codes of the district-level regions: the ones that are scored."""
    return level_codes(engine, DISTRICT)


def level_codes(engine: Engine, level: str) -> list[str]:
    """Codes of the regions of one level (``city``, ``district``, ``street`` …), in code order."""
    r = table_of(Region).c
    return list(read_frame(engine, select(r.code).where(r.level == level).order_by(r.code))["code"])


def list_periods(engine: Engine, *, with_years: bool = True, start: str | None = None,
                 end: str | None = None) -> list[str]:
    """Return every period that has data in any table, sorted (quarters before their year).

    With ``with_years`` the years of stored quarters are included too: every metric is defined for a year.
    ``start`` and ``end`` (inclusive, in the same order) cut out a range, e.g. for a trend from 2024Q3 to 2025Q2.
    """
    stored = materialized.stored_periods(engine) if with_years else None
    if stored is None:
        stmt = union(*(select(table_of(model).c.period) for model in _PERIOD_TABLES))
        stored = set(read_frame(engine, stmt)["period"].dropna())
    else:  # reported sheets are read as stored, so only their own table knows their periods
        stored |= set(read_frame(engine, select(table_of(ReportedValue).c.period).distinct())["period"])
    if with_years:
        stored |= {p[:4] for p in stored if is_quarter(p)}
    low = period_sort_key(start) if start else None
    high = period_sort_key(end) if end else None
    return [p for p in sorted(stored, key=period_sort_key)
            if (low is None or period_sort_key(p) >= low) and (high is None or period_sort_key(p) <= high)]


def parse_batch_ids(batch_ids: str | int | Iterable[int | str] | None) -> list[int]:
    """Batch ids from ``"3,7"``, one id, or a list; ascending and unique."""
    if batch_ids is None:
        return []
    if isinstance(batch_ids, int):
        return [batch_ids]
    items = batch_ids.split(",") if isinstance(batch_ids, str) else batch_ids
    return sorted({int(str(item).strip()) for item in items if str(item).strip()})


def batch_info(engine: Engine, batch_ids: str | int | Iterable[int | str] | None) -> pd.DataFrame:
    """Describe the upload batches with these ids: what, when, who, which file, and what became of them.

    Columns: batch_id, kind, kind_label, file_name, uploader, created_at, periods, status, status_label,
    rows_written, undone_at.
    """
    b = table_of(UploadBatch).c
    stmt = (select(b.id.label("batch_id"), b.kind, b.file_name, b.uploader, b.created_at, b.period, b.periods,
                   b.status, b.rows_written, b.undone_at)
            .where(b.id.in_(parse_batch_ids(batch_ids))).order_by(b.id))
    frame = read_frame(engine, stmt)
    frame["periods"] = frame["periods"].fillna(frame["period"])
    kind_labels = frame["kind"].map({k: v.label for k, v in KINDS.items()}).fillna(frame["kind"])
    frame.insert(2, "kind_label", kind_labels)
    frame.insert(9, "status_label", frame["status"].map(vocab.BATCH_STATUS_LABELS).fillna(frame["status"]))
    return frame.drop(columns=["period"])
