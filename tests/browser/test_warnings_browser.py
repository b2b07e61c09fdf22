"""预警 in chromium: open the page, see the hits, follow a hit to its records, download the month's 通报."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_for_streamlit


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once, so that a deep link to /warnings goes through the shell."""
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


def test_warnings_page_shows_hits_and_downloads_the_bulletin(page: Page, app_url: str):
    open_page(page, app_url, "warnings", period="2025Q4")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="预警")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="红色预警")).to_contain_text("条")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    screenshot(page, "warnings")
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="下载2025年12月通报(Word)").click()
    assert download.value.suggested_filename == "2025年12月通报.docx"
    bulletin = docx.Document(download.value.path())
    assert bulletin.paragraphs[0].text.endswith("月度通报")
    assert any(row.cells[0].text == "连续两个季度综合得分排名末位" for row in bulletin.tables[1].rows)


def test_a_hit_link_opens_the_records_page_of_its_district(page: Page, app_url: str):
    open_page(page, app_url, "evaluations", period="2025Q4", region="990123")  # the link of 岭北县's hit
    wait_for_streamlit(page)
    assert_no_exception(page)
    expect(page.get_by_test_id("stMainBlockContainer")).to_contain_text("岭北县")
