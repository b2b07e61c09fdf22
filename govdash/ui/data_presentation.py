"""Cached loaders of 汇报模式: the deck of a framework, period and scope, and its PPTX."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.core import db
from govdash.export.pptx import briefing_pptx
from govdash.report.disparity import disparity_trend
from govdash.report.slides import PlannedSlide, Slide, footer_text, plan_deck
from govdash.services import briefing
from govdash.ui import data


@st.cache_data(ttl=data.CACHE_TTL, show_spinner=False)
def _evaluations(url: str, period: str) -> pd.DataFrame:
    return briefing.evaluation_summary(db.get_engine(url), period=period)


def _plan(url: str, framework_code: str, period: str, region_code: str | None) -> list[PlannedSlide]:
    framework = data.framework(framework_code)
    scores = data.scores(framework_code)  # every period: findings compare with earlier ones
    briefing.check_scope(framework, scores, period=period, region_code=region_code)
    return plan_deck(framework, scores, period=period, region_code=region_code,
                     evaluations=_evaluations(url, period), sample=data.sample_loaded(), with_map=True,
                     boundaries=data.boundaries(), disparity=disparity_trend(scores, period))


@st.cache_data(ttl=data.CACHE_TTL, show_spinner=False)
def _titles(url: str, framework_code: str, period: str, region_code: str | None) -> list[str]:
    return [planned.title for planned in _plan(url, framework_code, period, region_code)]


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在准备这一页……")
def _slide(url: str, framework_code: str, period: str, region_code: str | None, number: int) -> Slide:
    return _plan(url, framework_code, period, region_code)[number - 1].build()


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在准备汇报材料……")
def _deck(url: str, framework_code: str, period: str, region_code: str | None) -> list[Slide]:
    return [planned.build() for planned in _plan(url, framework_code, period, region_code)]


def slide_titles(framework_code: str, period: str, region_code: str | None) -> list[str]:
    """Return the titles of the slides, in order (raises ``BriefingError`` when there is nothing to brief on)."""
    return _titles(data.database_url(), framework_code, period, region_code)


def slide(framework_code: str, period: str, region_code: str | None, number: int) -> Slide:
    """Return slide ``number`` (from 1), drawn on its own: the others are drawn when they are shown."""
    return _slide(data.database_url(), framework_code, period, region_code, number)


def deck(framework_code: str, period: str, region_code: str | None) -> list[Slide]:
    """Return every slide of one framework, period and scope (raises ``BriefingError`` when there is nothing)."""
    return _deck(data.database_url(), framework_code, period, region_code)


def pptx_bytes(framework_code: str, period: str, region_code: str | None) -> bytes:
    """Return the PPTX briefing of the same slides (built on demand: it draws every chart)."""
    slides = deck(framework_code, period, region_code)
    return briefing_pptx(slides, footer=footer_text(data.framework(framework_code), period))
