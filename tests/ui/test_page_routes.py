"""Every page address is served as Streamlit serves it, with the server's address set before the frontend starts."""

from __future__ import annotations

from govdash.ui import page_routes
from govdash.ui.shell import ACCOUNT_PATHS, PAGES


def test_every_registered_page_address_has_a_route():
    routed = {route.path for route in page_routes.PAGE_ROUTES}
    assert routed == {f"/{spec.url_path}" for spec in PAGES} | {f"/{path}" for path in ACCOUNT_PATHS}
    assert "/" not in routed  # from the root the frontend has nothing to guess


def test_page_html_sets_the_backend_address_before_streamlits_scripts():
    html = page_routes.page_html()
    setting = html.index("BACKEND_BASE_URL: window.location.origin")
    assert setting < html.index('<script type="module"')
    assert html.count('<div id="root"></div>') == 1  # otherwise Streamlit's page, untouched
