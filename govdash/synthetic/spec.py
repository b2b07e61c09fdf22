"""How much data to generate, over which quarters, from which seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govdash.core.periods import period_bounds

DEMO_PERIODS: tuple[str, ...] = tuple(f"{year}Q{q}" for year in (2024, 2025) for q in range(1, 5))


@dataclass(frozen=True)
class SampleSpec:
    """Sizes and seed of a generated data set.

    The defaults are the shipped sample of 示例市; the benchmark raises the counts. Counts are targets:
    record counts drawn from rates (evaluations) land within a fraction of a percent of them.

    Attributes:
        n_districts: districts (区/县) to generate; the first 14 are the named districts of the story.
        periods: quarters, oldest first.
        catalog_entries: distinct catalog entries by the last period (catalogs grow over time).
        service_items: distinct service items over all periods.
        evaluations: 好差评 records over all periods.
        survey_a_per_cell: mean long-form (5-point) responses per district and quarter.
        survey_b_per_cell: mean wide-form (0–10) responses per district and quarter.
        demands: data demands over all periods.
        seed: the one seed every stream derives from.
        evaluation_chunk_rows: evaluations generated per chunk (bounds memory at large sizes).
        export_date: the day the files were exported; nothing after it is recorded.
    """

    n_districts: int = 14
    periods: tuple[str, ...] = DEMO_PERIODS
    catalog_entries: int = 3_080
    service_items: int = 2_060
    evaluations: int = 61_500
    survey_a_per_cell: float = 34.0
    survey_b_per_cell: float = 33.0
    demands: int = 560
    seed: int = 990100
    evaluation_chunk_rows: int = 500_000
    export_date: str = ""

    def __post_init__(self) -> None:
        if self.n_districts < 1:
            raise ValueError("n_districts 至少为 1")
        if not self.periods:
            raise ValueError("periods 不能为空")
        if not self.export_date:
            last_end = period_bounds(self.periods[-1])[1]
            object.__setattr__(self, "export_date", str(np.datetime64(last_end) + np.timedelta64(12, "D")))

    @property
    def n_periods(self) -> int:
        """Number of quarters."""
        return len(self.periods)

    def rng(self, *stream: int) -> np.random.Generator:
        """Return the random generator of one named stream, independent of every other stream.

        Each part of the data draws from its own stream, so that changing how one file is generated does not
        change the others.
        """
        return np.random.default_rng(np.random.SeedSequence([self.seed, *stream]))

    def period_starts(self) -> np.ndarray:
        """First day of each period (datetime64[D])."""
        return np.array([np.datetime64(period_bounds(p)[0]) for p in self.periods])

    def period_ends(self) -> np.ndarray:
        """Last day of each period (datetime64[D])."""
        return np.array([np.datetime64(period_bounds(p)[1]) for p in self.periods])


# Stream identifiers: one per generated table, so that each table's randomness is independent.
STREAM_PROFILES = 1
STREAM_DEPARTMENTS = 2
STREAM_CATALOG = 3
STREAM_DEMANDS = 4
STREAM_SERVICE_ITEMS = 5
STREAM_EVALUATIONS = 6
STREAM_SURVEYS = 7
STREAM_REPORTED = 8
STREAM_RESPONSIBILITIES = 9
