"""满意度调查: the metrics of DOMAIN.md §4.4, the answers behind them, and the survey page's tables.

Answers are rescaled to 0–100 before anything is averaged: a 5-point answer x gives (x − 1)/4·100, a 0–10
answer x/10·100. 满意 means ≥ 4 of 5 or ≥ 8 of 10. The score is the mean of the answers; its margin of error
(95 %) treats the respondent as the sampling unit: 1.96·sd/√n over the mean rescaled answer of each response,
n = responses.
Fewer than ``MIN_RESPONSES`` responses is marked 样本不足 (the value still exists).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from govdash.core.models import SurveyAnswer
from govdash.repository._frames import KEYS, Formula, finish_metrics, join_batch_ids, percent
from govdash.repository._records import RecordView, counted, fetch_page, present
from govdash.repository._sql import (
    REGIONS,
    as_float,
    calendar,
    count_if,
    in_subtree,
    member_quarters,
    normalize_periods,
    read_frame,
    table_of,
)
from govdash.repository.materialized import stored_page_table

S = table_of(SurveyAnswer).c
MIN_RESPONSES = 30
Z_95 = 1.96

RESCALED = case((S.scale_max == 10, S.score * 10.0), else_=(S.score - 1.0) * 25.0)
SATISFIED = or_(and_(S.scale_max == 10, S.score >= 8), and_(S.scale_max != 10, S.score >= 4))

FORMULAS: tuple[Formula, ...] = (
    Formula("survey.score", "mean", "score_sum", "answers", "answers"),
    Formula("survey.satisfied_share", "rate", "satisfied", "answers", "answers"),
)
RESPONSES = "survey.responses"
MARGIN = "survey.margin_of_error"

RECORD_VIEWS: dict[str, RecordView] = {
    "survey.score": RecordView(),
    "survey.satisfied_share": RecordView(counts=SATISFIED),
    RESPONSES: RecordView(),
    MARGIN: RecordView(),
}


def answer_aggregates(engine: Engine, periods: Sequence[str],
                      regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): answers, Σ rescaled score and 满意 answers."""
    cal = calendar(periods)
    stmt = (
        select(S.region_code, cal.c.req.label("period"), S.batch_id, func.count().label("answers"),
               as_float(func.sum(RESCALED)).label("score_sum"), count_if(SATISFIED).label("satisfied"))
        .join(cal, S.period == cal.c.member)
        .group_by(S.region_code, cal.c.req, S.batch_id)
    )
    if regions is not None:
        stmt = stmt.where(S.region_code.in_(list(regions)))
    return read_frame(engine, stmt)


def _response_stats(inner: Select, keys: Sequence[str]) -> Select:
    """Count responses and sum their mean answers and squares, by ``keys`` of the per-response ``inner``."""
    sq = inner.subquery("responses")
    group = [sq.c[k] for k in keys]
    return select(*group, func.count().label("responses"), as_float(func.sum(sq.c.mean_score)).label("m_sum"),
                  as_float(func.sum(sq.c.mean_score * sq.c.mean_score)).label("m_sq_sum")).group_by(*group)


