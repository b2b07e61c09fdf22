import re
import stat
from pathlib import Path

from govdash.auth import authenticate, list_users
from govdash.auth.demo_accounts import create_demo_accounts


def test_create_demo_accounts_random_passwords_in_private_file(engine, tmp_path):
    path = tmp_path / "var" / "demo-accounts.txt"
    accounts = create_demo_accounts(engine, path)
    assert {(a.name, a.role) for a in accounts} == {("demo-evaluator", "evaluator"), ("demo-admin", "admin")}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    for account in accounts:
        assert f"用户名 {account.name}  密码 {account.password}" in text
        assert authenticate(engine, account.name, account.password).ok
    package = Path(__file__).resolve().parents[2] / "govdash"
    source = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    assert not any(a.password in source for a in accounts)


def test_create_demo_accounts_differ_between_databases(engine, tmp_path):
    first = create_demo_accounts(engine, None)
    assert create_demo_accounts(engine, tmp_path / "again.txt") == []  # existing accounts are kept
    assert not (tmp_path / "again.txt").exists()
    from govdash import db

    other = db.make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    db.upgrade_schema(other)
    second = create_demo_accounts(other, None)
    other.dispose()
    assert {a.password for a in first}.isdisjoint({a.password for a in second})
    assert all(re.fullmatch(r"[\w-]{16}", a.password) for a in first)
    assert list_users(engine)["创建人"].tolist() == ["示例数据", "示例数据"]
