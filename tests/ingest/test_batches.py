"""Batches: the same file twice, replacing a corrected file, undoing, the history, and change callbacks."""

from __future__ import annotations

import pytest

from govdash.ingest.events import on_batch_change, remove_batch_change_callback
from govdash.services.imports import import_file, list_batches, undo_batch
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, rows_of, table_counts

# Database code: `make test-pg` runs these against PostgreSQL too.
pytestmark = pytest.mark.pg

ORIGINAL = csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS)
# The corrected export: HP002 re-rated, HP003 withdrawn, HP004 added.
CORRECTED = csv_bytes(EVALUATION_HEADER, [
    EVALUATION_ROWS[0],
    "HP002,990102,移动端,基本满意,2025/3/7,材料要求不清楚,",
    "HP004,990101,短信,满意,2025-03-10 16:00,,",
])


@pytest.fixture
def changes():
    seen: list[tuple[str, list[int], list[str]]] = []

    def remember(_engine, kind, batch_ids, periods):
        seen.append((kind, list(batch_ids), list(periods)))

    on_batch_change(remember)
    yield seen
    remove_batch_change_callback(remember)


def _ratings(engine) -> dict[str, int]:
    return {r["eval_no"]: r["rating"] for r in rows_of(engine, "evaluation")}


def test_import_same_file_twice_is_refused(regions, engine, import_bytes):
    first = import_bytes("evaluations", ORIGINAL, "a.csv")
    before = table_counts(engine)
    again = import_bytes("evaluations", ORIGINAL, "renamed.csv", replace=True)
    assert again.status == "duplicate"
    assert f"批次 #{first.batch_id}(文件“a.csv”" in again.message
    assert table_counts(engine) == before


def test_import_overlapping_ids_without_replace_names_the_batch(regions, engine, import_bytes):
    first = import_bytes("evaluations", ORIGINAL, "a.csv")
    before = table_counts(engine)
    result = import_bytes("evaluations", CORRECTED, "b.csv")
    assert result.status == "rejected"
    issue = result.report.errors[0]
    assert (issue.row, issue.column, issue.value) == (2, "评价编号", "HP001")
    assert f"已在批次 #{first.batch_id}(文件“a.csv”" in issue.message and "请选择“替换”" in issue.message
    assert table_counts(engine) == before


def test_import_replace_swaps_the_rows_of_the_earlier_batch(regions, engine, import_bytes, changes):
    first = import_bytes("evaluations", ORIGINAL, "a.csv")
    second = import_bytes("evaluations", CORRECTED, "b.csv", replace=True)
    assert second.status == "imported" and second.replaced_batch_ids == [first.batch_id]
    assert _ratings(engine) == {"HP001": 5, "HP002": 3, "HP004": 4}
    history = list_batches(engine, kind="evaluations").set_index("批次")
    assert history.loc[first.batch_id, "状态"] == "已替换"
    assert history.loc[second.batch_id, "状态"] == "有效"
    assert history.loc[second.batch_id, "替换的批次"] == first.batch_id
    assert changes[-1] == ("evaluations", [second.batch_id, first.batch_id], ["2025Q1"])


def test_undo_batch_deletes_its_rows_only(regions, engine, import_bytes, changes):
    first = import_bytes("evaluations", ORIGINAL, "a.csv")
    other = import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, ["HP100,990101,窗口,满意,2025-05-01,,"]))
    result = undo_batch(engine, first.batch_id, user="审核员")
    assert result.ok and result.rows_deleted == 3
    assert _ratings(engine) == {"HP100": 4}
    assert changes[-1] == ("evaluations", [first.batch_id], ["2025Q1"])
    row = list_batches(engine).set_index("批次").loc[first.batch_id]
    assert (row["状态"], row["撤销人"]) == ("已撤销", "审核员")
    assert other.status == "imported"


