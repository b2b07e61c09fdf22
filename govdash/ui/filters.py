"""The global filters — framework, period, level, region scope, 同类组 — set in the sidebar and mirrored in the URL.

A copied link (``?framework=digital_gov&period=2025Q4&level=street&region=990102001&group=中心城区``) opens the
same view: on a session's first
run the filters are read from the query parameters; afterwards the sidebar's choices are written back to them.
Values that no longer exist (a removed framework file, a period without data) fall back to the defaults.
Pages read the selection through ``current_filters`` and keep page-specific state with ``page_param``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from govdash.domain.format import period_label
from govdash.domain.region_codes import DISTRICT
from govdash.domain.vocab import REGION_LEVEL_LABELS
from govdash.ui import auth, data, scope

ALL_DISTRICTS = "all"
_KEYS = {"framework": "filter_framework", "period": "filter_period", "level": "filter_level",
         "region": "filter_region"}
_PEER_TOGGLE, _PEER_GROUP = "filter_peer", "filter_group"
_SAVED = scope.SAVED
GLOBAL_PARAMS = frozenset({*_KEYS, "group"})


@dataclass(frozen=True)
class Filters:
    """The selection every page reads: framework code, period, one region or None for all, level and 同类组."""

    framework: str
    period: str
    region_code: str | None
    level: str = DISTRICT
    peer_group: str | None = None

    @property
    def scope_label(self) -> str:
        """全部区县 (全部街道 …), or the selected region's name; with the 同类组 when ranked within one."""
        if self.region_code is None:
            label = f"全部{REGION_LEVEL_LABELS.get(self.level, '区县')}"
        else:
            label = data.level_names(self.level).get(self.region_code, self.region_code)
        return f"{label}({self.peer_group})" if self.peer_group and self.region_code is None else label


def _options(level: str | None = None) -> dict[str, list[str]]:
    periods = data.periods()
    levels = data.scope_levels() or [DISTRICT]
    chosen = level if level in levels else (DISTRICT if DISTRICT in levels else levels[0])
    return {
        "framework": list(data.frameworks()),
        "period": list(reversed(periods)),  # newest first: the usual choice is on top
        "level": levels,
        "region": _region_options(chosen),
    }


def _region_options(level: str) -> list[str]:
    """全部 and every region of the level; a user bound to a data scope gets only the regions inside it.

    Without 全部 a scoped user's record pages always show one of their own regions, while the score pages
    keep ranking every region of the level (the selected one highlighted).
    """
    reading = auth.reading_scope()
    if reading is None:
        return [ALL_DISTRICTS, *data.level_names(level)]
    return [code for code in data.level_names(level) if reading.covers(code)]


def _resolve(name: str, options: list[str]) -> str | None:
    """Pick the value for one filter: the widget's, else the saved one, else the URL's, else the default."""
    saved = st.session_state.setdefault(_SAVED, {})
    for candidate in (st.session_state.get(_KEYS[name]), saved.get(name), st.query_params.get(name)):
        if candidate in options:
            return candidate
    if name == "level" and DISTRICT in options:
        return DISTRICT
    return options[0] if options else None


def _labels(level: str) -> dict[str, dict[str, str]]:
    names = data.level_names(level)
    return {
        "framework": {code: fw.framework.name for code, fw in data.frameworks().items()},
        "period": {},
        "level": dict(REGION_LEVEL_LABELS),
        "region": {ALL_DISTRICTS: f"全部{REGION_LEVEL_LABELS.get(level, '区县')}",
                   **{code: f"{name}({code})" for code, name in names.items()}},
    }


_TITLES = {"framework": "评估框架", "period": "评估期", "level": "层级", "region": "地区范围"}


def render_sidebar(*, framework: bool | str = True) -> Filters | None:
    """Draw the filters in the sidebar, sync them with the URL, and return the selection.

    The level (市 / 区县 / 街道, only those with regions) decides which regions the region choice lists and
    which regions every page scores; the 同类组 toggle ranks within one group.

    Args:
        framework: True draws the framework selector; False leaves it out, for a page that shows no framework
            (好差评); a framework code leaves it out too and names that framework instead, for a page that always
            shows it (三网一基一指数). Either way the choice made elsewhere is kept for the pages that use it,
            but is not put in this page's address, which it would not reproduce.

    Returns None when there is nothing to filter yet (no framework file or no data).
    """
    chosen: dict[str, str | None] = {}
    for name in ("framework", "period", "level", "region"):
        options = _options(chosen.get("level"))[name]
        value = _resolve(name, options)
        if value is None:
            return None
        if name == "framework" and framework is not True:
            chosen[name] = value
            if isinstance(framework, str):
                fixed = _labels(DISTRICT)["framework"].get(framework, framework)
                st.sidebar.caption(f"评估框架:{fixed}(本页固定使用,不随侧栏选择变化)")
            continue
        st.session_state[_KEYS[name]] = value
        shown = _labels(str(chosen.get("level") or DISTRICT))[name]
        chosen[name] = st.sidebar.selectbox(
            _TITLES[name], options, key=_KEYS[name],
            format_func=period_label if name == "period" else (lambda v, shown=shown: shown.get(v, v)))
    chosen["group"] = _peer_group(chosen)
    st.session_state[_SAVED] = dict(chosen)
    for name, value in chosen.items():
        if value is None or (name == "framework" and framework is not True):
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value
    return _filters(chosen)


def _peer_group(chosen: dict[str, str | None]) -> str | None:
    """Draw the 同类组内排名 toggle (and the group) when the level has groups; return the group or ``none``."""
    level = str(chosen["level"])
    groups = data.peer_group_names(level)
    if not groups:
        return None
    asked = st.session_state.get(_PEER_GROUP) or st.session_state.get(_SAVED, {}).get("group") \
        or st.query_params.get("group")
    framework = data.frameworks().get(str(chosen["framework"]))
    default_on = asked in groups or (asked is None and framework is not None and framework.ranking.peer_group)
    if _PEER_TOGGLE not in st.session_state:
        st.session_state[_PEER_TOGGLE] = bool(default_on)
    on = st.sidebar.toggle("同类组内排名", key=_PEER_TOGGLE, help="只在同一同类组(如 中心城区 / 郊区 / 县)内排名和比较")
    if not on:  # ?group=none only where the framework would otherwise rank within groups
        return scope.NO_GROUP if framework is not None and framework.ranking.peer_group else None
    own = data.regions().set_index("code")["peer_group"].get(str(chosen["region"]))
    fallback = own if own in groups else groups[0]
    if st.session_state.get(_PEER_GROUP) not in groups:
        st.session_state[_PEER_GROUP] = asked if asked in groups else fallback
    return st.sidebar.selectbox("同类组", groups, key=_PEER_GROUP)


def _filters(chosen: dict[str, str | None]) -> Filters:
    region = chosen["region"]
    group = chosen.get("group")
    return Filters(framework=str(chosen["framework"]), period=str(chosen["period"]),
                   region_code=None if region in (None, ALL_DISTRICTS) else region,
                   level=str(chosen.get("level") or DISTRICT),
                   peer_group=None if group in (None, scope.NO_GROUP) else group)


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
