"""The shell in a real browser: the navigation lists the dashboards, a shared link opens its selection."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_exception, open_page


def test_shell_lists_the_dashboard_pages_and_hides_uploads_from_readers(page: Page, app_url: str):
    open_page(page, app_url)
    assert_no_exception(page)
    nav = page.get_by_test_id("stSidebarNav")
    for title in ("总览", "评估指数", "三网一基一指数", "好差评", "满意度调查", "数据共享开放", "方法与权重"):
        expect(nav.get_by_text(title, exact=True)).to_be_visible()
    expect(nav.get_by_text("数据上传", exact=True)).to_have_count(0)
    expect(page.get_by_text("示例数据", exact=False).first).to_be_visible()


def test_shell_opens_a_shared_link_with_its_selection(page: Page, app_url: str):
    open_page(page, app_url, "overview", framework="district_health", period="2024Q3", region="990104")
    assert_no_exception(page)
    # A select box shows its choice as the value of its combobox, not as a text node.
    sidebar = page.get_by_test_id("stSidebar")
    for label, choice in (("评估框架", "区级“三网一基一指数”运行管理健康指数"), ("评估期", "2024年第3季度"),
                          ("层级", "区县"), ("地区范围", "凤栖区(990104)")):
        expect(sidebar.get_by_role("combobox", name=label)).to_match_aria_snapshot(f'- combobox "{label}": {choice}')
    expect(page.get_by_text("2024年第3季度 · 凤栖区 · 区级“三网一基一指数”运行管理健康指数")).to_be_visible()
    assert "period=2024Q3" in page.url and "region=990104" in page.url


def test_shell_upload_page_is_not_shown_to_a_reader(page: Page, app_url: str):
    open_page(page, app_url, "upload")
    assert_no_exception(page)
    expect(page.get_by_text("选择要上传的 CSV 或 XLSX 文件")).to_have_count(0)
