import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from govdash.charts.theme import apply_theme
from govdash.export.pptx import FONT, briefing_pptx
from govdash.report.slides import Card, Slide

FINDING = "滨江区综合得分 91.6 分,较上期提升 3.1 分,位列第一。"


def _deck() -> list[Slide]:
    chart = apply_theme(go.Figure(go.Bar(x=["滨江区", "雁山县"], y=[91.6, 46.3])))
    return [
        Slide("title", "数字政府建设成效评估", subtitle="2025年第4季度 · 全部区县", note="示例数据"),
        Slide("ranking", "综合得分排名", chart=chart, chart_name="综合得分排名", bullets=(FINDING,)),
        Slide("cards", "区县健康卡片", cards=(Card("新港区", "75.1 分", "亚健康", "#d4a72c", ("运行管理 42.6 分",), True),
                                           Card("鹤鸣县", "数据不足", "", "#8a94a6"))),
        Slide("findings", "主要发现", bullets=(FINDING, "鹤鸣县数据不足,未计算综合得分。")),
        Slide("methodology", "评估方法", bullets=("目标值法归一化",),
              table=pd.DataFrame({"维度": ["基础准备度"], "权重": ["15%"]})),
    ]


@pytest.fixture(scope="module")
def briefing(renderer) -> Presentation:
    return Presentation(io.BytesIO(briefing_pptx(_deck(), footer="数字政府建设成效评估 · 2025年第4季度")))


def _texts(slide) -> list[str]:
    return [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]


def test_briefing_pptx_is_16_by_9_with_one_slide_per_deck_slide(briefing):
    assert briefing.slide_width * 9 == briefing.slide_height * 16
    assert len(briefing.slides) == 5


def test_briefing_pptx_titles_are_the_slides_titles(briefing):
    assert [s.shapes.title.text for s in briefing.slides] == [s.title for s in _deck()]


def test_briefing_pptx_findings_are_real_text(briefing):
    ranking, _, findings, _ = list(briefing.slides)[1:]
    assert f"• {FINDING}" in _texts(ranking)
    assert f"• {FINDING}" in _texts(findings)


def test_briefing_pptx_chart_is_a_1920_wide_picture(briefing):
    pictures = [s for s in briefing.slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1920, 1080)
    assert not any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in briefing.slides[3].shapes)


def test_briefing_pptx_cards_and_table_are_text(briefing):
    cards = _texts(briefing.slides[2])
    assert {"新港区", "75.1 分  亚健康", "运行管理 42.6 分", "鹤鸣县", "数据不足"} <= set(cards)
    table = next(s for s in briefing.slides[4].shapes if s.has_table).table
    assert [[c.text for c in row.cells] for row in table.rows] == [["维度", "权重"], ["基础准备度", "15%"]]


def test_briefing_pptx_every_run_names_the_east_asian_typeface(briefing):
    runs = [r for slide in briefing.slides for r in slide.shapes._spTree.iter(qn("a:r"))]
    assert runs
    for run in runs:
        properties = run.find(qn("a:rPr"))
        assert properties.find(qn("a:ea")).get("typeface") == FONT
        assert properties.find(qn("a:latin")).get("typeface") == FONT


def test_briefing_pptx_footer_counts_slides(briefing):
    assert "4 / 5" in _texts(briefing.slides[3])
    assert "数字政府建设成效评估 · 2025年第4季度" in _texts(briefing.slides[3])


def _blank_png(_figure) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _all_texts(prs) -> list[str]:
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += [p.text for p in shape.text_frame.paragraphs]
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
    return texts


def test_briefing_pptx_makes_uploaded_formula_like_text_inert(small_framework, small_scores):
    """A district named =HYPERLINK(...) (NAMES) and a table of uploaded names and a comment, in the real file."""
    from govdash.report.slides import build_deck

    deck = build_deck(small_framework, small_scores, period="2025Q4")
    uploaded = pd.DataFrame({"实施部门": ["-市场监管局"], "服务事项": ["@出生登记"], "评价内容": ["=1+2"],
                             "变化": ["−3.1 分"]})
    deck.append(Slide("methodology", "超期差评", bullets=("=不是公式的要点",), table=uploaded))
    prs = Presentation(io.BytesIO(briefing_pptx(deck, render=_blank_png)))
    texts = _all_texts(prs)
    assert "'=HYPERLINK(\"http://x\")县" in texts  # the district's card title
    assert {"'-市场监管局", "'@出生登记", "'=1+2", "−3.1 分"} <= set(texts)
    assert "• =不是公式的要点" in texts  # a bullet starts with "•", nothing to escape
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
