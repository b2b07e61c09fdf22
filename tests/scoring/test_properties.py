"""Properties that must hold for any framework and any data (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdash.scoring import rank_sensitivity, score

from .factories import indicator, make_framework

PERIOD = "2025Q4"
METHODS = ["goalpost", "minmax", "zscore"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def frameworks(draw, *, methods=tuple(METHODS), directions=("positive", "negative")):
    """Frameworks of 1–3 dimensions of 1–4 indicators, integer weights, mixed methods and directions."""
    dims = {}
    counter = 0
    for d in range(draw(st.integers(1, 3))):
        inds = []
        for _ in range(draw(st.integers(1, 4))):
            lo = draw(st.integers(-20, 50))
            inds.append(indicator(f"i{counter}", draw(st.integers(1, 5)), lo=lo, hi=lo + draw(st.integers(1, 120)),
                                  normalization=draw(st.sampled_from(methods)),
                                  direction=draw(st.sampled_from(directions))))
            counter += 1
        dims[f"d{d}"] = (draw(st.integers(1, 5)), inds)
    return make_framework(dims, weak_spot=60, aggregation=draw(st.sampled_from(["arithmetic", "geometric"])))


@st.composite
def raw_tables(draw, framework, *, min_regions=1, allow_missing=True):
    """Integer raw values for 1–6 regions, some missing."""
    codes = [i.code for _d, i in framework.indicators]
    rows = []
    for r in range(draw(st.integers(min_regions, 6))):
        for code in codes:
            missing = allow_missing and draw(st.booleans()) and draw(st.booleans())
            if not missing:
                rows.append({"region_code": f"9901{r:02d}", "period": PERIOD, "indicator_code": code,
                             "value": float(draw(st.integers(-50, 200)))})
    return pd.DataFrame(rows, columns=["region_code", "period", "indicator_code", "value"])


@st.composite
def scored_cases(draw, **kwargs):
    framework = draw(frameworks(**kwargs))
    return framework, draw(raw_tables(framework))


def _within(values: pd.Series) -> bool:
    present = values.dropna()
    return bool(((present >= 0) & (present <= 100)).all())


@SETTINGS
@given(scored_cases())
def test_property_every_score_is_within_0_and_100(case):
    framework, raw = case

    result = score(framework, raw)

    assert _within(result.indicators["normalized"])
    assert _within(result.dimensions["score"])
    assert _within(result.overall["score"])


@SETTINGS
@given(scored_cases(directions=("positive",)), st.data())
def test_property_raising_a_positive_indicator_never_lowers_the_score(case, data):
    framework, raw = case
    if raw.empty:
        return
    row = data.draw(st.integers(0, len(raw) - 1))
    region = raw.loc[row, "region_code"]
    raised = raw.copy()
    raised.loc[row, "value"] += data.draw(st.integers(1, 100))

    before = score(framework, raw).overall.set_index("region_code").loc[region, "score"]
    after = score(framework, raised).overall.set_index("region_code").loc[region, "score"]

    if not np.isnan(before):
        assert after >= before - 1e-9


@SETTINGS
@given(scored_cases(), st.sampled_from([0.5, 2.0, 3.0, 10.0]))
def test_property_scaling_every_weight_by_a_constant_changes_nothing(case, factor):
    framework, raw = case
    scaled = {d.code: d.weight * factor for d in framework.dimensions}
    scaled.update({i.code: i.weight * factor for _d, i in framework.indicators})

    nominal = score(framework, raw).overall
    rescaled = score(framework, raw, weights=scaled).overall

    np.testing.assert_allclose(rescaled["score"], nominal["score"], rtol=1e-9, atol=1e-9)
    assert rescaled["rank"].equals(nominal["rank"])
    assert rescaled["band"].equals(nominal["band"])


@SETTINGS
@given(scored_cases(), st.integers(1, 40), st.integers(0, 2**16), st.sampled_from([0.1, 0.25, 0.6]))
def test_property_rank_interval_contains_the_nominal_rank(case, draws, seed, spread):
    framework, raw = case
    result = score(framework, raw)

    table = rank_sensitivity(framework, result, period=PERIOD, draws=draws, seed=seed, spread=spread)

    nominal = result.overall.dropna(subset=["rank"]).set_index("region_code")["rank"]
    assert table.set_index("region_code")["rank"].to_dict() == nominal.astype(int).to_dict()
    assert ((table["rank_low"] <= table["rank"]) & (table["rank"] <= table["rank_high"])).all()
