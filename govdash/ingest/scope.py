"""A data scope as the import sees it: which region codes an upload may touch, and the refusals it causes.

``govdash.auth.scope`` works out the codes (the account's regions and everything below them); the pipeline only
checks rows and batches against them, so that a refused file writes nothing (all-or-nothing, like any error).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from govdash.domain.kinds import get_kind
from govdash.ingest.writer import table_of

ROWS_NAMED = 10  # row numbers named per region in a message; the rest are counted


@dataclass(frozen=True)
class DataScope:
    """The regions an account may write: ``codes`` (stored regions at any depth below its roots).

    ``label`` names the roots for messages, like ``990102 滨江区、990103 望湖区``.
    """

    codes: frozenset[str]
    label: str

    def covers(self, code: str) -> bool:
        """Tell whether ``code`` is inside the scope."""
        return code in self.codes


@dataclass
class ScopeFindings:
    """Rows of one upload that fall outside the scope, by region code (Excel row numbers)."""

    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, codes: pd.Series) -> None:
        """Remember the rows (the series' index) of each code in ``codes``."""
        for code, row in zip(codes.tolist(), codes.index.tolist(), strict=True):
            found = self.rows.setdefault(str(code), [])
            if not found or found[-1] != row:  # a melted wide survey repeats each row once per question
                found.append(int(row))

    def merge(self, other: ScopeFindings) -> None:
        """Add the rows another part of the upload found (a later chunk)."""
        for code, rows in other.rows.items():
            self.rows.setdefault(code, []).extend(rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def rows_text(rows: list[int]) -> str:
    """``第 2、5、7 行`` (the first ``ROWS_NAMED``, then ``等 N 行``)."""
    shown = "、".join(str(r) for r in rows[:ROWS_NAMED])
    return f"第 {shown} 行" + (f"等 {len(rows)} 行" if len(rows) > ROWS_NAMED else "")


def file_refusal(scope: DataScope, findings: ScopeFindings) -> str:
    """Return the sentence that heads a refused upload: which codes, on which rows, and what the scope is."""
    parts = "、".join(f"{code}({rows_text(rows)})" for code, rows in sorted(findings.rows.items()))
    return (f"超出数据范围:区划 {parts}不在您的数据范围({scope.label}及其下级区划)内,"
            "整个文件未导入,未写入任何数据。如需上传这些区划的数据,请联系管理员调整数据范围。")


def batch_regions(conn: Connection, kind: str, batch_ids: Iterable[int]) -> dict[str, int]:
    """Return the region codes the records of these batches belong to, with their record counts."""
    ids = sorted(set(batch_ids))
    if not ids:
        return {}
    table = table_of(get_kind(kind).model)
    column = table.c.code if kind == "regions" else table.c.region_code
    rows = conn.execute(select(column, func.count()).where(table.c.batch_id.in_(ids)).group_by(column)).all()
    return {str(code): int(n) for code, n in rows if code is not None}


def outside(scope: DataScope, regions: Mapping[str, int]) -> dict[str, int]:
    """Return the entries of ``regions`` (code → records) the scope does not cover."""
    return {code: n for code, n in sorted(regions.items()) if not scope.covers(code)}


def batch_refusal(scope: DataScope, batch_id: int, foreign: Mapping[str, int], *, operation: str) -> str:
    """Why a batch with records outside the scope cannot be undone or replaced."""
    parts = "、".join(f"{code}({n} 条记录)" for code, n in foreign.items())
    return (f"超出数据范围:批次 #{batch_id} 含有区划 {parts},不在您的数据范围({scope.label}及其下级区划)内,"
            f"不能{operation},未改动任何数据。请联系管理员处理。")
