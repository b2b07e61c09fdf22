"""Reported values outside an indicator's declared range are refused with row, column, value and the range."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govdash.core import config
from tests.ingest.conftest import csv_bytes, rows_of

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"

RATIO_INDICATOR = """
[[dimensions.indicators]]
code = "window_praise_ratio"
name = "窗口好评比"
unit = "比值"
lo = 0
hi = 1
range = [0, 1]
source = "reported"

[[dimensions.indicators]]
code = "window_staff"
name = "窗口人员数"
unit = "人"
lo = 0
hi = 50
max = 200
source = "reported"
"""


@pytest.fixture
def ratio_framework(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped frameworks, digital_gov with a 0–1 ratio and a head count capped at 200 added to readiness.

    The head count declares only ``max``; its lower bound 0 comes from its unit 人.
    """
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(FRAMEWORKS / "district_health.toml", folder)
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    cut = text.index("[[dimensions]]", text.index("[[dimensions]]") + 1)  # the end of readiness, the first
    (folder / "digital_gov.toml").write_text(text[:cut] + RATIO_INDICATOR + "\n" + text[cut:], encoding="utf-8")
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(folder))
    config.get_settings.cache_clear()


def _errors(result) -> list[tuple[int | None, str | None, str | None, str]]:
    return [(i.row, i.column, i.value, i.message) for i in result.report.errors]


def test_import_reported_ratio_above_its_declared_range_is_an_error(regions, import_bytes, engine, ratio_framework):
    rows = ["990101,2025Q4,窗口好评比,0.93", "990102,2025Q4,window_praise_ratio,1.2", "990101,2025Q4,窗口人员数,260"]

    result = import_bytes("reported", csv_bytes("区县代码,期间,指标,数值", rows))

    assert result.status == "rejected"
    # Excel rows: the header is row 1, so the second data row is row 3.
    assert _errors(result) == [
        (3, "数值", "1.2", "数值超出“窗口好评比”的取值范围 0–1 比值(评估框架中声明的范围;请核对是否写错了单位或小数点)"),
        (4, "数值", "260", "数值超出“窗口人员数”的取值范围 0–200 人(评估框架中声明的范围;请核对是否写错了单位或小数点)"),
    ]
    assert rows_of(engine, "reported_value") == []


def test_import_reported_values_at_the_bounds_are_kept_unclipped(regions, import_bytes, engine, ratio_framework):
    rows = ["990101,2025Q4,窗口好评比,1", "990102,2025Q4,窗口好评比,0", "990101,2025Q4,cloud_adoption_rate,100",
            "990102,2025Q4,cloud_adoption_rate,0.5"]

    result = import_bytes("reported", csv_bytes("区县代码,期间,指标,数值", rows))

    assert result.status == "imported", _errors(result)
    assert sorted(r["value"] for r in rows_of(engine, "reported_value")) == [0.0, 0.5, 1.0, 100.0]


@pytest.mark.parametrize(("row", "shown"), [
    ("990101,2025,cloud_adoption_rate,120", "数值超出“政务系统上云率”的取值范围 0–100 %"),
    ("990101,2025,cloud_adoption_rate,-0.1", "数值超出“政务系统上云率”的取值范围 0–100 %"),
    ("990101,2025,plan_documents,-1", "数值超出“专项规划与政策文件”的取值范围 ≥ 0 件"),
])
def test_import_reported_default_ranges_by_unit(regions, import_bytes, row, shown):
    result = import_bytes("reported", csv_bytes("区县代码,期间,指标,数值", [row]))

    assert result.status == "rejected"
    assert [(i.row, i.column) for i in result.report.errors if i.message.startswith(shown)] == [(2, "数值")]


def test_import_reported_for_a_half_year(regions, import_bytes, engine):
    rows = ["990101,2025年上半年,cloud_adoption_rate,80", "990102,2025H2,cloud_adoption_rate,85"]

    result = import_bytes("reported", csv_bytes("区县代码,期间,指标,数值", rows))

    assert result.status == "imported", _errors(result)
    assert result.periods == ["2025H1", "2025H2"]
    assert sorted(r["period"] for r in rows_of(engine, "reported_value")) == ["2025H1", "2025H2"]
