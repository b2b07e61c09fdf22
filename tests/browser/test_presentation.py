"""汇报模式 in chromium at 1920×1080: walk every slide with the buttons and the keyboard, open a slide from a link,
download a chart PNG and the PPTX briefing; a screenshot of every slide for people to look at."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from tests.browser.conftest import (
    assert_no_exception,
    open_page,
    screenshot,
    wait_for_charts,
    wait_for_streamlit,
)

QUERY = {"framework": "district_health", "period": "2025Q4"}


@pytest.fixture(scope="module", autouse=True)
def navigation_registered(browser: Browser, app_url: str) -> None:
    """Open the app's root once, so that a deep link to /presentation goes through the shell."""
    context = browser.new_context()
    open_page(context.new_page(), app_url)
    context.close()


def _counter(page: Page) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"^\d+ / \d+$")).inner_text()
    current, total = (int(n) for n in text.split(" / "))
    return current, total


def _wait_for_drawing(page: Page) -> None:
    """Wait until every chart on the slide has drawn (elements first appear as skeletons)."""
    page.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0 && "
        "[...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")].every(c => c.querySelector('.main-svg'))",
        timeout=60_000)
    page.wait_for_timeout(300)


def test_presentation_walks_every_slide_with_next_and_screenshots(page: Page, app_url: str):
    open_page(page, app_url, "presentation", **QUERY)
    assert_no_exception(page)
    current, total = _counter(page)
    assert (current, total) == (1, total) and total >= 8
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    _wait_for_drawing(page)
    screenshot(page, "presentation-01")
    for number in range(2, total + 1):
        page.get_by_role("button", name="下一页").click()
        wait_for_streamlit(page)
        assert_no_exception(page)
        assert _counter(page) == (number, total)
        assert f"slide={number}" in page.url
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        page.mouse.move(960, 40)  # no button tooltip in the screenshot
        _wait_for_drawing(page)
        screenshot(page, f"presentation-{number:02d}")
    expect(page.get_by_role("button", name="下一页")).to_be_disabled()


def _press(page: Page, key: str) -> None:
    """Press a key on the slide and wait for the rerun it starts.

    Streamlit attaches its shortcut listener after the page has drawn; a key pressed in that gap is dropped,
    so when the slide has not moved the key is pressed once more, with the slide title focused again.
    """
    before = _counter(page)[0]
    page.keyboard.press(key)
    wait_for_streamlit(page)
    if _counter(page)[0] == before:
        page.locator(".gd-title").click()
        page.keyboard.press(key)
        wait_for_streamlit(page)


def test_presentation_keyboard_moves_between_slides(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    assert _counter(page)[0] == 2
    page.locator(".gd-title").click()  # the page has the keyboard focus, as after a presenter's click
    _press(page, "ArrowRight")
    expect(page.get_by_text("3 / 14", exact=True)).to_be_visible(timeout=15_000)
    _press(page, "ArrowLeft")
    expect(page.get_by_text("2 / 14", exact=True)).to_be_visible(timeout=15_000)
    wait_for_streamlit(page)
    assert _counter(page)[0] == 2
    previous = page.get_by_role("button", name="上一页")
    previous.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 / 14", exact=True)).to_be_visible()


def test_presentation_clicker_keys_page_down_and_page_up_turn_the_slides(page: Page, app_url: str):
    titles = {}
    for number in (2, 3, 4):
        open_page(page, app_url, "presentation", slide=str(number), **QUERY)
        titles[number] = page.locator(".gd-title").inner_text()
    assert len(set(titles.values())) == 3
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    page.locator(".gd-title").click()  # the page has the keyboard focus, as after a presenter's click
    _press(page, "PageDown")
    expect(page.locator(".gd-title")).to_have_text(titles[3], timeout=15_000)
    expect(page.get_by_text("3 / 14", exact=True)).to_be_visible()
    _press(page, "Space")
    expect(page.locator(".gd-title")).to_have_text(titles[4], timeout=15_000)
    _press(page, "PageUp")
    expect(page.locator(".gd-title")).to_have_text(titles[3], timeout=15_000)
    _press(page, "PageUp")
    expect(page.locator(".gd-title")).to_have_text(titles[2], timeout=15_000)
    assert "slide=2" in page.url
    expect(page.get_by_role("button", name=re.compile("PageDown|PageUp|空格键"))).to_have_count(0)


def test_presentation_sidebar_shows_on_request(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="3", **QUERY)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.get_by_text("筛选与导航").click()
    wait_for_streamlit(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("总览", exact=True)).to_be_visible()
    assert _counter(page)[0] == 3


def test_presentation_link_opens_the_given_slide(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="4", region="990106", **QUERY)
    assert_no_exception(page)
    assert _counter(page)[0] == 4
    expect(page.get_by_text("新港区").first).to_be_visible()


def test_presentation_downloads_a_chart_png_and_the_pptx(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    wait_for_charts(page)
    with page.expect_download(timeout=60_000) as png:
        page.get_by_role("button", name="下载 PNG").first.click()
    assert Image.open(png.value.path()).size == (1920, 1080)
    with page.expect_download(timeout=120_000) as pptx:
        page.get_by_role("button", name="下载 PPTX 简报").click()
    assert pptx.value.suggested_filename.endswith(".pptx")
    briefing = Presentation(io.BytesIO(open(pptx.value.path(), "rb").read()))
    assert len(briefing.slides) == _counter(page)[1]


def _inside(box: dict | None, size: dict) -> bool:
    return (box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] + 1
            and box["y"] + box["height"] <= size["height"] + 1)


@pytest.mark.parametrize("size", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}],
                         ids=["1280x720", "1920x1080"])
