"""Prepare each raw chunk of an upload for writing: typed, checked, its 好差评 cells counted.

None of this needs the database, so it runs in the process that reads the file (``govdash.ingest.isolation``):
while the import writes one chunk, the reader parses and prepares the next on another core. Preparing a chunk
parses its cells by type, runs the rules and counts the cells. Two steps stay with the import: building the
driver's tuples (a chunk of them costs more to send between processes than to build) and finding the ids
repeated inside the file (the first row of every id, 10 million of them in a large file, would not fit the
reading process's memory bound).

What the work found comes back with each chunk: its part of the preparer's own report, the periods it holds and
its rows outside the uploader's data scope. The import merges them into its report and rule context in the order
of the chunks, so the report is the one the import would have made by preparing every chunk itself (as it does
for a table not read by a child process: ``Table.mapped``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from govdash.core.config import get_settings
from govdash.ingest.bulk import frame_defaults
from govdash.ingest.cells import CellParts, count_chunk
from govdash.ingest.convert import Chunk
from govdash.ingest.layout import Layout
from govdash.ingest.report import ReportPart, ValidationReport
from govdash.ingest.rules import RuleContext, apply_rules
from govdash.ingest.scope import ScopeFindings
from govdash.ingest.writer import table_of


@dataclass
class PreparedChunk:
    """One chunk ready to be checked against the file and the database, and written."""

    chunk: Chunk
    findings: ReportPart
    periods: set[str]
    scope: ScopeFindings
    cells: CellParts | None = None

    @property
    def frame(self) -> pd.DataFrame:
        """The rows to store, as the rules left them."""
        return self.chunk.frame

    def merge_into(self, ctx: RuleContext) -> None:
        """Record what preparing the chunk found in the import's report and rule context."""
        ctx.report.merge(self.findings)
        ctx.periods_seen.update(self.periods)
        ctx.scope_findings.merge(self.scope)


@dataclass
class Preparer:
    """Turns raw chunks into ``PreparedChunk``; pickled whole into the reading process, so it holds plain data.

    ``count_cells``: count the 好差评 cells (when the rows are to be written).
    """

    layout: Layout
    ctx: RuleContext
    count_cells: bool = False

    @classmethod
    def for_import(cls, layout: Layout, ctx: RuleContext, *, count_cells: bool) -> Preparer:
        """Make a preparer beside the import's context: its own report and rule state, settings resolved here.

        The reading process does not see this process's settings (it is started from a fork server), so the
        deadline's working days are fixed now.
        """
        own = dataclasses.replace(ctx, report=ValidationReport(cap=ctx.report.cap), periods_seen=set(),
                                  scope_findings=ScopeFindings(), scope_added=set(), scope_refusals=[],
                                  scope_foreign=set(),
                                  rectify_days=ctx.rectify_days or get_settings().rectify_working_days)
        return cls(layout, own, count_cells)

    def __call__(self, raw: pd.DataFrame) -> PreparedChunk:
        """Type one raw chunk, run the rules on it and count its cells."""
        ctx = self.ctx
        mark = ctx.report.mark()
        seen = set(ctx.periods_seen)
        ctx.scope_findings = ScopeFindings()
        chunk = self.layout.typed(raw, ctx.report)
        chunk.frame = apply_rules(chunk, ctx)
        frame = chunk.frame
        cells = None
        if self.count_cells and not frame.empty:
            cells = count_chunk(frame.assign(**frame_defaults(table_of(self.layout.kind.model), frame)))
        return PreparedChunk(chunk, ctx.report.part_since(mark), ctx.periods_seen - seen, ctx.scope_findings, cells)
