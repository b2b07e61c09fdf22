"""Stored metric values and page tables answer exactly as the records do, and follow every batch change."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core.models import MetricValue, PageTable
from govdash.repository import (
    SOURCES,
    compute_metrics,
    district_codes,
    evaluation_trend,
    list_periods,
    materialized,
    stored_refresh,
)
from govdash.repository._frames import sort_metrics
from govdash.repository._sql import table_of
from govdash.services.imports import import_file, undo_batch
from tests.repository.factories import metric_row
from tests.scale.conftest import NEW_EVALUATIONS, NEW_ROWS


def from_records(engine, periods) -> pd.DataFrame:
    """``compute_metrics`` as the queries compute it from the records, bypassing the stored rows."""
    frames = [source.compute(engine, periods, None, None) for source in SOURCES]
    return sort_metrics(pd.concat([f for f in frames if not f.empty], ignore_index=True))


def assert_stored_equals_records(engine, periods: list[str] | None = None) -> None:
    """Every stored metric and page table (of ``periods``; None: all) equals what the records give now."""
    assert materialized.is_current(engine)
    scanned = list_periods(engine, with_years=False)  # without years the record tables are always scanned
    assert set(list_periods(engine)) == set(scanned) | {p[:4] for p in scanned if "Q" in p}
    periods = periods or list_periods(engine)
    stored = compute_metrics(engine, periods=periods)
    pd.testing.assert_frame_equal(stored, from_records(engine, periods)[stored.columns], check_dtype=False)
    for view in materialized.PAGE_VIEWS.values():
        for period in periods:
            for variant in view.variants:
                arguments = {view.period_arg: period, **variant}
                live = view.live(engine, **arguments)
                read = materialized._read_page_table(engine, view.name, materialized._variant_key(variant), period)
                pd.testing.assert_frame_equal(read, live, check_dtype=False, check_index_type=False,
                                              obj=f"{view.name} {variant} {period}")


def count(engine, model) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table_of(model))))


def test_the_demo_import_stores_every_metric_and_page_table(demo_copy):
    assert count(demo_copy, MetricValue) > 4_000  # 14 districts, about 30 metrics, 10 periods
    assert count(demo_copy, PageTable) >= len(materialized.PAGE_VIEWS) * len(list_periods(demo_copy))
    assert_stored_equals_records(demo_copy)


def test_an_import_undo_and_replacement_keep_the_stored_rows_equal_to_the_records(demo_copy):
    before = compute_metrics(demo_copy, periods=["2025Q4"], metrics=["evaluation.count"])
    result = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    assert result.status == "imported", result.message
    assert_stored_equals_records(demo_copy, ["2025Q3", "2025Q4", "2025"])
    after = compute_metrics(demo_copy, periods=["2025Q4"], metrics=["evaluation.count"])
    assert after["value"].sum() == before["value"].sum() + NEW_ROWS
    assert str(result.batch_id) in ",".join(after["batch_ids"])

    undo = undo_batch(demo_copy, result.batch_id)
    assert undo.ok
    assert_stored_equals_records(demo_copy, ["2025Q3", "2025Q4", "2025"])
    pd.testing.assert_frame_equal(compute_metrics(demo_copy, periods=["2025Q4"], metrics=["evaluation.count"]),
                                  before)


def test_a_batch_written_around_the_import_pipeline_sends_the_queries_back_to_the_records(demo_copy):
    from tests.repository.factories import Seed

    district = district_codes(demo_copy)[0]
    stored = compute_metrics(demo_copy, periods=["2025Q3"], metrics=["evaluation.count"])
    Seed(demo_copy).evaluations({"rating": 5}, {"rating": 1}, region=district)  # no refresh runs
    assert not materialized.is_current(demo_copy)
    live = compute_metrics(demo_copy, periods=["2025Q3"], metrics=["evaluation.count"])
    assert metric_row(live, "evaluation.count", region=district)["value"] == (
        metric_row(stored, "evaluation.count", region=district)["value"] + 2)
    # The next refresh of that kind catches up with the batch it did not see.
    stored_refresh.refresh(demo_copy, "evaluations", [], ["2025Q4"])
    assert_stored_equals_records(demo_copy, ["2025Q3", "2025Q4", "2025"])


def test_a_failed_refresh_forgets_the_state_and_the_next_one_rebuilds_everything(demo_copy, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(stored_refresh, "_page_tables", broken)
    with pytest.raises(RuntimeError):
        stored_refresh.refresh_after_change(demo_copy, "surveys", [1], ["2025Q3"])
    assert not materialized.is_current(demo_copy)
    monkeypatch.undo()
    rebuilt = stored_refresh.refresh(demo_copy, "surveys", [1], ["2025Q3"])
    assert rebuilt == list_periods(demo_copy)  # no state: everything, not only 2025Q3
    assert_stored_equals_records(demo_copy)


def test_a_several_quarter_trend_is_put_together_from_the_stored_quarters(demo_copy):
    quarters = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    stored = evaluation_trend(demo_copy, periods=quarters)
    live = materialized.PAGE_VIEWS["evaluation_trend"].live(demo_copy, periods=quarters)
    assert list(stored["month"]) == [f"2025-{m:02d}" for m in range(1, 13)]
    pd.testing.assert_frame_equal(stored, live, check_dtype=False)


def test_refresh_command_rebuilds_the_stored_rows_after_they_were_forgotten(demo_copy):
    materialized.forget(demo_copy)
    assert not materialized.is_current(demo_copy)
    url = demo_copy.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["refresh", "--db", url])
    assert result.exit_code == 0, result.output
    assert "已重新计算 10 个期间" in result.output
    assert_stored_equals_records(demo_copy, ["2024Q1", "2024", "2025Q4"])
