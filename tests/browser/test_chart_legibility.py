"""Charts read in full in a real browser: radar names not cut, heatmap headers not covered, the selected district's
line named and bold, stable ranks said in words and visible — at a laptop's 1366×768, where columns are narrow."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import VIEWPORTS, assert_no_exception, open_page, screenshot, wait_for_charts

XINGANG = "990106"
DIGITAL_GOV_DIMENSIONS = ["基础准备度", "数字服务成效度", "服务满意度", "政府治理精细度", "数据共享度与开放度", "政策环境"]
HEALTH_PILLARS = ["一网通办", "一网统管", "一网协同", "数字基础", "运行管理"]


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once before any deep link (until then Streamlit may serve ``pages/`` without the shell)."""
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


@pytest.fixture
def laptop(page: Page) -> Page:
    page.set_viewport_size(VIEWPORTS["1366x768"])
    return page


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (inner["x"] >= outer["x"] - 0.5 and inner["y"] >= outer["y"] - 0.5
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5)


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def chart_with(page: Page, selector: str) -> Locator:
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has=page.locator(selector)).first
    chart.scroll_into_view_if_needed()
    return chart


def test_radar_shows_every_dimension_name_in_full_inside_the_chart(laptop: Page, app_url: str):
    open_page(laptop, app_url, "", region=XINGANG)  # 总览: the radar sits in the narrow right column
    wait_for_charts(laptop, 4)
    assert_no_exception(laptop)
    chart = chart_with(laptop, ".polar")
    labels = chart.locator(".angularaxistick text")
    expect(labels).to_have_count(len(DIGITAL_GOV_DIMENSIONS))
    assert labels.all_text_contents() == DIGITAL_GOV_DIMENSIONS  # wrapped lines, every character there
    svg = box(chart.locator(".main-svg").first)
    for label in labels.all():
        assert inside(box(label), svg), label.text_content()
    screenshot(laptop, "legibility-radar-1366x768")


def test_health_heatmap_colour_scale_and_key_leave_the_column_names_clear(laptop: Page, app_url: str):
    open_page(laptop, app_url, "health")
    wait_for_charts(laptop, 3)
    chart = chart_with(laptop, ".colorbar")
    names = chart.locator(".xtick text")
    assert names.all_text_contents() == HEALTH_PILLARS
    svg = box(chart.locator(".main-svg").first)
    covers = [box(chart.locator(".colorbar").first), box(chart.locator(".annotation", has_text="▼").first)]
    for name in names.all():
        name_box = box(name)
        assert inside(name_box, svg), name.text_content()
        for cover in covers:
            assert not overlap(name_box, cover), name.text_content()
    screenshot(laptop, "legibility-health-heatmap-1366x768")


def test_selected_districts_trend_is_the_boldest_line_and_named_in_the_legend(laptop: Page, app_url: str):
    open_page(laptop, app_url, "index", region=XINGANG)
    wait_for_charts(laptop, 4)
    chart = chart_with(laptop, ".legendtext:text-is('新港区(所选)')")
    legend = chart.locator(".legendtext").all_text_contents()
    assert legend[0] == "新港区(所选)" and "全市平均" in legend and "其他区县" in legend
    widths = chart.evaluate(
        "el => [...el.querySelectorAll('.scatterlayer .trace .js-line')].map(p => parseFloat(p.style.strokeWidth))")
    assert max(widths) >= 4 and sorted(widths)[-2] < max(widths)  # one line stands out: the selected one
    screenshot(laptop, "legibility-trend-selected-1366x768")


def test_stable_ranks_are_said_in_words_and_drawn(laptop: Page, app_url: str):
    open_page(laptop, app_url, "methodology", framework="digital_gov", period="2025Q4")
    wait_for_charts(laptop, 3)
    assert_no_exception(laptop)
    expect(laptop.get_by_text("各区县排名在权重扰动下保持不变。")).to_be_visible()
    chart = chart_with(laptop, ".legendtext:text-is('排名不变')")
    strokes = chart.locator(".scatterlayer .trace").first.locator(".point")
    assert strokes.count() == 13  # every scored district of 示例市 keeps its rank: a stroke each
    assert all(box(stroke)["height"] >= 16 for stroke in strokes.all())
    screenshot(laptop, "legibility-rank-stability-1366x768")
