import math
from datetime import datetime

import pytest

from govdash.repository import compute_metrics, records_behind, survey_by_question, survey_by_region
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg


def answer(survey, response, question, score, scale=5, **extra):
    return {"survey_code": survey, "response_code": response, "question_code": question, "score": score,
            "scale_max": scale, **extra}


def seed_answers(seed):
    """东区 2025Q3: three 5-point responses (batch 1) and one 0–10 response (batch 2).

    Rescaled to 0–100: R1 5→100, 3→50 (mean 75); R2 4→75, 4→75 (mean 75); R3 1→0, 2→25 (mean 12.5);
    S1 8→80, 10→100 (mean 90).
    """
    first = seed.answers(answer("WJ", "R1", "Q1", 5), answer("WJ", "R1", "Q2", 3),
                         answer("WJ", "R2", "Q1", 4), answer("WJ", "R2", "Q2", 4),
                         answer("WJ", "R3", "Q1", 1), answer("WJ", "R3", "Q2", 2))
    second = seed.answers(answer("WJ10", "S1", "Q1", 8, 10), answer("WJ10", "S1", "Q2", 10, 10))
    return first, second


def test_survey_score_is_the_mean_rescaled_answer(engine, seed):
    first, second = seed_answers(seed)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), "survey.score")
    # (100 + 50 + 75 + 75 + 0 + 25 + 80 + 100) / 8 = 505 / 8
    assert row["value"] == pytest.approx(63.125)
    assert (row["numerator"], row["denominator"], row["record_count"]) == (505, 8, 8)
    assert row["batch_ids"] == f"{first},{second}"


def test_survey_satisfied_share_uses_each_scale(engine, seed):
    seed_answers(seed)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), "survey.satisfied_share")
    # ≥ 4 of 5: 5, 4, 4; ≥ 8 of 10: 8, 10 → 5 of 8 answers
    assert row["value"] == pytest.approx(62.5)


def test_survey_responses_and_margin_of_error(engine, seed):
    seed_answers(seed)
    result = compute_metrics(engine, periods="2025Q3")
    assert metric_row(result, "survey.responses")["value"] == 4
    # Response means 75, 75, 12.5, 90 (mean 63.125); squared deviations 141.015625 · 2, 2562.890625, 722.265625
    # sum 3567.1875, sample variance / 3 = 1189.0625; margin = 1.96 · sd / √4
    sd = math.sqrt(1189.0625)
    margin = metric_row(result, "survey.margin_of_error")
    assert margin["value"] == pytest.approx(1.96 * sd / 2)
    assert margin["numerator"] == pytest.approx(sd)
    assert margin["denominator"] == 4


def test_survey_single_response_has_no_margin_of_error(engine, seed):
    seed.answers(answer("WJ", "R1", "Q1", 5), region=WEST)
    result = compute_metrics(engine, periods="2025Q3", regions=[WEST])
    assert metric_row(result, "survey.score", region=WEST)["value"] == 100.0
    assert metric_row(result, "survey.responses", region=WEST)["value"] == 1
    assert not has_metric(result, "survey.margin_of_error", region=WEST)
    assert not has_metric(result, "survey.score")  # 东区 has no answers: no row, not 0


def test_survey_year_pools_its_quarters(engine, seed):
    seed_answers(seed)
    seed.answers(answer("WJ", "R9", "Q1", 5, submitted_at=datetime(2025, 3, 1, 9, 0)))
    result = compute_metrics(engine, periods=["2025", "2025Q3"])
    # 2025: the five responses; (505 + 100) / 9 answers
    assert metric_row(result, "survey.responses", period="2025")["value"] == 5
    assert metric_row(result, "survey.score", period="2025")["value"] == pytest.approx(605 / 9)
    assert metric_row(result, "survey.responses", period="2025Q3")["value"] == 4


def test_survey_records_behind_show_rescaled_scores(engine, seed):
    seed_answers(seed)
    records = records_behind(engine, "survey.satisfied_share", region_code=EAST, period="2025Q3")
    assert len(records) == 8
    assert list(records["计入分子"]).count("是") == 5
    assert set(records.loc[records["答卷编号"] == "S1", "得分(0–100)"]) == {80.0, 100.0}


def test_survey_by_region_marks_small_samples(engine, seed):
    seed_answers(seed)
    big = [answer("WJ", f"W{n:02d}", "Q1", 4) for n in range(30)]
    seed.answers(*big, region=WEST)
    frame = survey_by_region(engine, periods="2025Q3").set_index("region_code")
    assert frame.loc[EAST, "responses"] == 4
    assert bool(frame.loc[EAST, "insufficient"]) is True
    assert bool(frame.loc[WEST, "insufficient"]) is False
    assert frame.loc[WEST, "score"] == 75.0
    assert frame.loc[WEST, "margin_of_error"] == 0.0  # every answer the same
    assert frame.loc[EAST, "region_name"] == "东区"


def test_survey_by_question(engine, seed):
    seed_answers(seed)
    frame = survey_by_question(engine, periods="2025Q3").set_index(["survey_code", "question_code"])
    q1 = frame.loc[("WJ", "Q1")]
    # answers 5, 4, 1 → native mean 10 / 3, rescaled (100 + 75 + 0) / 3, 满意 2 of 3
    assert q1["answers"] == 3 and q1["responses"] == 3
    assert q1["mean"] == pytest.approx(10 / 3)
    assert q1["score"] == pytest.approx(175 / 3)
    assert q1["satisfied_share"] == pytest.approx(200 / 3)
    assert bool(q1["insufficient"]) is True
    assert frame.loc[("WJ10", "Q2"), "score"] == 100.0
