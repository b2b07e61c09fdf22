"""The ranking reads the same on screen, in the XLSX download and in ``govdash score``: rows, ranks and headers.

Each output is built the way a user gets it — the 评估指数 page, the score workbook, the command's CSV and table —
for the demo framework, and compared column by column.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import db
from govdash.domain import labels
from govdash.export.workbook import OVERVIEW_SHEET, score_workbook
from govdash.frameworks import resolve_framework
from govdash.services import indexes
from tests.ui.conftest import AppAt, exceptions

PERIOD = "2025Q4"


def _screen(app_at: AppAt) -> pd.DataFrame:
    at = app_at("pages/index_a.py", framework="digital_gov", period=PERIOD)
    assert exceptions(at) == []
    return next(d.value for d in at.dataframe if labels.RANK in d.value.columns and "综合得分" in d.value.columns)


def _workbook(url: str) -> pd.DataFrame:
    framework = resolve_framework("digital_gov")
    scores = indexes.compute_scores(db.get_engine(url), framework, periods=PERIOD)
    sheet = load_workbook(io.BytesIO(score_workbook(framework, scores, period=PERIOD)))[OVERVIEW_SHEET]
    header, *rows = list(sheet.values)
    return pd.DataFrame(rows, columns=list(header))


def _cli(url: str, *extra: str) -> str:
    result = CliRunner().invoke(app, ["score", "-f", "digital_gov", "-p", PERIOD, "--db", url, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_screen_xlsx_and_cli_show_the_same_ranking_under_the_same_headers(app_at: AppAt, demo_database_url: str):
    dimensions = [d.name for d in resolve_framework("digital_gov").dimensions]
    screen = _screen(app_at)
    sheet = _workbook(demo_database_url)
    csv = pd.read_csv(io.StringIO(_cli(demo_database_url, "--format", "csv")), dtype={labels.REGION_CODE: str})
    terminal_header = _cli(demo_database_url).splitlines()[1].split()

    # The screen leaves out the dimension scores; every other column reads the same, in the same order.
    assert list(sheet.columns) == list(csv.columns) == terminal_header == [*screen.columns, *dimensions]
    assert list(screen.columns)[:4] == [labels.RANK, labels.REGION_CODE, labels.REGION, "综合得分"]
    assert "短板" in screen.columns and labels.MISSING_INDICATORS in screen.columns
    # Same districts in the same order with the same ranks (the unscored last, without a rank).
    order = list(screen[labels.REGION_CODE])
    assert list(sheet[labels.REGION_CODE]) == list(csv[labels.REGION_CODE]) == order
    assert len(order) == len(set(order)) > 10
    ranks = [None if pd.isna(r) else int(r) for r in screen[labels.RANK]]
    assert [None if pd.isna(r) else int(r) for r in sheet[labels.RANK]] == ranks
    assert [None if pd.isna(r) else int(r) for r in csv[labels.RANK]] == ranks
    assert ranks[0] == 1 and None in ranks
    # The same cells: the 短板 text, the status, and the score to full precision.
    for column in ("短板", labels.STATUS, labels.BAND):
        assert list(sheet[column].fillna("")) == list(csv[column].fillna("")) == list(screen[column].fillna(""))
    pd.testing.assert_series_equal(sheet["综合得分"].astype(float), screen["综合得分"].astype(float),
                                   check_names=False, check_index=False)
