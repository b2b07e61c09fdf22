"""政务服务"好差评": the metrics of DOMAIN.md §4.3 and the evaluations behind them.

Evaluations are events: a quarter holds the evaluations made in it, a year the evaluations of its quarters.
好评 = rating ≥ 4, 差评 = rating ≤ 2 (``govdash.domain.vocab``). Whether a 差评 was rectified on time is fixed at import
(N statutory working days, ``govdash.repository.workdays``), so the queries only count it. A 差评 found 不属实 or
恶意 with the department's appeal upheld is counted apart (``UNFOUNDED``) and left out of 差评率.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine

from govdash.core.models import Evaluation
from govdash.domain import vocab
from govdash.repository import aggregates, evaluation_coverage, service_items
from govdash.repository._frames import KEYS, Formula, finish_metrics
from govdash.repository._records import RecordView, counted, fetch_page, present
from govdash.repository._sql import calendar, count_if, in_subtree, member_quarters, read_frame, table_of

E = table_of(Evaluation).c
GOOD = E.rating >= vocab.GOOD_RATING_MIN
BAD = E.rating <= vocab.BAD_RATING_MAX
RECTIFIED = E.rectified_at.is_not(None)
ON_TIME = E.rectified_on_time.is_(True)
CALLED_BACK = E.callback_at.is_not(None)
ACTIVE = or_(E.is_default.is_(None), E.is_default.is_(False))
# Blank verification or appeal is "not unfounded", never NULL, so that NOT UNFOUNDED holds for it.
UNFOUNDED = and_(func.coalesce(E.verification, "").in_(vocab.UNFOUNDED_VERIFICATIONS),
                 func.coalesce(E.appeal_result, "") == "upheld")
REAL_NAME = E.real_name.is_(True)

COVERAGE = "evaluation.coverage_rate"
ACTIVE_RATE = "evaluation.active_rate"
FORMULAS: tuple[Formula, ...] = (
    Formula("evaluation.count", "total", "evaluations", None, "evaluations"),
    Formula("evaluation.good_rate", "rate", "good", "evaluations", "evaluations"),
    Formula("evaluation.bad_rate", "rate", "bad_counted", "evaluations_counted", "evaluations"),
    Formula("evaluation.bad_unfounded_count", "total", "bad_unfounded", None, "bad"),
    Formula("evaluation.bad_rectify_rate", "rate", "bad_rectified", "bad", "bad"),
    Formula("evaluation.bad_ontime_rate", "rate", "bad_on_time", "bad", "bad"),
    Formula("evaluation.callback_rate", "rate", "bad_called_back", "bad", "bad"),
    Formula("evaluation.real_name_callback_rate", "rate", "bad_real_name_called_back", "bad_real_name",
            "bad_real_name"),
    Formula(COVERAGE, "rate", "evaluations", "volume", "coverage_records"),
    Formula(ACTIVE_RATE, "rate", "active", "volume", "coverage_records"),
)

RECORD_VIEWS: dict[str, RecordView] = {
    "evaluation.count": RecordView(),
    "evaluation.good_rate": RecordView(counts=GOOD),
    "evaluation.bad_rate": RecordView(counts=and_(BAD, ~UNFOUNDED)),
    "evaluation.bad_unfounded_count": RecordView(base=BAD, counts=UNFOUNDED),
    "evaluation.bad_rectify_rate": RecordView(base=BAD, counts=RECTIFIED),
    "evaluation.bad_ontime_rate": RecordView(base=BAD, counts=and_(RECTIFIED, ON_TIME)),
    "evaluation.callback_rate": RecordView(base=BAD, counts=CALLED_BACK),
    "evaluation.real_name_callback_rate": RecordView(base=and_(BAD, REAL_NAME), counts=CALLED_BACK),
    COVERAGE: RecordView(),
    ACTIVE_RATE: RecordView(counts=ACTIVE),
}


def outcome_counts() -> list:
    """Return the conditional counts every 好差评 aggregation reports, labelled."""
    return [
        func.count().label("evaluations"),
        count_if(GOOD).label("good"),
        count_if(BAD).label("bad"),
        count_if(and_(BAD, RECTIFIED)).label("bad_rectified"),
        count_if(and_(BAD, RECTIFIED, ON_TIME)).label("bad_on_time"),
        count_if(and_(BAD, CALLED_BACK)).label("bad_called_back"),
        count_if(ACTIVE).label("active"),
        count_if(and_(BAD, UNFOUNDED)).label("bad_unfounded"),
        count_if(and_(BAD, REAL_NAME)).label("bad_real_name"),
        count_if(and_(BAD, REAL_NAME, CALLED_BACK)).label("bad_real_name_called_back"),
    ]


def evaluation_aggregates(engine: Engine, periods: Sequence[str],
                          regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): evaluations, 好评, 差评 and how the 差评 were handled.

    Read from the pre-aggregated ``evaluation_tally`` when it is current, else from the records.
    """
    if aggregates.tally_is_current(engine):
        return tally_aggregates(engine, periods, regions)
    return record_aggregates(engine, periods, regions)


