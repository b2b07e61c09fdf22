"""Statutory working days: China's holiday calendar (``chinesecalendar``) under the administrator's overrides.

One small interface for everything that counts working days (the 差评 整改期限, DOMAIN.md §4.3):
``WorkdayCalendar`` says which dates are working days and finds the N-th working day after each of many dates,
vectorised. The package knows the State Council's 放假安排 with its 调休 (a Sunday worked before 春节) for the
years it was released for; a date marked in ``workday_override`` (休 or 班) wins over it. A year that neither
covers is counted by weekends only, and the callers say so (``uncovered_years``), never silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from chinese_calendar import constants as _package

PACKAGE_NAME = "chinesecalendar"
SOURCE_OVERRIDE, SOURCE_PACKAGE, SOURCE_WEEKEND = "override", "package", "weekend"


@lru_cache(maxsize=1)
def package_years() -> range:
    """Return the years the holiday package covers (it raises NotImplementedError outside them)."""
    years = [d.year for d in _package.holidays]
    return range(min(years), max(years) + 1)


@lru_cache(maxsize=1)
def _package_dates() -> tuple[np.ndarray, np.ndarray]:
    holidays = np.array(sorted(_package.holidays), dtype="datetime64[D]")
    workdays = np.array(sorted(_package.workdays), dtype="datetime64[D]")
    return holidays, workdays


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE_NAME)
    except PackageNotFoundError:  # pragma: no cover - installed with govdash
        return "unknown"


@dataclass(frozen=True)
class WorkdayCalendar:
    """Working days from the package, with ``overrides`` (date -> is a working day) taking precedence."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def covered_years(self) -> set[int]:
        """Years whose holidays are known: the package's, and any year the overrides mark dates in."""
        return set(package_years()) | {d.year for d in self.overrides}

    def uncovered_years(self, years: Iterable[int]) -> list[int]:
        """Those of ``years`` counted by weekends only, sorted."""
        covered = self.covered_years()
        return sorted({int(y) for y in years} - covered)

    def digest(self) -> str:
        """Hash of what the calendar says: the package's version and every override."""
        marks = ",".join(f"{d.isoformat()}={int(w)}" for d, w in sorted(self.overrides.items()))
        return hashlib.sha256(f"{PACKAGE_NAME} {_package_version()};{marks}".encode()).hexdigest()

    def days(self, first: date, last: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every date from ``first`` to ``last``: the dates, whether each is a working day, and its source."""
        days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
        working = np.is_busday(days)
        source = np.full(days.shape, SOURCE_WEEKEND, dtype=object)
        years = days.astype("datetime64[Y]").astype(int) + 1970
        known = np.isin(years, list(package_years()))
        holidays, workdays = _package_dates()
        working[np.isin(days, holidays)] = False
        working[np.isin(days, workdays)] = True
        source[known] = SOURCE_PACKAGE
        if self.overrides:
            marked = np.array(list(self.overrides), dtype="datetime64[D]")
            flags = np.array(list(self.overrides.values()), dtype=bool)
            where = np.searchsorted(days, marked)
            inside = (where < len(days)) & (days[np.minimum(where, len(days) - 1)] == marked)
            working[where[inside]] = flags[inside]
            source[where[inside]] = SOURCE_OVERRIDE
        return days, working, source

    def nth_workday_after(self, dates: np.ndarray, n: int | np.ndarray) -> np.ndarray:
        """Return the ``n``-th working day after each date, as ``datetime64[D]`` (the next working day is the first).

        A 差评 given on a Saturday has the Monday as its first working day, as 国办发〔2019〕51号 counts from the
        day after the evaluation. ``n`` is one count for all dates or one per date (each at least 1).
        """
        dates = np.asarray(dates, dtype="datetime64[D]")
        if dates.size == 0:
            return dates
        first, last = dates.min(), dates.max()
        # n working days never span more than twice as many calendar days plus a golden week.
        end = last + np.timedelta64(2 * int(np.max(n)) + 30, "D")
        days, working, _source = self.days(first.astype(date), end.astype(date))
        workdays = days[working]
        index = np.searchsorted(workdays, dates, side="right") + n - 1
        return workdays[index]
