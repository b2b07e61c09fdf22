"""Rules across the columns of a row, and the fields derived at import (DOMAIN.md §4).

Each kind has one function taking the typed chunk; it reports what is wrong and returns the frame with the
derived columns added. Rules that need the whole file (region parents) live in ``govdash.ingest.keys``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from govdash.core.config import get_settings
from govdash.core.periods import period_bounds
from govdash.core.workdays import WorkdayCalendar
from govdash.domain import region_codes, vocab
from govdash.domain.kinds import Kind
from govdash.ingest import values as v
from govdash.ingest.convert import Chunk, flag
from govdash.ingest.indicators import IndicatorCatalog
from govdash.ingest.masking import mask_series
from govdash.ingest.report import ValidationReport
from govdash.ingest.scope import DataScope, ScopeFindings


@dataclass
class RuleContext:
    """What the rules need besides the chunk: known regions, the chosen period, the indicator catalog.

    ``item_departments`` maps each stored service item's code to its department in the latest snapshot;
    evaluations that leave 实施部门 out (or blank) take it from there. ``calendar`` (the stored overrides over the
    holiday package) and ``rectify_days`` (the settings' deadline when not given) fix each 差评's 整改期限.
    ``scope`` (None: not limited) is the data scope of whoever uploads; rows outside it are errors, gathered in
    ``scope_findings`` for the refusal message and the audit log.
    """

    kind: Kind
    report: ValidationReport
    regions: frozenset[str] = frozenset()
    period: str | None = None
    indicators: IndicatorCatalog | None = None
    item_departments: Mapping[str, str] = field(default_factory=dict)
    periods_seen: set[str] = field(default_factory=set)
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    rectify_days: int | None = None
    scope: DataScope | None = None
    scope_findings: ScopeFindings = field(default_factory=ScopeFindings)
    scope_added: set[str] = field(default_factory=set)
    scope_refusals: list[str] = field(default_factory=list)
    scope_foreign: set[str] = field(default_factory=set)


def apply_rules(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    """Run the common rules and the kind's own, returning the frame to store."""
    frame = chunk.frame
    if "region_code" in frame and ctx.kind.key != "regions":
        _known_regions(chunk, ctx)
    if ctx.scope is not None:
        _in_scope(chunk, ctx, ctx.scope)
    if ctx.kind.period_mode == "column":
        _column_period(chunk, ctx)
    rule = _KIND_RULES.get(ctx.kind.key)
    if rule is not None:
        frame = rule(chunk, ctx)
    if "period" in frame:
        ctx.periods_seen.update(p for p in frame["period"].dropna().unique())
    return frame


def _known_regions(chunk: Chunk, ctx: RuleContext) -> None:
    codes = chunk.frame["region_code"]
    unknown = codes.notna() & ~codes.isin(ctx.regions)
    flag(ctx.report, unknown, "区县代码不在行政区划表中:请核对代码,或先导入行政区划(regions)",
         column=chunk.label("region_code"), values=codes)


def _in_scope(chunk: Chunk, ctx: RuleContext, scope: DataScope) -> None:
    """Rows of regions outside the uploader's data scope are errors (unknown codes are reported as such)."""
    frame = chunk.frame
    if ctx.kind.key == "regions":
        column, wrong = "code", _regions_outside(frame, ctx, scope)
    elif "region_code" in frame:
        codes = frame["region_code"]
        column, wrong = "region_code", codes.notna() & codes.isin(ctx.regions) & ~codes.isin(scope.codes)
    else:
        return
    if wrong.any():
        ctx.scope_findings.add(frame.loc[wrong, column])
    flag(ctx.report, wrong, f"区划不在您的数据范围({scope.label}及其下级区划)内,不能上传",
         column=chunk.label(column), values=frame[column])


def _regions_outside(frame: pd.DataFrame, ctx: RuleContext, scope: DataScope) -> pd.Series:
    """Mark region rows outside the scope: a row is inside when it is, or its parent is (a new 街道).

    Parents registered earlier in the same file count, so a new district and its 街道 may come together.
    """
    parents = frame["parent_code"] if "parent_code" in frame else pd.Series(None, index=frame.index)
    wrong = []
    for code, parent in zip(frame["code"].tolist(), parents.tolist(), strict=True):
        known = isinstance(code, str)
        inside = not known or scope.covers(code) or (code not in ctx.regions and isinstance(parent, str) and (
            scope.covers(parent) or parent in ctx.scope_added))
        if inside and known:
            ctx.scope_added.add(code)
        wrong.append(not inside)
    return pd.Series(wrong, index=frame.index, dtype=bool)


def _column_period(chunk: Chunk, ctx: RuleContext) -> None:
    frame = chunk.frame
    if "period" not in frame:
        frame["period"] = ctx.period
        return
    blank = frame["period"].isna()
    label = chunk.label("period")
    if ctx.period:
        differs = ~blank & (frame["period"] != ctx.period)
        flag(ctx.report, differs, f"文件中的期间与导入时选择的期间 {ctx.period} 不一致", column=label,
             values=frame["period"])
        frame.loc[blank, "period"] = ctx.period
    else:
        flag(ctx.report, blank, "“期间”为空:请填写(如 2025Q4),或在导入时选择期间", column=label)


def _derived_period(chunk: Chunk, ctx: RuleContext, moment_key: str) -> pd.Series:
    """Quarter of each row's time; rows outside the chosen period (if any) are errors."""
    moments = chunk.frame[moment_key]
    quarters = moments.dt.year.astype("Int64").astype(str) + "Q" + moments.dt.quarter.astype("Int64").astype(str)
    quarters = quarters.where(moments.notna(), None)
    if ctx.period:
        first, last = period_bounds(ctx.period)
        days = moments.dt.normalize()
        outside = moments.notna() & ((days < pd.Timestamp(first)) | (days > pd.Timestamp(last)))
        flag(ctx.report, outside, f"时间不在导入时选择的期间 {ctx.period} 内", column=chunk.label(moment_key),
             values=moments.dt.strftime("%Y-%m-%d %H:%M"))
    return quarters


def _not_before(chunk: Chunk, ctx: RuleContext, later: str, earlier: str, message: str) -> None:
    frame = chunk.frame
    if later in frame and earlier in frame:
        wrong = (frame[later] < frame[earlier]).fillna(False).astype(bool)
        shown = frame[later].astype(str)
        flag(ctx.report, wrong, message, column=chunk.label(later), values=shown)


def _evaluations(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    frame = chunk.frame
    frame["period"] = _derived_period(chunk, ctx, "evaluated_at")
    frame["month"] = _month_text(frame["evaluated_at"])
    _not_before(chunk, ctx, "rectified_at", "evaluated_at", "整改完成时间早于评价时间")
    _not_before(chunk, ctx, "callback_at", "evaluated_at", "回访时间早于评价时间")
    _rectify_deadline(chunk, ctx)
    _fill_departments(frame, ctx)
    if "comment" in frame:
        frame["comment"], masked = mask_series(frame["comment"])
        flag(ctx.report, masked, "评价内容中含有身份证号或手机号,已脱敏后保存", column=chunk.label("comment"),
             values=frame["comment"], level="warning")
    return frame


def _month_text(moments: pd.Series) -> pd.Series:
    """``2025-03`` for each time (None when missing), written once per distinct month: strftime per row is slow."""
    codes, months = pd.factorize(moments.to_numpy().astype("datetime64[M]"))
    names = np.array([*(str(month) for month in months), None], dtype=object)
    return pd.Series(names[codes], index=moments.index).where(moments.notna(), None)


def _fill_departments(frame: pd.DataFrame, ctx: RuleContext) -> None:
    """Fill a blank or absent 实施部门 from the service item; an item not stored leaves it blank (optional)."""
    if "item_code" not in frame:
        return
    given = frame["department"] if "department" in frame else pd.Series(None, index=frame.index, dtype=object)
    known = v.looked_up(frame["item_code"], ctx.item_departments) if ctx.item_departments else given
    filled = given.where(given.notna(), known)
    frame["department"] = filled.astype(object).where(filled.notna(), None)


def _rectify_deadline(chunk: Chunk, ctx: RuleContext) -> None:
    """差评 must be rectified within N statutory working days of the evaluation (N from the settings)."""
    frame = chunk.frame
    working_days = ctx.rectify_days or get_settings().rectify_working_days
    bad = (frame["rating"].fillna(5).astype(int) <= vocab.BAD_RATING_MAX) & frame["evaluated_at"].notna()
    deadline = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    if bad.any():
        days = frame.loc[bad, "evaluated_at"].to_numpy().astype("datetime64[D]")
        deadline[bad] = ctx.calendar.nth_workday_after(days, working_days).astype("datetime64[us]")
        _uncovered_calendar(chunk, ctx, bad, deadline)
    rectified = frame["rectified_at"] if "rectified_at" in frame else pd.Series(pd.NaT, index=frame.index)
    on_time = rectified.dt.normalize() <= deadline
    known = bad & rectified.notna()
    frame["rectify_deadline"] = pd.Series(deadline.dt.date, index=frame.index, dtype=object).where(bad, None)
    frame["rectified_on_time"] = on_time.astype(object).where(known, None)


def _uncovered_calendar(chunk: Chunk, ctx: RuleContext, bad: pd.Series, deadline: pd.Series) -> None:
    """Warn for each 差评 whose deadline had to be counted by weekends only: no calendar knows its year."""
    years = pd.concat([chunk.frame.loc[bad, "evaluated_at"].dt.year, deadline[bad].dt.year])
    missing = ctx.calendar.uncovered_years(years.dropna().unique())
    if not missing:
        return
    spans = chunk.frame["evaluated_at"].dt.year.isin(missing) | deadline.dt.year.isin(missing)
    named = "、".join(f"{y} 年" for y in missing)
    flag(ctx.report, bad & spans,
         f"节假日日历中没有 {named}的放假和调休安排,这些差评的整改期限暂按只跳过周末计算:请在“系统管理 → "
         f"工作日日历”(或 govdash workdays set)录入该年的休/班日期,录入后自动重算",
         column=chunk.label("evaluated_at"), values=chunk.frame["evaluated_at"].dt.strftime("%Y-%m-%d"),
         level="warning")


# The lowest answer of each scale, by its highest: a 1–5 Likert item has no 0, a 0–10 item does.
SURVEY_SCALES = {5: 1, 10: 0}


def _surveys(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    frame = chunk.frame
    frame["period"] = _derived_period(chunk, ctx, "submitted_at")
    scale = frame["scale_max"] if "scale_max" in frame else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    odd = scale.notna() & ~scale.isin(list(SURVEY_SCALES))
    flag(ctx.report, odd.fillna(False).astype(bool), "“量表”只能填 5(1–5 分)或 10(0–10 分)",
         column=chunk.label("scale_max"), values=scale)
    frame["scale_max"] = scale.where(~odd, 5).fillna(5).astype(int)
    score = frame["score"]
    for top, low in SURVEY_SCALES.items():
        outside = ((frame["scale_max"] == top) & ((score < low) | (score > top))).fillna(False).astype(bool)
        hint = "(未填“量表”时按 5 分制;10 分制请在“量表”列填 10)" if top == 5 else ""
        flag(ctx.report, outside, f"得分不在 {top} 分制量表的 {low}–{top} 分之内{hint}",
             column=chunk.label("score"), values=score)
    return frame


def _service_items(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    frame, report = chunk.frame, ctx.report

    def col(key: str) -> pd.Series:
        return frame[key] if key in frame else pd.Series(pd.NA, index=frame.index, dtype="object")

    legal, promised = col("legal_days"), col("promised_days")
    flag(report, (promised > legal).fillna(False).astype(bool), "承诺时限超过法定时限",
         column=chunk.label("promised_days"), values=promised)
    flag(report, (col("online_volume") > col("volume")).fillna(False).astype(bool), "网上办件量超过办件量",
         column=chunk.label("online_volume"), values=col("online_volume"))
    depth4_visits = ((col("online_depth") == 4) & (col("visits") > 0)).fillna(False).astype(bool)
    flag(report, depth4_visits, "网办深度为全程网办,但跑动次数不为 0", column=chunk.label("visits"),
         values=col("visits"), level="warning")
    instant = (col("instant").fillna(False).astype(bool) & (promised > 0)).fillna(False).astype(bool)
    flag(report, instant, "即办件的承诺时限应为 0", column=chunk.label("promised_days"), values=promised,
         level="warning")
    no_reason = ((col("visits") > 0).fillna(False) & col("visit_reason").isna()).astype(bool)
    flag(report, no_reason, "跑动次数大于 0,但未填写跑动原因", column=chunk.label("visits"), values=col("visits"),
         level="warning")
    return frame


def _catalog(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    frame = chunk.frame
    if "on_negative_list" in frame:
        reason = frame["negative_reason"] if "negative_reason" in frame else pd.Series(None, index=frame.index)
        missing = frame["on_negative_list"].fillna(False).astype(bool) & reason.isna()
        flag(ctx.report, missing, "列入负面清单的目录须填写“负面清单依据”(法律法规依据)",
             column=chunk.label("on_negative_list"), values=frame["on_negative_list"].map({True: "是"}))
    return frame


def _demands(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    frame = chunk.frame
    if "closed_on" in frame:
        wrong = pd.Series([bool(c and a and c < a) for c, a in zip(frame["closed_on"], frame["applied_on"],
                                                                   strict=True)], index=frame.index)
        flag(ctx.report, wrong, "办结日期早于申请日期", column=chunk.label("closed_on"),
             values=frame["closed_on"].astype(str))
    reason = frame["reject_reason"] if "reject_reason" in frame else pd.Series(None, index=frame.index)
    unexplained = (frame["status"] == "rejected") & reason.isna()
    flag(ctx.report, unexplained, "已驳回的需求未填写驳回理由", column=chunk.label("status"),
         values=frame["status"].map(vocab.DEMAND_STATUS_LABELS), level="warning")
    return frame


def _regions(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    """Codes of 6, 9 or 12 digits that fit their level; a 街道 or 社区 without parent gets its code's prefix."""
    frame = chunk.frame
    for key in ("code", "parent_code"):
        if key not in frame:
            continue
        text = frame[key].fillna("").astype(str)
        codes, bad = v.parse_region(text)
        flag(ctx.report, bad, v.REGION_CODE_MESSAGE, column=chunk.label(key), values=text)
        frame[key] = codes
    if "code" not in frame:
        return frame
    inferred = frame["code"].map(lambda c: region_codes.level_of_code(c) if c else None)
    frame["level"] = frame["level"].fillna(inferred) if "level" in frame else inferred
    problems = pd.Series([region_codes.code_problem(c, lv) if c and lv else None
                          for c, lv in zip(frame["code"].tolist(), frame["level"].tolist(), strict=True)],
                         index=frame.index, dtype=object)
    for problem in problems.dropna().unique():
        flag(ctx.report, problems == problem, problem, column=chunk.label("code"), values=frame["code"])
    parents = frame["parent_code"].tolist() if "parent_code" in frame else [None] * len(frame)
    frame["parent_code"] = pd.Series([p if p else (c[:-3] if c and len(c) > 6 else None)
                                      for c, p in zip(frame["code"].tolist(), parents, strict=True)],
                                     index=frame.index, dtype=object)
    own = (frame["parent_code"] == frame["code"]).fillna(False).astype(bool)
    flag(ctx.report, own, "上级代码不能是区划自身的代码", column=chunk.labels.get("parent_code", "上级代码"),
         values=frame["parent_code"])
    return frame


def _reported(chunk: Chunk, ctx: RuleContext) -> pd.DataFrame:
    if ctx.indicators is not None:
        ctx.indicators.check(chunk, ctx.report)
    return chunk.frame


_KIND_RULES: dict[str, Callable[[Chunk, RuleContext], pd.DataFrame]] = {
    "evaluations": _evaluations,
    "surveys": _surveys,
    "service-items": _service_items,
    "catalog": _catalog,
    "demands": _demands,
    "regions": _regions,
    "reported": _reported,
}
