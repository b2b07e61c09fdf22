"""Start the dashboard server: ``python -m govdash.ui.server [streamlit options]`` (what ``make run`` does).

It serves ``serve.py``: ``app.py`` through ``st.App``, with the sign-in routes of ``session_routes`` beside it.

A folder named ``pages/`` beside ``app.py`` makes Streamlit start in its older multipage mode, in which a
deep link opened before anyone visited the root runs the page file on its own; every page first calls
``shell.ensure_shell()``, which then runs the shell (its ``st.navigation`` call ends that mode for the server),
so every address goes through ``app.py``'s navigation whichever way the server was started.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from streamlit.web import cli

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
# The launcher that serves APP through st.App with the sign-in routes beside it.
SERVE = ROOT / "serve.py"

# What the pages import: loaded before the server listens, so that the first visitor does not wait for it.
PRELOADED = ("govdash.ui.shell", "govdash.ui.score_views", "govdash.ui.health_cards", "govdash.report.findings",
             "govdash.charts.scores", "govdash.charts.records", "plotly.graph_objects")


def preload() -> None:
    """Import the page's modules (a couple of seconds the first time, mostly pandas, plotly and Streamlit)."""
    for name in PRELOADED:
        importlib.import_module(name)


def main(argv: list[str] | None = None) -> None:
    """Run ``streamlit run serve.py`` with the given options."""
    preload()
    from govdash.ingest import isolation
    from govdash.ui import data

    isolation.start_reader_server()

    data.warm_in_background = True
    data.start_warming()
    sys.argv = ["streamlit", "run", str(SERVE), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
