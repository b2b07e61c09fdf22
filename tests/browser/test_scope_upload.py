"""In a real browser: an evaluator bound to 滨江区 is refused a file with 望湖区 rows and may import their own.

The server runs on a copy of the demo database with public read off.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from govdash.auth import Actor, create_user
from govdash.auth.audit import audit_entries
from govdash.auth.scope import set_user_scope
from govdash.core import db, models
from tests.browser.conftest import RUN_TIMEOUT_MS, screenshot, start_app
from tests.browser.test_upload_flow import (
    PASSWORD,
    Server,
    count,
    go,
    latest_period,
    metric,
    metric_value,
    sign_in,
    upload,
)


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the demo database with an evaluator bound to 滨江区 (990102)."""
    folder = tmp_path_factory.mktemp("scope-upload")
    copy = folder / "govdash.db"
    shutil.copy(demo_database_file, copy)
    url = f"sqlite:///{copy}"
    engine = db.make_engine(url)
    create_user(engine, Actor.system_actor(), name="bj", password=PASSWORD, role="evaluator")
    set_user_scope(engine, Actor.system_actor(), "bj", ["990102"])
    with start_app(url, folder, GOVDASH_PUBLIC_READ="0") as base:
        yield Server(base, engine)
    engine.dispose()


def rows_file(period: str, *codes: str) -> bytes:
    """One 好差评 row per code, dated inside ``period``, saved as GBK."""
    year, quarter = int(period[:4]), int(period[-1])
    stamp = f"{year}-{3 * quarter - 1:02d}-12 10:00"
    lines = ["评价编号,区县代码,评价渠道,评价等级,评价时间"]
    lines += [f"SCOPE-{n},{code},窗口,满意,{stamp}" for n, code in enumerate(codes)]
    return ("\n".join(lines) + "\n").encode("gbk")


def test_scoped_evaluator_refused_outside_then_imports_inside(browser: Browser, server: Server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    sign_in(page, server.url, "bj")
    period = latest_period(server.engine)
    evaluations, batches = count(server.engine, models.Evaluation), count(server.engine, models.UploadBatch)

    go(page, "数据上传")
    expect(page.get_by_text(re.compile("您的数据范围:990102 滨江区及其下级区划"))).to_be_visible()
    upload(page, "越界.csv", rows_file(period, "990102", "990103", "990103"))
    expect(page.get_by_text("超出数据范围:区划 990103(第 3、4 行)不在您的数据范围")).to_be_visible()
    assert metric(page, "错误") == "2"
    expect(page.get_by_role("button", name="导入数据")).to_be_disabled()
    screenshot(page, "upload-scope-refused")
    assert count(server.engine, models.Evaluation) == evaluations
    assert count(server.engine, models.UploadBatch) == batches
    refusal = audit_entries(server.engine, actions=["scope_denied"]).iloc[0]
    assert refusal["actor"] == "bj" and "990103" in refusal["details"]

    go(page, "数据上传")
    upload(page, "本区.csv", rows_file(period, "990102", "990102"))
    # The report of the refused file is on screen until the new one is checked: wait for the new one.
    expect(page.get_by_text("本区.csv").first).to_be_visible()
    expect(metric_value(page, "错误")).to_have_text("0")
    page.get_by_role("button", name="导入数据").click()
    page.wait_for_timeout(200)
    expect(page.get_by_text("导入成功").first).to_be_visible()
    assert count(server.engine, models.Evaluation) == evaluations + 2
    context.close()
