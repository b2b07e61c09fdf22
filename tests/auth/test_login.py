from datetime import timedelta

import pytest
from sqlalchemy import select

from govdash.auth import authenticate, sign_out
from govdash.auth.audit import audit_entries
from govdash.core import config, db, models
from tests.auth.conftest import PASSWORD, actions, make_user


@pytest.fixture
def alice(engine):
    return make_user(engine, "alice", "evaluator")


@pytest.fixture
def three_failures(monkeypatch):
    monkeypatch.setenv("GOVDASH_LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("GOVDASH_LOGIN_LOCKOUT_SECONDS", "300")
    config.get_settings.cache_clear()


def test_authenticate_signs_in_with_role_and_records_it(engine, alice):
    result = authenticate(engine, "alice", PASSWORD, context={"ip": "10.0.0.8"})
    assert result.ok and result.user.name == "alice" and result.user.role == "evaluator"
    entry = audit_entries(engine).iloc[0]
    assert entry["action"] == "login_succeeded" and entry["actor"] == "alice" and "10.0.0.8" in entry["details"]
    with engine.connect() as conn:
        assert conn.scalar(select(models.User.last_login_at)) is not None


def test_authenticate_same_message_for_unknown_user_and_wrong_password(engine, alice):
    wrong = authenticate(engine, "alice", "not-the-password")
    unknown = authenticate(engine, "nobody", PASSWORD)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == "用户名或密码不正确。"
    assert actions(engine)[-2:] == ["login_failed", "login_failed"]


def test_authenticate_empty_fields_ask_for_both(engine):
    assert authenticate(engine, " ", "").message == "请输入用户名和密码。"


def test_authenticate_locks_name_after_max_failures_even_for_right_password(engine, alice, three_failures):
    now = models.utcnow()
    for _ in range(2):
        assert authenticate(engine, "alice", "wrong-password", now=now).locked_until is None
    third = authenticate(engine, "alice", "wrong-password", now=now)
    assert third.locked_until == now + timedelta(seconds=300)
    assert "5 分钟后再试" in third.message
    refused = authenticate(engine, "alice", PASSWORD, now=now + timedelta(seconds=299))
    assert not refused.ok and "登录失败次数过多" in refused.message
    assert actions(engine)[-1] == "login_locked"
    assert authenticate(engine, "alice", PASSWORD, now=now + timedelta(seconds=301)).ok


def test_authenticate_lockout_survives_restart(engine, database_url, alice, three_failures):
    now = models.utcnow()
    for _ in range(3):
        authenticate(engine, "Alice ", "wrong-password", now=now)  # case and spaces do not escape the counter
    db.dispose_engines()
    restarted = db.make_engine(database_url)
    assert not authenticate(restarted, "alice", PASSWORD, now=now + timedelta(seconds=10)).ok
    restarted.dispose()


def test_authenticate_locks_unknown_names_too(engine, three_failures):
    now = models.utcnow()
    results = [authenticate(engine, "ghost", "guess-number-1", now=now) for _ in range(4)]
    assert results[-1].locked_until is not None
    assert "登录失败次数过多" in results[-1].message


def test_authenticate_success_resets_failure_count(engine, alice, three_failures):
    now = models.utcnow()
    for _ in range(2):
        authenticate(engine, "alice", "wrong-password", now=now)
    assert authenticate(engine, "alice", PASSWORD, now=now).ok
    for _ in range(2):
        assert authenticate(engine, "alice", "wrong-password", now=now).locked_until is None


def test_authenticate_old_failures_are_forgotten(engine, alice, three_failures):
    start = models.utcnow()
    for _ in range(2):
        authenticate(engine, "alice", "wrong-password", now=start)
    later = start + timedelta(seconds=301)
    assert authenticate(engine, "alice", "wrong-password", now=later).locked_until is None


def test_authenticate_rehashes_weak_hash_on_success(engine, alice):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with engine.begin() as conn:
        conn.execute(models.User.__table__.update().values(password_hash=weak))  # type: ignore[attr-defined]
    assert authenticate(engine, "alice", PASSWORD).ok
    with engine.connect() as conn:
        assert conn.scalar(select(models.User.password_hash)) != weak


def test_sign_out_is_audited(engine, alice):
    user = authenticate(engine, "alice", PASSWORD).user
    sign_out(engine, user)
    assert actions(engine)[-1] == "logout"