def tally_aggregates(engine: Engine, periods: Sequence[str],
                     regions: Sequence[str] | None = None) -> pd.DataFrame:
    """``evaluation_aggregates`` summed from ``evaluation_tally`` (a year adds up its quarters)."""
    cal = calendar(periods)
    t = aggregates.TALLY.c
    stmt = (
        select(t.region_code, cal.c.req.label("period"), t.batch_id,
               *(func.sum(t[name]).label(name) for name in aggregates.TALLY_COUNTS))
        .join(cal, t.period == cal.c.member)
        .group_by(t.region_code, cal.c.req, t.batch_id)
    )
    if regions is not None:
        stmt = stmt.where(t.region_code.in_(list(regions)))
    return read_frame(engine, stmt)


def record_aggregates(engine: Engine, periods: Sequence[str],
                      regions: Sequence[str] | None = None) -> pd.DataFrame:
    """``evaluation_aggregates`` grouped from the evaluation records themselves."""
    cal = calendar(periods)
    stmt = (
        select(E.region_code, cal.c.req.label("period"), E.batch_id, *outcome_counts())
        .select_from(table_of(Evaluation))
        .join(cal, E.period == cal.c.member)
        .group_by(E.region_code, cal.c.req, E.batch_id)
    )
    if regions is not None:
        stmt = stmt.where(E.region_code.in_(list(regions)))
    return read_frame(engine, stmt)


def evaluation_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                       metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ``evaluation.*`` metric per region and period, with provenance.

    评价覆盖率 divides the evaluations by the 办件量 of the same region and period (service items, summed over the
    year's quarterly snapshots for a year); it has a value only where both exist. 事项覆盖度 and 部门覆盖度 come
    from ``govdash.repository.evaluation_coverage``.
    """
    formulas = [f for f in FORMULAS if metrics is None or f.metric in metrics]
    agg = evaluation_aggregates(engine, periods, regions)
    agg = agg.assign(bad_counted=agg["bad"] - agg["bad_unfounded"],
                     evaluations_counted=agg["evaluations"] - agg["bad_unfounded"])
    coverage = [m for m in evaluation_coverage.COVERAGE_METRICS if metrics is None or m in metrics]
    extra = evaluation_coverage.coverage_metrics(engine, periods, regions, agg, coverage) if coverage else []
    if any(f.metric in (COVERAGE, ACTIVE_RATE) for f in formulas):
        volumes = service_items.volume_aggregates(engine, periods, regions)
        volumes = volumes[[*KEYS, "batch_id", "volume_items", "volume"]]
        with_evaluations = agg[KEYS].drop_duplicates()
        volumes = volumes.merge(with_evaluations, on=KEYS)
        agg = pd.concat([agg, volumes], ignore_index=True).fillna(0)
        agg["coverage_records"] = agg["evaluations"] + agg["volume_items"]
    else:
        agg = agg.assign(volume=0, coverage_records=0)
    result = finish_metrics(agg, formulas)
    extra = [frame[result.columns] for frame in extra if not frame.empty]
    return pd.concat([result, *extra], ignore_index=True) if extra else result


def evaluation_records(engine: Engine, metric: str, *, region_code: str, period: str,
                       limit: int = 500) -> pd.DataFrame:
    """Return the evaluations behind an ``evaluation.*`` metric of one region and period (comments masked)."""
    if metric in evaluation_coverage.COVERAGE_METRICS:
        return evaluation_coverage.coverage_records(engine, metric, region_code=region_code, period=period,
                                                    limit=limit)
    view = RECORD_VIEWS[metric]
    columns = [E.eval_no, E.region_code, E.item_code, E.department, E.channel, E.rating, E.real_name,
               E.evaluated_at, E.comment, E.rectify_deadline, E.rectified_at, E.rectified_on_time,
               E.callback_at, E.is_default, E.verification, E.appeal_result, E.supervised, E.period, E.batch_id]
    order = [E.evaluated_at, E.eval_no]
    columns, order = counted(columns, order, view.counts)
    stmt = (select(*columns).where(in_subtree(E.region_code, region_code), E.period.in_(member_quarters([period])))
            .order_by(*order))
    if view.base is not None:
        stmt = stmt.where(view.base)
    frame = fetch_page(engine, stmt, limit=limit)
    labels: dict[str, Mapping[Any, str]] = {"channel": vocab.CHANNEL_LABELS, "rating": vocab.RATING_LABELS,
                                            "verification": vocab.VERIFICATION_LABELS,
                                            "appeal_result": vocab.APPEAL_LABELS}
    shown = present(frame, "evaluations", labels,
                    flags=("real_name", "rectified_on_time", "is_default", "supervised"))
    shown.attrs = frame.attrs
    return shown
