"""The stored boundary sets: import writes all or nothing, replaces the active set, undo brings the last one back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from govdash.boundaries.store import (
    SHAPES,
    active_boundaries,
    boundary_history,
    import_boundaries,
    set_review_number,
    undo_boundaries,
)
from govdash.core import models
from govdash.ingest.writer import table_of
from govdash.repository.materialized import data_version
from tests.boundaries.conftest import EAST, REGIONS, WEST, collection, feature


@pytest.fixture
def regions(engine):
    with engine.begin() as conn:
        conn.execute(insert(table_of(models.Region)), [{"code": code, "name": name, "level": level}
                                                       for code, (name, level) in REGIONS.items()])
    return engine


def shape_rows(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SHAPES)).scalar_one())


def test_import_boundaries_stores_the_active_set(regions):
    result = import_boundaries(regions, "边界.geojson", collection(feature("990102", WEST), feature("990103", EAST)),
                               uploader="wang", review_number=" GS(2024)1234号 ")
    assert result.status == "imported", result.message
    active = active_boundaries(regions)
    assert active is not None and active.set_id == result.set_id
    assert sorted(active.shapes) == ["990102", "990103"]
    assert active.caption == "示意图 · 审图号:GS(2024)1234号"
    history = boundary_history(regions)
    assert history.loc[0, ["状态", "文件名", "区县数", "上传人"]].tolist() == ["使用中", "边界.geojson", 2, "wang"]
    assert len(history.loc[0, "SHA-256"]) == 64


def test_import_boundaries_with_errors_writes_nothing(regions):
    result = import_boundaries(regions, "坏.geojson", collection(feature("990102", WEST), feature("", EAST)))
    assert result.status == "invalid"
    assert "第 2 个要素(属性“adcode”):区划代码为空" in result.message
    assert active_boundaries(regions) is None
    assert shape_rows(regions) == 0


def test_import_boundaries_unreadable_file_says_why(regions):
    result = import_boundaries(regions, "坏.geojson", b"{not json")
    assert result.status == "invalid"
    assert "不是有效的 JSON" in result.message


def test_import_boundaries_dry_run_writes_nothing(regions):
    result = import_boundaries(regions, "边界.geojson", collection(feature("990102", WEST)), dry_run=True)
    assert result.status == "checked"
    assert result.boundaries is not None and list(result.boundaries.shapes) == ["990102"]
    assert active_boundaries(regions) is None


def test_import_boundaries_same_file_twice_is_recognized(regions):
    raw = collection(feature("990102", WEST))
    first = import_boundaries(regions, "边界.geojson", raw)
    again = import_boundaries(regions, "边界-副本.geojson", raw)
    assert again.status == "duplicate"
    assert f"边界 #{first.set_id}" in again.message
    assert len(boundary_history(regions)) == 1


def test_import_replaces_and_undo_restores_the_previous_set(regions):
    first = import_boundaries(regions, "旧.geojson", collection(feature("990102", WEST)))
    second = import_boundaries(regions, "新.geojson", collection(feature("990102", WEST), feature("990103", EAST)))
    assert second.replaced_set_id == first.set_id
    assert boundary_history(regions)["状态"].tolist() == ["使用中", "已被替换"]
    ok, message = undo_boundaries(regions, second.set_id, user="li")
    assert ok and f"恢复使用边界 #{first.set_id}" in message
    assert list(active_boundaries(regions).shapes) == ["990102"]
    assert boundary_history(regions)["状态"].tolist() == ["已撤销", "使用中"]
    ok, message = undo_boundaries(regions, second.set_id)
    assert not ok and "只能撤销使用中的边界" in message


def test_undo_the_only_set_leaves_the_hex_map(regions):
    only = import_boundaries(regions, "边界.geojson", collection(feature("990102", WEST)))
    ok, message = undo_boundaries(regions, only.set_id)
    assert ok and "六边形示意图" in message
    assert active_boundaries(regions) is None


def test_set_review_number_changes_the_caption(regions):
    result = import_boundaries(regions, "边界.geojson", collection(feature("990102", WEST)))
    set_review_number(regions, result.set_id, "GS(2025)88号")
    assert active_boundaries(regions).caption == "示意图 · 审图号:GS(2025)88号"


def test_boundaries_do_not_touch_the_batch_counts_of_stored_scores(regions):
    before = data_version(regions)
    result = import_boundaries(regions, "边界.geojson", collection(feature("990102", WEST)))
    undo_boundaries(regions, result.set_id)
    assert data_version(regions) == before


def test_a_database_before_migration_0010_has_no_boundaries(database_url):
    from govdash.core import db

    older = db.get_engine(database_url)  # no schema at all: the maps draw hex tiles, the history is empty
    assert active_boundaries(older) is None
    assert boundary_history(older).empty
