"""Data scope: the regions an evaluator or viewer account is bound to (table ``user_region_scope``).

An account's scope is its regions and every region below them (by ``parent_code``, at any depth: a 街道
registered under a district later is in that district's scope at once). Admins and the command line are never
limited; an evaluator or viewer without any region is not limited either (全市), as before scopes existed.
The scope is read from the database at each write, like the role, so a change takes effect at the next click.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Engine

from govdash.auth import audit
from govdash.auth.guard import USERS, require_role
from govdash.auth.roles import Actor
from govdash.auth.users import UserError
from govdash.core import models
from govdash.ingest.scope import DataScope
from govdash.ingest.writer import table_of
from govdash.repository.regions import region_subtree

SCOPES: Final = table_of(models.UserRegionScope)
REGIONS: Final = table_of(models.Region)
WHOLE_CITY: Final = "全市(不限)"


def assigned_regions(bind: Engine | Connection, user_id: int) -> list[str]:
    """Return the region codes assigned to an account, in code order (empty: not limited)."""
    stmt = select(SCOPES.c.region_code).where(SCOPES.c.user_id == user_id).order_by(SCOPES.c.region_code)
    if isinstance(bind, Connection):
        return list(bind.scalars(stmt))
    with bind.connect() as conn:
        return list(conn.scalars(stmt))


def region_label(bind: Engine | Connection, codes: Iterable[str]) -> str:
    """``990102 滨江区、990103 望湖区`` (a code without a stored region is shown alone)."""
    wanted = sorted(set(codes))
    stmt = select(REGIONS.c.code, REGIONS.c.name).where(REGIONS.c.code.in_(wanted))
    if isinstance(bind, Connection):
        names = dict(bind.execute(stmt).all())
    else:
        with bind.connect() as conn:
            names = dict(conn.execute(stmt).all())
    return "、".join(f"{code} {names[code]}" if code in names else code for code in wanted)


def scope_of(bind: Engine | Connection, actor: Actor | None) -> DataScope | None:
    """Return the data scope of ``actor`` as the database knows it now; None when not limited.

    The role is read again from the database: a scope applies to evaluators and viewers, never to admins.
    """
    if actor is None or actor.system or actor.user_id is None:
        return None
    if isinstance(bind, Connection):
        return _scope(bind, actor.user_id)
    with bind.connect() as conn:
        return _scope(conn, actor.user_id)


def _scope(conn: Connection, user_id: int) -> DataScope | None:
    role = conn.scalar(select(USERS.c.role).where(USERS.c.id == user_id))
    roots = assigned_regions(conn, user_id)
    if role == "admin" or not roots:
        return None
    return DataScope(codes=region_subtree(conn, roots), label=region_label(conn, roots))


def set_user_scope(engine: Engine, actor: Actor, name: str, codes: Iterable[str], *,
                   require_known: bool = True) -> list[str]:
    """Bind an account to these regions (admins only; an empty list lifts the limit); return the codes kept.

    ``require_known=False`` accepts codes not yet registered (the demo accounts are made before, or without,
    the sample regions): such a scope covers nothing until its regions are imported, never the whole city.

    Raises:
        PermissionDenied: the actor is not an admin.
        UserError: no such account, the account is an admin, or a code is not a stored region.
    """
    admin = require_role(engine, actor, "admin", operation="设置数据范围")
    wanted = sorted({c.strip() for c in codes if c.strip()})
    with engine.begin() as conn:
        row = conn.execute(select(USERS.c.id, USERS.c.name, USERS.c.role).where(USERS.c.name == name.strip())).first()
        if row is None:
            raise UserError(f"没有用户名为“{name.strip()}”的用户")
        if wanted and row.role == "admin":
            raise UserError("管理员不受数据范围限制;请先把该账户改为评估员或访客")
        known = set(conn.scalars(select(REGIONS.c.code).where(REGIONS.c.code.in_(wanted))))
        unknown = [c for c in wanted if c not in known]
        if unknown and require_known:
            raise UserError(f"区划 {'、'.join(unknown)} 不在行政区划表中")
        old = assigned_regions(conn, row.id)
        if old == wanted:
            return wanted
        conn.execute(delete(SCOPES).where(SCOPES.c.user_id == row.id))
        if wanted:
            conn.execute(insert(SCOPES), [{"user_id": row.id, "region_code": c, "created_at": models.utcnow(),
                                           "created_by": admin.name} for c in wanted])
        audit.record(conn, admin.name, "user_scope", row.name, {"regions": wanted or [WHOLE_CITY],
                                                                 "old_regions": old or [WHOLE_CITY]})
    return wanted
