"""Cached loaders of the score pages: rank sensitivity and the statistical audit of one period.

Scores themselves come from ``govdash.ui.data.scores`` (computed once per framework and weights); these loaders
read that cached result, so changing a view never recomputes the scores.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.scoring import AuditResult, rank_sensitivity, statistical_audit
from govdash.ui import data
from govdash.ui.data import CACHE_TTL, Weights

#: Draws of the sensitivity analysis on a page: enough for stable 5–95 % intervals, quick enough to wait for.
PAGE_DRAWS = 500


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在模拟权重扰动……")
def _sensitivity(url: str, code: str, period: str, weights: Weights | None, draws: int) -> pd.DataFrame:
    result = data.scores(code, weights)
    table = rank_sensitivity(data.framework(code), result, period=period, draws=draws)
    names = data.district_names()
    table.insert(1, "region_name", table["region_code"].map(lambda c: names.get(c, c)))
    return table


def sensitivity(framework_code: str, period: str, weights: Weights | None = None,
                draws: int = PAGE_DRAWS) -> pd.DataFrame:
    """Return each scored district's rank interval over random weightings (see ``rank_sensitivity``)."""
    return _sensitivity(data.database_url(), framework_code, period, weights, draws)


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在进行统计审计……")
def _audit(url: str, code: str, period: str) -> AuditResult:
    return statistical_audit(data.framework(code), data.scores(code), period=period)


def audit(framework_code: str, period: str) -> AuditResult:
    """Return the statistical audit (correlations, Cronbach's alpha, coverage) of one period."""
    return _audit(data.database_url(), framework_code, period)


