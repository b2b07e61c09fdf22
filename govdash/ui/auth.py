"""The Streamlit side of accounts: who is signed in, the sign-in page, signing out, and page guards.

A browser signs in through the sign-in route (``session_routes``), which sets an HttpOnly session cookie; every
run resolves that cookie against the database (``st.context.cookies``), so a reload or a new tab stays signed in
and a revoked session, a disabled or a demoted account takes effect at the user's next click. A user kept in
``st.session_state`` (how the AppTest tests sign in) is honoured first.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import Actor, PermissionDenied, UserError, authenticate, set_password, sign_out
from govdash.auth.guard import load_actor
from govdash.auth.roles import ROLE_LABELS
from govdash.auth.scope import scope_of
from govdash.auth.sessions import COOKIE_NAME, resolve_session, revoke_session
from govdash.core.config import get_settings
from govdash.core.db import get_engine
from govdash.ingest.scope import DataScope
from govdash.ui.session_routes import sign_in_form_html

SESSION_KEY = "auth_user"


def _engine() -> Engine:
    # The process-wide engine for the configured database (one per URL, like st.cache_resource).
    return get_engine()


def _client() -> dict[str, Any]:
    """Return what the audit log keeps about the browser: its address, when Streamlit knows it."""
    address = getattr(st.context, "ip_address", None)
    return {"ip": address} if address else {}


def current_user() -> Actor | None:
    """Return the signed-in user; else an anonymous reader when ``GOVDASH_PUBLIC_READ`` is on; else None."""
    stored = st.session_state.get(SESSION_KEY)
    if isinstance(stored, Actor) and stored.user_id is not None:
        fresh = load_actor(_engine(), stored.user_id)
        if fresh is not None:
            if fresh != stored:
                st.session_state[SESSION_KEY] = fresh
            return fresh
        st.session_state.pop(SESSION_KEY, None)
    signed_in = resolve_session(_engine(), _session_token())
    if signed_in is not None:
        return signed_in
    return Actor.anonymous() if get_settings().public_read else None


def _session_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except (AttributeError, RuntimeError):  # outside a browser session (bare script runs)
        return None
    # AppTest and bare runs have no real request: anything but a string is no cookie.
    return token if isinstance(token, str) else None


def signed_in_user() -> Actor | None:
    """Return the signed-in user, never the anonymous reader."""
    user = current_user()
    return None if user is None or user.is_anonymous else user


def login_page(target: str = "/") -> None:
    """Render the 登录 page: the sign-in form, which returns to ``target`` (a path on this site) afterwards."""
    st.title("登录")
    user = signed_in_user()
    if user is not None:
        st.success(f"您已登录:{user.label}({user.role_label})。")
        return
    if get_settings().public_read:
        st.caption("无需登录即可浏览看板;上传数据和管理需要登录。")
    sign_in_form(target)


def sign_in_form(target: str) -> None:
    """Show the sign-in form: a plain HTML form posted to the server, which sets the session cookie and returns here."""
    st.html(f"<style>{_FORM_STYLE}</style>{sign_in_form_html(target)}")


_FORM_STYLE = (
    ".govdash-signin{max-width:22rem}.govdash-signin label{display:block;margin:.6rem 0;font-size:.95rem}"
    ".govdash-signin input{display:block;width:100%;box-sizing:border-box;padding:.45rem;margin-top:.25rem;"
    "font-size:1rem;border:1px solid #c7cfdb;border-radius:4px}"
    ".govdash-signin button{margin-top:.8rem;padding:.45rem 1.6rem;font-size:1rem;background:#1f5fa8;color:#fff;"
    "border:0;border-radius:4px;cursor:pointer}"
)


def sign_out_page() -> None:
    """Render the 账户 page: who is signed in, a sign-out button, and a form to change one's password.

    Signing out takes a click: opening the page (or falling back to it) never signs anyone out by itself.
    """
    st.title("账户")
    user = signed_in_user()
    if user is None:
        st.info("您尚未登录。", icon=":material/info:")
        return
    st.write(f"当前用户:{user.label}({user.name}),角色:{user.role_label}")
    if st.button("退出登录", type="primary", icon=":material/logout:", key="account_sign_out"):
        # Revoking the row signs this browser out everywhere it is open, at once; the dead cookie is cleared
        # by the sign-out route or expires.
        revoke_session(_engine(), _session_token())
        sign_out(_engine(), user, context=_client())
        for key in list(st.session_state.keys()):
            del st.session_state[key]
        st.rerun()
    _change_password_form(user)


def _change_password_form(user: Actor) -> None:
    with st.form("account_password", clear_on_submit=True):
        st.markdown("**修改密码**")
        current = st.text_input("当前密码", type="password", autocomplete="current-password")
        new = st.text_input("新密码", type="password", help="至少 8 个字符", autocomplete="new-password")
        again = st.text_input("再次输入新密码", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("修改密码", icon=":material/key:")
    if not submitted:
        return
    if new != again:
        st.error("两次输入的新密码不一致。")
        return
    # The current password is asked again, so that an unattended signed-in browser cannot change it.
    if not authenticate(_engine(), user.name, current, context=_client()).ok:
        st.error("当前密码不正确。")
        return
    try:
        set_password(_engine(), user, user.name, new)
    except (UserError, PermissionDenied) as exc:
        st.error(str(exc))
        return
    st.success("密码已修改。")


def require_page_role(minimum: str) -> Actor:
    """Stop the page unless the user's role reaches ``minimum`` (the services check again before writing)."""
    user = current_user()
    if user is None or not user.can(minimum):
        st.error(f"此页面需要{ROLE_LABELS[minimum]}或更高角色。请使用相应账户登录。", icon=":material/lock:")
        st.stop()
    assert user is not None
    return user


def reading_scope() -> DataScope | None:
    """Return the data scope that limits what the signed-in user reads at record level; None for everyone else.

    Read from the database on every run, like the role: a scope changed by an admin applies at the next click.
    """
    return scope_of(_engine(), signed_in_user())


def in_reading_scope(region_code: str) -> bool:
    """Tell whether the user may see the records (drill-down, raw records, report card) of this region."""
    scope = reading_scope()
    return scope is None or scope.covers(region_code)


def account_caption(user: Actor | None) -> str:
    """One line for the sidebar: who is signed in, in which role (and the data scope when limited)."""
    if user is None:
        return "未登录"
    if user.is_anonymous:
        return "访客(未登录,只读)"
    scope = scope_of(_engine(), user)
    limited = f" · 数据范围:{scope.label}" if scope is not None else ""
    return f"{user.label} · {ROLE_LABELS[user.role]}{limited}"
