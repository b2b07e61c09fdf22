"""Page pieces of the score pages: headline metrics, findings, ranking table, indicator tree, records, health card.

Drill-down goes district → indicator tree → records: the ranking and the tree are selectable tables, and the
selected district and indicator are kept in the URL (``district``, ``indicator``) so a copied link reopens them.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from govdash.core.periods import parse_period
from govdash.domain import format as fmt
from govdash.domain import labels
from govdash.domain.metric_catalog import METRICS
from govdash.domain.region_codes import unit_of_codes
from govdash.frameworks import Framework
from govdash.report import findings, tables
from govdash.scoring import STATUS_COMPLETE, ScoreResult
from govdash.scoring.tiers import band_text
from govdash.ui import auth, data
from govdash.ui.filters import page_param, set_page_param
from govdash.ui.widgets import download_table, empty_state

HISTORY_PAGE = "pages/history.py"
DISTRICT_PARAM = "district"
INDICATOR_PARAM = "indicator"
ESTIMATED = "估算"
OUTSIDE_SCOPE = "该区县不在您的数据范围内:可以查看它的排名和得分,不能查看指标明细和原始记录。"
ROUNDING_HELP = "得分显示保留 1 位小数(四舍五入);下载的 CSV/XLSX 保留完整精度。"
SCORE_COLUMN = st.column_config.ProgressColumn(format="%.1f", min_value=0, max_value=100, help=ROUNDING_HELP)


def scored_rows(overall: pd.DataFrame) -> pd.DataFrame:
    """Rows with a score, best first."""
    return overall.dropna(subset=["score"]).sort_values(["rank", "region_code"])


def rank_order(overall: pd.DataFrame) -> list[str]:
    """Return the district codes best first, the unscored (数据不足) last in code order."""
    return list(overall.sort_values(["rank", "region_code"], na_position="last")["region_code"])


def headline(overall: pd.DataFrame, framework: Framework, region_code: str | None) -> None:
    """Four metrics: the district's score, band, rank and gap — or, for all districts, average, best, worst, gaps."""
    label = framework.framework.score_label
    columns = st.columns(4)
    if region_code is not None:
        row = overall[overall["region_code"] == region_code]
        if row.empty or pd.isna(row.iloc[0]["score"]):
            st.warning("所选区县本期数据不足,未计算得分。", icon=":material/report:")
            return
        r = row.iloc[0]
        against = r.get("compared_with")
        columns[0].metric(label, fmt.score(r["score"]), delta=fmt.points(r["change"]) if pd.notna(r["change"])
                          else None,
                          help=f"较上期:与{fmt.period_label(against)}比较" if isinstance(against, str) else None)
        columns[1].metric("等级", band_text(r["band"], r.get("band_class")) or "—")
        columns[2].metric("排名", fmt.rank(r["rank"], int(r["ranked_count"])),
                          delta=None if pd.isna(r["rank_change"]) or r["rank_change"] == 0
                          else f"{int(r['rank_change']):+d} 位", help="排名变化:正数为上升")
        columns[3].metric("缺失指标", f"{int(r['missing_indicators'])} 项", help=f"状态:{r['status']}")
        return
    scored = scored_rows(overall)
    unit = unit_of_codes(overall["region_code"])
    average_change = overall["change"].mean(skipna=True)
    columns[0].metric(f"平均{label}", fmt.score(scored["score"].mean()),
                      delta=None if pd.isna(average_change) else fmt.points(average_change),
                      help=f"已评分{unit}的简单平均;变化为各{unit}较上期变化的平均")
    if not scored.empty:
        columns[1].metric("最高", fmt.score(scored.iloc[0]["score"]), delta=scored.iloc[0]["region_name"],
                          delta_color="off", delta_arrow="off")
        columns[2].metric("最低", fmt.score(scored.iloc[-1]["score"]), delta=scored.iloc[-1]["region_name"],
                          delta_color="off", delta_arrow="off")
    missing = len(overall) - len(scored)
    columns[3].metric(f"已评分{unit}", f"{len(scored)} / {len(overall)}",
                      help=f"{missing} 个{unit}数据不足,未计算得分" if missing else f"全部{unit}均已评分")


def findings_box(result: ScoreResult, framework: Framework, period: str, region_code: str | None, *,
                 title: str = "主要发现") -> None:
    """Show the findings of the selection as a bulleted box."""
    if region_code is None:
        lines = findings.key_findings(result, framework, period)
    else:
        lines = findings.region_findings(result, framework, period, region_code)
    if lines:
        with st.container(border=True):
            st.markdown(f"**{title}**")
            st.markdown("\n".join(f"- {line}。" for line in lines))


def _selection(row: int) -> Any:
    # Streamlit's selection state type is not exported; the dict is its documented shape.
    return {"selection": {"rows": [row]}}


def _selected_row(key: str) -> int | None:
    state = st.session_state.get(key)
    rows = state["selection"]["rows"] if state else []
    return rows[0] if rows else None


