"""The sidebar's scope — level (市 / 区县 / 街道) and 同类组 — as the cached loaders read it.

``govdash.ui.filters`` draws the choices and saves them in the session; the loaders of ``govdash.ui.data`` score
the level and group saved there, so every page follows the sidebar without passing them along. Both read and
write through this module, which imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from govdash.domain.region_codes import CITY, DISTRICT, STREET

SAVED: Final = "filters_saved"
SCOPE_LEVELS: Final = (CITY, DISTRICT, STREET)  # the levels the sidebar offers, top down
NO_GROUP: Final = "none"  # ?group=none: ranked among the whole level, whatever the framework's default


@dataclass(frozen=True)
class Scope:
    """The level scored and the 同类组 ranked within (None: the whole level)."""

    level: str = DISTRICT
    peer_group: str | None = None


DEFAULT_SCOPE: Final = Scope()


def current_scope() -> Scope:
    """Return the level and group the sidebar saved for this session (区县, no group before it ran).

    Outside a session (the server's cache-warming thread) it is the default: every 区县, no group.
    """
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_SCOPE
    saved = st.session_state.get(SAVED) or {}
    level = saved.get("level")
    group = saved.get("group")
    return Scope(level=level if level in SCOPE_LEVELS else DISTRICT,
                 peer_group=group if group and group != NO_GROUP else None)
