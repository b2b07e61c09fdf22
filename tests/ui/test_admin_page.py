"""The 用户与审计 page in AppTest: admins only; adding and disabling users; the audit log and its filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govdash.auth import Actor, authenticate, list_users
from tests.auth.conftest import PASSWORD, make_user
from tests.ui.conftest import open_app

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "admin.py")
SHELL_PATH = "pages/admin.py"


@pytest.fixture
def admin(engine) -> Actor:
    return make_user(engine, "root", "admin")


def run_directly(user: Actor | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if user is not None:
        at.session_state["auth_user"] = user
    return at.run()


def open_page(user: Actor | None) -> AppTest:
    """Open the page the way a browser does: through app.py and the role-built navigation."""
    return open_app(SHELL_PATH, user=user)


def fill_new_user(at: AppTest, name: str, password: str, again: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[2].input(password)
    at.text_input[3].input(again)
    next(b for b in at.button if b.label == "新增用户").click()
    return at.run()


def test_admin_page_adds_user_who_can_sign_in(engine, admin):
    at = fill_new_user(open_page(admin), "alice", "alice-password-1", "alice-password-1")
    assert not at.exception
    assert any("已新增用户 alice(评估员)" in s.value for s in at.success)
    assert "alice" in list_users(engine)["用户名"].tolist()
    assert authenticate(engine, "alice", "alice-password-1").ok


def test_admin_page_add_user_mismatched_passwords(engine, admin):
    at = fill_new_user(open_page(admin), "alice", "alice-password-1", "alice-password-2")
    assert any("两次输入的密码不一致" in e.value for e in at.error)
    assert "alice" not in list_users(engine)["用户名"].tolist()


def test_admin_page_disables_user(engine, admin):
    make_user(engine, "bob", "viewer")
    at = open_page(admin)
    at.selectbox(key="admin_target").select("bob").run()
    at.radio(key="admin_action").set_value("停用").run()
    next(b for b in at.button if b.label == "确定").click()
    at.run()
    assert not authenticate(engine, "bob", PASSWORD).ok
    assert list_users(engine).set_index("用户名").loc["bob", "状态"] == "已停用"


def test_admin_page_audit_log_filters_by_action(engine, admin):
    authenticate(engine, "root", "wrong-password")
    authenticate(engine, "root", PASSWORD)
    at = open_page(admin)
    audit = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert {"新增用户", "登录失败", "登录成功"} <= set(audit["操作"])
    at.multiselect(key="admin_actions").select("login_failed").run()
    audit = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert audit["操作"].tolist() == ["登录失败"]


@pytest.mark.parametrize("role", ["viewer", "evaluator"])
def test_admin_page_refused_below_admin(engine, admin, role):
    user = make_user(engine, "someone", role)
    shown = open_page(user)  # the address resolves, and says which role it needs
    assert any("需要管理员或更高角色" in e.value for e in shown.error) and not shown.dataframe
    at = run_directly(user)
    # run on its own, the page hands over to the shell, which shows what this user may open instead
    assert not at.exception and "用户与审计" not in [t.value for t in at.title]
    assert not at.dataframe and not at.text_input


def test_admin_page_binds_evaluator_to_districts(engine, admin):
    from govdash.auth.scope import assigned_regions
    from govdash.auth.users import user_id_of
    from govdash.services.imports import import_file

    regions = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区,990100\n990102,望湖区,区,990100\n"
    assert import_file(engine, "regions", regions.encode(), file_name="r.csv").ok
    make_user(engine, "bj", "evaluator")
    at = open_page(admin)
    at.selectbox(key="admin_scope_user").select("bj").run()
    at.multiselect(key="admin_scope_regions_bj").select("990101").run()
    next(b for b in at.button if b.label == "保存数据范围").click()
    at.run()
    assert not at.exception
    assert any("已把用户 bj 的数据范围设为:滨江区(区县 990101)及其下级区划" in s.value for s in at.success)
    assert assigned_regions(engine, user_id_of(engine, "bj")) == ["990101"]
    assert list_users(engine).set_index("用户名").loc["bj", "数据范围"] == "990101(含下级)"
