"""The score pages on a database of more districts than ``MANY_REGIONS``: filtered, paged cards and cut charts.

A generated province of 60 districts with tiny record volumes, imported once per module as an upload would be.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govdash.charts.theme import band_order
from govdash.core import db
from govdash.frameworks import load_framework
from govdash.services import indexes
from tests.ui.conftest import exceptions, open_app

HEALTH, INDEX = "pages/health.py", "pages/index_a.py"
FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"
DISTRICTS = 60


@pytest.fixture(scope="module")
def province_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file of 60 generated districts over two quarters, every sample file imported."""
    import govdash.repository  # noqa: F401 - registers the pre-aggregation refresh, as the app does
    from govdash.services.imports import import_file
    from govdash.synthetic import SAMPLE_FILES, SampleSpec, generate_sample, write_sample

    folder = tmp_path_factory.mktemp("province")
    spec = SampleSpec(n_districts=DISTRICTS, periods=("2025Q3", "2025Q4"), catalog_entries=1_200,
                      service_items=900, evaluations=3_000, survey_a_per_cell=2, survey_b_per_cell=2, demands=120)
    write_sample(generate_sample(spec, with_evaluations=False), folder)
    engine = db.make_engine(f"sqlite:///{folder / 'province.db'}")
    db.upgrade_schema(engine)
    for sample in SAMPLE_FILES:
        result = import_file(engine, sample.kind, folder / sample.name, file_name=sample.name)
        assert result.status == "imported", result.report.summary()
    engine.dispose()
    return folder / "province.db"


@pytest.fixture
def province_url(province_file: Path, use_database: Callable[[Path], str]) -> str:
    """Point the settings at the province, read anonymously."""
    return use_database(province_file)


def health_scores(url: str):  # type: ignore[no-untyped-def]
    framework = load_framework(FRAMEWORKS / "district_health.toml")
    overall = indexes.compute_scores(db.get_engine(url), framework, periods="2025Q4").overall
    return framework, overall


def cards(at: AppTest) -> list[str]:
    """The names on the cards, in page order (each card opens with its name in bold)."""
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**") and "&nbsp;" in m.value]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_health_page_of_many_districts_shows_a_page_of_24_cards_worst_first(province_url: str):
    at = open_app(HEALTH)
    assert exceptions(at) == []
    _framework, overall = health_scores(province_url)
    shown = cards(at)
    assert len(shown) == 24
    worst = overall.dropna(subset=["score"]).sort_values("rank", ascending=False)
    assert shown[0] == worst.iloc[0]["region_name"]
    assert f"第 1–24 个,共 {len(overall)} 个" in captions(at)

    at.number_input(key="health_card_page_0_1").set_value(3).run()
    assert len(cards(at)) == len(overall) - 48
    assert f"第 49–{len(overall)} 个,共 {len(overall)} 个" in captions(at)


def test_health_page_level_filter_narrows_the_cards_to_that_level(province_url: str):
    at = open_app(HEALTH)
    framework, overall = health_scores(province_url)
    levels = at.radio(key="health_card_level")
    assert list(levels.options)[1:5] == [f"{b}({int((overall['band'] == b).sum())})" for b in band_order(framework)]
    level = overall["band"].value_counts().idxmin()
    at.radio(key="health_card_level").set_value(level).run()
    expected = set(overall.loc[overall["band"] == level, "region_name"])
    assert set(cards(at)) == expected if len(expected) <= 24 else set(cards(at)) < expected
    assert f"共 {len(expected)} 个" in captions(at)


def test_health_page_of_one_district_shows_just_its_card(province_url: str):
    _framework, overall = health_scores(province_url)
    row = overall.dropna(subset=["score"]).iloc[5]
    at = open_app(HEALTH, region=row["region_code"])
    assert cards(at) == [row["region_name"]]
    assert not at.get("radio")


def test_index_page_of_many_districts_says_the_charts_show_the_ends(province_url: str):
    at = open_app(INDEX)
    assert exceptions(at) == []
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    cut = [t for t in titles if f"共 {DISTRICTS} 个区县,图中为前 15 名和后 15 名" in t]
    assert len(cut) == 2  # the ranking and the heatmap
    ranking = next(d.value for d in at.dataframe if "排名" in d.value.columns)
    assert len(ranking) == DISTRICTS  # the table keeps every district