def ranking_table(overall: pd.DataFrame, framework: Framework, *, key: str) -> str | None:
    """Show the selectable ranking; return the district picked (a click, else the URL's ``district``)."""
    table = tables.ranking_table(framework, overall)
    wanted = page_param(DISTRICT_PARAM)
    codes = list(table[labels.REGION_CODE])
    default = _selection(codes.index(wanted)) if wanted in codes else None
    label = framework.framework.score_label
    st.dataframe(table, hide_index=True, width="stretch", key=key, on_select="rerun",
                 selection_mode="single-row", selection_default=default, placeholder="—",
                 height=table_height(len(table)), column_config={
                     label: st.column_config.ProgressColumn(label, format="%.1f", min_value=0, max_value=100,
                                                            help=ROUNDING_HELP),
                     labels.CHANGE: st.column_config.NumberColumn(format="%+.1f", help=ROUNDING_HELP)})
    st.caption(f"点击表格左侧选中一个区县,下方显示其指标明细。{ROUNDING_HELP}")
    download_table(table, f"{framework.framework.short_name or framework.framework.name}排名", key=f"{key}_dl")
    picked = _selected_row(key)
    if picked is not None:
        set_page_param(DISTRICT_PARAM, codes[picked])
        return codes[picked]
    return wanted if wanted in codes else None


def _source_label(provenance: object, is_dimension: bool) -> str:
    if is_dimension or not isinstance(provenance, str):
        return ""
    info = METRICS.get(provenance)
    return f"业务记录 · {info.label}" if info else f"区县{provenance}"


def table_height(rows: int, *, limit: int = 720) -> int:
    """Return a dataframe height that shows ``rows`` rows without scrolling (up to ``limit`` pixels)."""
    return int(min(35 * (rows + 1) + 3, limit))


def _imputed(tree: pd.DataFrame) -> list[bool]:
    return [v is True for v in tree["imputed"]] if "imputed" in tree.columns else [False] * len(tree)


def tree_frame(tree: pd.DataFrame) -> pd.DataFrame:
    """Return the indicator tree as shown: dimensions then their indicators (indented), with provenance."""
    is_dim = tree["level"] == "dimension"
    frame = pd.DataFrame({
        "指标": [name if d else f"　└ {name}" for name, d in zip(tree["name"], is_dim, strict=True)],
        "原始值": [None if d or pd.isna(v) else fmt.raw_value(v, u) + (f"({ESTIMATED})" if e else "")
                 for v, u, d, e in zip(tree["raw"], tree["unit"], is_dim, _imputed(tree), strict=True)],
        "得分": tree["score"].astype(float),
        "权重": tree["weight"].astype(float) * 100,
        "有效权重": tree["effective_weight"].astype(float) * 100,
        "贡献(指数分)": tree["index_contribution"].astype(float),
        "来源": [_source_label(p, d) for p, d in zip(tree["provenance"], is_dim, strict=True)],
        "批次": tree["batch_ids"].fillna(""),
        "记录数": tree["record_count"].astype("Int64"),
    })
    # The flag (短板, 拉低最多, why a value is missing) matters most: keep it beside the name, where a narrow
    # screen still shows it; a complete dimension needs no note.
    flags = [" · ".join(str(x) for x in (f, s) if isinstance(x, str) and x and x != STATUS_COMPLETE)
             for f, s in zip(tree["flag"], tree["status"], strict=True)]
    frame.insert(1, "标记", flags)
    return frame


def indicator_tree(tree: pd.DataFrame, *, key: str, name: str) -> str | None:
    """Show the selectable tree; return the indicator picked (a click, else the URL's ``indicator``)."""
    table = tree_frame(tree)
    codes = list(tree["code"])
    indicators = set(tree.loc[tree["level"] == "indicator", "code"])
    wanted = page_param(INDICATOR_PARAM)
    default = _selection(codes.index(wanted)) if wanted in indicators else None
    st.dataframe(table, hide_index=True, width="stretch", key=key, on_select="rerun", selection_mode="single-row",
                 selection_default=default, placeholder="—", height=table_height(len(table)),
                 column_config={
                     "得分": SCORE_COLUMN,
                     "权重": st.column_config.NumberColumn(format="%.1f%%", help="维度占指数 / 指标占维度的名义权重"),
                     "有效权重": st.column_config.NumberColumn(format="%.1f%%", help="缺失指标的权重在维度内重新分配后"),
                     "贡献(指数分)": st.column_config.NumberColumn(format="%.2f", help="该项为综合得分贡献的分数"),
                 })
    st.caption("权重为名义权重;“贡献”为该项对综合得分的分数贡献,各维度之和等于综合得分。点击指标行查看原始记录。"
               "得分和权重显示保留 1 位小数、贡献 2 位(四舍五入),下载的 CSV/XLSX 保留完整精度。")
    download_table(table, name, key=f"{key}_dl")
    picked = _selected_row(key)
    if picked is not None and codes[picked] in indicators:
        set_page_param(INDICATOR_PARAM, codes[picked])
        return codes[picked]
    return wanted if wanted in indicators else None


