"""A half-year reported for in a file appears in the sidebar and its pages score it."""

from __future__ import annotations

import shutil
from pathlib import Path

from govdash.core import db
from govdash.services.imports import import_file
from tests.ui.conftest import exceptions, open_app


def test_sidebar_offers_a_reported_half_year_and_the_index_page_scores_it(demo_database_file: Path, tmp_path: Path,
                                                                           use_database):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_database_file, copy)
    url = use_database(copy)
    sheet = "区县代码,期间,指标,数值\n990102,2025H2,cloud_adoption_rate,88\n".encode()
    result = import_file(db.get_engine(url), "reported", sheet, file_name="half.csv")
    assert result.status == "imported", result.report.to_frame()

    at = open_app("pages/index_a.py", period="2025H2", framework="digital_gov")

    assert exceptions(at) == []
    period = at.sidebar.selectbox(key="filter_period")
    assert "2025H2" in period.options or "2025年下半年" in period.options
    assert period.value == "2025H2"
    assert "2025年下半年" in at.title[0].value or any("2025年下半年" in c.value for c in at.caption)
