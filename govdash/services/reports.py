"""Report cards from the database: one Word file per district, for the CLI (``govdash report``) and the pages.

Scores are read once per framework (stored after each import), the 好差评 figures and batches once per period;
only the charts are drawn per district, all in the one kaleido browser of the process.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from govdash.boundaries.store import active_boundaries, has_boundary_tables
from govdash.charts.maps import make_region_map_figure
from govdash.core.config import get_settings
from govdash.core.periods import format_period
from govdash.domain import format as fmt
from govdash.export.docx import CHART_PX
from govdash.export.png import figure_png, start_renderer
from govdash.export.report_docx import report_card_docx
from govdash.frameworks import Framework, scan_frameworks
from govdash.report.report_card import CardInputs, ReportCard, build_report_card
from govdash.repository import batch_info, compute_metrics
from govdash.repository.peers import peer_groups
from govdash.services import stored_scores
from govdash.services.briefing import BriefingError, check_scope, evaluation_summary
from govdash.services.demo import is_sample_loaded

HEALTH_FRAMEWORK = "district_health"
COVERAGE = "evaluation.coverage_rate"
BATCH_COLUMNS = {"batch_id": "批次号", "kind_label": "数据类型", "file_name": "文件名", "uploader": "上传人",
                 "created_at": "上传时间", "periods": "涉及期间", "status_label": "状态", "rows_written": "写入行数"}


def batch_table(engine: Engine, scores: Sequence[pd.DataFrame], period: str) -> pd.DataFrame:
    """Return the upload batches behind the indicator values of ``period`` in ``scores``, with Chinese headers."""
    ids = [b for frame in scores for b in frame.loc[frame["period"] == period, "batch_ids"].dropna()]
    frame = batch_info(engine, ",".join(str(b) for b in ids))
    frame = frame[list(BATCH_COLUMNS)].rename(columns=BATCH_COLUMNS)
    frame["上传时间"] = frame["上传时间"].map(fmt.local_time)
    frame["写入行数"] = frame["写入行数"].map(fmt.count)
    return frame


def card_inputs(engine: Engine, framework: Framework, *, period: str) -> CardInputs:
    """Read what every district's card of one period needs; raise ``BriefingError`` when the period has nothing."""
    scores = stored_scores.scores(engine, framework)
    check_scope(framework, scores, period=period, region_code=None)
    health = None
    if framework.code == HEALTH_FRAMEWORK:
        health = (framework, scores)
    else:
        frameworks, _errors = scan_frameworks(get_settings().frameworks_dir)
        if HEALTH_FRAMEWORK in frameworks:
            health = (frameworks[HEALTH_FRAMEWORK], stored_scores.scores(engine, frameworks[HEALTH_FRAMEWORK]))
    frames = [scores.indicators] + ([health[1].indicators] if health else [])
    boundaries = active_boundaries(engine) if has_boundary_tables(engine) else None
    period_overall = scores.overall[scores.overall["period"] == period]

    def map_figure(region_code: str, _period: str) -> go.Figure:
        return make_region_map_figure(period_overall, framework, boundaries=boundaries, region_code=region_code)

    return CardInputs(framework=framework, scores=scores, period=period, map_figure=map_figure,
                      evaluations=evaluation_summary(engine, period=period),
                      batches=batch_table(engine, frames, period), peers=peer_groups(engine), health=health,
                      coverage=compute_metrics(engine, periods=period, metrics=[COVERAGE]),
                      sample=is_sample_loaded(engine))


def district_codes_of(inputs: CardInputs, region_code: str | None = None) -> list[str]:
    """Return the districts to report on: ``region_code`` (checked), else every district of the period."""
    check_scope(inputs.framework, inputs.scores, period=inputs.period, region_code=region_code)
    if region_code is not None:
        return [region_code]
    overall = inputs.scores.overall
    return sorted(overall.loc[overall["period"] == inputs.period, "region_code"].astype(str))


def render_card(card: ReportCard) -> bytes:
    """Draw the card's charts and return its .docx bytes."""
    width, height = CHART_PX
    return report_card_docx(card, [figure_png(c.figure, width=width, height=height) for c in card.charts])


def card_file_name(region_code: str, region_name: str, period: str) -> str:
    """Name a card's file: 990106_新港区_2025年第4季度_成绩单.docx (no path separators, whatever the name)."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", region_name)
    return f"{region_code}_{name}_{format_period(period)}_成绩单.docx"


def file_name(card: ReportCard) -> str:
    """Name a card's file (see ``card_file_name``)."""
    return card_file_name(card.region_code, card.region_name, card.period)


@dataclass(frozen=True)
class ReportFile:
    """One written card: its file name and bytes."""

    name: str
    content: bytes


def report_files(inputs: CardInputs, region_codes: Sequence[str]) -> Iterator[ReportFile]:
    """Yield each district's card as a file, drawing its charts in the shared browser."""
    start_renderer()
    for code in region_codes:
        card = build_report_card(inputs, code)
        yield ReportFile(file_name(card), render_card(card))


def report_file(engine: Engine, framework: Framework, *, period: str, region_code: str) -> ReportFile:
    """Return one district's report card."""
    start_renderer()  # chromium starts while the scores are read
    inputs = card_inputs(engine, framework, period=period)
    return next(report_files(inputs, district_codes_of(inputs, region_code)))


def write_reports(engine: Engine, framework: Framework, *, period: str, out_dir: Path,
                  region_code: str | None = None) -> list[Path]:
    """Write the report card of one district, or of every district of the period, into ``out_dir``."""
    start_renderer()
    inputs = card_inputs(engine, framework, period=period)
    written = []
    for report in report_files(inputs, district_codes_of(inputs, region_code)):
        path = out_dir / report.name
        path.write_bytes(report.content)
        written.append(path)
    return written


def reports_zip(engine: Engine, framework: Framework, *, period: str) -> bytes:
    """Return every district's report card of the period in one .zip."""
    start_renderer()
    inputs = card_inputs(engine, framework, period=period)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in report_files(inputs, district_codes_of(inputs)):
            archive.writestr(report.name, report.content)
    return buffer.getvalue()


__all__ = ["BriefingError", "ReportFile", "card_inputs", "report_file", "reports_zip", "write_reports"]