def provenance_links(tree: pd.DataFrame, *, limit: int = 8) -> None:
    """Link each batch the district's values came from to its entry in 上传记录."""
    batches = sorted({b.strip() for ids in tree["batch_ids"].dropna() for b in str(ids).split(",") if b.strip()},
                     key=lambda b: int(b) if b.isdigit() else 0)
    if not batches:
        return
    st.markdown("**数据来源批次**")
    columns = st.columns(min(len(batches), limit))
    for column, batch in zip(columns, batches[:limit], strict=False):
        try:
            column.page_link(HISTORY_PAGE, label=f"批次 #{batch}", icon=":material/history:",
                             query_params={"batch": batch})
        except Exception:  # noqa: BLE001 - 上传记录 is not registered for readers: name the batch instead
            column.caption(f"批次 #{batch}")
    if len(batches) > limit:
        st.caption(f"另有 {len(batches) - limit} 个批次:{', '.join(batches[limit:])}")


def records_behind(framework_code: str, period: str, region_code: str, indicator: pd.Series) -> None:
    """Show the raw records behind one indicator value (at most 500, with the total), inside the user's scope."""
    if not auth.in_reading_scope(region_code):
        st.info(OUTSIDE_SCOPE, icon=":material/lock:")
        return
    records = data.records_behind(framework_code, period, region_code, str(indicator["code"]))
    total = records.attrs.get("total", len(records))
    st.markdown(f"**“{indicator['name']}”背后的原始记录** · 共 {fmt.count(total)} 条"
                + (f",显示前 {fmt.count(len(records))} 条" if total > len(records) else ""))
    if records.empty:
        st.info("该指标本期没有原始记录。", icon=":material/inbox:")
        return
    st.dataframe(records, hide_index=True, width="stretch", placeholder="—")
    download_table(records, f"{indicator['name']}_原始记录", key=f"records_{indicator['code']}")


def drill_down(framework: Framework, period: str, region_code: str, *, key: str) -> None:
    """Show the indicator tree of one district, its source batches, and the records of the indicator picked."""
    code = framework.framework.code
    if not auth.in_reading_scope(region_code):
        st.info(OUTSIDE_SCOPE, icon=":material/lock:")
        return
    tree = data.explain(code, period, region_code)
    name = data.district_names().get(region_code, region_code)
    if tree.empty:
        st.info(f"{name}本期没有得分数据。", icon=":material/inbox:")
        return
    picked = indicator_tree(tree, key=f"{key}_tree", name=f"{name}_{fmt.period_label(period)}_指标明细")
    provenance_links(tree)
    if picked is not None:
        records_behind(code, period, region_code, tree[tree["code"] == picked].iloc[0])


def band_badge(label: str | None, color: str | None) -> str:
    """Return an inline coloured badge for a band or health level (HTML; the label and colour come from the framework)."""
    if not isinstance(label, str) or not label:
        return "<span style='color:#8a94a6'>数据不足</span>"
    color = color if isinstance(color, str) else "#888888"
    return (f"<span style='background:{html.escape(color)};color:white;border-radius:4px;"
            f"padding:1px 8px;font-size:0.9rem'>{html.escape(label)}</span>")


def of_period(result: ScoreResult, period: str) -> ScoreResult:
    """Return the rows of one period of an all-period result, as ``data.period_scores`` slices them."""
    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["period"] == period].reset_index(drop=True)
    return replace(result, indicators=rows(result.indicators), dimensions=rows(result.dimensions),
                   overall=rows(result.overall))


def period_result_or_stop(framework_code: str, period: str, title: str) -> tuple[ScoreResult, ScoreResult]:
    """Return the scores of every period and of the period, or say why there are none and stop.

    Every read of the cached scores copies all the districts' rows out of the cache (a third of a second at
    3,000 districts), so a page reads them once here and passes the two results on.
    """
    if not data.periods():
        st.title(title)
        empty_state("评估指标数据(业务记录或区县填报表)")
        st.stop()
    everything = data.scores(framework_code)
    result = of_period(everything, parse_period(period))
    if result.overall.empty:
        st.title(title)
        st.info(f"{fmt.period_label(period)}没有可用于该框架的指标数据,请换一个评估期。",
                icon=":material/filter_alt_off:")
        st.stop()
    return everything, result


def trend_highlights(overall: pd.DataFrame, period: str) -> list[str]:
    """Return the districts a trend chart colours: the leader, the last, and the fastest climber over a year."""
    now = overall[overall["period"] == period].dropna(subset=["score"]).sort_values("rank")
    if now.empty:
        return []
    picks = [now.iloc[0]["region_code"], now.iloc[-1]["region_code"]]
    earlier = findings.year_ago(period)
    then = overall[overall["period"] == earlier].set_index("region_code")["score"]
    gain = (now.set_index("region_code")["score"] - then).dropna()
    if not gain.empty:
        picks.append(gain.idxmax())
    return list(dict.fromkeys(str(p) for p in picks))
