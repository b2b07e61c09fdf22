"""Small frameworks and raw-value tables for scoring tests, built in code so each test shows its numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from govdash.frameworks.schema import Framework

GRADES = [{"label": "优", "min": 80, "color": "#1a7f37"}, {"label": "良", "min": 60, "color": "#d4a72c"},
          {"label": "差", "min": 0, "color": "#cf222e"}]


def indicator(code: str, weight: float = 1, **spec: Any) -> dict[str, Any]:
    """A reported indicator on goalposts 0–100 unless ``spec`` says otherwise."""
    return {"code": code, "name": code, "source": "reported", "weight": weight, "lo": 0, "hi": 100, **spec}


def make_framework(dimensions: dict[str, tuple[float, list[dict[str, Any]]]], *, bands: list | None = None,
                   weak_spot: float | None = None, aggregation: str = "arithmetic",
                   min_coverage: float = 0.5) -> Framework:
    """A framework from ``{dimension_code: (weight, [indicator(...), ...])}``."""
    data: dict[str, Any] = {
        "framework": {"code": "test", "name": "测试框架", "aggregation": aggregation,
                      "min_weight_coverage": min_coverage},
        "bands": bands or GRADES,
        "dimensions": [{"code": code, "name": code, "weight": weight, "indicators": inds}
                       for code, (weight, inds) in dimensions.items()],
    }
    if weak_spot is not None:
        data["weak_spot"] = {"threshold": weak_spot}
    return Framework.model_validate(data)


def raw_values(values: dict[str, dict[str, float | None]], period: str = "2025Q4") -> pd.DataFrame:
    """Raw rows from ``{region_code: {indicator_code: value}}``; a None value is left out (missing)."""
    rows = [
        {"region_code": region, "period": period, "indicator_code": code, "value": value,
         "source": "reported", "record_count": 1, "batch_ids": "1", "note": None}
        for region, by_code in values.items() for code, value in by_code.items() if value is not None
    ]
    return pd.DataFrame(rows, columns=["region_code", "period", "indicator_code", "value", "source",
                                       "record_count", "batch_ids", "note"])


def overall_of(result: Any, region: str, period: str = "2025Q4") -> pd.Series:
    """The overall row of one region and period."""
    table = result.overall
    return table[(table["region_code"] == region) & (table["period"] == period)].iloc[0]


def dimension_of(result: Any, region: str, dimension: str, period: str = "2025Q4") -> pd.Series:
    """The dimension row of one region, dimension and period."""
    table = result.dimensions
    mask = (table["region_code"] == region) & (table["dimension"] == dimension) & (table["period"] == period)
    return table[mask].iloc[0]


def indicator_of(result: Any, region: str, code: str, period: str = "2025Q4") -> pd.Series:
    """The indicator row of one region, indicator and period."""
    table = result.indicators
    mask = (table["region_code"] == region) & (table["indicator_code"] == code) & (table["period"] == period)
    return table[mask].iloc[0]
