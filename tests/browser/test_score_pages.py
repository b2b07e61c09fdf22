"""The score pages in a real browser: charts drawn, no exception, drill-down by clicks, shared links, screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import (
    assert_no_exception,
    open_page,
    screenshots_at_both_sizes,
    wait_for_charts,
    wait_for_streamlit,
)

PAGES = [("", "总览", 4), ("index", "数字政府建设成效评估指数", 4), ("health", "区级“三网一基一指数”运行管理健康指数", 3),
         ("methodology", "方法与权重 · 数字政府建设成效评估指数", 3)]
# Glide data grid geometry (Streamlit's defaults): header and rows are 35 px; the row selector is the first column.
ROW_PX, SELECTOR_X = 35, 18


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once before any deep link (until then Streamlit may serve ``pages/`` without the shell)."""
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


def click_row(grid: Locator, row: int) -> None:
    """Select a row of a selectable dataframe by clicking its row selector (row 0 is the first data row)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    grid.page.mouse.click(box["x"] + SELECTOR_X, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)


@pytest.mark.parametrize(("url_path", "title", "charts"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_score_page_draws_its_charts(page: Page, app_url: str, url_path: str, title: str, charts: int):
    open_page(page, app_url, url_path)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    wait_for_charts(page, charts)
    screenshots_at_both_sizes(page, f"scores-{url_path or 'overview'}")
    assert_no_exception(page)


def test_index_page_drill_down_by_clicks_district_then_indicator(page: Page, app_url: str):
    open_page(page, app_url, "index")
    wait_for_charts(page)
    ranking = page.get_by_test_id("stDataFrame").first
    click_row(ranking, 0)  # the leader, 滨江区
    wait_for_streamlit(page)
    expect(page.get_by_text("滨江区 · 指标明细")).to_be_visible()
    assert "district=990102" in page.url
    tree = page.get_by_test_id("stDataFrame").nth(1)
    click_row(tree, 1)  # the first indicator of the first dimension
    wait_for_streamlit(page)
    assert_no_exception(page)
    expect(page.get_by_text("背后的原始记录").first).to_be_visible()
    assert "indicator=" in page.url
    screenshots_at_both_sizes(page, "scores-index-drill-down")


def test_index_page_opens_a_shared_link_with_district_and_indicator(page: Page, app_url: str):
    open_page(page, app_url, "index", framework="district_health", period="2025Q3", region="990106",
              district="990106", indicator="full_online_rate")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="区级“三网一基一指数”运行管理健康指数").first).to_be_visible()
    expect(page.get_by_text("2025年第3季度 · 新港区", exact=False).first).to_be_visible()
    expect(page.get_by_text("“全程网办率”背后的原始记录", exact=False)).to_be_visible()
    wait_for_charts(page)


def test_health_page_shows_the_weak_spot_of_xingang(page: Page, app_url: str):
    open_page(page, app_url, "health")
    wait_for_charts(page)
    expect(page.get_by_text("新港区运行管理维度", exact=False).first).to_be_visible()
    expect(page.get_by_text("数据不足", exact=False).first).to_be_visible()
