"""Uploads in a real browser: sign in, template, a good GBK file, a bad one, undo, and a viewer kept out.

These tests write, so they run their own server on a copy of the demo database (the shared one stays as it is),
with public read off: every page needs a signed-in user.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from govdash.auth import Actor, create_user
from govdash.core import db, models
from tests.browser.conftest import RUN_TIMEOUT_MS, assert_no_exception, open_page, screenshot, start_app
from tests.browser.conftest import wait_for_streamlit as settle

PASSWORD = "browser-test-password-7"
NEW_ROWS = 4
BAD_FILE = ("评价编号,区县代码,评价渠道,评价等级,评价时间\n"
            "E2E-BAD-1,990102,移动端,很好,2025-11-03 10:00\n"
            "E2E-BAD-2,123456,移动端,满意,2025-11-03 10:00\n"
            "E2E-BAD-3,990102,移动端,满意,2025-13-45 10:00\n").encode("gbk")


@dataclass(frozen=True)
class Server:
    """The app on a private database copy."""

    url: str
    engine: Engine


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the demo database holding an evaluator and a viewer, public read off."""
    folder = tmp_path_factory.mktemp("upload-flow")
    copy = folder / "govdash.db"
    shutil.copy(demo_database_file, copy)
    url = f"sqlite:///{copy}"
    engine = db.make_engine(url)
    for name, role in (("eva", "evaluator"), ("vic", "viewer")):
        create_user(engine, Actor.system_actor(), name=name, password=PASSWORD, role=role)
    with start_app(url, folder, GOVDASH_PUBLIC_READ="0", GOVDASH_MAX_UPLOAD_MB="1") as base:
        yield Server(base, engine)
    engine.dispose()


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model.__table__)) or 0)  # type: ignore[attr-defined]


def latest_period(engine: Engine) -> str:
    with engine.connect() as conn:
        periods = conn.scalars(select(models.Evaluation.period).distinct()).all()  # type: ignore[call-overload]
    return max(periods)


def good_file(period: str) -> bytes:
    """好差评 rows dated in the middle of ``period``'s quarter, as Chinese Excel saves a CSV (GBK)."""
    year, quarter = int(period[:4]), int(period[-1])
    stamp = f"{year}-{3 * quarter - 1:02d}-10 09:30"
    lines = ["评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容"]
    lines += [f"E2E-{i},990102,移动端,非常不满意,{stamp},窗口排队太久" for i in range(NEW_ROWS)]
    return ("\n".join(lines) + "\n").encode("gbk")


def sign_in(page: Page, base_url: str, name: str) -> None:
    open_page(page, base_url)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    settle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(re.compile(rf"^{name} · "))).to_be_visible()


def nav_link(page: Page, title: str) -> Locator:
    return page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=title)


def go(page: Page, title: str) -> None:
    """Move to another page inside the same session, as a click in the sidebar does."""
    nav_link(page, title).click()
    settle(page)
    assert_no_exception(page)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the metric labelled ``label`` (for an ``expect`` that waits until a redraw shows it)."""
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label,
                                                                                                     exact=True))
    return box.first.get_by_test_id("stMetricValue")


def metric(page: Page, label: str) -> str:
    return metric_value(page, label).inner_text().strip()


def evaluations_shown(page: Page) -> int:
    go(page, "好差评")
    return int(metric(page, "评价数").replace(",", ""))


def upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})
    settle(page)
    assert_no_exception(page)


def download(page: Page, button: Locator) -> bytes:
    """Click a download button and return the file; a click landing while the page redraws is tried again."""
    expect(button).to_be_enabled()
    for attempt in range(3):
        try:
            with page.expect_download(timeout=20_000) as info:
                button.click()
            return Path(info.value.path()).read_bytes()
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            settle(page)
    raise AssertionError("unreachable")


def grid_text(grid: Locator) -> str:
    """The text of a data grid's cells (the grid keeps an accessible table beside its canvas)."""
    grid.scroll_into_view_if_needed()
    cells = grid.locator("[role='gridcell']")
    cells.first.wait_for(state="attached")
    return "\n".join(cells.all_text_contents())


