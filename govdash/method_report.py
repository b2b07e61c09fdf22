"""The statistical method's tables in Chinese: indicator flags, outlier treatment and rank uncertainty.

Shared by 方法与权重, the CLI and the workbook, so that all three say the same thing in the same words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.frameworks import Framework
from govdash.scoring.flags import MAX_SAME_SHARE, MIN_COVERAGE, NEGATIVE_BELOW, REDUNDANT_ABOVE

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
        "标记": flags["flags"].map(lambda labels: "、".join(labels) or "—"),
    })
    flagged = flags["flags"].map(bool).to_numpy()
    return frame.iloc[np.argsort(~flagged, kind="stable")].reset_index(drop=True)
