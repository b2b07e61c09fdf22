"""Scores from the database: raw indicator values through ``govdash.repository``, scoring through ``govdash.scoring``.

The pages and the CLI call these; the scoring itself stays pure and is tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.core.periods import (
    is_half_year,
    parse_period,
    period_sort_key,
    previous_available,
    previous_period,
)
from govdash.frameworks import Framework
from govdash.repository import indicator_values, list_periods, list_regions
from govdash.repository.regions import DISTRICT
from govdash.scoring import ScoreResult, rank_sensitivity, score


def _asked_periods(periods: Sequence[str] | str | None) -> list[str] | None:
    if periods is None:
        return None
    asked = [periods] if isinstance(periods, str) else list(periods)
    return sorted({parse_period(p) for p in asked}, key=period_sort_key)


def compute_scores(engine: Engine, framework: Framework, *, periods: Sequence[str] | str | None = None,
                   aggregation: str | None = None, weights: Mapping[str, float] | None = None,
                   compare_with: str | None = None, level: str = DISTRICT,
                   peer_group: str | None = None, metric_values: pd.DataFrame | None = None,
                   reported: pd.DataFrame | None = None) -> ScoreResult:
    """Score the regions of one level (区县 by default) for the periods asked (default: every period with data).

    Regions are scored and ranked among their peers of the same level: 市 with 市, 区县 with 区县, 街道 with 街道,
    each from its own records and those of the regions under it. With ``peer_group`` only the regions of that
    同类组 (e.g. 中心城区) are scored, so ranks, relative normalizations and findings are within the group.

    The period each one asked is compared with is loaded and scored too, so that ``change`` and ``rank_change``
    exist; the result then keeps only the periods asked. That period is ``compare_with`` when given, else the
    framework's rule: the latest earlier period of the same granularity that has data (``compare = "available"``,
    so biennial data compares 2025 with 2023), or the period just before (``"previous"``). Each table gets
    ``region_name`` after ``region_code``.

    Args:
        engine: the database.
        framework: the framework to score against.
        periods: one period, several, or None for all.
        aggregation: "arithmetic" or "geometric"; None uses the framework file's rule.
        weights: what-if weight overrides by dimension or indicator code (the file is not changed).
        compare_with: the period to compare every asked period with (较上期), e.g. ``2023``.
        level: the level scored (``city``, ``district``, ``street``).
        peer_group: score only the regions of this 同类组 (``None``: every region of the level).
        metric_values: ``compute_metrics`` of every period with data at ``level``, already read (for every
            period and region only: ``periods`` and ``peer_group`` must be None).
        reported: likewise ``reported_values`` of every period with data (any indicator codes), already read.
    """
    if (metric_values is not None or reported is not None) and (periods is not None or peer_group is not None):
        raise ValueError("metric_values and reported are those of every period and region: "
                         "periods and peer_group must be None")
    asked = _asked_periods(periods)
    chosen = None if compare_with is None or asked is None else dict.fromkeys(asked, parse_period(compare_with))
    loaded = None if asked is None else sorted(
        set(asked) | set(_comparisons(engine, framework, asked, chosen)), key=period_sort_key)
    regions = list_regions(engine).set_index("code")
    members = None
    if peer_group is not None:
        members = regions.index[(regions["level"] == level) & (regions["peer_group"] == peer_group)].tolist()
    raw = indicator_values(engine, framework, periods=loaded, level=level, regions=members,
                           metric_values=metric_values, reported=reported)
    groups = ({str(code): parent for code, parent in regions["parent_code"].items()}
              if framework.method.imputation.method == "group_mean" else None)
    result = score(framework, raw, aggregation=aggregation, weights=weights, compare_with=chosen,
                   region_groups=groups)
    names = regions["name"]
    frames = {}
    for key in ("indicators", "dimensions", "overall"):
        frame: pd.DataFrame = getattr(result, key)
        frame = frame.copy() if asked is None else frame[frame["period"].isin(asked)].reset_index(drop=True)
        frame.insert(1, "region_name", frame["region_code"].map(names).astype(object))
        frames[key] = frame
    return replace(result, indicators=frames["indicators"], dimensions=frames["dimensions"],
                   overall=frames["overall"])


def _comparisons(engine: Engine, framework: Framework, asked: list[str],
                 chosen: Mapping[str, str] | None) -> list[str]:
    """List the periods to load beside those asked, for their change: chosen, previous, or previous with data."""
    if chosen:
        return list(chosen.values())
    if framework.framework.compare == "previous":
        return [previous_period(p) for p in asked]
    available = list_periods(engine)
    found = []
    for period in asked:
        # Half-years are not stored: the previous one is available when its quarters are.
        earlier = previous_period(period) if is_half_year(period) else previous_available(period, available)
        found.extend([earlier] if earlier else [])
    return found


def sensitivity_table(engine: Engine, framework: Framework, *, period: str, draws: int = 1000, seed: int = 0,
                      spread: float = 0.25, aggregation: str | None = None,
                      weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Return the rank sensitivity of one period (see ``govdash.scoring.rank_sensitivity``), with ``region_name``."""
    period = parse_period(period)
    result = compute_scores(engine, framework, periods=period, aggregation=aggregation, weights=weights)
    table = rank_sensitivity(framework, result, period=period, draws=draws, seed=seed, spread=spread)
    names = result.overall.drop_duplicates("region_code").set_index("region_code")["region_name"]
    table.insert(1, "region_name", table["region_code"].map(names))
    return table
