"""``govdash user ...`` and ``govdash audit``: accounts and the audit log from the server's shell.

Whoever runs these commands can reach the database anyway, so they act as the trusted 命令行 actor; every
change is still written to the audit log under that name.
"""

from __future__ import annotations

import sys
from typing import Annotated

import pandas as pd
import typer
from sqlalchemy.engine import Engine

from govdash.auth import Actor, UserError, create_user, list_users, set_active, set_password
from govdash.auth.audit import ACTION_LABELS, audit_entries, audit_table
from govdash.auth.scope import WHOLE_CITY, assigned_regions, region_label, set_user_scope
from govdash.auth.users import user_id_of
from govdash.cli.app import app
from govdash.core.db import get_engine, upgrade_schema

user_app = typer.Typer(help="管理用户账户:新增、列出、停用、启用、重设密码、设置数据范围。", no_args_is_help=True)
app.add_typer(user_app, name="user")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CLI_ACTOR = Actor.system_actor("命令行")
DbOption = Annotated[str | None, typer.Option("--db", help="数据库 URL(默认:配置中的数据库)")]
NameArg = Annotated[str, typer.Argument(help="用户名", show_default=False)]
StdinOption = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码(一行),不交互")]


def _engine(db: str | None) -> Engine:
    engine = get_engine(db)
    upgrade_schema(engine)
    return engine


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    while True:
        password = typer.prompt("密码", hide_input=True)
        if typer.prompt("再次输入密码", hide_input=True) == password:
            return password
        typer.echo("两次输入的密码不一致,请重新输入。", err=True)


def csv_text(frame: pd.DataFrame) -> str:
    """CSV of ``frame`` with text cells that a spreadsheet would run as a formula prefixed by ``'``."""
    return frame.map(_inert).to_csv(index=False)


def _inert(value: object) -> object:
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def _aligned(frame: pd.DataFrame) -> str:
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 200,
                           "display.max_colwidth", 80):
        return frame.fillna("").to_string(index=False)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"错误:{message}", err=True)
    return typer.Exit(1)


@user_app.command("add", help="新增用户;密码交互输入两次,或用 --password-stdin 从标准输入读取。")
def add_user(
    name: NameArg,
    role: Annotated[str, typer.Option("--role", help="角色:viewer(访客)、evaluator(评估员)、admin(管理员)")],
    display_name: Annotated[str | None, typer.Option("--display-name", help="显示名(可选)")] = None,
    password_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Create an account; the password is never taken from the command line itself."""
    engine = _engine(db)
    password = _read_password(password_stdin)
    try:
        user = create_user(engine, CLI_ACTOR, name=name, password=password, role=role, display_name=display_name)
    except UserError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"已新增用户 {user.name}(角色:{user.role_label})。")


@user_app.command("list", help="列出全部用户。")
def list_command(db: DbOption = None) -> None:
    """Print every account (never a password hash)."""
    users = list_users(_engine(db))
    if users.empty:
        typer.echo("还没有用户。用 govdash user add NAME --role admin 新增管理员。")
        return
    typer.echo(_aligned(users))


@user_app.command("disable", help="停用用户:该用户不能再登录,已登录的会话也不能再上传或撤销。")
def disable_command(name: NameArg, db: DbOption = None) -> None:
    """Disable an account."""
    _set_active(db, name, active=False)
    typer.echo(f"已停用用户 {name.strip()}。")


@user_app.command("enable", help="重新启用已停用的用户。")
def enable_command(name: NameArg, db: DbOption = None) -> None:
    """Re-enable an account."""
    _set_active(db, name, active=True)
    typer.echo(f"已启用用户 {name.strip()}。")


def _set_active(db: str | None, name: str, *, active: bool) -> None:
    try:
        set_active(_engine(db), CLI_ACTOR, name, active)
    except UserError as exc:
        raise _fail(str(exc)) from None


@user_app.command("passwd", help="重设用户密码(交互输入两次,或 --password-stdin)。")
def passwd_command(name: NameArg, password_stdin: StdinOption = False, db: DbOption = None) -> None:
    """Set a new password for an account."""
    engine = _engine(db)
    password = _read_password(password_stdin)
    try:
        set_password(engine, CLI_ACTOR, name, password)
    except UserError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"已重设用户 {name.strip()} 的密码。")


@user_app.command("scope", help="设置或查看用户的数据范围:评估员只能上传、替换、撤销这些区划(含下级)的数据,"
                                 "访客只能查看这些区划的明细。")
def scope_command(
    name: NameArg,
    regions: Annotated[list[str] | None, typer.Option("--region", help="区划代码,可重复;覆盖原有范围")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="取消限制(全市)")] = False,
    db: DbOption = None,
) -> None:
    """Show an account's data scope, or set it with ``--region`` (repeatable) or lift it with ``--clear``."""
    engine = _engine(db)
    if regions and clear:
        raise _fail("--region 和 --clear 不能同时使用")
    try:
        if regions or clear:
            set_user_scope(engine, CLI_ACTOR, name, [] if clear else regions or [])
        user_id = user_id_of(engine, name)
    except UserError as exc:
        raise _fail(str(exc)) from None
    codes = assigned_regions(engine, user_id)
    shown = f"{region_label(engine, codes)}及其下级区划" if codes else WHOLE_CITY
    typer.echo(f"用户 {name.strip()} 的数据范围:{shown}。")


@app.command("audit", help="显示审计日志(最新的在前):登录、导入、撤销、用户变更等。")
def audit_command(
    limit: Annotated[int, typer.Option("--limit", min=1, help="最多显示多少条")] = 50,
    output_format: Annotated[str, typer.Option("--format", help="输出格式:table 或 csv")] = "table",
    action: Annotated[str | None, typer.Option("--action", help="只看一种操作,如 login_failed、undo")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="只看某个操作人")] = None,
    db: DbOption = None,
) -> None:
    """Print the newest audit entries as a table or as CSV (cells escaped against formula injection)."""
    if output_format not in ("table", "csv"):
        raise _fail("--format 只能是 table 或 csv")
    if action is not None and action not in ACTION_LABELS:
        raise _fail("未知的操作,可选:" + "、".join(f"{k}({v})" for k, v in ACTION_LABELS.items()))
    entries = audit_entries(_engine(db), actions=[action] if action else None, actor=actor, limit=limit)
    table = audit_table(entries)
    if output_format == "csv":
        typer.echo(csv_text(table), nl=False)
    elif table.empty:
        typer.echo("审计日志为空。")
    else:
        typer.echo(_aligned(table))
