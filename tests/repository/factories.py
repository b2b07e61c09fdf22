"""Small hand-made datasets written straight into the tables, one ``UploadBatch`` per batch.

The import pipeline is not used here, so that a metric test fails only when the metric is wrong. Each ``Seed``
method fills in the columns a test does not care about.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from govdash.core.models import (
    CatalogEntry,
    DataDemand,
    DataResponsibility,
    Department,
    Evaluation,
    Region,
    ReportedValue,
    ServiceItem,
    SurveyAnswer,
    UploadBatch,
)
from govdash.core.periods import quarter_of

CITY, EAST, WEST = "990100", "990101", "990102"


class Seed:
    """Writes rows for a test; every ``add_*`` call is one upload batch and returns its id."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._counter = 0

    def _write(self, model: type, kind: str, rows: list[dict[str, Any]]) -> int:
        with self.engine.begin() as conn:
            batch_id = conn.execute(insert(UploadBatch).values(
                kind=kind, file_name=f"{kind}.csv", sha256=f"{kind}-{len(rows)}-{id(rows)}",
                rows_written=len(rows))).inserted_primary_key[0]
            # An executemany takes its columns from the first row: give every row the same keys.
            keys = {key for row in rows for key in row}
            if rows:
                conn.execute(insert(model), [{**dict.fromkeys(keys), **row, "batch_id": batch_id} for row in rows])
        return int(batch_id)

    def _next(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:05d}"

    def regions(self) -> int:
        rows = [{"code": CITY, "name": "示例市", "level": "city", "parent_code": None},
                {"code": EAST, "name": "东区", "level": "district", "parent_code": CITY},
                {"code": WEST, "name": "西区", "level": "district", "parent_code": CITY}]
        return self._write(Region, "regions", rows)

    def items(self, *rows: dict[str, Any], period: str = "2025Q3", region: str = EAST) -> int:
        defaults = {"period": period, "name": "事项", "department": "市场监管局", "region_code": region,
                    "online_depth": 1, "visits": 2, "legal_days": None, "promised_days": None, "instant": False,
                    "mobile": False, "volume": 0, "online_volume": 0}
        return self._write(ServiceItem, "service-items",
                           [{**defaults, "code": self._next("SX"), **row} for row in rows])

    def evaluations(self, *rows: dict[str, Any], region: str = EAST) -> int:
        full = []
        for row in rows:
            at = row.get("evaluated_at", datetime(2025, 8, 1, 10, 0))
            full.append({"eval_no": self._next("HP"), "region_code": region, "channel": "pc", "rating": 5,
                         "evaluated_at": at, "period": quarter_of(at), "month": at.strftime("%Y-%m"), **row})
        return self._write(Evaluation, "evaluations", full)

    def answers(self, *rows: dict[str, Any], region: str = EAST) -> int:
        full = []
        for row in rows:
            at = row.get("submitted_at", datetime(2025, 8, 1, 9, 0))
            full.append({"survey_code": "WJ", "region_code": region, "question_code": "Q1", "scale_max": 5,
                         "submitted_at": at, "period": quarter_of(at), **row})
        return self._write(SurveyAnswer, "surveys", full)

    def catalog(self, *rows: dict[str, Any], period: str = "2025Q3", region: str = EAST) -> int:
        defaults = {"period": period, "name": "资源", "department": "数据局", "region_code": region,
                    "share_type": "none", "open_type": "none", "update_cycle": "irregular", "call_count": 0,
                    "on_negative_list": False}
        return self._write(CatalogEntry, "catalog",
                           [{**defaults, "code": self._next("ML"), **row} for row in rows])

    def demands(self, *rows: dict[str, Any], region: str = EAST) -> int:
        defaults = {"region_code": region, "department": "民政局", "applied_on": date(2025, 7, 1),
                    "status": "pending"}
        return self._write(DataDemand, "demands",
                           [{**defaults, "demand_no": self._next("XQ"), **row} for row in rows])

    def departments(self, *names: str, region: str = EAST) -> int:
        return self._write(Department, "departments", [{"region_code": region, "name": n} for n in names])

    def responsibilities(self, *departments: str, region: str = EAST) -> int:
        rows = [{"region_code": region, "catalog_code": self._next("ML"), "department": d} for d in departments]
        return self._write(DataResponsibility, "responsibilities", rows)

    def reported(self, *rows: dict[str, Any]) -> int:
        return self._write(ReportedValue, "reported", [{"region_code": EAST, "unit": None, **row} for row in rows])


def metric_row(frame, metric: str, *, region: str = EAST, period: str = "2025Q3"):
    """The single row of ``frame`` for a metric, region and period (fails when there is none or several)."""
    rows = frame[(frame["metric"] == metric) & (frame["region_code"] == region) & (frame["period"] == period)]
    assert len(rows) == 1, f"expected one row for {metric} {region} {period}, got {len(rows)}"
    return rows.iloc[0]


def has_metric(frame, metric: str, *, region: str = EAST, period: str = "2025Q3") -> bool:
    """Tell whether ``frame`` has a value for the metric, region and period."""
    wanted = (frame["metric"] == metric) & (frame["region_code"] == region) & (frame["period"] == period)
    return bool(wanted.any())
