"""区县填报: a value for every reported indicator of the frameworks, per district and quarter.

A value is chosen as the score the district should get (its level, a fixed lean per indicator, a little noise
per quarter), then turned back into the indicator's unit through the framework's goalposts, so that the scores
the engine computes from it follow the story. Stocks (documents, standards, connected systems) never shrink.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.frameworks import Framework, Indicator, scan_frameworks
from govdash.synthetic.profiles import MISSING_REPORTED, WEAK_YUNXING
from govdash.synthetic.spec import STREAM_REPORTED, SampleSpec
from govdash.synthetic.texts import REPORTED_NOTES

WEAK_PILLAR = "yunxing"
_WEAK_PILLAR_DROP = 0.40
# Reported counts that accumulate (a stock), as opposed to a flow per quarter or a rate.
STOCK_INDICATORS = frozenset({"plan_documents", "data_policy_count", "standards_count", "connected_departments",
                              "connected_systems", "internal_one_thing_count"})


def reported_catalog(frameworks: dict[str, Framework]) -> list[tuple[Indicator, str]]:
    """Every reported indicator once, with the code of the first dimension that uses it."""
    seen: dict[str, tuple[Indicator, str]] = {}
    for framework in frameworks.values():
        for dimension, indicator in framework.indicators:
            if indicator.is_reported and indicator.code not in seen:
                seen[indicator.code] = (indicator, dimension.code)
    return list(seen.values())


def _dimension_drop(districts: pd.DataFrame, frameworks: dict[str, Framework]) -> dict[str, np.ndarray]:
    """How far each district's reported indicators of a dimension sit below its level (the weak pillar)."""
    weak = (districts["role"] == WEAK_YUNXING).to_numpy()
    codes = {d.code for f in frameworks.values() for d in f.dimensions}
    return {code: np.where(weak, _WEAK_PILLAR_DROP, 0.0) if code == WEAK_PILLAR else np.zeros(len(districts))
            for code in codes}


def raw_from_score(indicator: Indicator, score: np.ndarray) -> np.ndarray:
    """Return the raw value scoring ``score`` (0–100) under the indicator's goalposts, rounded for its unit."""
    lo, hi = float(indicator.lo or 0.0), float(indicator.hi or 100.0)
    fraction = score / 100.0
    raw = hi - fraction * (hi - lo) if indicator.direction == "negative" else lo + fraction * (hi - lo)
    if indicator.transform == "log10":
        raw = 10.0**raw
    if indicator.unit == "0/1":
        return (score >= 60.0).astype(float)
    if indicator.unit in ("件", "项", "个", "起", "次"):
        return np.round(raw)
    decimals = 2 if hi - lo <= 10 else 1
    return np.round(raw, decimals)


def reported_values(spec: SampleSpec, districts: pd.DataFrame, levels: np.ndarray,
                    frameworks: dict[str, Framework] | None = None) -> pd.DataFrame:
    """Build the reported-indicator file: region, period, indicator, value, unit, note (one sheet left out)."""
    frameworks = frameworks if frameworks is not None else scan_frameworks()[0]
    rng = spec.rng(STREAM_REPORTED)
    drop = _dimension_drop(districts, frameworks)
    parts = []
    for indicator, dimension in reported_catalog(frameworks):
        lean = rng.normal(0.0, 0.06, len(districts))[:, None]
        noise = rng.normal(0.0, 0.015, levels.shape)
        score = 100.0 * np.clip(levels + lean + noise - drop[dimension][:, None], 0.02, 0.995)
        raw = raw_from_score(indicator, score)
        if indicator.code in STOCK_INDICATORS:
            raw = np.maximum.accumulate(raw, axis=1)
        d, q = np.indices(raw.shape)
        parts.append(pd.DataFrame({
            "region_code": districts["code"].to_numpy()[d.ravel()], "period": np.array(spec.periods)[q.ravel()],
            "indicator_code": indicator.code, "indicator_name": indicator.name, "value": raw.ravel(),
            "unit": indicator.unit, "note": REPORTED_NOTES.get(dimension, "区县报送"),
            "district": d.ravel(), "q": q.ravel(),
        }))
    frame = pd.concat(parts, ignore_index=True)
    missing = (districts["role"] == MISSING_REPORTED).to_numpy()[frame["district"]] & (
        frame["q"] == spec.n_periods - 1)
    return frame[~missing].sort_values(["period", "region_code", "indicator_code"], ignore_index=True)
