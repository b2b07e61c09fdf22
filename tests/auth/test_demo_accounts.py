import re
import stat
from pathlib import Path

from govdash.auth import authenticate, list_users
from govdash.auth.demo_accounts import DEMO_USERS, create_demo_accounts


def test_create_demo_accounts_random_passwords_in_private_file(engine, tmp_path):
    path = tmp_path / "var" / "demo-accounts.txt"
    accounts = create_demo_accounts(engine, path)
    assert {(a.name, a.role) for a in accounts} == {
        ("demo-evaluator", "evaluator"), ("demo-admin", "admin"), ("demo-eval-binjiang", "evaluator"),
        ("demo-eval-wutong", "evaluator"), ("demo-viewer-xingang", "viewer")}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    for account in accounts:
        assert f"用户名 {account.name}  密码 {account.password}" in text
        assert authenticate(engine, account.name, account.password).ok
    assert "demo-eval-binjiang  密码" in text and "数据范围 990102、990103(含下级区划)" in text
    package = Path(__file__).resolve().parents[2] / "govdash"
    source = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    assert not any(a.password in source for a in accounts)


def test_create_demo_accounts_differ_between_databases(engine, tmp_path):
    first = create_demo_accounts(engine, None)
    assert create_demo_accounts(engine, tmp_path / "again.txt") == []  # existing accounts are kept
    assert not (tmp_path / "again.txt").exists()
    from govdash.core import db

    other = db.make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    db.upgrade_schema(other)
    second = create_demo_accounts(other, None)
    other.dispose()
    assert {a.password for a in first}.isdisjoint({a.password for a in second})
    assert all(re.fullmatch(r"[\w-]{16}", a.password) for a in first)
    assert set(list_users(engine)["创建人"]) == {"示例数据"}


def test_demo_accounts_path_beside_sqlite_file(tmp_path):
    from govdash.auth.demo_accounts import demo_accounts_path
    from govdash.core import db
    from govdash.core.config import VAR_DIR

    other = db.make_engine(f"sqlite:///{tmp_path / 'x' / 'demo.db'}")
    assert demo_accounts_path(other) == (tmp_path / "x" / "demo-accounts.txt").resolve()
    assert demo_accounts_path(db.make_engine("sqlite://")) == VAR_DIR / "demo-accounts.txt"
    other.dispose()


def test_init_demo_creates_demo_accounts_beside_database(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from govdash.cli import app
    from govdash.core.db import upgrade_schema

    def schema_only(engine, **_options):
        # The sample import itself is covered by tests/test_demo.py; here only the accounts matter.
        upgrade_schema(engine)
        return {}

    monkeypatch.setattr("govdash.cli.demo_commands.build_demo_database", schema_only)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["init-demo", "--db", url])
    assert result.exit_code == 0, result.output
    path = tmp_path / "demo-accounts.txt"
    assert str(path) in result.output and "评估员" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_demo_district_evaluators_bound_before_the_regions_exist_cover_nothing(engine):
    """Made on an empty database, a district evaluator's scope is not the whole city: it covers no region yet."""
    from govdash.auth.guard import load_actor
    from govdash.auth.scope import assigned_regions, scope_of
    from govdash.auth.users import user_id_of

    create_demo_accounts(engine, None)
    scopes = {user.name: found for user in DEMO_USERS
              if (found := assigned_regions(engine, user_id_of(engine, user.name)))}
    assert scopes == {"demo-eval-binjiang": ["990102", "990103"], "demo-eval-wutong": ["990121", "990122"],
                      "demo-viewer-xingang": ["990106"]}
    actor = load_actor(engine, user_id_of(engine, "demo-eval-wutong"))
    assert actor is not None and actor.name == "demo-eval-wutong"
    scope = scope_of(engine, actor)
    assert scope is not None and scope.codes == frozenset()
