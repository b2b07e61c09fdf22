"""Raw indicator values of a framework (the contract with ``govdash.scoring``) and the records behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.core.periods import parse_period
from govdash.domain.metric_catalog import METRICS
from govdash.frameworks import Framework, Indicator
from govdash.frameworks.loader import scan_frameworks
from govdash.repository._sql import normalize_periods
from govdash.repository.metrics import compute_metrics, metric_records
from govdash.repository.regions import DISTRICT, district_codes, level_codes, list_periods
from govdash.repository.reported import reported_records, reported_values

INDICATOR_COLUMNS = ["region_code", "period", "indicator_code", "value", "source", "metric", "record_count",
                     "batch_ids", "note"]


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in INDICATOR_COLUMNS})
    return frame.astype({"value": "float64", "record_count": "int64"})


def _scored_regions(engine: Engine, regions: str | Iterable[str] | None, level: str) -> list[str]:
    districts = district_codes(engine) if level == DISTRICT else level_codes(engine, level)
    if regions is None:
        return districts
    asked = {regions} if isinstance(regions, str) else set(regions)
    return [code for code in districts if code in asked]


def _metric_rows(engine: Engine, framework: Framework, periods: list[str],
                 regions: list[str] | None, level: str, read: pd.DataFrame | None = None) -> pd.DataFrame:
    by_metric = pd.DataFrame([(i.metric, i.code) for _d, i in framework.indicators if not i.is_reported],
                             columns=["metric", "indicator_code"])
    if by_metric.empty:
        return _empty()
    if read is not None:
        values = read[read["metric"].isin(by_metric["metric"].unique())]
    else:
        values = compute_metrics(engine, periods=periods, regions=regions, metrics=by_metric["metric"].unique(),
                                 level=level)
    rows = values.merge(by_metric, on="metric")
    return rows.assign(source="metric", note=None)[INDICATOR_COLUMNS]


def _reported_rows(engine: Engine, framework: Framework, periods: list[str],
                   regions: list[str] | None, level: str, read: pd.DataFrame | None = None) -> pd.DataFrame:
    codes = [i.code for _d, i in framework.indicators if i.is_reported]
    if not codes:
        return _empty()
    if read is not None:
        values = read[read["indicator_code"].isin(codes)]
    else:
        values = reported_values(engine, periods, regions=regions, indicator_codes=codes)
    values = values.assign(source="reported", metric=None, record_count=1,
                           batch_ids=values["batch_id"].astype("int64").astype(str))
    return values[INDICATOR_COLUMNS]


def indicator_values(engine: Engine, framework: Framework, *, periods: Sequence[str] | str | None = None,
                     regions: Sequence[str] | str | None = None, level: str = DISTRICT,
                     metric_values: pd.DataFrame | None = None,
                     reported: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the raw value of each indicator of ``framework`` per region of ``level`` and period, for scoring.

    Metric indicators come from ``compute_metrics`` rolled up to ``level`` (a 区县's values count the records
    of its 街道 too), reported ones from the reported sheets (with their note and batch: a reported value is the
    region's own, never summed). Only regions of ``level`` are included (区县 by default); a missing value is an
    absent row, never 0.

    ``metric_values``: the rows ``compute_metrics`` gives for the same periods, regions and level (any metrics
    beyond the framework's are ignored), read once for several frameworks instead of once for each;
    ``reported``: likewise the rows ``reported_values`` gives for the same periods (any indicator codes).

    Returns:
        Columns region_code, period, indicator_code, value (float, rates in %), source ("metric" |
        "reported"), metric (None for reported), record_count (int; 1 for a reported value), batch_ids
        (ascending "3,7"), note (来源说明 of a reported value, else None).
    """
    wanted = normalize_periods(periods) if periods is not None else list_periods(engine)
    scored = _scored_regions(engine, regions, level)
    if not wanted or not scored:
        return _empty()
    # Every district asked: read all regions and keep the districts, rather than send thousands of codes to SQL.
    asked = None if regions is None else scored
    parts = [_metric_rows(engine, framework, wanted, asked, level, metric_values),
             _reported_rows(engine, framework, wanted, asked, level, reported)]
    parts = [p[p["region_code"].isin(scored)] if asked is None else p for p in parts]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty()
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype("float64")
    frame["record_count"] = frame["record_count"].astype("int64")
    for column in ("metric", "note"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    order = {i.code: n for n, (_d, i) in enumerate(framework.indicators)}
    frame = frame.assign(_order=frame["indicator_code"].map(order))
    frame = frame.sort_values(["region_code", "period", "_order"]).drop(columns="_order")
    return frame.reset_index(drop=True)


def find_indicator(code: str, framework: Framework | None = None) -> Indicator | None:
    """Find the indicator with this code in ``framework``, or in any framework file when none is given."""
    frameworks = [framework] if framework is not None else list(scan_frameworks()[0].values())
    for candidate in frameworks:
        for _dim, indicator in candidate.indicators:
            if indicator.code == code:
                return indicator
    return None


def records_behind(engine: Engine, indicator_code_or_metric: str, *, region_code: str, period: str,
                   limit: int = 500, framework: Framework | None = None) -> pd.DataFrame:
    """Return the raw records behind an indicator (by code) or a metric (by name) for one region and period.

    Records come with the upload templates' Chinese headers, enumerations as Chinese words, the batch each
    came from (批次), and for a rate the 计入分子 flag saying whether the record counts in the numerator (those
    that do not come first). A reported indicator gives its reported row. At most ``limit`` rows; the number
    of all matching records is in ``frame.attrs['total']``.

    Raises:
        ValueError: when the name is neither a known metric nor an indicator of the frameworks.
    """
    period = parse_period(period)
    if indicator_code_or_metric in METRICS:
        return metric_records(engine, indicator_code_or_metric, region_code=region_code, period=period,
                              limit=limit)
    indicator = find_indicator(indicator_code_or_metric, framework)
    if indicator is None:
        raise ValueError(f"未知的指标“{indicator_code_or_metric}”")
    if indicator.is_reported:
        return reported_records(engine, indicator.code, region_code=region_code, period=period)
    assert indicator.metric is not None
    return metric_records(engine, indicator.metric, region_code=region_code, period=period, limit=limit)
