"""District maps as images: drawn offline by the renderer, with their band colours and caption."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from govdash.boundaries import BoundaryMap
from govdash.charts.maps import make_region_map_figure
from govdash.export.png import figure_png, renderer_page
from tests.score_fixtures import mini_framework, mini_result

HIGH, MIDDLE = (0x1A, 0x7F, 0x37), (0xD4, 0xA7, 0x2C)  # the 高 and 中 colours of mini_framework


def square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 29.0], [x, 29.1], [x + 0.1, 29.1], [x + 0.1, 29.0], [x, 29.0]]]}


def _pixels(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    assert image.size == (1920, 1080)
    return np.asarray(image.convert("RGB")).astype(int)


def _share(pixels: np.ndarray, color: tuple[int, int, int]) -> float:
    return float((np.abs(pixels - np.array(color)).sum(axis=2) < 12).mean())


@pytest.fixture
def overall():
    frame = mini_result().overall
    return frame[frame["period"] == "2025Q4"]


def test_renderer_page_loads_nothing_from_outside():
    page = renderer_page().generate_index()
    assert not re.findall(r'src="https?://', page)  # plotly.js from the package, no MathJax from a CDN
    assert "offline_geo.js" in page


@pytest.mark.usefixtures("renderer")
def test_choropleth_png_fills_the_districts_not_the_globe(overall):
    boundaries = BoundaryMap({"r1": square(124.0), "r2": square(124.1)}, review_number="GS(2024)1234号")
    pixels = _pixels(figure_png(make_region_map_figure(overall, mini_framework(), boundaries=boundaries)))
    high, middle = _share(pixels, HIGH), _share(pixels, MIDDLE)
    # Two equal squares fitted to the frame: each fills a clear part of it. A counter-clockwise ring would fill
    # the whole map area with one colour instead.
    assert 0.03 < high < 0.4 and 0.03 < middle < 0.4
    assert abs(high - middle) < 0.05
    caption = pixels[-60:, :600]
    assert (caption.sum(axis=2) < 600).sum() > 200  # the 示意图 · 审图号 line is drawn under the map


@pytest.mark.usefixtures("renderer")
def test_hex_map_png_draws_a_tile_per_district(overall):
    pixels = _pixels(figure_png(make_region_map_figure(overall, mini_framework())))
    assert _share(pixels, HIGH) > 0.01 and _share(pixels, MIDDLE) > 0.01
    assert _share(pixels, HIGH) == pytest.approx(_share(pixels, MIDDLE), rel=0.1)  # equal hexagons
