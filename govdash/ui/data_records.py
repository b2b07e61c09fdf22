"""Cached loaders of the record pages (好差评, 满意度调查, 数据共享开放) over ``govdash.repository``.

Each loader is keyed by the database URL and hashable arguments only; the repository does the SQL. Periods
are passed as tuples so a trend over several quarters is one cache entry.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from govdash import repository
from govdash.core import db
from govdash.core.periods import period_sort_key
from govdash.repository import department_matrix
from govdash.repository.catalog_views import ROWS_SHOWN, SharingGroup
from govdash.repository.dashboard_views import question_texts
from govdash.repository.evaluation_overdue import overdue_bad_evaluations, overdue_by_department
from govdash.repository.evaluation_reach import reach_by_district, reach_totals
from govdash.repository.evaluation_views import Breakdown, with_rates
from govdash.ui.data import CACHE_TTL, database_url, periods

Periods = tuple[str, ...]
OUTCOME_COUNTS = ("evaluations", "good", "bad", "bad_rectified", "bad_on_time", "bad_called_back", "active",
                  "bad_unfounded", "bad_real_name", "bad_real_name_called_back")


def previous_period(period: str) -> str | None:
    """Return the quarter before ``period`` among the quarters that hold data (None for the first)."""
    known = periods()
    earlier = [p for p in known if period_sort_key(p) < period_sort_key(period)]
    return earlier[-1] if earlier else None


def trend_periods(period: str, count: int = 4) -> Periods:
    """Return up to ``count`` quarters with data ending at ``period`` (the window of a monthly trend)."""
    known = [p for p in periods() if period_sort_key(p) <= period_sort_key(period)]
    return tuple(known[-count:]) if known else (period,)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _evaluation_trend(url: str, periods_: Periods, region_code: str | None) -> pd.DataFrame:
    return repository.evaluation_trend(db.get_engine(url), periods=list(periods_), region_code=region_code)


def evaluation_trend(periods_: Periods, region_code: str | None) -> pd.DataFrame:
    """Month by month outcome counts and the five 好差评 rates over ``periods_``."""
    return _evaluation_trend(database_url(), periods_, region_code)


def evaluation_totals(period: str, region_code: str | None) -> pd.Series | None:
    """Return one period's outcome counts and five rates as a row (None when it has no evaluations)."""
    trend = evaluation_trend((period,), region_code)
    if trend.empty:
        return None
    totals = trend[list(OUTCOME_COUNTS)].sum().to_frame().T
    return with_rates(totals).iloc[0]


def share(part: float, whole: float) -> float:
    """Return ``part`` as a percentage of ``whole`` (NaN when there is no whole)."""
    return 100.0 * part / whole if whole else float("nan")


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _evaluation_reach(url: str, period: str, region_code: str | None) -> pd.DataFrame:
    return reach_totals(db.get_engine(url), period=period, region_code=region_code)


def evaluation_reach(period: str, region_code: str | None) -> dict[str, float]:
    """主动评价率, 实名差评回访率, 事项覆盖度 and 部门覆盖度 by metric name (absent: no value)."""
    frame = _evaluation_reach(database_url(), period, region_code)
    return dict(zip(frame["metric"], frame["value"], strict=True))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _reach_by_district(url: str, period: str, region_code: str | None, level: str) -> pd.DataFrame:
    return reach_by_district(db.get_engine(url), period=period, region_code=region_code, level=level)


def evaluation_reach_by_district(period: str, region_code: str | None, level: str) -> pd.DataFrame:
    """Per region of the level: 主动评价率, 实名差评回访率, 事项覆盖度, 部门覆盖度 and the 差评 struck off on appeal."""
    return _reach_by_district(database_url(), period, region_code, level)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _overdue_by_department(url: str, period: str, region_code: str | None, as_of: date) -> pd.DataFrame:
    return overdue_by_department(db.get_engine(url), as_of=as_of, periods=period, region_code=region_code)


def overdue_departments(period: str, region_code: str | None, as_of: date) -> pd.DataFrame:
    """Overdue 差评 per (district, 实施部门) as of a day, most overdue first."""
    return _overdue_by_department(database_url(), period, region_code, as_of)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _overdue_list(url: str, period: str, region_code: str | None, department: str | None, as_of: date,
                  limit: int) -> pd.DataFrame:
    return overdue_bad_evaluations(db.get_engine(url), as_of=as_of, periods=period, region_code=region_code,
                                   department=department, page_size=limit)


def overdue_list(period: str, region_code: str | None, department: str | None, as_of: date,
                 limit: int = 1000) -> pd.DataFrame:
    """Return the overdue 差评 of one department (or all), most working days overdue first (total in ``attrs``)."""
    return _overdue_list(database_url(), period, region_code, department, as_of, limit)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _evaluation_breakdown(url: str, by: Breakdown, period: str, region_code: str | None) -> pd.DataFrame:
    limit = repository.ITEMS_SHOWN if by == "item" else None
    return repository.evaluation_breakdown(db.get_engine(url), by=by, periods=period, region_code=region_code,
                                           limit=limit)


def evaluation_breakdown(by: Breakdown, period: str, region_code: str | None) -> pd.DataFrame:
    """Outcome counts and rates per channel, department, item or district, largest volume first.

    Items are the ``repository.ITEMS_SHOWN`` with the most evaluations.
    """
    return _evaluation_breakdown(database_url(), by, period, region_code)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _worst_rated(url: str, period: str, region_code: str | None, min_evaluations: int,
                 limit: int) -> pd.DataFrame:
    return repository.worst_rated_services(db.get_engine(url), periods=period, region_code=region_code,
                                           min_evaluations=min_evaluations, limit=limit)


