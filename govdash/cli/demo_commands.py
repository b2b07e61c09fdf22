"""``govdash`` demo commands."""

from __future__ import annotations

from govdash.cli import app  # noqa: F401
