"""A hostile upload through the running web server: refused on the page, and the server keeps serving others.

The server runs with the cheap checks set out of the way, so that the sparse workbook reaches the Excel reader,
whose allocation failure aborts the process that reads it: that must be the reading child, never the server.
"""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from govdash.auth import Actor, create_user
from govdash.core import db, models
from tests import hostile_files as hostile
from tests.browser.conftest import RUN_TIMEOUT_MS, open_page, screenshot, start_app
from tests.browser.test_upload_flow import PASSWORD, Server, count, go, sign_in, upload


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the demo database, an evaluator, the extent checks off, 1 GB per reading child."""
    folder = tmp_path_factory.mktemp("hostile-upload")
    copy = folder / "govdash.db"
    shutil.copy(demo_database_file, copy)
    url = f"sqlite:///{copy}"
    engine = db.make_engine(url)
    create_user(engine, Actor.system_actor(), name="eva", password=PASSWORD, role="evaluator")
    unbounded = {name: str(10**12) for name in ("GOVDASH_UPLOAD_MAX_CELLS", "GOVDASH_UPLOAD_MAX_COLUMNS",
                                                "GOVDASH_UPLOAD_MAX_ROWS")}
    with start_app(url, folder, GOVDASH_PUBLIC_READ="0", GOVDASH_UPLOAD_MAX_MEMORY_MB="1024", **unbounded) as base:
        yield Server(base, engine)
    engine.dispose()


def test_hostile_upload_refused_and_server_still_serves_another_user(browser: Browser, server: Server):
    rows, batches = count(server.engine, models.Evaluation), count(server.engine, models.UploadBatch)
    evaluator = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = evaluator.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    sign_in(page, server.url, "eva")
    go(page, "数据上传")

    upload(page, "稀疏.xlsx", hostile.sparse_cells())
    expect(page.get_by_text("稀疏.xlsx”读取时超出 1,024 MB 的内存上限", exact=False)).to_be_visible()
    upload(page, "一行.csv", hostile.one_endless_line(4))
    expect(page.get_by_text("单行长度上限", exact=False)).to_be_visible()
    screenshot(page, "upload-hostile-refused")
    assert (count(server.engine, models.Evaluation), count(server.engine, models.UploadBatch)) == (rows, batches)

    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as response:
        assert response.status == 200
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    other = visitor.new_page()
    other.set_default_timeout(RUN_TIMEOUT_MS)
    open_page(other, server.url)
    expect(other.get_by_label("用户名")).to_be_visible()
    # The evaluator's own session goes on too.
    go(page, "好差评")
    visitor.close()
    evaluator.close()
