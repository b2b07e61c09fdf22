"""The read side of ``bench.py``: every dashboard query and the scoring, timed on the benchmark database."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from bench_steps import PERIOD

YEAR = PERIOD[:4]


def _timed(func: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time of ``repeats`` calls after one warm-up call, and the last result."""
    result = func()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def _page_tables(engine) -> dict[str, Callable[[], Any]]:  # type: ignore[no-untyped-def]
    """The tables of the record pages, for the quarter and all districts."""
    from govdash import repository as r

    return {
        "evaluation_trend": lambda: r.evaluation_trend(engine, periods=PERIOD),
        "evaluation_breakdown(region)": lambda: r.evaluation_breakdown(engine, by="region", periods=PERIOD),
        "evaluation_breakdown(channel)": lambda: r.evaluation_breakdown(engine, by="channel", periods=PERIOD),
        "worst_rated_services": lambda: r.worst_rated_services(engine, periods=PERIOD),
        "bad_evaluations": lambda: r.bad_evaluations(engine, periods=PERIOD),
        "survey_by_region": lambda: r.survey_by_region(engine, periods=PERIOD),
        "survey_by_question": lambda: r.survey_by_question(engine, periods=PERIOD),
        "sharing_ratios": lambda: r.sharing_ratios(engine, period=PERIOD),
        "update_timeliness": lambda: r.update_timeliness(engine, period=PERIOD),
        "demand_pipeline": lambda: r.demand_pipeline(engine, period=PERIOD),
        "service_item_summary": lambda: r.service_item_summary(engine, period=PERIOD),
        "list_periods": lambda: r.list_periods(engine),
    }


def measure_queries(url: str, *, repeats: int = 1, with_year: bool = False) -> list[dict[str, Any]]:
    """Time each metric (the quarter, and its year too ``with_year``; all regions) and each page table."""
    from govdash.core import db
    from govdash.repository import SOURCES, compute_metrics

    engine = db.make_engine(url)
    rows = []
    for source in SOURCES:
        for metric in source.metrics:
            for period in (PERIOD, YEAR) if with_year else (PERIOD,):
                seconds, frame = _timed(
                    lambda m=metric, p=period: compute_metrics(engine, periods=[p], metrics=[m]), repeats)
                rows.append({"query": metric, "period": period, "median_s": seconds, "rows": len(frame)})
    for name, func in _page_tables(engine).items():
        seconds, frame = _timed(func, repeats)
        rows.append({"query": name, "period": PERIOD, "median_s": seconds, "rows": len(frame)})
    engine.dispose()
    return rows


def measure_scoring(url: str) -> dict[str, float]:
    """Raw values, score and 1,000-draw rank sensitivity of framework A for the 3,000 districts."""
    from govdash.core import db
    from govdash.frameworks.loader import scan_frameworks
    from govdash.repository import indicator_values
    from govdash.scoring import rank_sensitivity, score

    engine = db.make_engine(url)
    framework = next(iter(scan_frameworks()[0].values()))
    figures: dict[str, float] = {}
    figures["indicator_values"], raw = _timed(lambda: indicator_values(engine, framework, periods=[PERIOD]), 1)
    figures["score"], result = _timed(lambda: score(framework, raw), 3)
    figures["sensitivity_1000"], _ = _timed(
        lambda: rank_sensitivity(framework, result, period=PERIOD, draws=1000, seed=0), 1)
    figures["districts"] = float(raw["region_code"].nunique())
    engine.dispose()
    return figures