def test_undo_replacement_does_not_restore_the_replaced_rows(regions, engine, import_bytes):
    first = import_bytes("evaluations", ORIGINAL, "a.csv")
    second = import_bytes("evaluations", CORRECTED, "b.csv", replace=True)
    result = undo_batch(engine, second.batch_id)
    assert result.ok
    assert f"不会恢复被它替换的批次 #{first.batch_id}" in result.message
    assert _ratings(engine) == {}
    again = import_bytes("evaluations", ORIGINAL, "a.csv")
    assert again.status == "imported" and set(_ratings(engine)) == {"HP001", "HP002", "HP003"}


def test_undo_twice_and_unknown_batch_are_refused(regions, engine, import_bytes):
    first = import_bytes("evaluations", ORIGINAL)
    assert undo_batch(engine, first.batch_id).ok
    second = undo_batch(engine, first.batch_id)
    assert second.status == "refused" and "状态是“已撤销”" in second.message
    assert undo_batch(engine, 999).status == "not_found"


def test_undo_regions_still_referenced_is_refused(regions, engine, import_bytes):
    import_bytes("evaluations", ORIGINAL)
    before = table_counts(engine)
    result = undo_batch(engine, regions.batch_id)
    assert result.status == "refused"
    assert "区划 990101、990102 仍被其他数据引用" in result.message
    assert table_counts(engine) == before


def test_import_replace_regions_updates_in_place(regions, engine, import_bytes):
    import_bytes("evaluations", ORIGINAL)
    corrected = csv_bytes("区划代码,区划名称,层级,上级代码", [
        "990100,示例市,市,", "990101,滨江新区,区县,990100", "990102,江北区,区县,990100", "990103,高新区,区县,990100"])
    result = import_bytes("regions", corrected, "regions-v2.csv", replace=True)
    assert result.status == "imported", result.report.to_frame()
    names = {r["code"]: r["name"] for r in rows_of(engine, "region", order_by="code")}
    assert names == {"990100": "示例市", "990101": "滨江新区", "990102": "江北区", "990103": "高新区"}
    assert len(rows_of(engine, "evaluation")) == 3


def test_import_needs_confirmation_when_warnings_not_accepted(regions, engine, import_bytes):
    data = csv_bytes(EVALUATION_HEADER, ["HP1,990101,窗口,满意,2025-03-05,请回电 13812345678,"])
    before = table_counts(engine)
    result = import_bytes("evaluations", data, accept_warnings=False)
    assert result.status == "needs_confirmation" and table_counts(engine) == before
    assert import_bytes("evaluations", data).status == "imported"


def test_import_dry_run_writes_nothing(regions, engine, import_bytes):
    before = table_counts(engine)
    result = import_bytes("evaluations", ORIGINAL, dry_run=True)
    assert (result.status, result.rows_total, result.batch_id) == ("dry_run", 3, None)
    assert table_counts(engine) == before


def test_import_batch_records_file_details(regions, engine, import_bytes):
    result = import_bytes("evaluations", ORIGINAL, "好差评.csv", uploader="评估员")
    row = list_batches(engine).set_index("批次").loc[result.batch_id]
    assert (row["文件名"], row["上传人"], row["期间"], row["写入行数"], row["编码"]) == (
        "好差评.csv", "评估员", "2025Q1", 3, "utf-8")
    assert row["SHA-256"] == result.sha256 and len(result.sha256) == 64


def test_import_from_path_and_stream(regions, engine, tmp_path):
    path = tmp_path / "好差评.csv"
    path.write_bytes(ORIGINAL)
    from_path = import_file(engine, "evaluations", path)
    assert from_path.status == "imported" and from_path.file_name == "好差评.csv"
    with path.open("rb") as stream:
        assert import_file(engine, "evaluations", stream).status == "duplicate"


def test_callback_failure_does_not_undo_the_import(regions, engine, import_bytes):
    def broken(*_args):
        raise RuntimeError("cache refresh failed")

    on_batch_change(broken)
    try:
        result = import_bytes("evaluations", ORIGINAL)
    finally:
        remove_batch_change_callback(broken)
    assert result.status == "imported" and len(rows_of(engine, "evaluation")) == 3
