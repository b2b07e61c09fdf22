"""Downloaded files are named once: the validation report of 好差评.csv is 校验报告_好差评.csv, not ….csv.csv."""

from __future__ import annotations

import pytest

from govdash.ui.upload_flow import report_name
from govdash.ui.widgets import file_stem


@pytest.mark.parametrize(("upload", "expected"), [
    ("好差评2025Q4.csv", "校验报告_好差评2025Q4"), ("事项.XLSX", "校验报告_事项"),
    ("evaluations.csv.gz", "校验报告_evaluations"), ("清单.v2.csv", "校验报告_清单.v2"), (None, "校验报告_上传文件"),
    (".csv", "校验报告_上传文件"),
])
def test_report_name_drops_the_upload_extension(upload, expected):
    assert report_name(upload) == expected
    assert not f"{file_stem(report_name(upload))}.csv".endswith((".csv.csv", ".xlsx.csv", ".gz.csv"))
