"""The score workbook: one period's scores as XLSX — an overview, one sheet per dimension, and the method.

Numbers stay numbers, unrounded, so that a reader can sort and sum them and recompute an index exactly; Excel
number formats show them rounded (scores to 0.1 point, raw values to 0.01). Every text cell goes through the shared
writer, which makes formula-like text inert.
"""

from __future__ import annotations

import pandas as pd

from govdash.core.periods import parse_period
from govdash.domain import labels
from govdash.export.xlsx import workbook_bytes
from govdash.frameworks import Dimension, Framework
from govdash.report.methodology import indicator_table, method_notes
from govdash.report.tables import NUMBER_FORMATS, SCORE_FORMAT, ranking_table
from govdash.scoring import ScoreResult

OVERVIEW_SHEET = "总览"
METHOD_SHEET = "方法说明"
INDICATOR_SHEET = "指标与权重"


def _of_period(frame: pd.DataFrame, period: str, region_code: str | None) -> pd.DataFrame:
    rows = frame[frame["period"] == period]
    if region_code is not None:
        rows = rows[rows["region_code"] == region_code]
    return rows


RAW_FORMAT = "#,##0.00"


def _number(values: pd.Series) -> pd.Series:
    """Return the values as floats at full precision (the sheet's number format rounds them for display)."""
    return pd.to_numeric(values, errors="coerce")


def overview_sheet(framework: Framework, scores: ScoreResult, period: str,
                   region_code: str | None = None) -> pd.DataFrame:
    """Return the ranking with every dimension's score: one row per district, best first (see ``ranking_table``)."""
    return ranking_table(framework, _of_period(scores.overall, period, region_code),
                         _of_period(scores.dimensions, period, region_code))


def dimension_sheet(dimension: Dimension, scores: ScoreResult, period: str,
                    region_code: str | None = None) -> pd.DataFrame:
    """Return one row per district for one dimension: its score and each indicator's raw value and score."""
    dims = _of_period(scores.dimensions, period, region_code)
    dims = dims[dims["dimension"] == dimension.code].sort_values(["score", "region_code"],
                                                                    ascending=[False, True])
    names = {i.code: i.name for i in dimension.indicators}
    table = pd.DataFrame({
        labels.REGION_CODE: dims["region_code"].to_numpy(),
        labels.REGION: dims["region_name"].to_numpy(),
        "维度得分": _number(dims["score"]).to_numpy(),
        labels.STATUS: dims["status"].to_numpy(),
        "权重覆盖率(%)": _number(100 * dims["coverage"]).to_numpy(),
        "拖累最大的指标": dims["worst_indicator"].map(lambda c: names.get(c, c) if isinstance(c, str) else "")
        .to_numpy(),
    })
    values = _of_period(scores.indicators, period, region_code)
    values = values[values["dimension"] == dimension.code].set_index(["region_code", "indicator_code"])
    formats = {"维度得分": SCORE_FORMAT, "权重覆盖率(%)": SCORE_FORMAT}
    estimated: list[list[str]] = [[] for _ in range(len(table))]
    for indicator in dimension.indicators:
        unit = f"({indicator.unit})" if indicator.unit and indicator.unit != "0/1" else ""
        keys = list(zip(table[labels.REGION_CODE], [indicator.code] * len(table), strict=True))
        rows = values.reindex(keys)
        table[f"{indicator.name}{unit}"] = _number(rows["raw"]).to_numpy()
        table[f"{indicator.name} 得分"] = _number(rows["normalized"]).to_numpy()
        formats.update({f"{indicator.name}{unit}": RAW_FORMAT, f"{indicator.name} 得分": SCORE_FORMAT})
        if "imputed" in rows.columns:
            for names_of_row, flag in zip(estimated, rows["imputed"].fillna(False).to_numpy(), strict=True):
                if flag:
                    names_of_row.append(indicator.name)
    if any(estimated):
        table["估算(原始值为估计值)"] = ["、".join(n) for n in estimated]
    table.attrs[NUMBER_FORMATS] = formats
    return table


def score_sheets(framework: Framework, scores: ScoreResult, *, period: str,
                 region_code: str | None = None) -> dict[str, pd.DataFrame]:
    """Return the workbook's sheets by name: 总览, one per dimension (named by it), 方法说明, 指标与权重."""
    period = parse_period(period)
    sheets = {OVERVIEW_SHEET: overview_sheet(framework, scores, period, region_code)}
    for dimension in framework.dimensions:
        sheets[dimension.name] = dimension_sheet(dimension, scores, period, region_code)
    notes = method_notes(framework, scores.aggregation, period=period)
    sheets[METHOD_SHEET] = pd.DataFrame(notes, columns=["项目", "说明"])
    sheets[INDICATOR_SHEET] = indicator_table(framework, scores)
    return sheets


def score_workbook(framework: Framework, scores: ScoreResult, *, period: str,
                   region_code: str | None = None) -> bytes:
    """Return the XLSX of one period's scores (all districts, or one when ``region_code`` is given)."""
    return workbook_bytes(score_sheets(framework, scores, period=period, region_code=region_code))
