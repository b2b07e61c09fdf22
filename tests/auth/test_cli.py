import csv
import io

import pytest
from typer.testing import CliRunner

from govdash.auth import authenticate, list_users
from govdash.cli import app

runner = CliRunner()


@pytest.fixture
def cli(engine, database_url):
    def run(*args: str, stdin: str | None = None):
        return runner.invoke(app, [*args, "--db", database_url], input=stdin)

    return run


def test_user_add_from_stdin_then_sign_in(engine, cli):
    result = cli("user", "add", "alice", "--role", "evaluator", "--password-stdin", stdin="a-long-password\n")
    assert result.exit_code == 0, result.output
    assert "已新增用户 alice(角色:评估员)" in result.output
    assert authenticate(engine, "alice", "a-long-password").ok


def test_user_add_interactive_needs_matching_confirmation(engine, cli):
    result = cli("user", "add", "bob", "--role", "admin", stdin="first-password\nother-password\n"
                 "first-password\nfirst-password\n")
    assert result.exit_code == 0, result.output
    assert "first-password" not in result.output
    assert "两次输入的密码不一致" in result.output
    assert authenticate(engine, "bob", "first-password").ok


def test_user_add_refuses_weak_password_and_unknown_role(engine, cli):
    weak = cli("user", "add", "carol", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert weak.exit_code == 1 and "至少需要 8 个字符" in weak.output
    bad_role = cli("user", "add", "carol", "--role", "root", "--password-stdin", stdin="long-enough-pw\n")
    assert bad_role.exit_code == 1 and "未知的角色" in bad_role.output
    assert list_users(engine).empty


def test_user_list_disable_enable(engine, cli):
    cli("user", "add", "root", "--role", "admin", "--password-stdin", stdin="a-long-password\n")
    cli("user", "add", "dave", "--role", "viewer", "--password-stdin", stdin="a-long-password\n")
    assert cli("user", "disable", "dave").exit_code == 0
    listing = cli("user", "list").output
    assert "dave" in listing and "已停用" in listing and "argon2" not in listing
    assert not authenticate(engine, "dave", "a-long-password").ok
    last_admin = cli("user", "disable", "root")
    assert last_admin.exit_code == 1 and "至少要保留一名启用的管理员" in last_admin.output
    assert cli("user", "enable", "dave").exit_code == 0
    assert authenticate(engine, "dave", "a-long-password").ok


def test_audit_csv_escapes_formulas_typed_as_user_name(engine, cli):
    authenticate(engine, '=HYPERLINK("http://evil","x")', "whatever-pw")
    authenticate(engine, "@SUM(1+1)", "whatever-pw")
    result = cli("audit", "--format", "csv", "--limit", "5")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["操作"] for r in rows] == ["登录失败", "登录失败"]
    assert rows[0]["操作人"] == "'@SUM(1+1)"
    assert rows[1]["对象"] == """'=HYPERLINK("http://evil","x")"""


def test_audit_table_limit_and_action_filter(engine, cli):
    cli("user", "add", "root", "--role", "admin", "--password-stdin", stdin="a-long-password\n")
    authenticate(engine, "root", "wrong-password")
    authenticate(engine, "root", "a-long-password")
    only_failed = cli("audit", "--action", "login_failed")
    assert "登录失败" in only_failed.output and "登录成功" not in only_failed.output
    newest = cli("audit", "--limit", "1").output
    assert "登录成功" in newest and "新增用户" not in newest
    assert cli("audit", "--action", "nope").exit_code == 1


def test_user_scope_sets_shows_and_clears_regions(engine, cli):
    from govdash.services.imports import import_file

    regions = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区,990100\n990102,望湖区,区,990100\n"
    assert import_file(engine, "regions", regions.encode(), file_name="r.csv").ok
    assert cli("user", "add", "bj", "--role", "evaluator", "--password-stdin", stdin="a-long-password\n").exit_code == 0
    result = cli("user", "scope", "bj", "--region", "990102", "--region", "990101")
    assert result.exit_code == 0, result.output
    assert "用户 bj 的数据范围:990101 滨江区、990102 望湖区及其下级区划。" in result.output
    assert list_users(engine).set_index("用户名").loc["bj", "数据范围"] == "990101、990102(含下级)"
    unknown = cli("user", "scope", "bj", "--region", "990199")
    assert unknown.exit_code == 1 and "990199 不在行政区划表中" in unknown.output
    cleared = cli("user", "scope", "bj", "--clear")
    assert cleared.exit_code == 0 and "全市(不限)" in cleared.output
