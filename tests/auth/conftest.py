"""Accounts and small upload files for the service-level tests."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from govdash.auth import Actor, create_user
from govdash.auth.audit import audit_entries
from govdash.core import models
from govdash.services.uploads import authorized_import

CLI = Actor.system_actor()
PASSWORD = "correct horse 42"

REGIONS_CSV = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区,990100\n".encode()


def evaluations_csv(*ids: str, rating: str = "满意", comment: str = "办理很快") -> bytes:
    """A 好差评 export as Chinese Excel saves it (GBK), one row per id."""
    lines = ["评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容"]
    lines += [f"{i},990101,移动端,{rating},2025-11-03 10:00,{comment}" for i in ids]
    return ("\n".join(lines) + "\n").encode("gbk")


def make_user(engine: Engine, name: str, role: str) -> Actor:
    return create_user(engine, CLI, name=name, password=PASSWORD, role=role)


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model.__table__)) or 0)  # type: ignore[attr-defined]


def actions(engine: Engine) -> list[str]:
    """Audit actions, oldest first."""
    return list(reversed(audit_entries(engine)["action"].tolist()))


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: the tests check behaviour, not the cost (production keeps the defaults)."""
    from argon2 import PasswordHasher

    from govdash.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def admin(engine: Engine) -> Actor:
    return make_user(engine, "admin1", "admin")


@pytest.fixture
def evaluator(engine: Engine) -> Actor:
    return make_user(engine, "eva", "evaluator")


@pytest.fixture
def viewer(engine: Engine) -> Actor:
    return make_user(engine, "vic", "viewer")


@pytest.fixture
def regions(engine: Engine, admin: Actor) -> None:
    result = authorized_import(engine, admin, "regions", REGIONS_CSV, file_name="regions.csv")
    assert result.status == "imported", result.report.to_frame()


__all__ = ["PASSWORD", "actions", "count", "evaluations_csv", "make_user", "models"]
