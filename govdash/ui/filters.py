"""The global filters — framework, period, region scope — set in the sidebar and mirrored in the URL.

A copied link (``?framework=digital_gov&period=2025Q4&region=990101``) opens the same view: on a session's first
run the filters are read from the query parameters; afterwards the sidebar's choices are written back to them.
Values that no longer exist (a removed framework file, a period without data) fall back to the defaults.
Pages read the selection through ``current_filters`` and keep page-specific state with ``page_param``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from govdash.ui import auth, data
from govdash.ui.format import period_label

ALL_DISTRICTS = "all"
_KEYS = {"framework": "filter_framework", "period": "filter_period", "region": "filter_region"}
_SAVED = "filters_saved"
GLOBAL_PARAMS = frozenset(_KEYS)


@dataclass(frozen=True)
class Filters:
    """The selection every page reads: framework code, period, and one district or None for all."""

    framework: str
    period: str
    region_code: str | None

    @property
    def scope_label(self) -> str:
        """全部区县, or the selected district's name."""
        if self.region_code is None:
            return "全部区县"
        return data.district_names().get(self.region_code, self.region_code)


def _options() -> dict[str, list[str]]:
    periods = data.periods()
    return {
        "framework": list(data.frameworks()),
        "period": list(reversed(periods)),  # newest first: the usual choice is on top
        "region": _region_options(),
    }


def _region_options() -> list[str]:
    """全部区县 and every district; a user bound to a data scope gets only the districts inside it.

    Without 全部区县 a scoped user's record pages always show one of their own districts, while the score pages
    keep ranking every district (the selected one highlighted).
    """
    scope = auth.reading_scope()
    if scope is None:
        return [ALL_DISTRICTS, *data.district_names()]
    return [code for code in data.district_names() if scope.covers(code)]


def _resolve(name: str, options: list[str]) -> str | None:
    """Pick the value for one filter: the widget's, else the saved one, else the URL's, else the default."""
    saved = st.session_state.setdefault(_SAVED, {})
    for candidate in (st.session_state.get(_KEYS[name]), saved.get(name), st.query_params.get(name)):
        if candidate in options:
            return candidate
    return options[0] if options else None


def _labels() -> dict[str, dict[str, str]]:
    names = data.district_names()
    return {
        "framework": {code: fw.framework.name for code, fw in data.frameworks().items()},
        "period": {},
        "region": {ALL_DISTRICTS: "全部区县", **{code: f"{name}({code})" for code, name in names.items()}},
    }


def render_sidebar(*, framework: bool | str = True) -> Filters | None:
    """Draw the filters in the sidebar, sync them with the URL, and return the selection.

    Args:
        framework: True draws the framework selector; False leaves it out, for a page that shows no framework
            (好差评); a framework code leaves it out too and names that framework instead, for a page that always
            shows it (三网一基一指数). Either way the choice made elsewhere is kept for the pages that use it,
            but is not put in this page's address, which it would not reproduce.

    Returns None when there is nothing to filter yet (no framework file or no data).
    """
    options, labels = _options(), _labels()
    titles = {"framework": "评估框架", "period": "评估期", "region": "区县范围"}
    chosen: dict[str, str | None] = {}
    for name in ("framework", "period", "region"):
        value = _resolve(name, options[name])
        if value is None:
            return None
        if name == "framework" and framework is not True:
            chosen[name] = value
            if isinstance(framework, str):
                fixed = labels["framework"].get(framework, framework)
                st.sidebar.caption(f"评估框架:{fixed}(本页固定使用,不随侧栏选择变化)")
            continue
        st.session_state[_KEYS[name]] = value
        shown = labels[name]
        chosen[name] = st.sidebar.selectbox(
            titles[name], options[name], key=_KEYS[name],
            format_func=period_label if name == "period" else (lambda v, shown=shown: shown.get(v, v)))
    st.session_state[_SAVED] = dict(chosen)
    for name, value in chosen.items():
        if name == "framework" and framework is not True:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value  # type: ignore[assignment]
    return _filters(chosen)


def _filters(chosen: dict[str, str | None]) -> Filters:
    region = chosen["region"]
    return Filters(framework=str(chosen["framework"]), period=str(chosen["period"]),
                   region_code=None if region in (None, ALL_DISTRICTS) else region)


def current_filters() -> Filters:
    """Return the selection of the current run (set by the shell before the page runs)."""
    saved = st.session_state.get(_SAVED)
    if not saved:
        options = _options()
        saved = {name: _resolve(name, values) for name, values in options.items()}
    return _filters(saved)


def page_param(key: str, default: str | None = None) -> str | None:
    """Return a page-specific value kept in the URL (for example the district being drilled into)."""
    return st.query_params.get(key, default)


def set_page_param(key: str, value: str | None) -> None:
    """Keep (or with None, remove) a page-specific value in the URL, so a copied link reopens it."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
