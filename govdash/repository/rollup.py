"""Metrics of a level (市, 区县, 街道): each region's own records together with those of every region below it.

Every metric is a ratio of sums (or a sum): the per-region rows of ``compute_metrics`` carry their numerator and
denominator, so a parent's value is Σ numerators / Σ denominators over itself and its descendants, never a mean
of their rates. The descendants come from the region table by a recursive query; a 街道's records count toward
its 区县 and its 市. The margin of error of a survey score is the one metric that is not a ratio of sums: it is
computed again from the per-region response statistics (n, Σ, Σ²), which do add up.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Engine

from govdash.repository import catalog, demands, evaluations, service_items, surveys
from govdash.repository._frames import KEYS, METRIC_COLUMNS, join_batch_ids, metric_values
from govdash.repository._sql import REGIONS

# The formula kind of every metric, to compute a parent's value from summed numerators and denominators.
KIND_OF: dict[str, str] = {
    **{f.metric: f.kind for module in (service_items, evaluations, surveys, catalog, demands)
       for f in module.FORMULAS},
    surveys.RESPONSES: "total",
    catalog.DEPT_COVERAGE: "rate",
}


_ADDED = ("numerator", "denominator", "record_count")  # what a parent's row sums over its subtree


def descendants(engine: Engine, level: str, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return (region_code, ancestor) for every region of ``level`` and each region under it, itself included.

    Args:
        engine: the database.
        level: the level rolled up to (``city``, ``district``, ``street`` …).
        regions: only these regions of that level (``None``: all of them).
    """
    picked = "" if regions is None else " AND code IN :regions"
    stmt = text(
        "WITH RECURSIVE tree(region_code, ancestor) AS ("
        f" SELECT code, code FROM region WHERE level = :level{picked}"
        " UNION ALL SELECT child.code, tree.ancestor FROM region AS child"
        " JOIN tree ON child.parent_code = tree.region_code)"
        " SELECT region_code, ancestor FROM tree")
    params: dict[str, object] = {"level": level}
    if regions is not None:
        stmt = stmt.bindparams(bindparam("regions", expanding=True))
        params["regions"] = list(regions)
    with engine.connect() as conn:
        result = conn.execute(stmt, params)
        return pd.DataFrame([tuple(row) for row in result], columns=["region_code", "ancestor"])


def has_children(engine: Engine, level: str) -> bool:
    """Tell whether any region of ``level`` has a region under it (otherwise rolling up changes nothing)."""
    parent = REGIONS.alias("parent")
    stmt = (select(REGIONS.c.code).select_from(REGIONS.join(parent, REGIONS.c.parent_code == parent.c.code))
            .where(parent.c.level == level).limit(1))
    with engine.connect() as conn:
        return conn.execute(stmt).first() is not None


def roll_up(engine: Engine, metrics: pd.DataFrame, tree: pd.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    """Add up the metric rows of each region's subtree into one row per (ancestor, period, metric).

    ``metrics`` holds per-region rows (``compute_metrics``' columns) of every region in ``tree``; ``tree`` is
    ``descendants``' answer. Provenance (batch_ids) is the union of the subtree's batches.
    """
    if metrics.empty or tree.empty:
        return metrics.iloc[0:0]
    # Most regions have nothing under them: their own row is their sum, so only the others are grouped.
    alone = tree.groupby("ancestor")["region_code"].transform("size") == 1
    own = metrics[metrics["region_code"].isin(set(tree.loc[alone, "ancestor"]))]
    rows = (metrics.merge(tree[~alone], on="region_code").drop(columns="region_code")
            .rename(columns={"ancestor": "region_code"}))
    margin = pd.concat([own[own["metric"] == surveys.MARGIN], rows[rows["metric"] == surveys.MARGIN]])
    rows = rows[rows["metric"] != surveys.MARGIN]
    keys = [*KEYS, "metric"]
    summed = [own.loc[own["metric"] != surveys.MARGIN, [*keys, *_ADDED, "batch_ids"]]]
    if not rows.empty:
        grouped = rows.groupby(keys, sort=False)[list(_ADDED)].sum()
        summed.append(grouped.join(join_batch_ids(_batch_id_pairs(rows, keys), keys)).reset_index())
    sums = pd.concat(summed, ignore_index=True)
    sums["kind"] = sums["metric"].map(KIND_OF).fillna("total")
    sums.loc[sums["kind"] == "total", "denominator"] = np.nan
    sums["value"] = metric_values(sums)
    sums = sums[sums["value"].notna() & np.isfinite(sums["value"])]
    parts = [sums[METRIC_COLUMNS]]
    if not margin.empty:
        parts.append(_margins(engine, margin, tree, periods))
    return pd.concat(parts, ignore_index=True).astype({"record_count": "int64"})


def _batch_id_pairs(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per (keys, batch id) out of the comma-separated provenance of the rows."""
    ids = rows[[*keys, "batch_ids"]].assign(batch_id=rows["batch_ids"].fillna("").str.split(","))
    ids = ids.explode("batch_id")
    ids = ids[ids["batch_id"].fillna("") != ""]
    return ids.assign(batch_id=ids["batch_id"].astype("int64"))[[*keys, "batch_id"]]


def _margins(engine: Engine, margin: pd.DataFrame, tree: pd.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    """Compute the margin of error of each subtree's survey score from the summed response statistics."""
    stats = surveys.response_aggregates(engine, list(periods), tree["region_code"].unique().tolist())
    stats = stats.merge(tree, on="region_code").groupby(["ancestor", "period"], as_index=False)[
        ["responses", "m_sum", "m_sq_sum"]].sum().rename(columns={"ancestor": "region_code"})
    sd, moe = surveys.margin_of_error(stats["responses"], stats["m_sum"], stats["m_sq_sum"])
    stats = stats.assign(metric=surveys.MARGIN, value=moe.astype("float64"), numerator=sd,
                         denominator=stats["responses"].astype("float64"))
    counts = margin.groupby(KEYS).agg(record_count=("record_count", "sum"))
    stats = stats.join(counts, on=KEYS).join(join_batch_ids(_batch_id_pairs(margin, KEYS), KEYS), on=KEYS)
    stats = stats[stats["value"].notna()]
    return stats[METRIC_COLUMNS]
