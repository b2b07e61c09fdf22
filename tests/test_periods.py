"""Periods: quarters, half-years and years parsed, bounded, ordered, labelled and compared."""

from __future__ import annotations

import re
from datetime import date

import pytest

from govdash.core.periods import (
    format_period,
    parse_period,
    period_bounds,
    period_sort_key,
    previous_available,
    previous_period,
    quarters_of,
)


@pytest.mark.parametrize(("text", "period"), [
    ("2025H1", "2025H1"), ("2025h2", "2025H2"), ("2025年上半年", "2025H1"), ("2025年下半年", "2025H2"),
    ("2025 H1", "2025H1"), ("2025Q3", "2025Q3"), ("2025年第3季度", "2025Q3"), ("2025", "2025"), ("2025年", "2025"),
])
def test_parse_period_accepts_half_years_beside_quarters_and_years(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["2025H3", "2025H0", "2025Q5", "25H1"])
def test_parse_period_refuses_what_is_no_period(text):
    with pytest.raises(ValueError, match=re.escape("应为 2025、2025H1(上半年)或 2025Q3")):
        parse_period(text)


def test_half_year_bounds_quarters_label_and_previous():
    assert period_bounds("2025H1") == (date(2025, 1, 1), date(2025, 6, 30))
    assert period_bounds("2025H2") == (date(2025, 7, 1), date(2025, 12, 31))
    assert quarters_of("2025H2") == ["2025Q3", "2025Q4"]
    assert quarters_of("2025") == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert (format_period("2025H1"), format_period("2025H2")) == ("2025年上半年", "2025年下半年")
    assert (previous_period("2025H1"), previous_period("2025H2")) == ("2024H2", "2025H1")


def test_periods_sort_in_time_each_after_its_last_quarter():
    shuffled = ["2025", "2025H2", "2025Q4", "2025Q1", "2025H1", "2025Q2", "2025Q3", "2024"]

    assert sorted(shuffled, key=period_sort_key) == [
        "2024", "2025Q1", "2025Q2", "2025H1", "2025Q3", "2025Q4", "2025H2", "2025"]


def test_previous_available_skips_periods_without_data_and_other_granularities():
    # Biennial data: 2025 is compared with 2023 (2024 has none); quarters and half-years do not count for a year.
    assert previous_available("2025", ["2021", "2023", "2024Q4", "2024H2", "2025"]) == "2023"
    assert previous_available("2025Q1", ["2024Q3", "2024", "2025Q2"]) == "2024Q3"
    assert previous_available("2025H1", ["2024H1", "2024Q4"]) == "2024H1"
    assert previous_available("2021", ["2023"]) is None
