"""The ranking table: one period's scores as the screen, the XLSX export and the CLI show them.

One builder gives all three the same rows in the same order under the same Chinese headers; each only decides how
a cell is drawn (a progress bar on screen, an Excel number format, ``85.3`` and ``↑2`` in a terminal). Numbers keep
their full precision.
"""

from __future__ import annotations

import pandas as pd

from govdash.domain import labels
from govdash.frameworks import Framework

SCORE_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0.0"

#: ``frame.attrs[NUMBER_FORMATS]`` maps column names to Excel number formats (``"0.0"``): the cells keep the full
#: value, the spreadsheet shows it rounded (``govdash.export.xlsx`` applies them).
NUMBER_FORMATS = "number_formats"


def has_band_classes(framework: Framework) -> bool:
    """Tell whether the framework splits a band into rating classes (the table then shows 细分等级)."""
    return any(b.classes for b in framework.bands)


def has_veto(framework: Framework) -> bool:
    """Tell whether an indicator of the framework can veto a band (the table then shows 一票否决)."""
    return any(i.adjust is not None and i.adjust.kind == "veto" for _d, i in framework.indicators)


def shows_imputed(framework: Framework, overall: pd.DataFrame) -> bool:
    """Tell whether the table shows 估算指标: the framework imputes and the rows say how much."""
    return framework.method.imputation.method != "none" and "imputed_indicators" in overall.columns


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _text(values: pd.Series) -> list[str | None]:
    return [v if isinstance(v, str) and v else None for v in values]


def _weak_spots(framework: Framework, frame: pd.DataFrame) -> list[str | None]:
    names = {d.code: d.name for d in framework.dimensions}
    return ["、".join(names.get(c, c) for c in codes) or None for codes in frame["weak_spots"]]


def ranking_table(framework: Framework, overall: pd.DataFrame,
                  dimensions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the ranking of one period: best first, the unscored (数据不足) last in code order.

    Args:
        framework: the framework scored; it names the score, the weak-spot flag, the dimensions.
        overall: the period's overall rows as ``govdash.scoring`` returns them.
        dimensions: the period's dimension rows; when given, each dimension's score follows, headed by its name.

    Returns:
        排名, 区县代码, 区县, the score, 等级, 细分等级 (when bands have classes), 较上期(分), 排名变化, 状态,
        一票否决 (when an indicator can veto), the weak-spot flag, 缺失指标, 估算指标 (when the framework imputes),
        then the dimension scores. Empty text cells are None, so each output draws them its own way.
    """
    frame = overall.sort_values(["rank", "region_code"], na_position="last").reset_index(drop=True)
    score = labels.score_label(framework)
    table = pd.DataFrame({
        labels.RANK: frame["rank"].astype("Int64"),
        labels.REGION_CODE: frame["region_code"].astype(str),
        labels.REGION: frame["region_name"],
        score: pd.to_numeric(frame["score"], errors="coerce"),
        labels.BAND: _text(frame["band"]),
        labels.BAND_CLASS: _text(_column(frame, "band_class")),
        labels.CHANGE: pd.to_numeric(frame["change"], errors="coerce"),
        labels.RANK_CHANGE: frame["rank_change"].astype("Int64"),
        labels.STATUS: frame["status"],
        labels.VETO: _text(_column(frame, "veto")),
        labels.weak_spot_label(framework): _weak_spots(framework, frame),
        labels.MISSING_INDICATORS: frame["missing_indicators"].astype("Int64"),
    })
    if not has_band_classes(framework):
        table = table.drop(columns=labels.BAND_CLASS)
    if not has_veto(framework):
        table = table.drop(columns=labels.VETO)
    if shows_imputed(framework, frame):
        table[labels.IMPUTED_INDICATORS] = frame["imputed_indicators"].astype("Int64")
    formats = {score: SCORE_FORMAT, labels.CHANGE: CHANGE_FORMAT}
    if dimensions is not None:
        wide = dimensions.pivot_table(index="region_code", columns="dimension", values="score", aggfunc="first")
        for dim in framework.dimensions:
            column = wide[dim.code] if dim.code in wide.columns else pd.Series(dtype=float)
            table[dim.name] = pd.to_numeric(frame["region_code"].map(column), errors="coerce")
            formats[dim.name] = SCORE_FORMAT
    table.attrs[NUMBER_FORMATS] = formats
    return table
