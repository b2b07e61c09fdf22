"""The shared chart widget offers the chart as a PNG next to it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import plotly.graph_objects as go

    from govdash.ui.widgets import chart

    chart(go.Figure(go.Bar(x=["滨江区"], y=[91.6])), "综合得分排名")
    chart(go.Figure(go.Bar(x=["雁山县"], y=[46.3])), "综合得分排名", key="second")
    chart(go.Figure(), "空白", download=False)


def test_chart_offers_a_png_download_per_chart():
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["下载 PNG", "下载 PNG"]
    assert all(b.proto.id for b in buttons)
