"""Permission checks made on the server, against the database, before any write."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from govdash.auth import audit
from govdash.auth.roles import ROLE_LABELS, Actor, parse_role, role_at_least
from govdash.core import models
from govdash.ingest.writer import table_of

USERS = table_of(models.User)


class PermissionDenied(Exception):
    """The actor may not do this. ``str(exc)`` is a Chinese sentence fit to show."""


def load_actor(bind: Engine | Connection, user_id: int) -> Actor | None:
    """Return the active user with this id as an ``Actor``, or None when it is gone or disabled."""
    query = select(USERS.c.id, USERS.c.name, USERS.c.role, USERS.c.display_name, USERS.c.active).where(
        USERS.c.id == user_id)
    if isinstance(bind, Connection):
        row = bind.execute(query).first()
    else:
        with bind.connect() as conn:
            row = conn.execute(query).first()
    if row is None or not row.active:
        return None
    return Actor(name=row.name, role=parse_role(row.role), user_id=row.id, display_name=row.display_name)


def require_role(engine: Engine, actor: Actor | None, minimum: str, *, operation: str) -> Actor:
    """Return the actor as the database knows it now, or record the refusal and raise ``PermissionDenied``.

    The role kept in a browser session is not trusted: a user disabled or demoted a moment ago is refused.
    """
    if actor is not None and actor.system:
        return actor
    current = load_actor(engine, actor.user_id) if actor is not None and actor.user_id is not None else None
    if current is not None and role_at_least(current.role, minimum):
        return current
    reason = "not_signed_in" if current is None else "role_too_low"
    audit.record(engine, actor.name if actor else "匿名访客", "denied", operation,
                 {"required_role": minimum, "reason": reason})
    if current is None:
        raise PermissionDenied(f"请先以{ROLE_LABELS[minimum]}或更高角色登录,才能{operation}")
    raise PermissionDenied(f"{ROLE_LABELS[current.role]}不能{operation},需要{ROLE_LABELS[minimum]}或更高角色")
