"""Briefing files from the database: the PPTX deck and the score workbook, as the CLI and the pages ask for them.

This is the glue between the repository (scores, 好差评 figures, whether the sample is loaded) and the pure
builders (``govdash.report.slides``, ``govdash.export``); it refuses, in Chinese, what cannot make a useful file.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.boundaries.store import active_boundaries
from govdash.core.periods import format_period, is_quarter
from govdash.export.png import start_renderer
from govdash.export.pptx import briefing_pptx
from govdash.export.workbook import score_workbook
from govdash.frameworks import Framework
from govdash.report.disparity import disparity_trend
from govdash.report.slides import Slide, build_deck, footer_text
from govdash.repository import evaluation_breakdown
from govdash.scoring import ScoreResult
from govdash.services.demo import is_sample_loaded
from govdash.services.indexes import compute_scores
from govdash.services.stored_scores import scores as all_period_scores


class BriefingError(ValueError):
    """The briefing cannot be made: no scores for the period, or an unknown district."""


def checked_scores(engine: Engine, framework: Framework, *, period: str,
                   region_code: str | None = None) -> ScoreResult:
    """Score one period, and refuse a period without scores or a code that is not a scored district.

    The same quarter a year earlier is scored too, for the findings that compare with it.
    """
    asked = [period, f"{int(period[:4]) - 1}{period[4:]}"] if is_quarter(period) else [period]
    scores = compute_scores(engine, framework, periods=asked)
    check_scope(framework, scores, period=period, region_code=region_code)
    return scores


def check_scope(framework: Framework, scores: ScoreResult, *, period: str, region_code: str | None) -> None:
    """Raise ``BriefingError`` when ``scores`` has no district for ``period`` or lacks ``region_code``."""
    codes = set(scores.overall.loc[scores.overall["period"] == period, "region_code"])
    if not codes:
        raise BriefingError(f"{format_period(period)}没有可用于“{framework.name}”的数据,请先导入数据。")
    if region_code is not None and region_code not in codes:
        raise BriefingError(f"区县代码 {region_code} 不存在,或{format_period(period)}没有它的数据。")


def evaluation_summary(engine: Engine, *, period: str) -> pd.DataFrame:
    """Return the 好差评 outcome counts and rates per district for one period (empty when none)."""
    return evaluation_breakdown(engine, by="region", periods=period)


def load_deck(engine: Engine, framework: Framework, *, period: str, region_code: str | None = None) -> list[Slide]:
    """Return the briefing's slides for one period and scope, read from the database."""
    scores = checked_scores(engine, framework, period=period, region_code=region_code)
    return build_deck(framework, scores, period=period, region_code=region_code,
                      evaluations=evaluation_summary(engine, period=period), sample=is_sample_loaded(engine),
                      with_map=True, boundaries=active_boundaries(engine),
                      disparity=disparity_summary(engine, framework, period=period))


def disparity_summary(engine: Engine, framework: Framework, *, period: str) -> pd.DataFrame:
    """Return the regional difference of the index for the periods up to ``period`` (its trend on the slide).

    Read from the scores stored after each import (every period), else scored afresh.
    """
    return disparity_trend(all_period_scores(engine, framework), period)


def briefing_file(engine: Engine, framework: Framework, *, period: str,
                  region_code: str | None = None) -> tuple[bytes, int]:
    """Return the PPTX briefing of one period and scope, and its number of slides."""
    start_renderer()  # chromium starts in the background while the scores are computed
    deck = load_deck(engine, framework, period=period, region_code=region_code)
    return briefing_pptx(deck, footer=footer_text(framework, period)), len(deck)


def score_workbook_file(engine: Engine, framework: Framework, *, period: str,
                        region_code: str | None = None) -> bytes:
    """Return the XLSX of one period's score tables (all districts, or one)."""
    scores = checked_scores(engine, framework, period=period, region_code=region_code)
    return score_workbook(framework, scores, period=period, region_code=region_code)
