"""The demo database's accounts, with random passwords written once to a private file for ``make run``.

Besides a city-wide evaluator and an admin there are evaluators bound to two districts each and a viewer bound to
one district, to show the data scope (``govdash.auth.scope``).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.engine import Engine

from govdash.auth.guard import USERS
from govdash.auth.roles import ROLE_LABELS, Actor
from govdash.auth.scope import set_user_scope
from govdash.auth.users import create_user
from govdash.core.config import VAR_DIR
from govdash.core.db import is_sqlite

DEMO_ACCOUNTS_NAME: Final = "demo-accounts.txt"


@dataclass(frozen=True)
class DemoUser:
    """A demo account to create: name, role, display name, and the regions its data scope is bound to."""

    name: str
    role: str
    display_name: str
    regions: tuple[str, ...] = ()


DEMO_USERS: Final[tuple[DemoUser, ...]] = (
    DemoUser("demo-evaluator", "evaluator", "演示评估员"),
    DemoUser("demo-admin", "admin", "演示管理员"),
    # Each district evaluator answers for two districts of the sample city (data/sample/regions.csv).
    DemoUser("demo-eval-binjiang", "evaluator", "演示评估员(滨江区、望湖区)", ("990102", "990103")),
    DemoUser("demo-eval-wutong", "evaluator", "演示评估员(梧桐县、杏林县)", ("990121", "990122")),
    DemoUser("demo-viewer-xingang", "viewer", "演示访客(新港区)", ("990106",)),
)


@dataclass(frozen=True)
class DemoAccount:
    """A demo account and its password, known only to whoever reads the private file."""

    name: str
    role: str
    password: str
    regions: tuple[str, ...] = ()


def demo_accounts_path(engine: Engine) -> Path:
    """Where the passwords of a database's demo accounts go: beside a SQLite file, else in ``var/``.

    The default database ``var/govdash.db`` thus gives ``var/demo-accounts.txt``, which ``make run`` prints,
    and a throwaway database elsewhere never overwrites it.
    """
    database = engine.url.database
    if is_sqlite(str(engine.url)) and database and database != ":memory:":
        return Path(database).resolve().parent / DEMO_ACCOUNTS_NAME
    return VAR_DIR / DEMO_ACCOUNTS_NAME


def create_demo_accounts(engine: Engine, path: Path | None) -> list[DemoAccount]:
    """Create the demo accounts that are missing, each with a fresh random password (and its data scope).

    The passwords are written to ``path`` (mode 0600, replaced as a whole) and returned; nothing is written
    when every account already exists. ``path=None`` only returns them.
    """
    with engine.connect() as conn:
        existing = set(conn.scalars(select(USERS.c.name).where(USERS.c.name.in_([u.name for u in DEMO_USERS]))))
    created = []
    maker = Actor.system_actor("示例数据")
    for user in DEMO_USERS:
        if user.name in existing:
            continue
        password = secrets.token_urlsafe(12)
        create_user(engine, maker, name=user.name, password=password, role=user.role,
                    display_name=user.display_name)
        if user.regions:
            set_user_scope(engine, maker, user.name, user.regions, require_known=False)
        created.append(DemoAccount(user.name, user.role, password, user.regions))
    if created and path is not None:
        write_accounts_file(path, created)
    return created


def write_accounts_file(path: Path, accounts: list[DemoAccount]) -> None:
    """Write the accounts readable by the owner only; the file is never world-readable, even for a moment."""
    lines = ["示例账户(仅用于本机演示;密码为随机生成,重建示例数据库时更换):"]
    lines += [f"  {ROLE_LABELS[a.role]}  用户名 {a.name}  密码 {a.password}"
              + (f"  数据范围 {'、'.join(a.regions)}(含下级区划)" if a.regions else "") for a in accounts]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
