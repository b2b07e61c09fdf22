"""District maps: a choropleth of the loaded boundaries coloured by band, or hex tiles without boundaries."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from govdash.boundaries import BoundaryMap
from govdash.charts.maps import HEX_CAPTION, hex_layout, make_boundary_preview_figure, make_region_map_figure
from tests.score_fixtures import mini_framework, mini_result

Q4 = "2025Q4"


def square(x: float) -> dict:
    """A 0.1° square with its exterior ring clockwise (as the boundary store keeps them)."""
    return {"type": "Polygon", "coordinates": [[[x, 29.0], [x, 29.1], [x + 0.1, 29.1], [x + 0.1, 29.0], [x, 29.0]]]}


BOUNDARIES = BoundaryMap({"r1": square(124.0), "r2": square(124.1), "r3": square(124.2)},
                         review_number="GS(2024)1234号", file_name="边界.geojson", set_id=1)


@pytest.fixture
def overall():
    frame = mini_result().overall
    return frame[frame["period"] == Q4]


def _captions(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_region_map_draws_each_band_on_its_districts_boundaries(overall):
    fig = make_region_map_figure(overall, mini_framework(), boundaries=BOUNDARIES)
    maps = [t for t in fig.data if t.type == "choropleth"]
    # r1 95.0 高, r2 61.2 中, r3 数据不足 (缺 2 项指标); r4 has no boundary
    assert [(t.name, list(t.locations)) for t in maps] == [("高", ["r1"]), ("中", ["r2"]), ("数据不足", ["r3"])]
    assert [f["id"] for f in maps[0].geojson["features"]] == ["r1"]  # each trace carries only its own shapes
    assert maps[0].colorscale[0][1] == "#1a7f37"  # the band's colour from the framework file
    assert "滨江区" in maps[0].text[0] and "95.0 分 · 高" in maps[0].text[0]
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    assert fig.layout.geo.projection.type == "mercator"
    assert not [t for t in fig.data if t.type in ("scattermapbox", "choroplethmapbox", "scattermap", "choroplethmap")]


def test_region_map_caption_has_the_review_number_and_names_districts_without_shape(overall):
    fig = make_region_map_figure(overall, mini_framework(), boundaries=BOUNDARIES)
    caption = _captions(fig)[0]
    assert caption.startswith("示意图 · 审图号:GS(2024)1234号")
    assert "另有 1 个区县没有边界,未画出:雁山县" in caption


def test_region_map_labels_and_outlines_the_picked_district(overall):
    fig = make_region_map_figure(overall, mini_framework(), boundaries=BOUNDARIES, region_code="r2")
    outline = [t for t in fig.data if t.type == "choropleth" and not t.showlegend]
    assert [list(t.locations) for t in outline] == [["r2"]]
    assert outline[0].marker.line.width == 3
    labels = next(t for t in fig.data if t.type == "scattergeo")
    assert list(labels.text) == ["滨江区", "新港区", "鹤鸣县"]


def test_region_map_without_boundaries_draws_hex_tiles_and_says_so(overall):
    fig = make_region_map_figure(overall, mini_framework(), boundaries=None)
    assert not [t for t in fig.data if t.type == "choropleth"]
    tiles = [t for t in fig.data if t.fill == "toself"]
    assert [t.name for t in tiles] == ["高", "中", "低", "数据不足"]
    assert sum(int(np.isnan(t.x).sum()) for t in tiles) == 4  # one hexagon per district, gaps between
    assert _captions(fig) == [HEX_CAPTION]
    assert "不代表实际位置" in HEX_CAPTION
    names = next(t for t in fig.data if t.mode == "markers+text")
    assert list(names.text) == ["滨江区", "新港区", "鹤鸣县", "雁山县"]  # code order
    assert fig.layout.yaxis.scaleanchor == "x"  # regular hexagons


def test_region_map_with_boundaries_of_other_districts_only_falls_back_to_hex(overall):
    other = BoundaryMap({"990102": square(124.0)})
    fig = make_region_map_figure(overall, mini_framework(), boundaries=other)
    assert _captions(fig) == [HEX_CAPTION]


def test_hex_layout_tiles_without_overlap():
    centres = hex_layout(30)
    nearest = min(math.dist(a, b) for a, b in itertools.combinations(centres, 2))
    assert nearest == pytest.approx(math.sqrt(3))  # neighbours touch edge to edge, none overlaps
    assert len(set(centres)) == 30
    assert hex_layout(30) == centres  # deterministic


def test_boundary_preview_names_the_districts():
    fig = make_boundary_preview_figure(BOUNDARIES, {"r1": "滨江区"})
    assert list(fig.data[0].locations) == ["r1", "r2", "r3"]
    assert list(next(t for t in fig.data if t.type == "scattergeo").text) == ["滨江区", "r2", "r3"]
