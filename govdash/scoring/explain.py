"""Explain a score: the dimension → indicator tree behind one region's index in one period (DOMAIN.md §3.8)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.engine import ScoreResult

REPORTED_LABEL = "填报"

EXPLAIN_COLUMNS = (
    "level", "dimension", "code", "name", "unit", "raw", "normalized", "weight", "effective_weight",
    "score", "contribution", "index_contribution", "status", "flag", "provenance", "batch_ids", "record_count",
    "note", "rule", "imputed", "treated",
)


def explain(framework: Framework, result: ScoreResult, *, region_code: str, period: str) -> pd.DataFrame:
    """Lay out the indicator tree of one region and period: each dimension's row, then its indicators' rows.

    Dimension rows: ``score`` is the dimension score, ``contribution`` its points of the index, ``weight`` its
    share of the index, ``flag`` the weak-spot label. Indicator rows: raw value and unit, normalized value,
    nominal and effective weight within the dimension, ``contribution`` in points of the dimension score,
    ``index_contribution`` in points of the index, ``provenance`` (metric name or 填报), batch ids and record
    count, ``flag`` "拉低最多" on the indicator pulling its dimension down most, ``status`` its note when missing
    or estimated (for a 扣分项/加分项/一票否决: the points it moved, or whether the veto triggered), ``rule`` how
    it is scored, ``imputed`` True when the raw value is an estimate (估算), ``treated`` the outlier treatment.

    Raises:
        ValueError: the result holds no score for this region and period.
    """
    ind = result.indicators
    ind = ind[(ind["region_code"] == region_code) & (ind["period"] == period)]
    dims = result.dimensions
    dims = dims[(dims["region_code"] == region_code) & (dims["period"] == period)]
    if ind.empty:
        raise ValueError(f"区县 {region_code} 在 {period} 期没有得分数据")
    weak_label = framework.weak_spot.label if framework.weak_spot else ""
    rows: list[dict] = []
    by_dim = dims.set_index("dimension")
    for dim in framework.dimensions:
        d = by_dim.loc[dim.code]
        rows.append({
            "level": "dimension", "dimension": dim.code, "code": dim.code, "name": dim.name,
            "weight": d["weight"], "score": d["score"], "contribution": d["index_contribution"],
            "index_contribution": d["index_contribution"], "status": d["status"],
            "flag": weak_label if d["weak_spot"] else None,
        })
        worst = d["worst_indicator"] if isinstance(d["worst_indicator"], str) else None
        rows.extend(_indicator_rows(framework, ind[ind["dimension"] == dim.code], worst, dim.name))
    return pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _indicator_rows(framework: Framework, ind: pd.DataFrame, worst: str | None,
                    dimension_name: str) -> list[dict[str, Any]]:
    definitions = {i.code: i for _d, i in framework.indicators}
    rows = []
    for item in ind.to_dict("records"):
        spec = definitions[item["indicator_code"]]
        rows.append({
            "level": "indicator", "dimension": item["dimension"], "code": spec.code, "name": spec.name,
            "unit": spec.unit, "raw": item["raw"], "normalized": item["normalized"], "weight": item["weight"],
            "effective_weight": item["effective_weight"], "score": item["normalized"],
            "contribution": item["contribution"], "index_contribution": item["index_contribution"],
            "status": _text(item["score_note"]),
            "flag": "拉低最多" if spec.code == worst else None,
            "provenance": item["metric"] if item["source"] == "metric" else REPORTED_LABEL,
            "batch_ids": _text(item["batch_ids"]),
            "record_count": None if pd.isna(item["record_count"]) else int(item["record_count"]),
            "note": _text(item["note"]),
            "rule": spec.rule_text(dimension_name),
            "imputed": bool(item.get("imputed", False)),
            "treated": _text(item.get("treated")),
        })
    return rows