def worst_rated_services(period: str, region_code: str | None, min_evaluations: int = 30,
                         limit: int = 10) -> pd.DataFrame:
    """Return the service items with the highest 差评率 among those with enough evaluations."""
    return _worst_rated(database_url(), period, region_code, min_evaluations, limit)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _bad_evaluations(url: str, period: str, region_code: str | None, handling: str | None,
                     page: int, page_size: int) -> pd.DataFrame:
    return repository.bad_evaluations(db.get_engine(url), periods=period, region_code=region_code,
                                      handling=handling, page=page, page_size=page_size)


def bad_evaluations(period: str, region_code: str | None, handling: str | None = None, page: int = 1,
                    page_size: int = 50) -> pd.DataFrame:
    """One page of 差评 with masked comments and handling status (total in ``attrs['total']``)."""
    return _bad_evaluations(database_url(), period, region_code, handling, page, page_size)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _survey_by_region(url: str, period: str | None, region_code: str | None) -> pd.DataFrame:
    return repository.survey_by_region(db.get_engine(url), periods=period, region_code=region_code)


def survey_by_region(period: str | None, region_code: str | None) -> pd.DataFrame:
    """Per district: responses, score, 满意 share, margin of error and 样本不足 (``None``: every period)."""
    return _survey_by_region(database_url(), period, region_code)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _survey_by_question(url: str, period: str, region_code: str | None) -> pd.DataFrame:
    return repository.survey_by_question(db.get_engine(url), periods=period, region_code=region_code)


def survey_by_question(period: str, region_code: str | None) -> pd.DataFrame:
    """Per question of each questionnaire: answers, score, 满意 share, margin of error and 样本不足.

    A question whose text is missing in this period's answers takes it from any other period.
    """
    frame = _survey_by_question(database_url(), period, region_code)
    texts = _question_texts(database_url())
    if frame.empty or texts.empty:
        return frame
    known = texts.set_index(["survey_code", "question_code"])["question_text"]
    keys = pd.MultiIndex.from_frame(frame[["survey_code", "question_code"]])
    return frame.assign(question_text=frame["question_text"].fillna(
        pd.Series(known.reindex(keys).to_numpy(), index=frame.index)))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _question_texts(url: str) -> pd.DataFrame:
    return question_texts(db.get_engine(url))


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sharing_ratios(url: str, period: str, region_code: str | None, by: SharingGroup) -> pd.DataFrame:
    limit = ROWS_SHOWN if by == "department" else None
    return repository.sharing_ratios(db.get_engine(url), period=period, region_code=region_code, by=by, limit=limit)


def sharing_ratios(period: str, region_code: str | None, by: SharingGroup = "region") -> pd.DataFrame:
    """可共享率, 无条件共享占比, 开放率, entries, negative-list entries and calls per district or department.

    Departments are the ``ROWS_SHOWN`` with the most entries.
    """
    return _sharing_ratios(database_url(), period, region_code, by)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _negative_list(url: str, period: str, region_code: str | None) -> pd.DataFrame:
    return repository.negative_list(db.get_engine(url), period=period, region_code=region_code, limit=ROWS_SHOWN)


def negative_list(period: str, region_code: str | None) -> pd.DataFrame:
    """Return the 负面清单 entries with their 依据 (the first ``ROWS_SHOWN`` by district and code)."""
    return _negative_list(database_url(), period, region_code)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _update_timeliness(url: str, period: str, region_code: str | None) -> pd.DataFrame:
    return repository.update_timeliness(db.get_engine(url), period=period, region_code=region_code)


def update_timeliness(period: str, region_code: str | None) -> pd.DataFrame:
    """Entries, timely entries and 更新及时率 per update cycle."""
    return _update_timeliness(database_url(), period, region_code)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _demand_pipeline(url: str, period: str, region_code: str | None) -> pd.DataFrame:
    return repository.demand_pipeline(db.get_engine(url), period=period, region_code=region_code)


def demand_pipeline(period: str, region_code: str | None) -> pd.DataFrame:
    """Return the demand funnel 提出 → 审核 → 对接 with shares and average handling days."""
    return _demand_pipeline(database_url(), period, region_code)


def call_volume_by_region(period: str, region_code: str | None) -> pd.DataFrame:
    """Σ调用次数 per district, largest first (from the cached sharing ratios)."""
    frame = sharing_ratios(period, region_code)
    return frame[["region_code", "region_name", "entries", "calls"]].sort_values(
        "calls", ascending=False, ignore_index=True)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _department_matrix(url: str, source: str, period: str, regions: Periods | None) -> pd.DataFrame:
    build = department_matrix.evaluation_matrix if source == "evaluations" else department_matrix.service_item_matrix
    return build(db.get_engine(url), period=period, regions=None if regions is None else list(regions))


def department_matrix_cells(source: str, period: str, regions: tuple[str, ...] | None) -> pd.DataFrame:
    """Return the (实施部门, district) cells of 好差评 (``source="evaluations"``) or service items in ``period``."""
    return _department_matrix(database_url(), source, period, regions)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _cell_records(url: str, source: str, period: str, department: str, region_code: str) -> pd.DataFrame:
    fetch = (department_matrix.evaluation_cell_records if source == "evaluations"
             else department_matrix.service_item_cell_records)
    return fetch(db.get_engine(url), period=period, department=department, region_code=region_code)


def cell_records(source: str, period: str, department: str, region_code: str) -> pd.DataFrame:
    """Return the records of one department in one district (at most 500; the total in ``attrs['total']``)."""
    return _cell_records(database_url(), source, period, department, region_code)
