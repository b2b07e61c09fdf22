"""The statistical method's tables in Chinese: indicator flags, outlier treatment and rank uncertainty.

Shared by 方法与权重, the CLI and the workbook, so that all three say the same thing in the same words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.domain import labels
from govdash.frameworks import Framework
from govdash.scoring.flags import MAX_SAME_SHARE, MIN_COVERAGE, NEGATIVE_BELOW, REDUNDANT_ABOVE
from govdash.scoring.impute import IMPUTATION_LABELS

FLAG_RULES = (f"覆盖不足:有观测值的区县少于 {MIN_COVERAGE:.0%};同值过多:超过 {MAX_SAME_SHARE:.0%} 的观测值相同;"
              f"高度相关:与同维度另一指标相关系数 > {REDUNDANT_ABOVE:g};与维度负相关:与所属维度得分相关系数 < "
              f"{NEGATIVE_BELOW:g}。去掉一个指标后的平均排名变化越大,排名越依赖该指标。")


def _round(value: float, digits: int) -> float:
    return float(np.round(value, digits)) if pd.notna(value) else np.nan


def flags_frame(framework: Framework, flags: pd.DataFrame) -> pd.DataFrame:
    """Return the flags table with Chinese headers: one row per indicator, flagged ones first."""
    names = {i.code: i.name for _d, i in framework.indicators}
    dims = {d.code: d.name for d in framework.dimensions}
    frame = pd.DataFrame({
        "指标": flags["indicator_code"].map(names),
        "维度": flags["dimension"].map(dims),
        "覆盖率(%)": [_round(100 * v, 1) for v in flags["coverage"]],
        "最多相同值占比(%)": [_round(100 * v, 1) for v in flags["same_share"]],
        "最相关的同维度指标": flags["closest"].map(lambda c: names.get(c, "—") if isinstance(c, str) else "—"),
        "相关系数": [_round(v, 2) for v in flags["closest_r"]],
        "与维度相关系数": [_round(v, 2) for v in flags["dimension_r"]],
        "去掉后平均排名变化": [_round(v, 2) for v in flags["rank_shift"]],
        "偏度": [_round(v, 2) for v in flags["skew"]],
        "峰度": [_round(v, 2) for v in flags["kurtosis"]],
        "异常值处理": flags["treatment"].map(lambda t: t if isinstance(t, str) else "—"),
    })
    # The flags matter most: keep them beside the name, where a narrow screen still shows them.
    frame.insert(1, "标记", flags["flags"].map(lambda labels: "、".join(labels) or "—").to_numpy())
    flagged = flags["flags"].map(bool).to_numpy()
    return frame.iloc[np.argsort(~flagged, kind="stable")].reset_index(drop=True)


def screening_text(framework: Framework) -> str:
    """Say how much observed data a district needs (the file's ``[method.screening]``)."""
    rule = framework.method.screening
    parts = []
    if rule.min_region_coverage > 0:
        parts.append(f"区县有观测值的指标少于 {rule.min_region_coverage:.0%} 时不评分、不排名")
    if rule.min_dimension_coverage > 0:
        parts.append(f"维度内有观测值的指标少于 {rule.min_dimension_coverage:.0%} 时该维度“数据不足”")
    return ";".join(parts) + "(按估算之前的观测值计)" if parts else "不筛除区县:有数据的区县都参与评分"


def imputation_text(framework: Framework) -> str:
    """Say what a missing value becomes (the file's ``[method.imputation]``)."""
    method = framework.method.imputation.method
    if method == "none":
        return IMPUTATION_LABELS["none"]
    return f"缺失值按{IMPUTATION_LABELS[method]}估算,估算值在得分表、指标明细和导出文件中标注“估算”"


def treatment_text(framework: Framework) -> str:
    """Say how outliers are treated (the file's ``[method.treatment]``)."""
    rule = framework.method.treatment
    if not rule.enabled:
        return "不处理异常值:按原始值归一化"
    return (f"同期各区县的偏度绝对值 > {rule.skew_limit:g} 且峰度(超额峰度)> {rule.kurtosis_limit:g} 的指标,"
            f"从偏斜一侧逐点缩尾,最多 {rule.max_winsorised} 个点;仍不满足时改为对原始值取对数 "
            "ln(x − 最小值 + 0.01 × 极差)(仅用于极值法、标准分法归一化的指标;目标值法的指标只缩尾)")


def method_stage_notes(framework: Framework) -> list[tuple[str, str]]:
    """Return the screening, imputation and outlier-treatment rules as (topic, explanation) pairs."""
    return [("数据筛选", screening_text(framework)), ("缺失值估算", imputation_text(framework)),
            ("异常值处理", treatment_text(framework))]


def sobol_frame(indices: pd.DataFrame) -> pd.DataFrame:
    """Return the Sobol indices with Chinese headers, in per cent, most influential source first."""
    frame = pd.DataFrame({
        "来源": indices["label"],
        "一阶指数 S1(%)": (100 * indices["S1"]).round(1),
        "S1 95% 误差(±%)": (100 * indices["S1_conf"]).round(1),
        "总效应指数 ST(%)": (100 * indices["ST"]).round(1),
        "ST 95% 误差(±%)": (100 * indices["ST_conf"]).round(1),
    })
    return frame.iloc[np.argsort(-indices["ST"].to_numpy(), kind="stable")].reset_index(drop=True)


def sobol_summary(indices: pd.DataFrame, runs: int, mean_shift: float) -> str:
    """Say in one sentence which source moves the ranking most, and how much the ranking moves at all."""
    if not (indices["ST"] > 0).any():
        return f"{runs} 次模拟中没有任何区县的排名发生变化:排名不受这些方法选择的影响"
    top = indices.sort_values("ST", ascending=False).iloc[0]
    return (f"{runs} 次模拟中区县排名平均变动 {mean_shift:.2f} 位;影响最大的是{top['label']}"
            f"(总效应 {100 * top['ST']:.0f}%,单独作用 {100 * top['S1']:.0f}%)")


SOBOL_NOTE = ("Sobol 敏感性指数把排名变动(各区县相对当前排名的平均变动位数)的方差分解到四个来源:权重(各维度、指标权重在"
              "±{spread:.0%} 内随机)、归一化方法(框架文件的方法、极值法或标准分法)、汇总方法(算术或几何平均)和缺失值估算"
              "(估算或不估算)。一阶指数 S1 是该来源单独造成的份额,总效应指数 ST 还包括它与其他来源的交互作用;"
              "误差为 bootstrap 95% 置信区间的半宽。每个区县的说明按全部模拟排名的 5%–95% 区间给出。")


def uncertainty_display(ranks: pd.DataFrame) -> pd.DataFrame:
    """Return each district's rank, rank interval and sentence with Chinese headers."""
    return pd.DataFrame({
        labels.RANK: ranks["rank"].to_numpy(),
        labels.REGION_CODE: ranks["region_code"].to_numpy(),
        labels.REGION: (ranks["region_name"] if "region_name" in ranks.columns else ranks["region_code"]).to_numpy(),
        "中位排名": ranks["median_rank"].map(lambda v: f"{v:g}").to_numpy(),
        "排名区间(5%–95%)": [f"{lo}–{hi}" if lo != hi else str(lo)
                           for lo, hi in zip(ranks["rank_low"], ranks["rank_high"], strict=True)],
        "说明": ranks["sentence"].to_numpy(),
    })
