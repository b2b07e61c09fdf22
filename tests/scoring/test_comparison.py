"""较上期: the previous period with data of the same granularity, a strict previous period, or a chosen one."""

from __future__ import annotations

import pandas as pd
import pytest

from govdash.scoring import score
from tests.scoring.factories import indicator, make_framework, overall_of, raw_values


def _biennial():
    raw = [raw_values({"A": {"x": 60}, "B": {"x": 80}}, period="2021"),
           raw_values({"A": {"x": 70}, "B": {"x": 75}}, period="2023"),
           raw_values({"A": {"x": 90}, "B": {"x": 70}}, period="2025")]
    return pd.concat(raw, ignore_index=True)


def test_change_of_biennial_years_is_against_the_previous_year_with_data():
    result = score(make_framework({"d": (1, [indicator("x")])}), _biennial())

    a = overall_of(result, "A", "2025")
    # 2024 has no data: 2025 compares with 2023. A: 90 − 70 = +20 points, rank 2 → 1 (+1 place).
    assert (a["compared_with"], a["change"], a["rank_change"]) == ("2023", pytest.approx(20), 1)
    assert overall_of(result, "A", "2023")["compared_with"] == "2021"
    assert overall_of(result, "A", "2021")["compared_with"] is None


def test_strict_previous_rule_leaves_biennial_change_empty():
    framework = make_framework({"d": (1, [indicator("x")])})
    strict = framework.model_copy(update={"framework": framework.framework.model_copy(update={"compare": "previous"})})

    a = overall_of(score(strict, _biennial()), "A", "2025")

    assert a["compared_with"] == "2024"
    assert a["change"] != a["change"]  # NaN: 2024 has no score


def test_chosen_comparison_period_overrides_the_rule():
    result = score(make_framework({"d": (1, [indicator("x")])}), _biennial(), compare_with={"2025": "2021"})

    a = overall_of(result, "A", "2025")
    # 90 − 60 = +30.
    assert (a["compared_with"], a["change"]) == ("2021", pytest.approx(30))


def test_quarters_do_not_stand_in_for_years():
    raw = pd.concat([raw_values({"A": {"x": 50}}, period="2024Q4"), raw_values({"A": {"x": 90}}, period="2025")],
                    ignore_index=True)

    a = overall_of(score(make_framework({"d": (1, [indicator("x")])}), raw), "A", "2025")

    assert a["compared_with"] is None and a["change"] != a["change"]
