"""govdash's web server: the Streamlit app (``app.py``) and, beside it, the sign-in and sign-out routes.

``make run`` starts it through ``python -m govdash.ui.server``; ``streamlit run serve.py`` works too. Plain
``streamlit run app.py`` serves the dashboards without the sign-in routes, so nobody can sign in there.
"""

import streamlit as st

from govdash.ui.session_routes import SESSION_ROUTES

app = st.App("app.py", routes=SESSION_ROUTES)
