"""Browser tests: the real app served as ``make run`` serves it, driven by Playwright in Debian's chromium.

One server on the demo database serves every read-only test of the session; tests that write start their own
server on a copy (``start_app``). Chromium is the system's (``/usr/bin/chromium``); no browser is downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GOVDASH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {"1920x1080": {"width": 1920, "height": 1080}, "1366x768": {"width": 1366, "height": 768}}
START_TIMEOUT_S = 90
RUN_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's chromium headless with the flags this machine needs."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Pages open at 1920×1080 in Chinese, with downloads allowed."""
    return {**browser_context_args, "viewport": VIEWPORTS["1920x1080"], "locale": "zh-CN",
            "accept_downloads": True}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@contextmanager
def start_app(database_url: str, log_dir: Path, **env: str) -> Iterator[str]:
    """Serve ``app.py`` on a free port against ``database_url``; yield its base URL; stop it afterwards.

    Args:
        database_url: the database the app reads and writes.
        log_dir: where the server's output goes (shown when it fails to start).
        **env: further environment variables, e.g. ``GOVDASH_PUBLIC_READ="0"``.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = log_dir / f"streamlit-{port}.log"
    environment = {**os.environ, "GOVDASH_DATABASE_URL": database_url, "GOVDASH_PUBLIC_READ": "1",
                   "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "full", **env}
    command = [sys.executable, "-m", "govdash.ui.server", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app on the session's demo database, read anonymously (public read on)."""
    with start_app(f"sqlite:///{demo_database_file}", tmp_path_factory.mktemp("server")) as url:
        yield url


def wait_for_streamlit(page: Page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait as Streamlit's own end-to-end tests do: a pause, connected, then the script not running."""
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)


def open_page(page: Page, base_url: str, url_path: str = "", **query: str) -> None:
    """Open a page of the app (``url_path`` as in the page registry), with query parameters, and wait for it."""
    suffix = f"?{urlencode(query)}" if query else ""
    page.goto(f"{base_url}/{url_path}{suffix}", wait_until="domcontentloaded")
    wait_for_streamlit(page)


def assert_no_exception(page: Page) -> None:
    """The page shows no Streamlit exception box."""
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def wait_for_charts(page: Page, minimum: int = 1) -> None:
    """Wait until at least ``minimum`` plotly charts have drawn their SVG."""
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\").length >= n",
        arg=minimum, timeout=RUN_TIMEOUT_MS)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot to ``test-artifacts/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Streamlit scrolls inside its main area, so a "full page" shot of the window would stop at the fold:
    # grow the window to the content's height for the shot, then put it back.
    size = page.viewport_size or VIEWPORTS["1920x1080"]
    content = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section.main, body')]"
        ".map(e => e.scrollHeight))"
    )
    tall = min(int(content), 16000)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_timeout(600)  # plotly redraws on resize
        wait_for_streamlit(page)
    page.screenshot(path=str(path), full_page=True)
    if tall > size["height"]:
        page.set_viewport_size(size)
    return path


def screenshots_at_both_sizes(page: Page, name: str) -> list[Path]:
    """Screenshot the open page at 1920×1080 and at 1366×768 (re-laid out and redrawn in between)."""
    paths = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(600)  # plotly redraws on resize
        wait_for_streamlit(page)
        paths.append(screenshot(page, f"{name}-{label}"))
    page.set_viewport_size(VIEWPORTS["1920x1080"])
    return paths