def margin_of_error(n: pd.Series, total: pd.Series, squares: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Sample standard deviation and 95 % margin of error of a mean from n, Σx and Σx² (NaN when n < 2)."""
    n = n.astype("float64")
    valid = n >= 2
    variance = (squares - total * total / n) / (n - 1).where(valid)
    sd = np.sqrt(variance.clip(lower=0))
    return sd, Z_95 * sd / np.sqrt(n.where(valid))


def response_aggregates(engine: Engine, periods: Sequence[str],
                        regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period): distinct responses and Σ, Σ² of each response's mean rescaled answer."""
    cal = calendar(periods)
    inner = (
        select(S.region_code, cal.c.req.label("period"), func.avg(RESCALED).label("mean_score"))
        .join(cal, S.period == cal.c.member)
        .group_by(S.region_code, cal.c.req, S.survey_code, S.response_code)
    )
    if regions is not None:
        inner = inner.where(S.region_code.in_(list(regions)))
    return read_frame(engine, _response_stats(inner, KEYS))


def survey_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                   metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ``survey.*`` metric per region and period, with provenance.

    For the margin of error, ``numerator`` is the standard deviation and ``denominator`` the responses.
    """
    answers = answer_aggregates(engine, periods, regions)
    formulas = [f for f in FORMULAS if metrics is None or f.metric in metrics]
    frames = [finish_metrics(answers, formulas)]
    if answers.empty or (metrics is not None and not {RESPONSES, MARGIN} & set(metrics)):
        return frames[0]
    stats = response_aggregates(engine, periods, regions)
    sd, moe = margin_of_error(stats["responses"], stats["m_sum"], stats["m_sq_sum"])
    totals = answers.groupby(KEYS)["answers"].sum().rename("record_count")
    stats = stats.join(totals, on=KEYS).join(join_batch_ids(answers, KEYS), on=KEYS)
    for metric, value, numerator in ((RESPONSES, stats["responses"], stats["responses"]), (MARGIN, moe, sd)):
        if metrics is None or metric in metrics:
            frames.append(stats.assign(metric=metric, value=value.astype("float64"), numerator=numerator,
                                       denominator=np.nan if metric == RESPONSES else stats["responses"]))
    combined = pd.concat(frames, ignore_index=True)
    combined = combined[combined["value"].notna()]
    return combined[frames[0].columns].astype({"record_count": "int64"}).reset_index(drop=True)


def survey_records(engine: Engine, metric: str, *, region_code: str, period: str,
                   limit: int = 500) -> pd.DataFrame:
    """Return the answers behind a ``survey.*`` metric of one region and period, with their 0–100 score."""
    view = RECORD_VIEWS[metric]
    columns = [S.survey_code, S.response_code, S.region_code, S.question_code, S.question_text, S.score,
               S.scale_max, RESCALED.label("rescaled"), S.submitted_at, S.period, S.batch_id]
    order = [S.survey_code, S.response_code, S.question_code]
    columns, order = counted(columns, order, view.counts)
    stmt = (select(*columns).where(in_subtree(S.region_code, region_code), S.period.in_(member_quarters([period])))
            .order_by(*order))
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "surveys").rename(columns={"rescaled": "得分(0–100)"})
    shown.attrs = frame.attrs
    return shown


def _survey_filter(stmt: Select, periods: str | Iterable[str] | None, region_code: str | None) -> Select:
    wanted = normalize_periods(periods)
    if wanted is not None:
        stmt = stmt.where(S.period.in_(member_quarters(wanted)))
    if region_code is not None:
        stmt = stmt.where(in_subtree(S.region_code, region_code))
    return stmt


def _finish_stats(frame: pd.DataFrame, n_column: str) -> pd.DataFrame:
    sd, moe = margin_of_error(frame[n_column], frame["m_sum"], frame["m_sq_sum"])
    frame["score"] = frame["m_sum"] / frame[n_column].where(frame[n_column] > 0)
    frame["margin_of_error"] = moe
    frame["insufficient"] = frame["responses"] < MIN_RESPONSES
    return frame.drop(columns=["m_sum", "m_sq_sum"])


@stored_page_table("survey_by_region", source="survey")
def survey_by_region(engine: Engine, *, periods: str | Iterable[str] | None = None,
                     region_code: str | None = None) -> pd.DataFrame:
    """Per district over the periods asked: responses, answers, score, 满意 share, margin of error, 样本不足.

    Here ``score`` is the mean over responses of their mean answer (the basis of the margin of error).
    """
    inner = _survey_filter(
        select(S.region_code, func.avg(RESCALED).label("mean_score"))
        .group_by(S.region_code, S.survey_code, S.response_code), periods, region_code)
    stats = read_frame(engine, _response_stats(inner, ["region_code"]))
    shares = read_frame(engine, _survey_filter(
        select(S.region_code, REGIONS.c.name.label("region_name"), func.count().label("answers"),
               count_if(SATISFIED).label("satisfied"))
        .join(REGIONS, REGIONS.c.code == S.region_code).group_by(S.region_code, REGIONS.c.name),
        periods, region_code))
    frame = shares.merge(stats, on="region_code")
    frame["satisfied_share"] = percent(frame["satisfied"], frame["answers"])
    return _finish_stats(frame, "responses").sort_values("region_code").reset_index(drop=True)


@stored_page_table("survey_by_question", source="survey")
def survey_by_question(engine: Engine, *, periods: str | Iterable[str] | None = None,
                       region_code: str | None = None) -> pd.DataFrame:
    """Summarize each question of each questionnaire over the periods asked.

    Columns: survey_code, question_code, question_text, scale_max, answers, responses, mean (native scale),
    satisfied, satisfied_share, score (0–100), margin_of_error (over the answers to that question),
    insufficient.
    """
    stmt = _survey_filter(
        select(S.survey_code, S.question_code, func.max(S.question_text).label("question_text"),
               func.max(S.scale_max).label("scale_max"), func.count().label("answers"),
               func.count(func.distinct(S.response_code)).label("responses"),
               as_float(func.avg(S.score)).label("mean"), as_float(func.sum(RESCALED)).label("m_sum"),
               as_float(func.sum(RESCALED * RESCALED)).label("m_sq_sum"),
               count_if(SATISFIED).label("satisfied"))
        .group_by(S.survey_code, S.question_code).order_by(S.survey_code, S.question_code),
        periods, region_code)
    frame = read_frame(engine, stmt)
    frame["satisfied_share"] = percent(frame["satisfied"], frame["answers"])
    return _finish_stats(frame, "answers")
