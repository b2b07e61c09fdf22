import pytest
from sqlalchemy import select

from govdash.auth import (
    Actor,
    PermissionDenied,
    UserError,
    authenticate,
    create_user,
    list_users,
    set_active,
    set_password,
    set_role,
)
from govdash.core import models
from tests.auth.conftest import CLI, PASSWORD, actions, make_user


def test_create_user_stores_argon2_hash_never_the_password(engine):
    make_user(engine, "alice", "evaluator")
    with engine.connect() as conn:
        row = conn.execute(select(models.User.__table__)).mappings().one()  # type: ignore[attr-defined]
    assert row["password_hash"].startswith("$argon2id$")
    assert all(PASSWORD not in str(value) for value in row.values())
    assert PASSWORD not in list_users(engine).to_string()
    assert "password_hash" not in list_users(engine).columns


def test_create_user_lists_chinese_role_and_status(engine):
    make_user(engine, "alice", "评估员")
    users = list_users(engine)
    assert users.loc[0, "用户名"] == "alice"
    assert users.loc[0, "角色"] == "评估员"
    assert users.loc[0, "状态"] == "启用"


def test_create_user_refuses_duplicate_bad_name_bad_role_and_weak_password(engine):
    make_user(engine, "alice", "viewer")
    with pytest.raises(UserError, match="已存在"):
        make_user(engine, " alice ", "viewer")
    with pytest.raises(UserError, match="用户名须为"):
        make_user(engine, "a b", "viewer")
    with pytest.raises(UserError, match="未知的角色"):
        make_user(engine, "bob", "root")
    with pytest.raises(UserError, match="至少需要"):
        create_user(engine, CLI, name="bob", password="short", role="viewer")


@pytest.mark.parametrize("role", ["viewer", "evaluator"])
def test_create_user_refused_below_admin(engine, role):
    someone = make_user(engine, "someone", role)
    with pytest.raises(PermissionDenied):
        create_user(engine, someone, name="mallory", password=PASSWORD, role="admin")
    with pytest.raises(PermissionDenied):
        set_role(engine, someone, "someone", "admin")
    assert list(list_users(engine)["用户名"]) == ["someone"]
    assert actions(engine)[-2:] == ["denied", "denied"]


def test_create_user_refused_for_anonymous_and_forged_actor(engine):
    with pytest.raises(PermissionDenied, match="请先以管理员"):
        create_user(engine, Actor.anonymous(), name="mallory", password=PASSWORD, role="admin")
    forged = Actor(name="admin", role="admin", user_id=999)
    with pytest.raises(PermissionDenied):
        create_user(engine, forged, name="mallory", password=PASSWORD, role="admin")


def test_set_active_disabled_user_cannot_sign_in_then_can_again(engine, admin):
    make_user(engine, "alice", "evaluator")
    set_active(engine, admin, "alice", False)
    assert list_users(engine).set_index("用户名").loc["alice", "状态"] == "已停用"
    refused = authenticate(engine, "alice", PASSWORD)
    assert not refused.ok and refused.message == "用户名或密码不正确。"
    set_active(engine, admin, "alice", True)
    assert authenticate(engine, "alice", PASSWORD).ok


def test_set_active_keeps_one_admin(engine, admin):
    with pytest.raises(UserError, match="不能停用自己"):
        set_active(engine, admin, "admin1", False)
    with pytest.raises(UserError, match="至少要保留一名"):
        set_active(engine, CLI, "admin1", False)
    with pytest.raises(UserError, match="至少要保留一名"):
        set_role(engine, CLI, "admin1", "viewer")


def test_set_role_takes_effect_for_a_signed_in_session(engine, admin):
    alice = make_user(engine, "alice", "admin")
    set_role(engine, admin, "alice", "viewer")
    # The Actor held by alice's browser session still says admin; the database says viewer.
    with pytest.raises(PermissionDenied, match="访客不能新增用户"):
        create_user(engine, alice, name="mallory", password=PASSWORD, role="admin")


def test_set_password_own_or_by_admin_only(engine, admin):
    alice = make_user(engine, "alice", "viewer")
    make_user(engine, "bob", "viewer")
    set_password(engine, alice, "alice", "a-new-password")
    assert authenticate(engine, "alice", "a-new-password").ok
    with pytest.raises(PermissionDenied):
        set_password(engine, alice, "bob", "stolen-password")
    set_password(engine, admin, "bob", "reset-by-admin")
    assert authenticate(engine, "bob", "reset-by-admin").ok


def test_user_changes_are_audited(engine, admin):
    make_user(engine, "alice", "viewer")
    set_role(engine, admin, "alice", "evaluator")
    set_active(engine, admin, "alice", False)
    set_active(engine, admin, "alice", True)
    set_password(engine, admin, "alice", "another-password")
    assert actions(engine) == ["user_add", "user_add", "user_role", "user_disable", "user_enable",
                               "user_password"]
