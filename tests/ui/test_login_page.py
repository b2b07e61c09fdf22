"""Signing in and out: the sign-in route (cookie, generic errors, lockout, no open redirect), the pages in AppTest."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from starlette.routing import Router
from streamlit.testing.v1 import AppTest

from govdash.auth import Actor, authenticate, set_active
from govdash.auth.audit import audit_entries
from govdash.auth.sessions import COOKIE_NAME, SESSIONS, resolve_session, token_hash
from govdash.core import config
from govdash.ui.session_routes import SESSION_ROUTES
from tests.auth.conftest import CLI, PASSWORD, make_user

LOGIN = "from govdash.ui.auth import login_page\nlogin_page()\n"
WHO = ("import streamlit as st\nfrom govdash.ui.auth import account_caption, current_user\n"
       "st.write(account_caption(current_user()))\n")
SIGN_OUT = "from govdash.ui.auth import sign_out_page\nsign_out_page()\n"


@pytest.fixture
def alice(engine) -> Actor:
    return make_user(engine, "alice", "evaluator")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


def post(path: str, form: dict[str, str], *, origin: str | None = None, cookie: str | None = None) -> Answer:
    """POST a form to the session routes in process, as a browser on 127.0.0.1:8501 would."""
    body = urlencode(form).encode()
    headers = [(b"host", b"127.0.0.1:8501"), (b"content-type", b"application/x-www-form-urlencoded")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", f"{COOKIE_NAME}={cookie}".encode()))
    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "scheme": "http", "server": ("127.0.0.1", 8501), "client": ("127.0.0.1", 5000),
             "root_path": "", "http_version": "1.1"}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    # On a thread of its own: Playwright's sync API may have left an event loop running on this one.
    worker = threading.Thread(target=asyncio.run, args=(Router(routes=SESSION_ROUTES)(scope, receive, send),))
    worker.start()
    worker.join()
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer_headers: dict[str, str] = {}
    for key, value in start["headers"]:
        answer_headers.setdefault(key.decode(), value.decode())
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    return Answer(start["status"], answer_headers, text)


def sign_in(name: str, password: str, target: str = "/upload?period=2025Q3&region=990104") -> Answer:
    return post("/signin", {"username": name, "password": password, "next": target})


def test_sign_in_sets_an_httponly_strict_cookie_and_returns_to_the_link(engine, alice):
    answer = sign_in("alice", PASSWORD)
    assert answer.status == 303
    assert answer.headers["location"] == "/upload?period=2025Q3&region=990104"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert resolve_session(engine, token) == alice
    with engine.connect() as conn:
        stored = conn.execute(select(SESSIONS.c.token_hash)).scalars().all()
    assert stored == [token_hash(token)]  # the token itself is nowhere in the database


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "upload"])
def test_sign_in_never_returns_to_another_site(engine, alice, target):
    assert sign_in("alice", PASSWORD, target).headers["location"] == "/"


@pytest.mark.parametrize(("name", "password"), [("alice", "wrong-password"), ("nobody", PASSWORD)])
def test_sign_in_generic_error(engine, alice, name, password):
    answer = sign_in(name, password)
    assert answer.status == 401 and "set-cookie" not in answer.headers
    assert "用户名或密码不正确。" in answer.body
    assert 'value="/upload?period=2025Q3&amp;region=990104"' in answer.body  # still returns to the link


def test_sign_in_lockout_message_after_repeated_failures(engine, alice, monkeypatch):
    monkeypatch.setenv("GOVDASH_LOGIN_MAX_FAILURES", "2")
    config.get_settings.cache_clear()
    sign_in("alice", "wrong-password")
    sign_in("alice", "wrong-password")
    answer = sign_in("alice", PASSWORD)
    assert "登录失败次数过多" in answer.body and "set-cookie" not in answer.headers


def test_sign_in_refuses_a_form_posted_from_another_site(engine, alice):
    answer = post("/signin", {"username": "alice", "password": PASSWORD}, origin="https://evil.example")
    assert answer.status == 403 and "set-cookie" not in answer.headers


def test_sign_out_route_revokes_the_session_and_clears_the_cookie(engine, alice):
    token = sign_in("alice", PASSWORD).headers["set-cookie"].split(";")[0].split("=", 1)[1]
    answer = post("/signout", {}, origin="http://127.0.0.1:8501", cookie=token)
    assert answer.status == 303 and answer.headers["location"] == "/signin"
    assert 'Max-Age=0' in answer.headers["set-cookie"] or "expires=" in answer.headers["set-cookie"].lower()
    assert resolve_session(engine, token) is None
    assert audit_entries(engine, actions=["logout"])["actor"].tolist() == ["alice"]


def test_login_page_shows_the_form_that_returns_to_next(engine):
    at = AppTest.from_string(LOGIN.replace("login_page()", "login_page('/history?period=2025Q4')"),
                             default_timeout=30).run()
    body = at.get("html")[0].proto.body
    assert 'method="post" action="/signin"' in body
    assert 'name="next" value="/history?period=2025Q4"' in body


def test_current_user_disabled_account_is_signed_out_at_next_run(engine, alice):
    at = AppTest.from_string(WHO, default_timeout=30)
    at.session_state["auth_user"] = alice
    at.run()
    assert at.markdown[0].value == "alice · 评估员"
    make_user(engine, "root", "admin")
    set_active(engine, CLI, "alice", False)
    at.run()
    assert at.markdown[0].value == "未登录"


def test_current_user_anonymous_reader_with_public_read(engine, monkeypatch):
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
    config.get_settings.cache_clear()
    at = AppTest.from_string(WHO, default_timeout=30).run()
    assert at.markdown[0].value == "访客(未登录,只读)"


def account_page(user: Actor) -> AppTest:
    at = AppTest.from_string(SIGN_OUT, default_timeout=30)
    at.session_state["auth_user"] = user
    at.session_state["upload_nonce"] = 3
    return at.run()


def test_sign_out_page_needs_a_click_then_forgets_user_and_records_it(engine, alice):
    at = account_page(alice)
    assert "auth_user" in at.session_state  # opening the page signs nobody out
    assert not audit_entries(engine, actions=["logout"]).shape[0]
    next(b for b in at.button if b.label == "退出登录").click()
    at.run()
    assert "auth_user" not in at.session_state and "upload_nonce" not in at.session_state
    assert audit_entries(engine, actions=["logout"])["actor"].tolist() == ["alice"]
    assert any("尚未登录" in i.value for i in at.info)


@pytest.mark.parametrize(("current", "again", "message"), [
    (PASSWORD, "new-password-1", None), ("wrong-password", "new-password-1", "当前密码不正确"),
    (PASSWORD, "new-password-2", "两次输入的新密码不一致"),
])
def test_sign_out_page_changes_own_password(engine, alice, current, again, message):
    at = account_page(alice)
    at.text_input[0].input(current)
    at.text_input[1].input("new-password-1")
    at.text_input[2].input(again)
    next(b for b in at.button if b.label == "修改密码").click()
    at.run()
    if message is None:
        assert any("密码已修改" in s.value for s in at.success)
        assert authenticate(engine, "alice", "new-password-1").ok
    else:
        assert any(message in e.value for e in at.error)
        assert authenticate(engine, "alice", PASSWORD).ok
