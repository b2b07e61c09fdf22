"""``govdash`` boundary commands: import-boundaries, boundaries, undo-boundaries. Thin over the boundary store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govdash.boundaries.store import boundary_history, import_boundaries, undo_boundaries
from govdash.cli.app import app
from govdash.cli.data_commands import DbOption, _engine

MAX_PROBLEMS_SHOWN = 200


@app.command("import-boundaries",
             help="导入区县边界(GeoJSON,或含 Shapefile 的 ZIP):校验、修复、简化,按区划代码匹配;有错误时不写入,以状态 1 退出。")
def import_boundaries_command(
    file: Annotated[Path, typer.Argument(help="GeoJSON 文件(.geojson/.json)或含一个 Shapefile 的 .zip", show_default=False)],
    caption: Annotated[str, typer.Option("--caption", help="审图号,印在地图下方,如“GS(2024)1234号”")] = "",
    code_property: Annotated[str | None, typer.Option("--code-property",
                                                      help="区划代码所在的属性名(默认自动识别)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只校验,不写入")] = False,
    uploader: Annotated[str, typer.Option("--uploader", help="上传人")] = "system",
    db: DbOption = None,
) -> None:
    """Check a boundary file and store it as the set the maps draw (replacing the active one)."""
    if not file.is_file():
        typer.echo(f"找不到文件:{file}", err=True)
        raise typer.Exit(2)
    result = import_boundaries(_engine(db), file.name, file.read_bytes(), uploader=uploader, review_number=caption,
                               code_property=code_property, dry_run=dry_run)
    for problem in result.check.errors[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"错误  {problem.describe()}", err=True)
    for problem in result.check.warnings[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"提示  {problem.describe()}")
    for index, value in result.check.unmatched[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"未匹配  第 {index} 个要素:区划代码 {value} 不是已登记的区县,未导入")
    for code, name in result.check.missing:
        typer.echo(f"无边界  {code} {name}")
    typer.echo(result.message, err=not result.ok)
    if not result.ok:
        raise typer.Exit(1)


@app.command("boundaries", help="列出导入过的区县边界(最新在前)。")
def boundaries_command(db: DbOption = None) -> None:
    """Print the boundary sets, newest first."""
    history = boundary_history(_engine(db))
    if history.empty:
        typer.echo("还没有导入区县边界;地图显示六边形示意图。")
        return
    shown = history[["编号", "状态", "文件名", "区县数", "审图号", "上传人", "上传时间"]]
    typer.echo(shown.to_string(index=False))


@app.command("undo-boundaries", help="撤销使用中的区县边界,恢复它替换的上一套(没有上一套时地图显示六边形示意图)。")
def undo_boundaries_command(
    set_id: Annotated[int, typer.Argument(help="边界编号(见 govdash boundaries)", show_default=False)],
    user: Annotated[str, typer.Option("--user", help="操作人")] = "system",
    db: DbOption = None,
) -> None:
    """Undo the active boundary set."""
    ok, message = undo_boundaries(_engine(db), set_id, user=user)
    typer.echo(message, err=not ok)
    if not ok:
        raise typer.Exit(1)
