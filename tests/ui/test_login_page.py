"""The sign-in form and sign-out in AppTest: generic errors, lockout, the user kept server side, re-checked each run."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from govdash import config
from govdash.auth import Actor, authenticate, set_active
from govdash.auth.audit import audit_entries
from tests.auth.conftest import CLI, PASSWORD, make_user

LOGIN = "from govdash.ui.auth import login_page\nlogin_page()\n"
WHO = ("import streamlit as st\nfrom govdash.ui.auth import account_caption, current_user\n"
       "st.write(account_caption(current_user()))\n")
SIGN_OUT = "from govdash.ui.auth import sign_out_page\nsign_out_page()\n"


@pytest.fixture
def alice(engine) -> Actor:
    return make_user(engine, "alice", "evaluator")


def sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_string(LOGIN, default_timeout=30).run()
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_login_page_signs_in_and_keeps_user_in_session(engine, alice):
    at = sign_in("alice", PASSWORD)
    assert not at.exception and not at.error
    user = at.session_state["auth_user"]
    assert (user.name, user.role) == ("alice", "evaluator")
    assert any("您已登录:alice(评估员)" in s.value for s in at.success)


@pytest.mark.parametrize(("name", "password"), [("alice", "wrong-password"), ("nobody", PASSWORD)])
def test_login_page_generic_error(engine, alice, name, password):
    at = sign_in(name, password)
    assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    assert "auth_user" not in at.session_state


def test_login_page_lockout_message_after_repeated_failures(engine, alice, monkeypatch):
    monkeypatch.setenv("GOVDASH_LOGIN_MAX_FAILURES", "2")
    config.get_settings.cache_clear()
    sign_in("alice", "wrong-password")
    sign_in("alice", "wrong-password")
    at = sign_in("alice", PASSWORD)
    assert any("登录失败次数过多" in e.value for e in at.error)
    assert "auth_user" not in at.session_state


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
