"""The 好差评 cells an import counts from its rows equal the cells counted from the stored records, and follow
every change of batches: replacement, undo and a recount of the deadlines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import delete, select

from govdash.core import config
from govdash.core.models import OUTCOME_COUNTS
from govdash.repository import aggregates, stored_refresh
from govdash.repository.department_matrix import evaluation_matrix
from govdash.repository.stored_refresh import sync_cells
from govdash.services import refresh, workday_rules
from govdash.services.imports import import_file, undo_batch
from tests.scale.conftest import NEW_EVALUATIONS, NEW_ROWS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
TABLES = {"cells": aggregates.CELLS, "months": aggregates.MONTH_CELLS}


def stored_cells(engine, batch_id: int | None = None) -> dict[str, pd.DataFrame]:
    """Both cell tables without their ids, in one order (of one batch, or all)."""
    frames = {}
    with engine.connect() as conn:
        for name, table in TABLES.items():
            columns = [c for c in table.c if c.name != "id"]
            stmt = select(*columns)
            if batch_id is not None:
                stmt = stmt.where(table.c.batch_id == batch_id)
            frame = pd.DataFrame(conn.execute(stmt).all(), columns=[c.name for c in columns])
            keys = [c for c in frame.columns if c not in OUTCOME_COUNTS]
            frames[name] = frame.sort_values(keys, na_position="first", ignore_index=True)
    return frames


def recounted_cells(engine, batch_id: int | None = None) -> dict[str, pd.DataFrame]:
    """The cells counted from the records again (left in the database: they are equal or the test fails)."""
    with engine.begin() as conn:
        sync_cells(conn, recount=True)
    return stored_cells(engine, batch_id)


def assert_cells_equal(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False)


@pytest.mark.pg  # also on PostgreSQL, where the cells go in with COPY
def test_the_sample_import_counts_the_cells_the_records_give(engine, monkeypatch):
    counted_from_records: list = []
    monkeypatch.setattr(stored_refresh, "_count_cells", lambda conn, ids: counted_from_records.append(ids))
    for kind, name in [("regions", "regions.csv"), ("departments", "departments.csv"),
                       ("service-items", "service_items.csv.gz"), ("evaluations", "evaluations.csv.gz")]:
        result = import_file(engine, kind, SAMPLE / name, file_name=name)
        assert result.status == "imported", result.report.to_frame()
    assert aggregates.cells_are_current(engine)
    # The refresh kept the cells the import counted (the deadline rule recorded then changed no 按时整改).
    assert counted_from_records == []
    monkeypatch.undo()
    imported = stored_cells(engine)
    cells, months = imported["cells"], imported["months"]
    assert cells["evaluations"].sum() == months["evaluations"].sum() == result.rows_written
    # Every outcome occurs in the sample, so each count is compared on real cases, not on zeros.
    assert (cells[list(OUTCOME_COUNTS)].sum() > 0).all()
    assert cells["item_code"].notna().all() and cells["department"].notna().any()
    assert_cells_equal(imported, recounted_cells(engine))


def test_a_file_without_items_or_outcome_columns_counts_the_same_cells(demo_copy):
    result = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    assert result.status == "imported", result.message
    imported = stored_cells(demo_copy, result.batch_id)
    assert imported["cells"]["item_code"].isna().all()
    assert imported["cells"]["bad"].sum() == NEW_ROWS
    assert_cells_equal(imported, recounted_cells(demo_copy, result.batch_id))


def test_a_rejected_file_leaves_the_cells_and_their_watermark_as_they_were(demo_copy, monkeypatch):
    monkeypatch.setenv("GOVDASH_IMPORT_CHUNK_ROWS", "10")
    config.get_settings.cache_clear()
    before = stored_cells(demo_copy)
    with demo_copy.connect() as conn:
        mark = aggregates._watermark(conn, aggregates.CELL_NAME)
    # Four chunks of ten: the first three are written (and counted) before the last row's rating is refused.
    bad = NEW_EVALUATIONS.replace("NEW-39,990102,移动端,非常不满意".encode("gbk"), "NEW-39,990102,移动端,很差".encode("gbk"))
    result = import_file(demo_copy, "evaluations", bad, file_name="好差评.csv")
    assert result.status == "rejected"
    issues = result.report.to_frame()
    assert (issues["行号"] == NEW_ROWS + 1).any() and issues["值"].astype(str).str.contains("很差").any()
    assert_cells_equal(stored_cells(demo_copy), before)
    with demo_copy.connect() as conn:
        assert aggregates._watermark(conn, aggregates.CELL_NAME) == mark
    assert aggregates.cells_are_current(demo_copy)


def test_replacement_and_undo_take_the_batch_cells_with_them(demo_copy):
    first = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    again = NEW_EVALUATIONS.replace("窗口排队太久".encode("gbk"), "材料反复提交".encode("gbk"))
    second = import_file(demo_copy, "evaluations", again, file_name="好差评(更正).csv", replace=True)
    assert second.status == "imported" and second.replaced_batch_ids == [first.batch_id], second.message
    assert all(frame.empty for frame in stored_cells(demo_copy, first.batch_id).values())
    assert stored_cells(demo_copy, second.batch_id)["months"]["evaluations"].sum() == NEW_ROWS

    assert undo_batch(demo_copy, second.batch_id).ok
    assert aggregates.cells_are_current(demo_copy)
    assert all(frame.empty for frame in stored_cells(demo_copy, second.batch_id).values())


def test_a_recount_of_the_deadlines_counts_the_cells_again(demo_copy, monkeypatch):
    before = stored_cells(demo_copy)
    monkeypatch.setenv("GOVDASH_RECTIFY_WORKING_DAYS", "5")
    config.get_settings.cache_clear()
    periods = workday_rules.apply_rectify_rule(demo_copy, announce=False)
    assert periods
    # Between the recount and its refresh the cells are not trusted: the pages read the records.
    assert not aggregates.cells_are_current(demo_copy)
    refresh.batches_changed(demo_copy, "evaluations", [], periods)
    assert aggregates.cells_are_current(demo_copy)
    after = stored_cells(demo_copy)
    # A shorter deadline leaves fewer 差评 rectified on time, and nothing else changes.
    assert after["cells"]["bad_on_time"].sum() < before["cells"]["bad_on_time"].sum()
    pd.testing.assert_frame_equal(after["cells"].drop(columns="bad_on_time"),
                                  before["cells"].drop(columns="bad_on_time"), check_dtype=False)
    assert_cells_equal(after, recounted_cells(demo_copy))


@pytest.mark.parametrize("period", ["2025Q4", "2025"])
def test_the_department_matrix_from_cells_equals_the_one_from_records(demo_copy, period):
    assert aggregates.cells_are_current(demo_copy)
    from_cells = evaluation_matrix(demo_copy, period=period)
    with demo_copy.begin() as conn:  # without the cells' watermark the matrix is grouped from the records
        conn.execute(delete(aggregates.STATE).where(aggregates.STATE.c.name == aggregates.CELL_NAME))
    assert not aggregates.cells_are_current(demo_copy)
    from_records = evaluation_matrix(demo_copy, period=period)
    assert len(from_cells) > 100 and from_cells["evaluations"].sum() > 1000
    pd.testing.assert_frame_equal(from_cells, from_records, check_dtype=False)
