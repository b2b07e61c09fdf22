"""``govdash init-demo``: build the demo database from the sample data of 示例市."""

from __future__ import annotations

import time
import unicodedata

import typer

from govdash.auth.demo_accounts import create_demo_accounts, demo_accounts_path
from govdash.cli.app import app
from govdash.core.db import make_engine, upgrade_schema
from govdash.domain.kinds import KINDS
from govdash.services.demo import (
    DemoDatabaseError,
    add_sample_boundaries,
    build_demo_database,
    database_has_data,
)
from govdash.services.imports import ImportResult
from govdash.synthetic import SampleFile


def _table_labels() -> dict[str, str]:
    labels = {str(kind.model.__tablename__): kind.label for kind in KINDS.values()}  # type: ignore[attr-defined]
    labels["upload_batch"] = "导入批次"
    labels["boundary_set"] = "区县边界文件"
    labels["boundary_shape"] = "区县边界"
    return labels


def _pad(text: str, width: int) -> str:
    """Pad ``text`` to ``width`` terminal columns; Chinese characters take two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


class _Progress:
    """Prints one line per imported file, with its rows and the seconds it took."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def __call__(self, sample_file: SampleFile, result: ImportResult) -> None:
        now = time.perf_counter()
        warnings = f",{len(result.report.warnings)} 个警告" if result.report.warnings else ""
        typer.echo(f"  {sample_file.name:<24}{result.rows_written:>10,} 行 {now - self.last:6.1f} 秒{warnings}")
        self.last = now


@app.command("init-demo", help="用示例数据(虚构的“示例市”)建立数据库,并显示各表行数和用时。")
def init_demo(
    db: str | None = typer.Option(None, "--db", help="数据库 URL(默认:GOVDASH_DATABASE_URL 或 var/govdash.db)"),
    force: bool = typer.Option(False, "--force", help="删除数据库中的全部数据,重建示例数据库"),
    if_missing: bool = typer.Option(False, "--if-missing", help="数据库已有数据时什么也不做(供 make run 使用)"),
) -> None:
    """Build the demo database from the sample files; print rows per table and the time taken."""
    engine = make_engine(db)
    try:
        if if_missing and database_has_data(engine):
            # An older database: bring its schema up to date, and the sample its district outlines.
            upgrade_schema(engine)
            if add_sample_boundaries(engine):
                typer.echo("示例数据库已补上虚构的区县边界(data/sample/boundaries.geojson)。")
            return
        typer.echo(f"正在建立示例数据库:{engine.url.render_as_string(hide_password=True)}")
        started = time.perf_counter()
        try:
            counts = build_demo_database(engine, force=force, on_file=_Progress())
        except DemoDatabaseError as exc:
            typer.echo(f"错误:{exc}", err=True)
            raise typer.Exit(1) from None
        labels = _table_labels()
        typer.echo("各表行数:")
        for table, count in counts.items():
            name = f"{labels[table]}({table})" if table in labels else table
            typer.echo(f"  {_pad(name, 40)}{count:>10,}")
        typer.echo(f"示例数据库已建立,用时 {time.perf_counter() - started:.1f} 秒。")
        accounts_file = demo_accounts_path(engine)
        if create_demo_accounts(engine, accounts_file):
            typer.echo(f"示例账户(管理员、全市评估员、按区县限定数据范围的评估员和访客)已创建,随机密码已写入 {accounts_file}(仅本机用户可读)。")
    finally:
        engine.dispose()
