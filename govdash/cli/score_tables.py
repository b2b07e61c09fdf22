"""Tables the score commands print: scores as 85.3, changes as +3.1 and ↑2, Chinese headers, CSV and JSON."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import pandas as pd
import typer

from govdash.cli.data_commands import format_table
from govdash.domain import labels
from govdash.frameworks import Framework
from govdash.report.tables import ranking_table
from govdash.scoring import STATUS_ESTIMATED, STATUS_INSUFFICIENT

ESTIMATED_MARK = "*"
MISSING = "—"


class OutputFormat(StrEnum):
    """How a command prints its table."""

    table = "table"
    csv = "csv"
    json = "json"


def _absent(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def text(value: Any) -> str:
    """Show a label, or a dash when there is none."""
    return MISSING if _absent(value) else str(value)


def points(value: Any, signed: bool = False) -> str:
    """Show a score as 85.3 (a change as +3.1 or -2.0), a dash when missing."""
    if _absent(value):
        return MISSING
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def places(value: Any) -> str:
    """Show a change of rank: ↑2 (moved up), ↓1, 持平."""
    if _absent(value):
        return MISSING
    return f"↑{int(value)}" if value > 0 else f"↓{-int(value)}" if value < 0 else "持平"


def rank(value: Any, of: Any = None) -> str:
    """Show a rank as 3 or 3/14."""
    if _absent(value):
        return MISSING
    return f"{int(value)}/{int(of)}" if of else str(int(value))


def raw_value(value: Any, unit: str) -> str:
    """Show a raw value with its unit: 8 件, 70.80 %, 239,605 次 (a 0/1 flag without its unit)."""
    if _absent(value):
        return MISSING
    if abs(value) >= 1000:
        number = f"{value:,.0f}"
    else:
        number = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    return number if unit in ("", "0/1") else f"{number} {unit}"


def share(value: Any) -> str:
    """Show a weight share as 25%."""
    return MISSING if _absent(value) else f"{100 * value:.0f}%"


def clean(value: Any) -> Any:
    """Make a scalar JSON-ready: NaN and NA become null, numpy scalars plain numbers."""
    if isinstance(value, list | tuple):
        return list(value)
    if _absent(value):
        return None
    return value.item() if hasattr(value, "item") else value


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as JSON-ready dictionaries."""
    return [{str(k): clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def emit(frame: pd.DataFrame, output: OutputFormat, *, records: list[dict[str, Any]] | None = None,
         title: str | None = None, notes: list[str] | None = None) -> None:
    """Print a display frame as an aligned table (with title and notes) or as CSV, or ``records`` as JSON."""
    if output is OutputFormat.json:
        typer.echo(json.dumps(records if records is not None else records_of(frame), ensure_ascii=False, indent=2))
        return
    if output is OutputFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
        return
    if title:
        typer.echo(title)
    typer.echo(format_table(frame.fillna(MISSING).astype(str).values.tolist(), list(frame.columns)))
    for note in notes or []:
        typer.echo(note)


def score_rows(framework: Framework, overall: pd.DataFrame, dimensions: pd.DataFrame) -> pd.DataFrame:
    """Overall rows in rank order (unscored last) with a score and a status column per dimension."""
    scores = dimensions.pivot(index="region_code", columns="dimension", values="score")
    status = dimensions.pivot(index="region_code", columns="dimension", values="status")
    ordered = overall.sort_values(["rank", "region_code"], na_position="last").reset_index(drop=True)
    for dim in framework.dimensions:
        ordered[f"score:{dim.code}"] = ordered["region_code"].map(scores[dim.code])
        ordered[f"status:{dim.code}"] = ordered["region_code"].map(status[dim.code])
    return ordered


def _dimension_cell(score: float, status: str) -> str:
    if status == STATUS_INSUFFICIENT:
        return STATUS_INSUFFICIENT
    return points(score) + (ESTIMATED_MARK if status == STATUS_ESTIMATED else "")


def score_display(framework: Framework, overall: pd.DataFrame, dimensions: pd.DataFrame, *,
                  csv: bool) -> pd.DataFrame:
    """Return the ranking with dimension scores (``govdash.report.tables``): numbers for CSV, text for the terminal.

    The terminal shows a rank as 3/14, scores to 0.1 point, a change as +3.1 and ↑2, and marks an estimated
    dimension score with ``*``.
    """
    table = ranking_table(framework, overall, dimensions)
    if csv:
        return table
    ordered = overall.sort_values(["rank", "region_code"], na_position="last").reset_index(drop=True)
    status = dimensions.pivot(index="region_code", columns="dimension", values="status")
    score = labels.score_label(framework)
    shown = table.astype(object)
    shown[labels.RANK] = [rank(r, n) for r, n in zip(ordered["rank"], ordered["ranked_count"], strict=True)]
    shown[score] = table[score].map(points)
    shown[labels.CHANGE] = table[labels.CHANGE].map(lambda v: points(v, signed=True))
    shown[labels.RANK_CHANGE] = table[labels.RANK_CHANGE].map(places)
    for dim in framework.dimensions:
        states = ordered["region_code"].map(status[dim.code]) if dim.code in status else [None] * len(ordered)
        shown[dim.name] = [_dimension_cell(s, t) for s, t in zip(table[dim.name], states, strict=True)]
    return shown


def score_records(framework: Framework, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Score rows as JSON records, dimension scores nested by dimension code."""
    records = []
    for row in rows.to_dict("records"):
        record = {key: clean(row[key]) for key in ("region_code", "region_name", "period", "score", "band", "rank",
                                                     "change", "rank_change", "status", "weak_spots",
                                                     "missing_indicators")}
        record["imputed_indicators"] = clean(row.get("imputed_indicators"))
        record["dimensions"] = {d.code: {"score": clean(row[f"score:{d.code}"]), "status": row[f"status:{d.code}"]}
                                for d in framework.dimensions}
        record["band_class"] = clean(row.get("band_class"))
        record["veto"] = clean(row.get("veto"))
        records.append(record)
    return records


def explain_display(tree: pd.DataFrame) -> pd.DataFrame:
    """Render the indicator tree as terminal text: dimension rows, then their indicators indented."""
    rows = []
    for item in tree.to_dict("records"):
        is_dim = item["level"] == "dimension"
        weight = share(item["weight"])
        if not is_dim and abs(item["effective_weight"] - item["weight"]) > 1e-9:
            weight += f"→{share(item['effective_weight'])}"
        note = "、".join(x for x in (item["status"], item["flag"], item["note"]) if isinstance(x, str) and x)
        rows.append({
            "维度/指标": item["name"] if is_dim else f"  {item['name']}",
            "原始值": "" if is_dim else raw_value(item["raw"], item["unit"] or "")
            + ("(估算)" if item.get("imputed") is True else ""),
            "得分": points(item["score"]),
            "权重": weight,
            "贡献(维度分)": "" if is_dim else points(item["contribution"]),
            "贡献(指数分)": points(item["index_contribution"]),
            "来源": "" if is_dim else item["provenance"],
            "批次": "" if is_dim else text(item["batch_ids"]),
            "记录数": "" if is_dim else rank(item["record_count"]),
            "说明": note,
        })
    return pd.DataFrame(rows)


def rule_notes(tree: pd.DataFrame) -> list[str]:
    """One line per indicator saying how it is scored (the rule applied), for the notes under the tree."""
    rows = tree[tree["level"] == "indicator"]
    return ["计分规则:"] + [f"  {name}:{rule}" for name, rule in zip(rows["name"], rows["rule"], strict=True)]


def sensitivity_display(table: pd.DataFrame, score_label: str, *, csv: bool) -> pd.DataFrame:
    """Nominal rank, score, median rank and the rank interval, with Chinese headers."""
    shown = pd.DataFrame({
        "名义排名": table["rank"],
        labels.REGION_CODE: table["region_code"],
        labels.REGION: table["region_name"],
        score_label: table["score"] if csv else table["score"].map(points),
        "中位排名": table["median_rank"] if csv else table["median_rank"].map(lambda v: f"{v:g}"),
    })
    if csv:
        shown["排名下限(5%)"] = table["rank_low"]
        shown["排名上限(95%)"] = table["rank_high"]
    else:
        shown["排名区间"] = [f"{lo}–{hi}" if lo != hi else str(lo)
                         for lo, hi in zip(table["rank_low"], table["rank_high"], strict=True)]
    return shown
