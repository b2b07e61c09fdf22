"""The district cards of 三网一基一指数: index and level, five pillars, the weak spot and what pulls it down.

A city's dozen districts are all shown, best first. A province's thousands are filtered by health level and
paged, worst first by default: an official filtering to 红灯 wants the districts that most need attention.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from govdash.charts.scores import MANY_REGIONS
from govdash.charts.theme import band_order
from govdash.domain import format as fmt
from govdash.frameworks import Framework
from govdash.report import findings
from govdash.scoring import ScoreResult
from govdash.scoring.tiers import band_text
from govdash.ui.score_views import band_badge, rank_order

CARDS_PER_ROW = 4
CARDS_PER_PAGE = 24
ALL_LEVELS = "全部"
UNSCORED = "数据不足"
WORST_FIRST, BEST_FIRST = "由低到高", "由高到低"


def health_card(row: pd.Series, dims: pd.DataFrame, framework: Framework, weak: Sequence[str]) -> None:
    """One district's card: index and level, its pillars as bars, and its weak spot with the indicator behind it."""
    with st.container(border=True):
        st.markdown(f"**{html.escape(str(row['region_name']))}** &nbsp; {band_badge(band_text(row['band'], row.get('band_class')), row['band_color'])}",
                    unsafe_allow_html=True)
        if pd.isna(row["score"]):
            st.markdown(f"### —\n数据不足(缺 {int(row['missing_indicators'])} 项指标)")
            return
        st.markdown(f"### {row['score']:.1f}")
        st.caption(f"第 {int(row['rank'])} 名 · 较上期 {fmt.points(row['change'])}")
        values = dict(zip(dims["dimension"], dims["score"].astype(float), strict=True))
        flagged = set(dims.loc[dims["weak_spot"].astype(bool), "dimension"])
        for dim in framework.dimensions:
            value = values.get(dim.code, float("nan"))
            text = f"{dim.name} {fmt.number(value)}" + (" ▼" if dim.code in flagged else "")
            st.progress(0.0 if pd.isna(value) else min(value / 100, 1.0), text=text)
        for line in weak:
            st.caption(f":red[{line}]")
        if not weak:
            st.caption(_weakest(dims, framework))


def _weakest(dims: pd.DataFrame, framework: Framework) -> str:
    """Word the lowest pillar of a district without weak spots, and the indicator pulling it down most."""
    scored = dims.dropna(subset=["score"]).sort_values("score")
    if scored.empty:
        return ""
    low = scored.iloc[0]
    dim_names = {d.code: d.name for d in framework.dimensions}
    names = {i.code: i.name for _d, i in framework.indicators}
    line = f"最弱:{dim_names[low['dimension']]} {fmt.number(low['score'])}"
    worst = low["worst_indicator"]
    return line + (f",主要拉低项“{names[worst]}”" if isinstance(worst, str) else "")


def health_cards(result: ScoreResult, framework: Framework, period: str, region_code: str | None, *,
                 key: str) -> None:
    """Show the cards of one period: the district selected, every district, or a filtered page of many.

    Args:
        result: the period's scores.
        framework: the health framework (levels, pillars, weak-spot rule).
        period: the period.
        region_code: the district selected in the sidebar; None for all.
        key: the prefix of the filter and page widgets' keys.
    """
    overall = result.overall
    if region_code is not None:
        shown = [region_code]
    elif len(overall) > MANY_REGIONS:
        shown = _card_page(overall, framework, key=key)
    else:
        shown = rank_order(overall)
    weak: dict[str, list[str]] = defaultdict(list)
    for code, line in findings.weak_spots_by_region(result, framework, period, region_codes=shown):
        weak[code].append(line)
    rows = {str(code): row for code, row in overall[overall["region_code"].isin(shown)]
            .set_index("region_code", drop=False).iterrows()}
    dims = result.dimensions[result.dimensions["region_code"].isin(shown)]
    dims_of = {str(code): group for code, group in dims.groupby("region_code", sort=False)}
    shown = [code for code in shown if code in rows]
    for start in range(0, len(shown), CARDS_PER_ROW):
        for column, code in zip(st.columns(CARDS_PER_ROW), shown[start:start + CARDS_PER_ROW], strict=False):
            with column:
                health_card(rows[code], dims_of.get(code, dims.iloc[0:0]), framework, weak[code])


def level_filtered(overall: pd.DataFrame, level: str, *, worst_first: bool) -> list[str]:
    """Return the codes of one health level (or all, or 数据不足), by rank; the unscored last either way."""
    if level == UNSCORED:
        rows = overall[overall["score"].isna()]
    elif level != ALL_LEVELS:
        rows = overall[overall["band"] == level]
    else:
        rows = overall
    ranked = rank_order(rows)
    scored = set(rows.loc[rows["score"].notna(), "region_code"])
    best = [c for c in ranked if c in scored]
    return (best[::-1] if worst_first else best) + [c for c in ranked if c not in scored]


def _card_page(overall: pd.DataFrame, framework: Framework, *, key: str) -> list[str]:
    """Show the level filter, the order and the page control; return the codes of the page chosen."""
    counts = overall["band"].value_counts()
    unscored = int(overall["score"].isna().sum())
    bands = band_order(framework)
    levels = [ALL_LEVELS, *bands] + ([UNSCORED] if unscored else [])
    sizes = {ALL_LEVELS: len(overall), UNSCORED: unscored, **{b: int(counts.get(b, 0)) for b in bands}}
    left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
    level = left.radio("健康等级", levels, horizontal=True, key=f"{key}_card_level",
                       format_func=lambda b: f"{b}({sizes[b]:,})")
    order = middle.radio("排序", [WORST_FIRST, BEST_FIRST], horizontal=True, key=f"{key}_card_order",
                         help="按健康指数排名;数据不足的区县排在最后")
    codes = level_filtered(overall, level, worst_first=order == WORST_FIRST)
    pages = max(math.ceil(len(codes) / CARDS_PER_PAGE), 1)
    # One page widget per filter: a new filter starts again on its first page.
    page = right.number_input(f"页码(共 {pages:,} 页)", min_value=1, max_value=pages, value=1, step=1,
                              key=f"{key}_card_page_{levels.index(level)}_{order == WORST_FIRST:d}")
    first = (int(page) - 1) * CARDS_PER_PAGE
    shown = codes[first:first + CARDS_PER_PAGE]
    if not shown:
        st.info(f"本期没有“{level}”的区县。", icon=":material/filter_alt_off:")
        return []
    st.caption(f"第 {first + 1:,}–{first + len(shown):,} 个,共 {len(codes):,} 个 · 每页 {CARDS_PER_PAGE} 个;"
               "完整排名见下方表格")
    return shown