def test_upload_flow_evaluator_imports_sees_errors_and_undoes(browser: Browser, server: Server):
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    sign_in(page, server.url, "eva")
    before = evaluations_shown(page)
    rows_before = count(server.engine, models.Evaluation)

    go(page, "数据上传")
    check_template(page)
    upload(page, "好差评.csv", good_file(latest_period(server.engine)))
    expect(page.get_by_text(re.compile("编码:GBK"))).to_be_visible()
    assert (metric(page, "数据行数"), metric(page, "错误"), metric(page, "警告")) == (str(NEW_ROWS), "0", "0")
    screenshot(page, "upload-report")
    page.get_by_role("button", name="导入数据").click()
    settle(page)
    expect(page.get_by_text("导入成功").first).to_be_visible()
    assert metric(page, "写入行数") == str(NEW_ROWS)
    assert count(server.engine, models.Evaluation) == rows_before + NEW_ROWS
    expect(page.get_by_test_id("stPageLink").filter(has_text="好差评")).to_be_visible()
    assert evaluations_shown(page) == before + NEW_ROWS

    go(page, "数据上传")
    check_bad_file_is_refused(page, server)
    check_size_limit(page)

    go(page, "上传记录")
    undo_newest_evaluations_batch(page)
    assert count(server.engine, models.Evaluation) == rows_before
    assert evaluations_shown(page) == before
    context.close()


def check_template(page: Page) -> None:
    workbook = load_workbook(io.BytesIO(download(page, page.get_by_role("button", name="下载导入模板(XLSX)"))))
    assert workbook.sheetnames == ["数据", "填写说明"]
    headers = [cell.value for cell in workbook["数据"][1]]
    assert headers[:2] == ["评价编号", "区县代码"] and "评价等级" in headers
    assert workbook["数据"].max_row == 2  # the headers and one example row
    guide = "\n".join(str(c.value) for row in workbook["填写说明"].iter_rows() for c in row if c.value)
    assert "评价等级" in guide and "必填" in guide


def check_bad_file_is_refused(page: Page, server: Server) -> None:
    evaluations, batches = count(server.engine, models.Evaluation), count(server.engine, models.UploadBatch)
    upload(page, "有错误的好差评.csv", BAD_FILE)
    assert metric(page, "错误") == "3"
    expect(page.get_by_role("button", name="导入数据")).to_be_disabled()
    cells = grid_text(page.get_by_test_id("stDataFrame").last)  # the issues, under the preview
    for row, column in ((2, "评价等级"), (3, "区县代码"), (4, "评价时间")):
        assert re.search(rf"(^|\n){row}(\n|$)", cells), f"row {row} missing from the issues table"
        assert column in cells
    sheet = load_workbook(io.BytesIO(download(page, page.get_by_role("button", name="下载 XLSX").first))).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "错误"]
    assert sorted(int(r[1]) for r in rows) == [2, 3, 4]  # type: ignore[arg-type]
    screenshot(page, "upload-errors")
    assert count(server.engine, models.Evaluation) == evaluations
    assert count(server.engine, models.UploadBatch) == batches


def check_size_limit(page: Page) -> None:
    """The server runs with a 1 MB limit: a bigger file is refused with a Chinese sentence saying so."""
    padding = "E2E-PAD,990102,移动端,满意,2025-11-03 10:00," + "x" * (1024 * 1024) + "\n"
    big = good_file("2025Q4") + padding.encode("gbk")
    upload(page, "太大的文件.csv", big)
    expect(page.get_by_text(re.compile(r"超过上传上限 1\.0 MB")).first).to_be_visible()


def undo_newest_evaluations_batch(page: Page) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="选择批次").click()
    page.get_by_role("option").filter(has_text="好差评.csv").first.click()
    settle(page)
    page.get_by_role("button", name="撤销此批次").click()
    settle(page)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("确定撤销批次")).to_be_visible()
    dialog.get_by_role("button", name="确认撤销").click()
    settle(page)
    expect(page.get_by_text("已撤销批次").first).to_be_visible()


def test_upload_flow_viewer_cannot_see_or_reach_upload(browser: Browser, server: Server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    sign_in(page, server.url, "vic")
    expect(nav_link(page, "好差评")).to_be_visible()
    expect(nav_link(page, "数据上传")).to_have_count(0)
    expect(nav_link(page, "上传记录")).to_have_count(0)
    # Typing the address inside the signed-in session: the app routes it like a link, without reloading.
    page.evaluate("() => { history.pushState({}, '', '/upload'); dispatchEvent(new PopStateEvent('popstate')); }")
    settle(page)
    refusal = page.get_by_text(re.compile("此页面需要评估员或更高角色"))
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(refusal).to_be_visible()
    # A fresh load of the address keeps the signed-in session (its cookie): the same refusal, never an uploader.
    open_page(page, server.url, "upload")
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(refusal).to_be_visible()
    context.close()
    # Without the session cookie, the address shows only the sign-in form.
    stranger = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = stranger.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    open_page(page, server.url, "upload")
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(page.get_by_label("用户名")).to_be_visible()
    stranger.close()
