"""Cached loaders: the only way pages reach the database.

Every loader is keyed by the database URL as well as its arguments, so switching databases (tests, a new
``GOVDASH_DATABASE_URL``) never serves another database's numbers. Scores are computed once per framework and
weights for all periods and sliced by the pages; ``clear_caches`` runs after every import, replacement or undo.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from govdash import repository
from govdash.boundaries import BoundaryMap
from govdash.boundaries.store import active_boundaries
from govdash.charts.maps import make_region_map_figure
from govdash.core import db
from govdash.core.config import get_settings
from govdash.core.periods import is_half_year, is_quarter, parse_period, period_sort_key
from govdash.frameworks import Framework, scan_frameworks
from govdash.ingest import events
from govdash.scoring import ScoreResult
from govdash.scoring import explain as explain_tree
from govdash.services import demo, indexes, stored_scores
from govdash.ui.scope import DEFAULT_SCOPE, SCOPE_LEVELS, Scope, current_scope

CACHE_TTL = get_settings().cache_ttl_seconds
_log = logging.getLogger(__name__)
Weights = tuple[tuple[str, float], ...]


def database_url() -> str:
    """Return the configured database URL (read on every call: tests and deployments may change it)."""
    return get_settings().database_url


def get_engine() -> Engine:
    """Return the shared engine of the configured database."""
    return db.get_engine(database_url())


def clear_caches() -> None:
    """Forget every cached query result, so the next page run reads the database afresh."""
    st.cache_data.clear()
    _scores.clear()
    _region_map.clear()


def _on_batch_change(*_args: object, **_kwargs: object) -> None:
    clear_caches()
    if warm_in_background:
        start_warming()


# Set by ``govdash.ui.server``: the server computes every framework's scores once at start-up and again after
# each import, in a background thread, so that the first visitor does not wait for them (seconds with a
# province's data). Tests and ``streamlit run`` leave it off.
warm_in_background = False


def warm_caches() -> None:
    """Load what every page reads first: the periods, the regions and every framework's scores for all periods.

    First the stored 差评 deadlines follow the rule in force: a changed ``GOVDASH_RECTIFY_WORKING_DAYS`` or a newer
    holiday calendar takes effect when the server starts.
    """
    try:
        from govdash.services.workday_rules import apply_rectify_rule

        apply_rectify_rule(get_engine())
    except Exception:  # a database not migrated yet, or read-only: the pages show the stored deadlines
        _log.exception("counting the 差评 deadlines again failed")
    try:
        has_data(), sample_loaded(), periods(), regions()
    except Exception:  # a database that cannot be read shows its error on the page, not here
        _log.exception("warming the page caches failed")
        return
    for code in frameworks():
        try:
            scores(code)
        except Exception:  # a broken framework or database shows its error on the page, not here
            _log.exception("warming the scores of %s failed", code)


WARM_THREAD = "govdash-warm-scores"


class _WarmThreadContextFilter(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" warning for the warming thread.

    That thread runs outside any session on purpose: what it caches is shared by every session.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != WARM_THREAD or "ScriptRunContext" not in record.getMessage()


_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
_warm_filter = _WarmThreadContextFilter()


def start_warming() -> threading.Thread:
    """Run ``warm_caches`` in a daemon thread and return it."""
    logging.getLogger(_CONTEXT_LOGGER).addFilter(_warm_filter)  # the same filter object is added once
    thread = threading.Thread(target=warm_caches, name=WARM_THREAD, daemon=True)
    thread.start()
    return thread


events.on_batch_change(_on_batch_change)


def _framework_files() -> tuple[tuple[str, float], ...]:
    folder = Path(get_settings().frameworks_dir)
    return tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.toml")))


@st.cache_resource(show_spinner=False)
def _scan(folder: str, files: tuple[tuple[str, float], ...]) -> tuple[dict[str, Framework], list[str]]:
    # ``files`` (names and modification times) is part of the key: a dropped or edited file is read again.
    return scan_frameworks(folder)


def frameworks() -> dict[str, Framework]:
    """Return the usable frameworks of the frameworks folder by code, in display order."""
    return _scan(str(get_settings().frameworks_dir), _framework_files())[0]


def framework_errors() -> list[str]:
    """Return one message per framework file that could not be loaded."""
    return _scan(str(get_settings().frameworks_dir), _framework_files())[1]


def framework(code: str) -> Framework:
    """Return one framework by code (KeyError when the folder has no such framework)."""
    return frameworks()[code]


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _has_data(url: str) -> bool:
    return demo.database_has_data(db.get_engine(url))


def has_data() -> bool:
    """Tell whether the database holds any imported records."""
    return _has_data(database_url())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sample_loaded(url: str) -> bool:
    return demo.is_sample_loaded(db.get_engine(url))


def sample_loaded() -> bool:
    """Tell whether the shipped 示例数据 is loaded (the banner says so)."""
    return _sample_loaded(database_url())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _periods(url: str) -> list[str]:
    stored = repository.list_periods(db.get_engine(url))  # with years: read from the stored metrics when current
    return sorted((p for p in stored if is_quarter(p) or is_half_year(p)), key=period_sort_key)


def periods() -> list[str]:
    """Return the quarters and half-years that hold data (a half-year when a file was reported for it), oldest first."""
    return _periods(database_url())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _regions(url: str) -> pd.DataFrame:
    return repository.list_regions(db.get_engine(url))


def regions() -> pd.DataFrame:
    """Return every region: code, name, level, level_label, parent_code, peer_group."""
    return _regions(database_url())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _boundaries(url: str) -> BoundaryMap | None:
    return active_boundaries(db.get_engine(url))


def boundaries() -> BoundaryMap | None:
    """Return the district boundaries the maps draw, or None when none are loaded (the maps draw hex tiles)."""
    return _boundaries(database_url())


# A resource like the scores: a province's map is 3,000 shapes, which plotly takes a good part of a second to
# build; pages only show the figure (and copy it for a PNG), never change it.
@st.cache_resource(ttl=CACHE_TTL, show_spinner=False, max_entries=64)
def _region_map(url: str, code: str, period: str, region_code: str | None, title: str | None,
                scope: Scope) -> go.Figure:
    overall = _scores(url, code, None, scope).overall
    return make_region_map_figure(overall[overall["period"] == period], frameworks()[code],
                                  boundaries=_boundaries(url), title=title, region_code=region_code)


def region_map(framework_code: str, period: str, region_code: str | None, title: str | None = None) -> go.Figure:
    """Return the district map of one framework's period (``make_region_map_figure`` on the loaded boundaries)."""
    return _region_map(database_url(), framework_code, parse_period(period), region_code, title, current_scope())


