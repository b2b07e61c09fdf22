"""主动评价率, 实名差评回访率, 事项覆盖度 and 部门覆盖度 read back from the metrics, for the pages that show them together.

It sits above ``govdash.repository.metrics`` (which computes them with the other metrics), so that the module computing
the coverage figures never imports the metrics it is part of.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.domain.region_codes import DISTRICT
from govdash.repository.evaluation_coverage import DEPARTMENT_COVERAGE, ITEM_COVERAGE
from govdash.repository.metrics import compute_metrics
from govdash.repository.regions import list_regions

REACH_METRICS = ("evaluation.active_rate", "evaluation.real_name_callback_rate", ITEM_COVERAGE, DEPARTMENT_COVERAGE)


def reach_totals(engine: Engine, *, period: str, region_code: str | None = None) -> pd.DataFrame:
    """主动评价率, 实名差评回访率, 事项覆盖度 and 部门覆盖度 of one district, or of all districts together.

    All districts together add up the districts' numerators and denominators (items, departments and cases are
    each a district's own). Columns: metric, numerator, denominator, value (percent); a metric no district has
    a value for is absent.
    """
    rows = compute_metrics(engine, periods=[period], regions=None if region_code is None else [region_code],
                           metrics=list(REACH_METRICS))
    totals = rows.groupby("metric", as_index=False)[["numerator", "denominator"]].sum()
    totals = totals[totals["denominator"] > 0]
    return totals.assign(value=100.0 * totals["numerator"] / totals["denominator"]).reset_index(drop=True)


DISTRICT_REACH_METRICS = (*REACH_METRICS, "evaluation.bad_unfounded_count")


def reach_by_district(engine: Engine, *, period: str, region_code: str | None = None,
                      level: str = DISTRICT) -> pd.DataFrame:
    """Per region of one level (区县 by default): region_code, region_name and a column per ``DISTRICT_REACH_METRICS``.

    Regions without 好差评 in the period are left out; a metric without a value is NaN.
    """
    rows = compute_metrics(engine, periods=[period], regions=None if region_code is None else [region_code],
                           metrics=list(DISTRICT_REACH_METRICS))
    if rows.empty:
        return pd.DataFrame(columns=["region_code", "region_name", *DISTRICT_REACH_METRICS])
    wide = rows.pivot(index="region_code", columns="metric", values="value").reindex(
        columns=list(DISTRICT_REACH_METRICS)).reset_index()
    wide.columns.name = None
    regions = list_regions(engine)
    names = regions.loc[regions["level"] == level, ["code", "name"]].rename(columns={"code": "region_code", "name": "region_name"})
    return names.merge(wide, on="region_code").sort_values("region_code", ignore_index=True)
