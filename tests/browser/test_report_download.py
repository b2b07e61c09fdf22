"""One click on 评估指数 downloads the selected district's Word 成绩单."""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import assert_no_exception, open_page


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once, so that a deep link to /index goes through the shell."""
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


def test_index_page_downloads_the_district_report_card(page: Page, app_url: str):
    open_page(page, app_url, "index", framework="digital_gov", period="2025Q4", region="990106")
    assert_no_exception(page)
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="下载新港区成绩单(Word)").click()
    assert download.value.suggested_filename == "990106_新港区_2025年第4季度_成绩单.docx"
    card = docx.Document(download.value.path())
    assert card.paragraphs[0].text == "数字政府建设成效评估指数成绩单"
    assert len(card.inline_shapes) >= 3
