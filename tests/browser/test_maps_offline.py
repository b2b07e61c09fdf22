"""The district map in a real browser: drawn on 总览 from the demo's boundaries, with no request leaving the machine."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_for_charts


def test_overview_map_draws_the_districts_without_any_outside_request(page: Page, app_url: str):
    outside: list[str] = []

    def only_this_machine(route: Route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:  # the app runs on 政务外网 without internet: nothing may be fetched from elsewhere
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_this_machine)
    topologies: list[str] = []
    page.on("request", lambda request: topologies.append(request.url) if "topojson" in request.url else None)
    open_page(page, app_url, "", framework="district_health", period="2025Q4")  # 总览 is the root page
    wait_for_charts(page, 4)
    assert_no_exception(page)
    districts = page.locator("[data-testid='stPlotlyChart'] .choroplethlayer path")
    expect(districts.first).to_be_visible(timeout=30_000)
    assert districts.count() >= 14  # every district of 示例市, and the picked one's outline when there is one
    expect(page.locator("[data-testid='stPlotlyChart'] .annotation-text", has_text="示意图").first).to_be_visible()
    screenshot(page, "overview-map-offline")
    assert outside == [], outside
    assert topologies and all(url.startswith(app_url) for url in topologies)  # the app's own empty topology
