"""Sessions as a web product's users expect: deep links through sign-in, reloads and new tabs stay signed in,
sign-out and disabling an account end the session, and nothing but this server is ever asked for anything."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.engine import Engine

from govdash.auth import Actor, create_user, set_active
from govdash.auth.sessions import COOKIE_NAME, SESSIONS, token_hash
from govdash.core import db
from tests.browser.conftest import (
    assert_no_exception,
    open_page,
    start_app,
    wait_for_charts,
    wait_for_streamlit,
)

PASSWORD = "correct horse 42"
DEEP_LINK = ("upload", {"period": "2025Q3", "region": "990104", "framework": "district_health"})


@dataclass(frozen=True)
class Server:
    """The app on a private database copy, public read off."""

    url: str
    engine: Engine


@pytest.fixture(scope="module")
def server(demo_database_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the demo database with an admin, an evaluator and a viewer; public read off."""
    folder = tmp_path_factory.mktemp("sessions")
    copy = folder / "govdash.db"
    shutil.copy(demo_database_file, copy)
    url = f"sqlite:///{copy}"
    engine = db.make_engine(url)
    for name, role in (("root", "admin"), ("eva", "evaluator"), ("vic", "viewer")):
        create_user(engine, Actor.system_actor(), name=name, password=PASSWORD, role=role)
    with start_app(url, folder, GOVDASH_PUBLIC_READ="0") as base:
        yield Server(base, engine)
    engine.dispose()


def submit_sign_in(page: Page, name: str, password: str = PASSWORD, *, to_app: bool = True) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    if to_app:
        wait_for_streamlit(page)


def signed_in_as(page: Page, name: str) -> None:
    expect(page.get_by_test_id("stSidebar").get_by_text(re.compile(rf"^{name} · "))).to_be_visible()


def no_english_dialog(page: Page) -> None:
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def session_cookie(context: BrowserContext) -> dict:
    return next(c for c in context.cookies() if c["name"] == COOKIE_NAME)


def test_deep_link_goes_through_sign_in_to_the_linked_page_with_its_query(page: Page, server: Server):
    name, query = DEEP_LINK
    open_page(page, server.url, name, **query)
    no_english_dialog(page)
    expect(page.get_by_text("请登录后查看此页面")).to_be_visible()
    expect(page.get_by_text("选择要上传的 CSV 或 XLSX 文件")).to_have_count(0)
    submit_sign_in(page, "eva")
    address = urlsplit(page.url)
    assert address.path == f"/{name}"
    assert {k: v[0] for k, v in parse_qs(address.query).items()} == query
    signed_in_as(page, "eva")
    no_english_dialog(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="数据上传")).to_be_visible()


def test_session_survives_reload_and_new_tab_with_a_hashed_httponly_cookie(page: Page, server: Server):
    open_page(page, server.url, "index", period="2025Q2")
    submit_sign_in(page, "vic")
    signed_in_as(page, "vic")
    cookie = session_cookie(page.context)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE_NAME) == -1  # scripts cannot read it
    with server.engine.connect() as conn:
        stored = conn.execute(select(SESSIONS.c.token_hash, SESSIONS.c.expires_at, SESSIONS.c.revoked_at)).all()
    assert token_hash(cookie["value"]) in {row.token_hash for row in stored}
    assert cookie["value"] not in {row.token_hash for row in stored}

    page.reload(wait_until="domcontentloaded")
    wait_for_streamlit(page)
    signed_in_as(page, "vic")
    assert "period=2025Q2" in page.url
    other = page.context.new_page()
    open_page(other, server.url, "health")
    signed_in_as(other, "vic")
    no_english_dialog(other)
    other.close()


def test_a_page_above_the_role_says_so_in_chinese(page: Page, server: Server):
    open_page(page, server.url, "admin")
    submit_sign_in(page, "vic")
    assert urlsplit(page.url).path == "/admin"
    no_english_dialog(page)
    expect(page.get_by_text("此页面需要管理员或更高角色,当前账户是访客。")).to_be_visible()


def test_sign_out_revokes_the_session_everywhere(page: Page, server: Server):
    open_page(page, server.url)
    submit_sign_in(page, "eva")
    token = session_cookie(page.context)["value"]
    other = page.context.new_page()
    open_page(other, server.url, "history")
    signed_in_as(other, "eva")
    open_page(page, server.url, "account")
    page.get_by_role("button", name="退出登录").click()
    wait_for_streamlit(page)
    expect(page.get_by_text("您尚未登录")).to_be_visible()
    with server.engine.connect() as conn:
        revoked = conn.scalar(select(SESSIONS.c.revoked_at).where(SESSIONS.c.token_hash == token_hash(token)))
    assert revoked is not None
    other.reload(wait_until="domcontentloaded")
    wait_for_streamlit(other)
    expect(other.get_by_text("请登录后查看此页面")).to_be_visible()
    other.close()


def test_disabling_an_account_ends_its_sessions(page: Page, server: Server):
    create_user(server.engine, Actor.system_actor(), name="tmp", password=PASSWORD, role="evaluator")
    open_page(page, server.url, "history")
    submit_sign_in(page, "tmp")
    signed_in_as(page, "tmp")
    set_active(server.engine, Actor.system_actor(), "tmp", False)
    page.reload(wait_until="domcontentloaded")
    wait_for_streamlit(page)
    expect(page.get_by_text("请登录后查看此页面")).to_be_visible()


def test_wrong_password_stays_on_sign_in_with_a_chinese_message(page: Page, server: Server):
    open_page(page, server.url, "history", period="2025Q4")
    submit_sign_in(page, "eva", "wrong password", to_app=False)
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    expect(page.get_by_label("用户名")).to_have_value("eva")
    submit_sign_in(page, "eva")
    assert urlsplit(page.url).path == "/history" and "period=2025Q4" in page.url
    signed_in_as(page, "eva")


def test_nothing_is_fetched_from_outside_the_server(browser, server: Server):
    """Every request leaving for another host is blocked and recorded; none may be made, no console error."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        host = urlsplit(request_route.request.url).hostname
        if request_route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    failed: list[str] = []

    def console(msg) -> None:
        if msg.type == "error":
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # No failed request at all: deep links included, nothing probes a page's own path for the server.
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    open_page(page, server.url, "index", period="2025Q4")
    submit_sign_in(page, "root")
    wait_for_charts(page)
    for name in ("overview", "health", "evaluations", "methodology", "presentation", "upload", "admin", "account"):
        open_page(page, server.url, name)
        assert_no_exception(page)
    page.reload(wait_until="domcontentloaded")  # F5 on a deep link
    wait_for_streamlit(page)
    context.close()
    assert sorted(set(outside)) == []
    assert sorted(set(failed)) == []
    assert errors == []
