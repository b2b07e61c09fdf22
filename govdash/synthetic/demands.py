"""数据需求清单: requests for catalog resources, how they ended and how long they took."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.synthetic.profiles import lerp_level
from govdash.synthetic.spec import STREAM_DEMANDS, SampleSpec
from govdash.synthetic.texts import DEMAND_REJECT_REASONS

_LAWFUL_REJECT = 0.08


def _applied_dates(spec: SampleSpec, n: int, rng: np.random.Generator) -> np.ndarray:
    """Application dates over the whole span, busier as sharing catches on (density rising linearly)."""
    start, end = spec.period_starts()[0], spec.period_ends()[-1]
    span = int((end - start).astype(int)) + 1
    # Inverse of a density rising from 1 to 2 across the span.
    u = rng.random(n)
    x = (np.sqrt(1 + 3 * u) - 1)
    return start + np.floor(x * span).astype("timedelta64[D]")


def _requested_codes(catalog: pd.DataFrame, region: np.ndarray, department: np.ndarray, period: np.ndarray,
                     rng: np.random.Generator) -> np.ndarray:
    """Pick a shared resource listed that quarter, held by another department, mostly of the same district."""
    shared = catalog[catalog["share_type"] != "不予共享"]
    local = {key: (g["code"].to_numpy(), g["department"].to_numpy())
             for key, g in shared.groupby(["period", "region_code"])}
    citywide = {key: (g["code"].to_numpy(), g["department"].to_numpy()) for key, g in shared.groupby("period")}
    codes = np.full(len(region), "", dtype=object)
    draws = rng.random((len(region), 5))
    for i, (reg, dept, per) in enumerate(zip(region, department, period, strict=True)):
        pool_codes, pool_depts = local.get((per, reg), citywide[per]) if draws[i, 0] < 0.8 else citywide[per]
        # A few tries find another department's entry; a district with one cataloguing department has none.
        for u in draws[i, 1:]:
            pick = int(u * len(pool_codes))
            if pool_depts[pick] != dept:
                codes[i] = pool_codes[pick]
                break
    return codes


def demands(spec: SampleSpec, districts: pd.DataFrame, depts: pd.DataFrame, catalog: pd.DataFrame,
            levels: np.ndarray) -> pd.DataFrame:
    """Build the demand file: who asked for what, when, and whether and when it was matched or refused."""
    rng = spec.rng(STREAM_DEMANDS)
    weight = districts["size"].to_numpy() * (0.5 + levels.mean(axis=1))
    district = rng.choice(len(districts), size=spec.demands, p=weight / weight.sum())
    applied = np.sort(_applied_dates(spec, spec.demands, rng))
    quarter = np.searchsorted(spec.period_ends(), applied)
    lv = levels[district, quarter]
    roster = depts.groupby("district")["name"].apply(np.array)
    department = np.array([roster[d][int(u * len(roster[d]))] for d, u in
                           zip(district, rng.random(spec.demands), strict=True)], dtype=object)
    region = districts["code"].to_numpy()[district]
    outcome = rng.random(spec.demands)
    lawful = outcome < _LAWFUL_REJECT
    unlawful = ~lawful & (outcome < _LAWFUL_REJECT + lerp_level(lv, 0.07, 0.0))
    stuck = ~lawful & ~unlawful & (outcome > 1 - lerp_level(lv, 0.14, 0.0))
    days = np.ceil(rng.gamma(2.0, lerp_level(lv, 24.0, 5.0) / 2.0)).astype(int)
    closed = applied + days.astype("timedelta64[D]")
    open_yet = stuck | (closed > np.datetime64(spec.export_date))
    status = np.where(open_yet, "待审核", np.where(lawful | unlawful, "已驳回", "已对接"))
    reasons = np.array(DEMAND_REJECT_REASONS)[rng.integers(0, len(DEMAND_REJECT_REASONS), spec.demands)]
    year = applied.astype("datetime64[Y]").astype(int) + 1970
    seq = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    frame = pd.DataFrame({
        "demand_no": [f"XQ{y}-{s:04d}" for y, s in zip(year, seq, strict=True)],
        "region_code": region, "department": department,
        "catalog_code": _requested_codes(catalog, region, department, np.array(spec.periods)[quarter], rng),
        "applied_on": applied, "status": status,
        "closed_on": np.where(open_yet, np.datetime64("NaT"), closed),
        "reject_reason": np.where(lawful & ~open_yet, reasons, ""),
    })
    frame["district"] = district
    return frame
