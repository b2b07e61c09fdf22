"""Browser sessions: a random token in an HttpOnly cookie, only its SHA-256 in the database, expiring and revocable.

Signing in issues a token; every page load and every rerun resolves it back to the user as the database knows
them now. Signing out revokes that one session; disabling an account revokes all of its sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.auth.guard import load_actor
from govdash.auth.roles import Actor
from govdash.core import models
from govdash.core.config import get_settings
from govdash.ingest.writer import table_of

SESSIONS = table_of(models.UserSession)
COOKIE_NAME = "govdash_session"
# 32 random bytes, URL-safe base64: 43 characters.
_TOKEN_BYTES = 32
_MAX_TOKEN_LENGTH = 128


def token_hash(token: str) -> str:
    """Return the hex SHA-256 of a token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_session(engine: Engine, actor: Actor, *, now: datetime | None = None) -> str:
    """Create a session for a signed-in user and return its token (shown to the browser once, never stored).

    Raises:
        ValueError: the actor is not a stored account.
    """
    if actor.user_id is None:
        raise ValueError("only a stored account can have a session")
    now = now or models.utcnow()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = now + timedelta(hours=get_settings().session_hours)
    with engine.begin() as conn:
        conn.execute(insert(SESSIONS).values(token_hash=token_hash(token), user_id=actor.user_id,
                                             created_at=now, expires_at=expires))
    return token


def resolve_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> Actor | None:
    """Return the user of a live session (not expired, not revoked, account active), else None."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    now = now or models.utcnow()
    with engine.connect() as conn:
        row = conn.execute(select(SESSIONS.c.user_id, SESSIONS.c.expires_at, SESSIONS.c.revoked_at).where(
            SESSIONS.c.token_hash == token_hash(token))).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            return None
        return load_actor(conn, row.user_id)


def revoke_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> bool:
    """Revoke the session of this token; return whether a live session was revoked."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return False
    with engine.begin() as conn:
        result = conn.execute(update(SESSIONS).where(
            SESSIONS.c.token_hash == token_hash(token), SESSIONS.c.revoked_at.is_(None)).values(
            revoked_at=now or models.utcnow()))
    return bool(result.rowcount)


def revoke_user_sessions(conn: Connection, user_id: int, *, now: datetime | None = None) -> int:
    """Revoke every live session of a user inside the caller's transaction; return how many."""
    result = conn.execute(update(SESSIONS).where(
        SESSIONS.c.user_id == user_id, SESSIONS.c.revoked_at.is_(None)).values(revoked_at=now or models.utcnow()))
    return int(result.rowcount or 0)
