"""Browser sessions: tokens hashed at rest, expiring, revoked by sign-out, account disable and password reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from govdash.auth import set_active, set_password
from govdash.auth.sessions import SESSIONS, issue_session, resolve_session, revoke_session, token_hash
from govdash.core import models
from tests.auth.conftest import CLI, make_user


@pytest.fixture
def bob(engine):
    make_user(engine, "root", "admin")
    return make_user(engine, "bob", "evaluator")


def test_issue_session_stores_only_the_hash(engine, bob):
    token = issue_session(engine, bob)
    with engine.connect() as conn:
        rows = conn.execute(select(SESSIONS)).mappings().all()
    assert [row["token_hash"] for row in rows] == [token_hash(token)]
    assert token not in str(rows) and len(token) >= 40
    assert resolve_session(engine, token) == bob


def test_resolve_session_refuses_unknown_expired_and_revoked(engine, bob, monkeypatch):
    now = models.utcnow()
    token = issue_session(engine, bob, now=now)
    assert resolve_session(engine, "not-a-token") is None and resolve_session(engine, None) is None
    assert resolve_session(engine, token, now=now + timedelta(hours=11, minutes=59)) == bob
    assert resolve_session(engine, token, now=now + timedelta(hours=12)) is None  # GOVDASH_SESSION_HOURS=12
    assert revoke_session(engine, token) is True
    assert resolve_session(engine, token, now=now) is None
    assert revoke_session(engine, token) is False


def test_disabling_an_account_revokes_all_its_sessions(engine, bob):
    tokens = [issue_session(engine, bob) for _ in range(2)]
    set_active(engine, CLI, "bob", False)
    set_active(engine, CLI, "bob", True)
    assert [resolve_session(engine, t) for t in tokens] == [None, None]  # re-enabling does not revive them


def test_a_password_reset_by_an_admin_revokes_sessions_but_an_own_change_keeps_them(engine, bob):
    token = issue_session(engine, bob)
    set_password(engine, bob, "bob", "another good pass 7")
    assert resolve_session(engine, token) == bob
    set_password(engine, CLI, "bob", "yet another pass 8")
    assert resolve_session(engine, token) is None
