"""The body of an import: validate chunk by chunk and write inside one transaction.

Each chunk arrives prepared (typed, checked by the rules, counted: ``govdash.ingest.prepare``, done in the reading
process while this one writes); here it is checked against the rest of the file and the database. Chunks are
written as soon as they validate; after the first error nothing more is written but validation
goes on, so that the report lists every problem. The transaction is rolled back unless the whole file is good.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from govdash.domain import region_codes
from govdash.ingest import keys
from govdash.ingest.batches import BatchInfo, batch_info
from govdash.ingest.convert import Chunk
from govdash.ingest.layout import Layout
from govdash.ingest.prepare import PreparedChunk, Preparer
from govdash.ingest.readers import Table as Upload
from govdash.ingest.report import ValidationReport
from govdash.ingest.rules import RuleContext
from govdash.ingest.scope import batch_refusal, batch_regions, outside
from govdash.ingest.writer import EvaluationWriter, RegionWriter, RowWriter, table_of


@dataclass
class RunOptions:
    """What the caller asked for."""

    replace: bool = False
    dry_run: bool = False


@dataclass
class RunOutcome:
    """What the run found and did (the caller commits or rolls back)."""

    rows_total: int = 0
    rows_written: int = 0
    replaced: dict[int, BatchInfo] = field(default_factory=dict)


class ImportRun:
    """One pass over an upload inside an open transaction."""

    def __init__(self, conn: Connection, layout: Layout, ctx: RuleContext, batch_id: int,
                 options: RunOptions) -> None:
        self.conn = conn
        self.layout = layout
        self.ctx = ctx
        self.report: ValidationReport = ctx.report
        self.options = options
        self.table: Table = table_of(layout.kind.model)
        self.batch_id = batch_id
        self.table_empty = keys.table_is_empty(conn, self.table)
        self.writer: RowWriter
        if layout.kind.key == "regions":
            self.writer = RegionWriter(conn, self.table, batch_id)
        elif layout.kind.key == "evaluations":
            self.writer = EvaluationWriter(conn, self.table, batch_id, bulk_load=self.table_empty)
        else:
            self.writer = RowWriter(conn, self.table, batch_id, bulk_load=self.table_empty)
        self.file_keys = keys.FileKeys(layout.kind)
        self.outcome = RunOutcome()
        self.region_parents: list[_RegionParent] = []
        self.region_levels: dict[str, str] = {}

    def run(self, upload: Upload) -> RunOutcome:
        """Validate (and write) every chunk, then the checks that need the whole file."""
        writes = not self.options.dry_run
        preparer = Preparer.for_import(self.layout, self.ctx,
                                       count_cells=writes and isinstance(self.writer, EvaluationWriter))
        for prepared in upload.mapped(preparer):
            self._one_chunk(prepared)
        if self.layout.kind.key == "regions":
            self._check_region_parents()
        if self.report.ok and not self.options.dry_run:
            self._finish_writes()
        self.outcome.rows_written = self.writer.written
        return self.outcome

    def _one_chunk(self, prepared: PreparedChunk) -> None:
        prepared.merge_into(self.ctx)
        chunk = prepared.chunk
        self.outcome.rows_total += len(chunk.frame)
        row_keys = keys.chunk_keys(self.layout.kind, chunk.frame)
        self.file_keys.check(chunk, row_keys, self.report)
        if not self.table_empty:
            self._stored_collisions(chunk, row_keys)
        if self.layout.kind.key == "regions" and "code" in chunk.frame:
            self._remember_parents(chunk)
        if self.report.ok and not self.options.dry_run:
            self._write(prepared)

    def _write(self, prepared: PreparedChunk) -> None:
        try:
            self.writer.write(prepared)
        except IntegrityError as exc:
            self.report.error(f"写入数据库时违反约束,已全部回滚:{exc.orig}")

    def _finish_writes(self) -> None:
        try:
            for problem in self.writer.finish():
                self.report.error(problem)
        except IntegrityError as exc:
            self.report.error(f"写入数据库时违反约束,已全部回滚:{exc.orig}")

    def _stored_collisions(self, chunk: Chunk, row_keys: list[Hashable]) -> None:
        """Ids already stored: with 替换 their batch is replaced, otherwise each row is an error."""
        stored = keys.stored_keys(self.conn, self.table, self.layout.kind, chunk.frame, row_keys)
        if not stored:
            return
        label = keys.key_label(self.layout.kind, chunk)
        for row, key in zip(chunk.rows.tolist(), row_keys, strict=True):
            if key is None or key not in stored:
                continue
            owner = stored[key]
            # Rows this import wrote in an earlier chunk are repeats inside the file, reported as such.
            if owner == self.batch_id or owner in self.outcome.replaced:
                continue
            if self.options.replace and owner is not None:
                self._replace(owner)
                continue
            self.report.error(self._collision_message(label, key, owner), row=row, column=label,
                              value=keys.key_text(key))

    def _replace(self, batch_id: int) -> None:
        info = batch_info(self.conn, batch_id)
        if info is None:
            return
        self.outcome.replaced[batch_id] = info
        if not self._may_replace(batch_id):
            return
        if not self.options.dry_run and self.report.ok:
            self.writer.replace_batch(batch_id)

    def _may_replace(self, batch_id: int) -> bool:
        """Refuse replacing a batch with records outside the uploader's scope (checked before its rows go)."""
        scope = self.ctx.scope
        if scope is None:
            return True
        foreign = outside(scope, batch_regions(self.conn, self.layout.kind.key, [batch_id]))
        if not foreign:
            return True
        self.ctx.scope_refusals.append(batch_refusal(scope, batch_id, foreign, operation="替换"))
        self.ctx.scope_foreign.update(foreign)
        self.report.error(self.ctx.scope_refusals[-1])
        return False

    def _collision_message(self, label: str, key: Hashable, owner: int | None) -> str:
        text = f"{label}“{keys.key_text(key)}”"
        info = batch_info(self.conn, owner) if owner is not None else None
        if info is None:
            return f"{text}已存在于数据库中(不属于任何导入批次),不能重复导入"
        return f"{text}已在{info.describe()}中;如要用本文件更正该批次,请选择“替换”重新导入"

    def _remember_parents(self, chunk: Chunk) -> None:
        frame = chunk.frame
        label = chunk.labels.get("parent_code", "上级代码")
        rows = zip(frame.index.tolist(), frame["code"].tolist(), frame["level"].tolist(),
                   frame["parent_code"].tolist(), strict=True)
        for row, code, level, parent in rows:
            if code:
                self.region_levels.setdefault(code, level)
            if code and parent:
                self.region_parents.append(_RegionParent(row, code, level, parent, label))

    def _check_region_parents(self) -> None:
        """Check that each parent is in the file (anywhere in it) or already stored, one level up, same prefix."""
        levels = dict(self.region_levels)
        wanted = {p.parent for p in self.region_parents} - set(levels)
        stored = self.conn.execute(select(self.table.c.code, self.table.c.level)
                                   .where(self.table.c.code.in_(wanted)))
        levels.update((row[0], row[1]) for row in stored)
        for p in self.region_parents:
            if p.parent not in levels:
                self.report.error("上级代码既不在本文件中,也不在已有的行政区划表中", row=p.row, column=p.label,
                                  value=p.parent)
                continue
            problem = region_codes.parent_problem(p.code, p.level, p.parent, levels[p.parent])
            if problem is not None:
                self.report.error(problem, row=p.row, column=p.label, value=p.parent)


@dataclass(frozen=True)
class _RegionParent:
    """A region row of the file that names a parent, for the checks that need the whole file."""

    row: int
    code: str
    level: str
    parent: str
    label: str
