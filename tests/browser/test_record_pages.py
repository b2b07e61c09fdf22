"""The record pages in a real browser: charts drawn, no exception, shared links, screenshots at two sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    assert_no_exception,
    open_page,
    screenshots_at_both_sizes,
    wait_for_charts,
    wait_for_streamlit,
)

PAGES = [("evaluations", "好差评", 4), ("surveys", "满意度调查", 2), ("data-sharing", "数据共享开放", 5)]


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once before any deep link.

    Until a server has run ``app.py`` once, Streamlit serves a first request for ``/surveys`` from the
    ``pages/`` folder directly (its older multipage mode), without the shell: no filters, no banner.
    """
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


@pytest.mark.parametrize(("url_path", "title", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_record_page_draws_its_charts(page: Page, app_url: str, url_path: str, title: str, charts: int):
    open_page(page, app_url, url_path)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    wait_for_charts(page, charts)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    screenshots_at_both_sizes(page, f"records-{url_path}")
    assert_no_exception(page)


def test_surveys_page_opens_a_shared_link_with_its_selection(page: Page, app_url: str):
    open_page(page, app_url, "surveys", period="2024Q3", region="990104")
    assert_no_exception(page)
    expect(page.get_by_text("2024年第3季度 · 凤栖区")).to_be_visible()
    expect(page.get_by_text("答卷数").first).to_be_visible()
    wait_for_charts(page)
    assert "period=2024Q3" in page.url and "region=990104" in page.url


def test_evaluations_page_filters_the_bad_list_by_handling(page: Page, app_url: str):
    open_page(page, app_url, "evaluations")
    wait_for_charts(page)
    page.get_by_test_id("stButtonGroup").get_by_text("未整改", exact=True).click()
    wait_for_streamlit(page)
    assert_no_exception(page)
    expect(page.get_by_text("共 ", exact=False).filter(has_text="条差评").first).to_be_visible()
    screenshots_at_both_sizes(page, "records-evaluations-unrectified")


def test_surveys_page_marks_the_small_sample(page: Page, app_url: str):
    open_page(page, app_url, "surveys")
    wait_for_charts(page, 2)
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text="苇塘县")).to_be_visible()
