"""The ``govdash`` command: thin over the same services the pages use.

Each family of commands lives in its own module and registers itself on ``app`` (``govdash.cli.app``); importing
this package imports them all, so ``govdash.cli.app`` here is the complete command.
"""

from __future__ import annotations

from govdash.cli import (  # noqa: F401  (each registers its commands on ``app``)
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
from govdash.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the console script."""
    app()
