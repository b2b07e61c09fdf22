"""Signing in and out: constant-time checks, a generic error, and a lockout kept in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from govdash.auth import audit
from govdash.auth.guard import USERS
from govdash.auth.passwords import hash_password, needs_rehash, verify_password
from govdash.auth.roles import Actor, parse_role
from govdash.core import models
from govdash.core.config import get_settings
from govdash.ingest.writer import table_of

THROTTLE = table_of(models.LoginThrottle)

# One message for an unknown name, a wrong password and a disabled account: the form must not tell them apart.
GENERIC_FAILURE = "用户名或密码不正确。"


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a sign-in attempt; ``message`` is the Chinese text to show when it failed."""

    user: Actor | None
    message: str = ""
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        """True when the user is signed in."""
        return self.user is not None


def throttle_key(name: str) -> str:
    """Return the throttle key of a typed name: trimmed and case-folded, so case variants share one counter."""
    return name.strip().casefold()[:64]


def authenticate(engine: Engine, name: str, password: str, *, now: datetime | None = None,
                 context: dict[str, Any] | None = None) -> LoginResult:
    """Check a name and password and record the attempt in the audit log.

    After ``Settings.login_max_failures`` failures in a row for a name (existing or not), that name is locked
    for ``Settings.login_lockout_seconds``: even the right password is refused until then. ``context``
    (e.g. the client address) is added to the audit entry.
    """
    if not name.strip() or not password:
        return LoginResult(None, "请输入用户名和密码。")
    now = now or models.utcnow()
    key = throttle_key(name)
    extra = dict(context or {})
    with engine.connect() as conn:
        locked_until = _locked_until(conn, key, now)
        row = conn.execute(select(USERS).where(USERS.c.name == name.strip())).first()
    if locked_until is not None:
        audit.record(engine, name.strip()[:64] or "?", "login_locked", name.strip()[:64],
                     {"locked_until": f"{locked_until:%Y-%m-%d %H:%M:%S}", **extra})
        return LoginResult(None, _locked_message(locked_until, now), locked_until)
    # Always run one argon2 verification, also for unknown names, so timing reveals nothing.
    password_ok = verify_password(row.password_hash if row is not None else None, password)
    if row is not None and password_ok and row.active:
        return _succeed(engine, row, password, key, now, extra)
    reason = "unknown_user" if row is None else ("disabled" if password_ok else "wrong_password")
    return _fail(engine, name, key, now, {"reason": reason, **extra})


def sign_out(engine: Engine, actor: Actor, *, context: dict[str, Any] | None = None) -> None:
    """Record that a user signed out (the session itself is forgotten by the caller)."""
    if actor.user_id is not None:
        audit.record(engine, actor.name, "logout", actor.name, context or None)


def _locked_until(conn: Connection, key: str, now: datetime) -> datetime | None:
    locked = conn.scalar(select(THROTTLE.c.locked_until).where(THROTTLE.c.name == key))
    return locked if locked is not None and locked > now else None


def _locked_message(locked_until: datetime, now: datetime) -> str:
    minutes = max(1, -(-int((locked_until - now).total_seconds()) // 60))
    return f"登录失败次数过多,请 {minutes} 分钟后再试。"


def _succeed(engine: Engine, row, password: str, key: str, now: datetime, extra: dict[str, Any]) -> LoginResult:
    values: dict[str, Any] = {"last_login_at": now}
    if needs_rehash(row.password_hash):
        values["password_hash"] = hash_password(password)
    with engine.begin() as conn:
        conn.execute(update(USERS).where(USERS.c.id == row.id).values(**values))
        conn.execute(update(THROTTLE).where(THROTTLE.c.name == key).values(
            failures=0, last_failure_at=None, locked_until=None))
        audit.record(conn, row.name, "login_succeeded", row.name, extra or None)
    return LoginResult(Actor(name=row.name, role=parse_role(row.role), user_id=row.id,
                             display_name=row.display_name))


def _fail(engine: Engine, name: str, key: str, now: datetime, details: dict[str, Any]) -> LoginResult:
    settings = get_settings()
    _ensure_throttle_row(engine, key)
    with engine.begin() as conn:
        failures = _count_failure(conn, key, now, timedelta(seconds=settings.login_lockout_seconds))
        locked_until = None
        if failures >= settings.login_max_failures:
            locked_until = now + timedelta(seconds=settings.login_lockout_seconds)
            conn.execute(update(THROTTLE).where(THROTTLE.c.name == key).values(failures=0,
                                                                            locked_until=locked_until))
        audit.record(conn, name.strip()[:64] or "?", "login_failed", name.strip()[:64],
                     {**details, "failures": failures})
    if locked_until is not None:
        return LoginResult(None, GENERIC_FAILURE + _locked_message(locked_until, now), locked_until)
    return LoginResult(None, GENERIC_FAILURE)


def _ensure_throttle_row(engine: Engine, key: str) -> None:
    """Create the name's counter row in its own transaction; another attempt may have just created it."""
    with engine.connect() as conn:
        if conn.scalar(select(THROTTLE.c.name).where(THROTTLE.c.name == key)) is not None:
            return
    try:
        with engine.begin() as conn:
            conn.execute(insert(THROTTLE).values(name=key, failures=0))
    except IntegrityError:
        pass


def _count_failure(conn: Connection, key: str, now: datetime, window: timedelta) -> int:
    """Add one failure to the name's counter and return the count; failures older than the window are forgotten."""
    row = conn.execute(select(THROTTLE.c.failures, THROTTLE.c.last_failure_at).where(
        THROTTLE.c.name == key).with_for_update()).one()
    stale = row.last_failure_at is None or now - row.last_failure_at > window
    failures = 1 if stale else row.failures + 1
    conn.execute(update(THROTTLE).where(THROTTLE.c.name == key).values(failures=failures, last_failure_at=now))
    return failures
