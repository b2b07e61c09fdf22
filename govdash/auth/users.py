"""Accounts: add, list, disable and enable users, change roles and passwords. Admins only; every change is audited."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.auth import audit
from govdash.auth.guard import USERS, require_role
from govdash.auth.passwords import check_password_policy, hash_password
from govdash.auth.roles import ROLE_LABELS, Actor, Role, parse_role
from govdash.auth.sessions import revoke_user_sessions
from govdash.core import models

_NAME_PATTERN: Final = re.compile(r"^[\w.@-]{2,64}$")

LIST_COLUMNS: Final[dict[str, str]] = {
    "name": "用户名", "display_name": "显示名", "role": "角色", "scope": "数据范围", "active": "状态", "created_at": "创建时间(UTC)",
    "created_by": "创建人", "last_login_at": "最近登录(UTC)",
}


class UserError(ValueError):
    """A user change that cannot be made; the message is Chinese and fit to show."""


def validate_user_name(name: str) -> str:
    """Return the trimmed user name, or raise ``UserError`` when it is not 2–64 letters, digits, ``. _ - @``."""
    cleaned = name.strip()
    if not _NAME_PATTERN.match(cleaned):
        raise UserError("用户名须为 2–64 个字符,只能包含汉字、字母、数字和 . _ - @")
    return cleaned


def create_user(engine: Engine, actor: Actor, *, name: str, password: str, role: str,
                display_name: str | None = None) -> Actor:
    """Create an account (admins only) and return it.

    Raises:
        PermissionDenied: the actor is not an admin.
        UserError: the name is taken or malformed, the role unknown, or the password too weak.
    """
    admin = require_role(engine, actor, "admin", operation="新增用户")
    cleaned = validate_user_name(name)
    new_role = _role(role)
    try:
        check_password_policy(password, user_name=cleaned)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    password_hash = hash_password(password)
    with engine.begin() as conn:
        if _find(conn, cleaned) is not None:
            raise UserError(f"用户名“{cleaned}”已存在")
        user_id = conn.execute(insert(USERS).values(
            name=cleaned, display_name=(display_name or "").strip()[:64] or None, role=new_role,
            password_hash=password_hash, active=True, created_at=models.utcnow(), created_by=admin.name,
        )).inserted_primary_key[0]  # type: ignore[index]
        audit.record(conn, admin.name, "user_add", cleaned, {"role": new_role})
    return Actor(name=cleaned, role=new_role, user_id=int(user_id), display_name=display_name or None)


def set_active(engine: Engine, actor: Actor, name: str, active: bool) -> None:
    """Disable or re-enable an account (admins only); the last active admin cannot be disabled."""
    admin = require_role(engine, actor, "admin", operation="停用或启用用户")
    with engine.begin() as conn:
        row = _existing(conn, name)
        if not active:
            if row.id == admin.user_id:
                raise UserError("不能停用自己的账户")
            _keep_an_admin(conn, row)
        conn.execute(update(USERS).where(USERS.c.id == row.id).values(active=active))
        if not active:  # a disabled account's open browsers are signed out at their next click or reload
            revoke_user_sessions(conn, row.id)
        audit.record(conn, admin.name, "user_enable" if active else "user_disable", row.name)


def set_role(engine: Engine, actor: Actor, name: str, role: str) -> None:
    """Change an account's role (admins only); the last active admin keeps the admin role."""
    admin = require_role(engine, actor, "admin", operation="修改用户角色")
    new_role = _role(role)
    with engine.begin() as conn:
        row = _existing(conn, name)
        if row.role == new_role:
            return
        if new_role != "admin":
            _keep_an_admin(conn, row)
        conn.execute(update(USERS).where(USERS.c.id == row.id).values(role=new_role))
        audit.record(conn, admin.name, "user_role", row.name, {"old_role": row.role, "role": new_role})


def set_password(engine: Engine, actor: Actor, name: str, password: str) -> None:
    """Set a new password: admins for anyone, any signed-in user for themselves."""
    own = actor.user_id is not None and actor.name == name.strip()
    checked = require_role(engine, actor, "viewer" if own else "admin", operation="重设他人的密码")
    if own and checked.name != name.strip():
        raise UserError("只能重设自己的密码")
    try:
        check_password_policy(password, user_name=name.strip())
    except ValueError as exc:
        raise UserError(str(exc)) from None
    password_hash = hash_password(password)
    with engine.begin() as conn:
        row = _existing(conn, name)
        conn.execute(update(USERS).where(USERS.c.id == row.id).values(password_hash=password_hash))
        if not own:  # a password reset by an admin ends every session opened with the old one
            revoke_user_sessions(conn, row.id)
        audit.record(conn, checked.name, "user_password", row.name)


def list_users(engine: Engine) -> pd.DataFrame:
    """Every account, oldest first, with Chinese headers and labels (never the password hash)."""
    query = select(USERS.c.id, *(USERS.c[name] for name in LIST_COLUMNS if name != "scope")).order_by(USERS.c.id)
    scopes = models.UserRegionScope.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=["id", *(n for n in LIST_COLUMNS if n != "scope")])
        regions: dict[int, list[str]] = {}
        for user_id, code in conn.execute(select(scopes.c.user_id, scopes.c.region_code)
                                          .order_by(scopes.c.user_id, scopes.c.region_code)):
            regions.setdefault(user_id, []).append(code)
    # Admins are never limited, whatever rows a former role left behind.
    frame.insert(4, "scope", [("、".join(regions[i]) + "(含下级)") if i in regions and r != "admin" else "全市"
                              for i, r in zip(frame["id"], frame["role"], strict=True)])
    frame = frame.drop(columns="id")
    frame["role"] = frame["role"].map(lambda r: ROLE_LABELS.get(r, r))
    frame["active"] = frame["active"].map(lambda a: "启用" if a else "已停用")
    for column in ("created_at", "last_login_at"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d %H:%M").fillna("")
    return frame.rename(columns=LIST_COLUMNS)


def user_id_of(engine: Engine, name: str) -> int:
    """Return the id of the account with this name, or raise ``UserError``."""
    with engine.connect() as conn:
        return int(_existing(conn, name).id)


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _find(conn: Connection, name: str):
    return conn.execute(select(USERS).where(USERS.c.name == name.strip())).first()


def _existing(conn: Connection, name: str):
    row = _find(conn, name)
    if row is None:
        raise UserError(f"没有用户名为“{name.strip()}”的用户")
    return row


def _keep_an_admin(conn: Connection, row) -> None:
    """Refuse a change that would leave no active admin."""
    if row.role != "admin" or not row.active:
        return
    others = conn.scalar(select(func.count()).select_from(USERS).where(
        USERS.c.role == "admin", USERS.c.active.is_(True), USERS.c.id != row.id))
    if not others:
        raise UserError("至少要保留一名启用的管理员")
