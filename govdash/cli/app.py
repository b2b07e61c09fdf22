"""The ``govdash`` Typer application the command modules register on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="govdash",
    help="数字政府评估看板:导入数据、计算指数、生成简报。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("version")
def version() -> None:
    """Print the version (显示版本号)."""
    from govdash import __version__

    typer.echo(f"govdash {__version__}")
