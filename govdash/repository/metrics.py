"""The registry tying each metric of ``govdash.domain.metric_catalog`` to the query that computes it.

``compute_metrics`` runs one query family per source (service items, 好差评, surveys, catalog, demands), each
answering every requested period and region at once, and stacks their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.core.periods import is_half_year
from govdash.repository import (
    catalog,
    demands,
    evaluation_coverage,
    evaluations,
    materialized,
    rollup,
    service_items,
    surveys,
)
from govdash.repository._frames import METRIC_COLUMNS, empty_metrics, sort_metrics
from govdash.repository._sql import normalize_periods
from govdash.repository.regions import list_periods

MetricQuery = Callable[[Engine, Sequence[str], Sequence[str] | None, Sequence[str] | None], pd.DataFrame]
RecordQuery = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class Source:
    """A family of metrics computed together from one source."""

    prefix: str
    compute: MetricQuery
    records: RecordQuery
    metrics: tuple[str, ...]


def _names(*families: Iterable) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item if isinstance(item, str) else item.metric
                               for family in families for item in family))


SOURCES: tuple[Source, ...] = (
    Source("service", service_items.service_item_metrics, service_items.service_item_records,
           _names(service_items.FORMULAS)),
    Source("evaluation", evaluations.evaluation_metrics, evaluations.evaluation_records,
           _names(evaluations.FORMULAS, evaluation_coverage.COVERAGE_METRICS)),
    Source("survey", surveys.survey_metrics, surveys.survey_records,
           _names(surveys.FORMULAS, [surveys.RESPONSES, surveys.MARGIN])),
    Source("catalog", catalog.catalog_metrics, catalog.catalog_records,
           _names(catalog.FORMULAS, [catalog.DEPT_COVERAGE])),
    Source("demand", demands.demand_metrics, demands.demand_records, _names(demands.FORMULAS)),
)
SOURCE_OF: dict[str, Source] = {name: source for source in SOURCES for name in source.metrics}


def _check_metrics(metrics: Iterable[str] | None) -> list[str] | None:
    if metrics is None:
        return None
    wanted = list(dict.fromkeys([metrics] if isinstance(metrics, str) else metrics))
    unknown = [m for m in wanted if m not in SOURCE_OF]
    if unknown:
        raise ValueError(f"未知的指标:{', '.join(unknown)}")
    return wanted


def compute_metrics(engine: Engine, *, periods: str | Iterable[str] | None = None,
                    regions: str | Iterable[str] | None = None,
                    metrics: str | Iterable[str] | None = None, level: str | None = None) -> pd.DataFrame:
    """Every metric computed from records, per region and period, with its provenance.

    The values are read from the rows ``govdash.repository.materialized`` stored at the last import while those
    are current, else computed from the records (the same result). Half-years are always computed from the
    records: each import refreshes the quarters and years it touches, not the half-years around them.

    Args:
        engine: the database.
        periods: quarters (``2025Q3``), half-years (``2025H1``, the sums or snapshots of its two quarters) and/or
            years (``2025``); ``None`` means every period that has data, and the years of those quarters.
        regions: region codes to compute for (``None``: all).
        metrics: metric names of ``govdash.domain.metric_catalog`` (``None``: all).
        level: roll up to the regions of this level (``city``, ``district``, ``street``): each one's value
            counts its own records and those of every region under it (Σ numerators / Σ denominators).
            ``None``: every region with its own records only.

    Returns:
        One row per (region_code, period, metric) that has a value, with columns region_code, period, metric,
        value (rates in percent, 0–100), numerator, denominator, record_count and batch_ids (ascending,
        "3,7").
        A value with nothing to divide by is an absent row, never 0.
    """
    wanted = _check_metrics(metrics)
    chosen = normalize_periods(periods) if periods is not None else list_periods(engine)
    if not chosen:
        return empty_metrics()
    region_list = None if regions is None else ([regions] if isinstance(regions, str) else list(regions))
    if level is not None:
        return _level_metrics(engine, chosen, region_list, wanted, level)
    return _own_metrics(engine, chosen, region_list, wanted)


def _level_metrics(engine: Engine, chosen: list[str], region_list: list[str] | None, wanted: list[str] | None,
                   level: str) -> pd.DataFrame:
    """Return the metrics of the regions of ``level``, each with the records of the regions under it."""
    tree = rollup.descendants(engine, level, region_list)
    if tree.empty:
        return empty_metrics()
    below = None if region_list is None else tree["region_code"].unique().tolist()
    own = _own_metrics(engine, chosen, below, wanted)
    if not rollup.has_children(engine, level):  # nothing below: each value is the region's own
        kept = own[own["region_code"].isin(set(tree["ancestor"]))]
        return kept.reset_index(drop=True) if not kept.empty else empty_metrics()
    rolled = rollup.roll_up(engine, own, tree, chosen)
    return sort_metrics(rolled) if not rolled.empty else empty_metrics()


def _own_metrics(engine: Engine, chosen: list[str], region_list: list[str] | None,
                 wanted: list[str] | None) -> pd.DataFrame:
    halves = [p for p in chosen if is_half_year(p)]
    kept = [p for p in chosen if not is_half_year(p)]
    stored = materialized.stored_metrics(engine, kept, region_list, wanted) if kept else None
    if stored is not None and not halves:
        return sort_metrics(stored) if not stored.empty else empty_metrics()
    frames = [stored] if stored is not None else []
    live = halves if stored is not None else chosen
    for source in SOURCES:
        asked = None if wanted is None else [m for m in wanted if m in source.metrics]
        if asked == []:
            continue
        frames.append(source.compute(engine, live, region_list, asked))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_metrics()
    return sort_metrics(pd.concat(frames, ignore_index=True)[METRIC_COLUMNS])


def metric_records(engine: Engine, metric: str, *, region_code: str, period: str,
                   limit: int = 500) -> pd.DataFrame:
    """Return the records behind one metric of one region and period (Chinese headers, batch ids)."""
    _check_metrics([metric])
    return SOURCE_OF[metric].records(engine, metric, region_code=region_code, period=period, limit=limit)
