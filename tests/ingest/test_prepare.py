"""Chunks prepared in the reading process: the same rows, report and cells as prepared in the importing one."""

from __future__ import annotations

import operator

import pandas as pd
import pytest

from govdash.domain.kinds import get_kind
from govdash.ingest.isolation import open_upload
from govdash.ingest.layout import choose_layout
from govdash.ingest.prepare import Preparer
from govdash.ingest.readers import open_table
from govdash.ingest.report import ValidationReport
from govdash.ingest.rules import RuleContext
from govdash.ingest.source import detect_format, load_source
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes

GOOD = [row.replace("HP00", f"HP{n}0") for n in range(1, 4) for row in EVALUATION_ROWS]  # nine rows, nine ids
BAD = ["HP009,990101,窗口,很差,2025-03-05 10:21,,", "HP010,990199,柜台,非常满意,2025-13-40,,"]


def _prepared(data: bytes, *, isolated: bool, chunk_rows: int = 2):
    """Prepare every chunk of an evaluations file, in the reading process or here."""
    if isolated:
        _src, table = open_upload(data, file_name="好差评.csv")
        assert table.mapper is not None
    else:
        src = load_source(data, file_name="好差评.csv", max_bytes=1 << 20)
        table = open_table(src, detect_format(src), chunk_rows=chunk_rows)
    kind = get_kind("evaluations")
    layout = choose_layout(kind, table.headers, excel_serials=table.excel_serials)
    report = ValidationReport(cap=3)
    ctx = RuleContext(kind=kind, report=report, regions=frozenset({"990101", "990102"}),
                      item_departments={"ITEM-1": "市行政审批局"})
    preparer = Preparer.for_import(layout, ctx, count_cells=True)
    chunks = []
    for prepared in table.mapped(preparer):
        prepared.merge_into(ctx)
        chunks.append(prepared)
    return chunks, report, ctx


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two rows, so that the file's report is gathered from several chunks."""
    from govdash.core import config

    monkeypatch.setenv("GOVDASH_IMPORT_CHUNK_ROWS", "2")
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


def test_chunks_prepared_in_the_reading_process_match_those_prepared_here(small_chunks):
    data = csv_bytes(EVALUATION_HEADER, GOOD + BAD)
    remote, remote_report, remote_ctx = _prepared(data, isolated=True)
    local, local_report, local_ctx = _prepared(data, isolated=False)

    assert [len(p.frame) for p in remote] == [1, 2, 2, 2, 2, 2]  # the header takes the first chunk's first line
    pd.testing.assert_frame_equal(pd.concat([p.frame for p in remote]), pd.concat([p.frame for p in local]))
    assert remote_report == local_report
    # An unknown rating, an unknown district, an unknown channel and a bad date, on the last two rows; three listed.
    assert remote_report.error_count == 4 and len(remote_report.errors) == 3  # the cap
    assert {issue.row for issue in remote_report.errors} == {11, 12}
    assert remote_ctx.periods_seen == local_ctx.periods_seen == {"2025Q1"}
    for mine, theirs in zip(remote, local, strict=True):
        pd.testing.assert_frame_equal(mine.cells.cells, theirs.cells.cells)
        pd.testing.assert_frame_equal(mine.cells.months, theirs.cells.months)
    assert sum(int(p.cells.cells["evaluations"].sum()) for p in remote) == len(GOOD + BAD)


def test_a_fault_of_the_function_run_in_the_reading_process_is_raised_here_not_blamed_on_the_file():
    _src, table = open_upload(csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS), file_name="好差评.csv")
    with pytest.raises(KeyError, match="不存在的列") as raised:
        list(table.mapped(operator.itemgetter("不存在的列")))
    assert any("在读取进程中" in note for note in getattr(raised.value, "__notes__", []))


def test_a_report_part_merges_within_the_cap_and_keeps_every_count():
    worker, target = ValidationReport(cap=3), ValidationReport(cap=3)
    target.error("表头有误", row=1)
    mark = worker.mark()
    worker.add_rows("error", "评价等级无效", [2, 3, 4, 5], total=4)
    worker.warning("评价内容含手机号", row=6)
    target.merge(worker.part_since(mark))
    assert [issue.row for issue in target.errors] == [1, 2, 3]
    assert target.error_count == 5 and target.warning_count == 1 and len(target.warnings) == 1