def district_names() -> dict[str, str]:
    """Return the scored regions (区县, or the level the sidebar chose) as code → name, in code order."""
    return level_names(current_scope().level)


def level_names(level: str) -> dict[str, str]:
    """Return the regions of one level as code → name, in code order."""
    frame = regions()
    chosen = frame[frame["level"] == level]
    return dict(zip(chosen["code"], chosen["name"], strict=True))


def scope_levels() -> list[str]:
    """Return the levels the sidebar offers that have regions (市, 区县, 街道), top down."""
    present = set(regions()["level"])
    return [level for level in SCOPE_LEVELS if level in present]


def peer_group_names(level: str) -> list[str]:
    """Return the 同类组 declared for the regions of ``level``, sorted."""
    frame = regions()
    groups = frame.loc[frame["level"] == level, "peer_group"].dropna()
    return sorted({str(g) for g in groups if str(g).strip()})


# A resource, not data: every page run reads the scores of one or two frameworks several times, and cache_data
# would unpickle a fresh copy of every district's indicators each time (a third of a second at 3,000 districts).
# Nothing changes a ScoreResult in place: pages slice and assign new frames.
@st.cache_resource(ttl=CACHE_TTL, show_spinner="正在计算得分……", max_entries=64)
def _scores(url: str, code: str, weights: Weights | None, scope: Scope) -> ScoreResult:
    chosen = frameworks()[code]
    engine = db.get_engine(url)
    if not weights and scope == DEFAULT_SCOPE:  # the file's own weights for 区县: stored after each import
        return stored_scores.scores(engine, chosen)
    return indexes.compute_scores(engine, chosen, weights=dict(weights) if weights else None,
                                  level=scope.level,
                                  peer_group=scope.peer_group)


def scores(framework_code: str, weights: Weights | None = None) -> ScoreResult:
    """Return the scores of every region of the sidebar's level (and 同类组) in every period for one framework."""
    return _scores(database_url(), framework_code, weights, current_scope())


def period_scores(framework_code: str, period: str, weights: Weights | None = None) -> ScoreResult:
    """Return the scores of one period, sliced from the cached all-period result."""
    result = scores(framework_code, weights)
    period = parse_period(period)
    return replace(result, indicators=_only_period(result.indicators, period),
                   dimensions=_only_period(result.dimensions, period),
                   overall=_only_period(result.overall, period))


def _only_period(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    return frame[frame["period"] == period].reset_index(drop=True)


def explain(framework_code: str, period: str, region_code: str, weights: Weights | None = None) -> pd.DataFrame:
    """Return the indicator tree behind one district's score (empty when the district has no score)."""
    try:
        return explain_tree(framework(framework_code), scores(framework_code, weights),
                            region_code=region_code, period=parse_period(period))
    except ValueError:
        return pd.DataFrame()


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在读取原始记录……")
def _records_behind(url: str, code: str, period: str, region_code: str, indicator: str,
                    limit: int) -> pd.DataFrame:
    return repository.records_behind(db.get_engine(url), indicator, region_code=region_code, period=period,
                                     limit=limit, framework=frameworks()[code])


def records_behind(framework_code: str, period: str, region_code: str, indicator_code: str,
                   limit: int = 500) -> pd.DataFrame:
    """Return the raw records behind one indicator value (total count in ``frame.attrs['total']``)."""
    return _records_behind(database_url(), framework_code, period, region_code, indicator_code, limit)


