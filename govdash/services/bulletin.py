"""The monthly 通报 of one month: its quarter's stored scores and warning hits read, worded, and laid out as Word."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from govdash.core.periods import quarter_of
from govdash.export.bulletin_docx import bulletin_docx
from govdash.export.docx import CHART_PX
from govdash.export.png import figure_png, start_renderer
from govdash.frameworks import Framework
from govdash.report.bulletin import Bulletin, bulletin_charts, make_bulletin, previous_month
from govdash.repository import evaluation_trend
from govdash.services import stored_scores
from govdash.services.alerts import warning_hits
from govdash.services.briefing import check_scope
from govdash.services.demo import is_sample_loaded


def build_bulletin(engine: Engine, framework: Framework, *, month: date) -> Bulletin:
    """Read and word the 通报 of one month (raises ``BriefingError`` when its quarter has no scores)."""
    period, before_period = quarter_of(month), quarter_of(previous_month(month))
    scores = stored_scores.scores(engine, framework)
    check_scope(framework, scores, period=period, region_code=None)
    overall = scores.overall[scores.overall["period"] == period]
    hits = warning_hits(engine, period=period)
    earlier = hits if before_period == period else warning_hits(engine, period=before_period)
    trend = evaluation_trend(engine, periods=sorted({period, before_period}))
    return make_bulletin(framework, month=month, overall=overall, hits=hits, earlier_hits=earlier, trend=trend,
                         sample=is_sample_loaded(engine))


def bulletin_file(engine: Engine, framework: Framework, *, month: date) -> bytes:
    """Return the 通报 of one month as .docx bytes, charts drawn in the shared browser."""
    start_renderer()
    bulletin = build_bulletin(engine, framework, month=month)
    width, height = CHART_PX
    images = [(caption, figure_png(fig, width=width, height=height))  # type: ignore[arg-type]
              for caption, fig in bulletin_charts(bulletin)]
    return bulletin_docx(bulletin, images)
