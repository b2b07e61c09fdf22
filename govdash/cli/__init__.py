"""The ``govdash`` command: thin over the same services the pages use.

Each family of commands lives in its own module and registers itself on ``app``.
"""

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


# Command modules register themselves on ``app`` when imported.
from govdash.cli import (  # noqa: E402,F401
    boundary_commands,
    brief_commands,
    data_commands,
    demo_commands,
    method_commands,
    report_commands,
    score_commands,
    user_commands,
    warning_commands,
    workday_commands,
)


def main() -> None:
    """Entry point of the console script."""
    app()
