"""满意度调查: questionnaire A (5-point, long export) and questionnaire B (0–10, wide export).

Every respondent has one overall satisfaction drawn around the district's mean; their answers to the questions
scatter around it, so answers of one response correlate as they do in real surveys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.synthetic.profiles import FEW_SURVEYS, lerp_level
from govdash.synthetic.spec import STREAM_SURVEYS, SampleSpec
from govdash.synthetic.texts import SURVEY_A_CODE, SURVEY_A_QUESTIONS, SURVEY_B_CODE, SURVEY_B_QUESTIONS

MIN_RESPONSES = 30  # below this a district's quarter is marked 样本不足
_A_OFFSETS = np.array([0.0, -0.1, -0.2, 0.15, 0.0])
_B_OFFSETS = np.array([0.0, -0.4, -0.2, -0.3, 0.1])


def _responses_per_cell(spec: SampleSpec, districts: pd.DataFrame, mean: float,
                        rng: np.random.Generator) -> np.ndarray:
    """Responses per district and quarter.

    With a mean of 30 or more every cell gets at least 30 (enough for a score), except the district that
    deliberately reaches too few people; a smaller mean (large benchmark sets) draws freely.
    """
    shape = (len(districts), spec.n_periods)
    floor = MIN_RESPONSES if mean >= MIN_RESPONSES else 0
    counts = floor + rng.poisson(mean - floor, shape)
    few = (districts["role"] == FEW_SURVEYS).to_numpy()
    counts[few] = 4 + rng.poisson(4.0, (int(few.sum()), spec.n_periods))
    return counts


def _respondents(spec: SampleSpec, districts: pd.DataFrame, counts: np.ndarray, prefix: str,
                 rng: np.random.Generator) -> pd.DataFrame:
    """One row per response: district, quarter, submission time and response code (in time order)."""
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    district, q = np.divmod(cell, spec.n_periods)
    starts, ends = spec.period_starts()[q], spec.period_ends()[q]
    day = starts + np.floor(rng.random(len(cell)) * ((ends - starts).astype(int) + 1)).astype("timedelta64[D]")
    minute = (8 * 60 + np.floor(rng.random(len(cell)) * 14 * 60)).astype("timedelta64[m]")
    frame = pd.DataFrame({"district": district, "q": q, "submitted_at": day.astype("datetime64[m]") + minute,
                          "region_code": districts["code"].to_numpy()[district]})
    frame = frame.sort_values(["submitted_at", "region_code"], kind="stable", ignore_index=True)
    frame["response_code"] = [f"{prefix}{i + 1:07d}" for i in range(len(frame))]
    return frame


def _answers(mean: np.ndarray, offsets: np.ndarray, spread: float, noise: float, low: int, high: int,
             rng: np.random.Generator) -> np.ndarray:
    person = mean + rng.normal(0.0, spread, len(mean))
    raw = person[:, None] + offsets[None, :] + rng.normal(0.0, noise, (len(mean), len(offsets)))
    return np.clip(np.round(raw), low, high).astype(int)


def survey_long(spec: SampleSpec, districts: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """Questionnaire A in long form: one row per answer, 5-point Likert."""
    rng = spec.rng(STREAM_SURVEYS, 1)
    people = _respondents(spec, districts, _responses_per_cell(spec, districts, spec.survey_a_per_cell, rng),
                          "A", rng)
    mean = lerp_level(levels[people["district"], people["q"]], 3.3, 4.55)
    scores = _answers(mean, _A_OFFSETS, 0.55, 0.55, 1, 5, rng)
    n_q = len(SURVEY_A_QUESTIONS)
    frame = people.loc[people.index.repeat(n_q)].reset_index(drop=True)
    frame.insert(0, "survey_code", SURVEY_A_CODE)
    frame["question_code"] = np.tile([c for c, _ in SURVEY_A_QUESTIONS], len(people))
    frame["question_text"] = np.tile([t for _, t in SURVEY_A_QUESTIONS], len(people))
    frame["score"] = scores.ravel()
    frame["scale_max"] = 5
    return frame


def survey_wide(spec: SampleSpec, districts: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """Questionnaire B as exported: one row per response, one column per question (``Q1`` ...), 0–10."""
    rng = spec.rng(STREAM_SURVEYS, 2)
    people = _respondents(spec, districts, _responses_per_cell(spec, districts, spec.survey_b_per_cell, rng),
                          "B", rng)
    mean = lerp_level(levels[people["district"], people["q"]], 6.0, 9.1)
    scores = _answers(mean, _B_OFFSETS, 1.0, 0.9, 0, 10, rng)
    frame = people.copy()
    frame.insert(0, "survey_code", SURVEY_B_CODE)
    frame["scale_max"] = 10
    for j, (code, _text) in enumerate(SURVEY_B_QUESTIONS):
        frame[code] = scores[:, j]
    return frame
