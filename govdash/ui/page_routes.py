"""Every page's address answers with Streamlit's own page, told where the server is, so nothing is probed in vain.

Opened at ``/upload``, Streamlit's frontend does not know whether the app lives at ``/`` or under ``/upload/`` (a
proxy prefix), so it asks ``/upload/_stcore/health`` first and, after that 404 (a console error), ``/_stcore/
health``. The frontend reads its server's address from ``window.__streamlit.BACKEND_BASE_URL`` when a host sets
it; these routes serve Streamlit's ``index.html`` at each page address with that setting, pointing at the root,
so that the only probe is the one that answers. The root itself needs none: from ``/`` there is nothing to guess.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from streamlit import file_util

from govdash.ui.shell import ACCOUNT_PATHS, PAGES

# Before the frontend's own (deferred, module) script reads it; a host's other settings are kept.
BACKEND_SCRIPT = ('<script>window.__streamlit = Object.assign({}, window.__streamlit, '
                  '{BACKEND_BASE_URL: window.location.origin + "/"});</script>')


@cache
def page_html() -> str:
    """Return Streamlit's ``index.html`` with the server's address set before its scripts run."""
    index = Path(file_util.get_static_dir()) / "index.html"
    html = index.read_text(encoding="utf-8")
    head = html.index("<head>") + len("<head>")
    return f"{html[:head]}\n    {BACKEND_SCRIPT}{html[head:]}"


async def page(request: Request) -> Response:
    """Answer a page address with Streamlit's page, not cached (as Streamlit serves it), the backend pinned."""
    return HTMLResponse(page_html(), headers={"Cache-Control": "no-cache"})


def page_addresses() -> list[str]:
    """Return the address of every page the navigation registers (``/overview``, ``/login``, …)."""
    return [f"/{spec.url_path}" for spec in PAGES] + [f"/{path}" for path in ACCOUNT_PATHS]


PAGE_ROUTES = [Route(address, page, methods=["GET", "HEAD"]) for address in page_addresses()]
