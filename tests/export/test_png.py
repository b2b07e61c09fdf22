import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from govdash.charts.theme import apply_theme
from govdash.export.png import CJK_FONT, figure_png, with_cjk_font

TITLE = "数字政府建设成效评估指数排名"


def _chart(font_family: str | None = None) -> go.Figure:
    fig = apply_theme(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
    fig.update_layout(title_text=TITLE)
    if font_family is not None:
        fig.update_layout(font_family=font_family)
    return fig


def _title_pixels(png: bytes) -> np.ndarray:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return image[: image.shape[0] // 10, : image.shape[1] // 2]  # the title sits in the top-left corner


@pytest.mark.usefixtures("renderer")
def test_figure_png_is_1920_by_1080():
    image = Image.open(io.BytesIO(figure_png(_chart())))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)


@pytest.mark.usefixtures("renderer")
def test_figure_png_draws_a_chinese_title_in_noto_sans_cjk_sc():
    # The chart's own font list must resolve to Noto Sans CJK SC: its title is pixel for pixel the one drawn
    # with that font alone. The control, Noto Serif CJK SC, must differ: if both were tofu boxes, or the
    # browser ignored the font family, they would be the same and the test would fail.
    ours = _title_pixels(figure_png(_chart()))
    sans = _title_pixels(figure_png(_chart(CJK_FONT)))
    serif = _title_pixels(figure_png(_chart("Noto Serif CJK SC")))
    assert (ours < 128).sum() > 500  # ink: the title is drawn
    assert np.array_equal(ours, sans)
    assert not np.array_equal(ours, serif)


@pytest.mark.usefixtures("renderer")
def test_figure_png_draws_distinct_glyphs_for_distinct_characters():
    # Missing glyphs render as identical boxes ("tofu"); real glyphs of different characters differ.
    first = _title_pixels(figure_png(_chart().update_layout(title_text="政政政政")))
    second = _title_pixels(figure_png(_chart().update_layout(title_text="府府府府")))
    assert not np.array_equal(first, second)


def test_with_cjk_font_puts_the_cjk_font_in_a_figure_without_it():
    assert with_cjk_font(go.Figure()).layout.font.family == CJK_FONT
    assert with_cjk_font(go.Figure(layout={"font": {"family": "Arial"}})).layout.font.family == f"Arial, {CJK_FONT}"
    themed = _chart()
    assert with_cjk_font(themed).layout.font.family == themed.layout.font.family


def test_with_cjk_font_leaves_the_figure_alone():
    fig = go.Figure()
    with_cjk_font(fig)
    assert fig.layout.font.family is None
