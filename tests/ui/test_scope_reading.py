"""A viewer bound to a district: record pages show only that district; the city ranking stays whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govdash.auth import Actor, create_user
from govdash.auth.scope import set_user_scope
from govdash.core import db
from tests.ui.conftest import exceptions, open_app


@pytest.fixture
def xingang_viewer(demo_database_file: Path, tmp_path: Path, use_database) -> Actor:
    """A viewer bound to 新港区 (990106) on a copy of the demo database."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_database_file, copy)
    engine = db.get_engine(use_database(copy))
    cli = Actor.system_actor()
    viewer = create_user(engine, cli, name="xg", password="viewer-password-1", role="viewer")
    set_user_scope(engine, cli, "xg", ["990106"])
    return viewer


def test_scoped_viewer_sidebar_lists_only_own_district_and_records_follow(xingang_viewer):
    at = open_app("pages/evaluations.py", user=xingang_viewer, region="all")
    assert exceptions(at) == []
    region = at.sidebar.selectbox(key="filter_region")
    assert region.options == ["新港区(990106)"] and region.value == "990106"
    assert any("数据范围:990106 新港区" in c.value for c in at.sidebar.caption)


def test_scoped_viewer_sees_whole_ranking_but_no_drill_down_outside_scope(xingang_viewer):
    at = open_app("pages/index_a.py", user=xingang_viewer, framework="digital_gov", district="990102")
    assert exceptions(at) == []
    ranking = next(d.value for d in at.dataframe if "排名" in d.value.columns)
    assert len(ranking) == 14  # every district of the sample city is ranked
    assert any("不在您的数据范围内" in i.value for i in at.info)
    labels = [b.proto.label for b in at.get("download_button")]
    assert not any("全部区县成绩单" in label for label in labels)
    assert not any("滨江区成绩单" in label for label in labels)

    own = open_app("pages/index_a.py", user=xingang_viewer, framework="digital_gov", district="990106")
    assert exceptions(own) == []
    assert not any("不在您的数据范围内" in i.value for i in own.info)
    assert any("新港区成绩单" in b.proto.label for b in own.get("download_button"))
