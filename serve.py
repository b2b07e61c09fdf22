"""govdash's web server: the Streamlit app (``app.py``) with the sign-in, sign-out and page-address routes.

Each page's address is served as Streamlit serves it, but told where the server is (``page_routes``).

``make run`` starts it through ``python -m govdash.ui.server``; ``streamlit run serve.py`` works too. Plain
``streamlit run app.py`` serves the dashboards without the sign-in routes, so nobody can sign in there.
"""

import streamlit as st

from govdash.ui.page_routes import PAGE_ROUTES
from govdash.ui.session_routes import SESSION_ROUTES

app = st.App("app.py", routes=[*SESSION_ROUTES, *PAGE_ROUTES])
