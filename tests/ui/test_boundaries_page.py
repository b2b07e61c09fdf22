"""The 地图边界 page in AppTest: admins only; a file is checked and previewed before it is imported; undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from govdash.boundaries.store import active_boundaries, boundary_history
from govdash.core import models
from govdash.ingest.writer import table_of
from tests.auth.conftest import actions, make_user
from tests.boundaries.conftest import EAST, REGIONS, WEST, collection, feature
from tests.ui.conftest import open_app

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "boundaries.py")
SHELL_PATH = "pages/boundaries.py"
GOOD = collection(feature("990102", WEST), feature("990103", EAST), feature("110101", EAST))
BAD = collection(feature("990102", WEST), feature("", EAST))


@pytest.fixture
def admin(engine):
    with engine.begin() as conn:
        conn.execute(insert(table_of(models.Region)), [{"code": code, "name": name, "level": level}
                                                       for code, (name, level) in REGIONS.items()])
    return make_user(engine, "root", "admin")


def upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key="boundaries_file").set_value((name, raw, "application/geo+json"))
    return at.run()


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _plotly(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_boundaries_page_without_boundaries_says_maps_are_hex_tiles(engine, admin):
    at = open_app(SHELL_PATH, user=admin)
    assert not at.exception
    assert any("六边形示意图" in i.value for i in at.info)
    assert "还没有导入过区县边界" in _texts(at)


def test_boundaries_page_bad_file_lists_feature_and_property_and_writes_nothing(engine, admin):
    at = upload(open_app(SHELL_PATH, user=admin), "坏.geojson", BAD)
    assert not at.exception
    errors = at.dataframe[0].value
    assert errors[["要素序号", "属性", "问题"]].values.tolist() == [[2, "adcode", "区划代码为空"]]
    assert any("有 1 个错误,未导入" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "导入这套边界"]
    assert active_boundaries(engine) is None


def test_boundaries_page_previews_then_imports_then_undoes(engine, admin):
    at = upload(open_app(SHELL_PATH, user=admin), "边界.geojson", GOOD)
    assert not at.exception
    assert any("校验通过" in s.value for s in at.success)
    texts = _texts(at)
    assert "1 个要素的区划代码不是已登记的区县,不导入" in texts
    assert "1 个区县没有边界" in texts
    preview = _plotly(at)[0]
    assert [t["locations"] for t in preview["data"] if t["type"] == "choropleth"] == [["990102", "990103"]]
    assert active_boundaries(engine) is None  # checked, not written

    at.text_input(key="boundaries_new_review_number").input("GS(2024)1234号")
    next(b for b in at.button if b.label == "导入这套边界").click()
    at.run()
    assert not at.exception
    assert any("已导入边界 #1" in s.value for s in at.success)
    stored = active_boundaries(engine)
    assert stored is not None and sorted(stored.shapes) == ["990102", "990103"]
    assert stored.caption == "示意图 · 审图号:GS(2024)1234号"
    assert "使用中:边界 #1(边界.geojson),2 个区县。 没有边界的区县:凤栖区。" in _texts(at)
    assert "boundaries_import" in actions(engine)

    next(b for b in at.button if b.label == "撤销这套边界").click()
    at.run()
    assert any("已撤销边界 #1" in s.value for s in at.success)
    assert active_boundaries(engine) is None
    assert boundary_history(engine)["状态"].tolist() == ["已撤销"]


def test_boundaries_page_changes_the_review_number(engine, admin):
    from govdash.boundaries.store import import_boundaries

    import_boundaries(engine, "边界.geojson", GOOD)
    at = open_app(SHELL_PATH, user=admin)
    at.text_input(key="boundaries_review_number").input("GS(2025)88号")
    next(b for b in at.button if b.label == "保存审图号").click()
    at.run()
    assert not at.exception
    assert active_boundaries(engine).caption == "示意图 · 审图号:GS(2025)88号"


@pytest.mark.parametrize("role", ["viewer", "evaluator"])
def test_boundaries_page_refused_below_admin(engine, admin, role):
    user = make_user(engine, "someone", role)
    shown = open_app(SHELL_PATH, user=user)  # the address resolves, and says which role it needs
    assert any("需要管理员或更高角色" in e.value for e in shown.error) and not shown.file_uploader
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["auth_user"] = user
    at.run()
    # run on its own, the page hands over to the shell, which shows what this user may open instead
    assert not at.exception and "地图边界" not in [t.value for t in at.title]
    assert not at.file_uploader