def test_presentation_every_slide_fits_the_projector_with_its_controls(browser: Browser, app_url: str, size: dict):
    context = browser.new_context(viewport=size, locale="zh-CN")
    page = context.new_page()
    open_page(page, app_url, "presentation", **QUERY)
    total = _counter(page)[1]
    for number in range(1, total + 1):
        if number > 1:
            page.get_by_role("button", name="下一页").click()
            wait_for_streamlit(page)
        _wait_for_drawing(page)
        controls = page.locator(".st-key-presentation_controls")
        for control in (page.get_by_role("button", name="上一页"), page.get_by_role("button", name="下一页"),
                        page.get_by_text(re.compile(r"^\d+ / \d+$")),
                        page.get_by_role("button", name="下载 PPTX 简报"), page.get_by_role("button", name="全屏放映"),
                        page.get_by_role("link", name="演讲者视图")):
            assert _inside(control.bounding_box(), size), (number, control)
        assert _inside(page.locator(".gd-title").first.bounding_box(), size), number
        top_of_controls = controls.bounding_box()["y"]
        for drawn in page.locator("[data-testid='stPlotlyChart']").all():
            box = drawn.bounding_box()
            assert box is not None and box["y"] + box["height"] <= top_of_controls + 1, (number, box)
            assert box["height"] >= 200, (number, box)  # the chart is still a chart, not a strip
        screenshot(page, f"presentation-fit-{size['width']}x{size['height']}-{number:02d}")
    context.close()


def test_full_screen_button_puts_the_whole_page_full_screen_and_back(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    button = page.get_by_role("button", name="全屏放映")
    expect(button).to_be_enabled()
    assert page.evaluate("document.fullscreenElement") is None
    button.click()  # the browser's own Fullscreen API, on a real click (headless chromium honours it)
    page.wait_for_function("document.fullscreenElement === document.documentElement", timeout=10_000)
    exit_button = page.get_by_role("button", name="退出全屏")
    expect(exit_button).to_have_attribute("aria-pressed", "true")
    _wait_for_drawing(page)
    screenshot(page, "presentation-full-screen")
    exit_button.click()
    page.wait_for_function("document.fullscreenElement === null", timeout=10_000)
    expect(page.get_by_role("button", name="全屏放映")).to_be_visible()
    assert _counter(page)[0] == 2  # still on the same slide


def test_presenter_view_shows_the_next_slides_title_points_and_a_running_timer(page: Page, app_url: str):
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="演讲者视图").click()
    presenter = opened.value
    presenter.wait_for_load_state("domcontentloaded")
    wait_for_streamlit(presenter)
    assert "presenter=1" in presenter.url and "slide=2" in presenter.url
    panel = presenter.locator(".st-key-presenter_panel")
    expect(panel.get_by_text("第 2 / 14 页")).to_be_visible()
    upcoming = panel.locator(".gd-next").inner_text()
    assert re.fullmatch(r"3\. .+", upcoming)
    expect(panel.locator(".gd-points li").first).to_be_visible()  # the slide's points to make
    expect(panel.locator(".elapsed")).to_have_text(re.compile(r"^00:00:\d\d$"))
    expect(panel.locator(".elapsed")).not_to_have_text("00:00:00", timeout=5_000)  # the clock runs
    screenshot(presenter, "presentation-presenter-view")
    presenter.get_by_role("button", name="下一页").click()
    wait_for_streamlit(presenter)
    expect(presenter.locator(".gd-title").first).to_have_text(upcoming.split(". ", 1)[1])
    expect(panel.get_by_text("第 3 / 14 页")).to_be_visible()
    expect(panel.locator(".elapsed")).not_to_have_text("00:00:00")  # turning a slide does not restart it
    assert presenter.get_by_role("link", name="观众视图").get_attribute("href").find("presenter") == -1
    presenter.close()


def test_audience_window_follows_the_presenters_view(page: Page, app_url: str):
    """The projector's window turns with the presenter's view of the same deck (two windows of one browser)."""
    open_page(page, app_url, "presentation", slide="2", **QUERY)
    presenter = page.context.new_page()
    open_page(presenter, app_url, "presentation", slide="2", presenter="1", **QUERY)
    for number in (3, 4):
        presenter.get_by_role("button", name="下一页").click()
        wait_for_streamlit(presenter)
        expect(page.get_by_text(f"{number} / 14", exact=True)).to_be_visible(timeout=20_000)
        wait_for_streamlit(page)
        assert f"slide={number}" in page.url
    assert_no_exception(page)
    expect(page.locator(".st-key-presenter_panel")).to_have_count(0)  # the audience sees the slide only
    presenter.close()
