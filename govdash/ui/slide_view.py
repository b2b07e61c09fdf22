"""Drawing one slide of the briefing on the page, in large type, laid out as the PPTX lays it out."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import streamlit as st

from govdash.report.slides import Card, Slide
from govdash.ui.widgets import chart, png_download

# Large type for a projector: titles, subtitles, bullets and cards, scoped to this page's own classes.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 3.2rem;}
.gd-title {font-size: clamp(1.7rem, 4.4vh, 2.8rem); font-weight: 700; line-height: 1.2; margin: 0 0 .2rem 0;
           color: #1f2937;}
.gd-subtitle {font-size: clamp(1rem, 2.2vh, 1.4rem); color: #6b7280; margin-bottom: .6rem;}
.gd-cover {padding: 8vh 0 4vh 0; border-top: 6px solid #1f5fa8; margin-top: 1rem;}
.gd-cover .gd-title {font-size: clamp(2.2rem, 6vh, 3.6rem); margin-top: 1.5rem;}
.gd-cover .gd-subtitle {font-size: clamp(1.2rem, 2.8vh, 1.7rem);}
.gd-bullets {padding-left: 1.4rem; margin-top: .3rem;}
.gd-bullets li {font-size: clamp(1.05rem, 2.5vh, 1.5rem) !important; line-height: 1.5 !important;
                color: #1f2937; margin-bottom: .5rem !important;}
.gd-note {font-size: clamp(.8rem, 1.6vh, 1rem); color: #6b7280; margin-top: .4rem;}
.gd-card {border: 1px solid #e5e7eb; border-left: 8px solid var(--band); border-radius: 8px;
          padding: .5rem .8rem; margin-bottom: .6rem; min-height: 15vh; background: #fff;}
.gd-card.flagged {border-width: 2px 2px 2px 8px; border-color: var(--band);}
.gd-card .name {font-size: clamp(1rem, 2.1vh, 1.3rem); font-weight: 700; color: #1f2937;}
.gd-card .score {font-size: clamp(1.3rem, 3.2vh, 2rem); font-weight: 700; color: var(--band); line-height: 1.25;}
.gd-card .band {font-size: clamp(.9rem, 1.9vh, 1.15rem); font-weight: 600; color: var(--band); margin-left: .5rem;}
.gd-card .line {font-size: clamp(.8rem, 1.7vh, 1rem); color: #374151; line-height: 1.35;}
/* The controls stay on screen whatever the slide holds: fixed to the bottom, the slide leaves room for them. */
.st-key-presentation_controls {position: fixed; bottom: 0; left: 0; right: 0; z-index: 99; background: #fff;
                               padding: .4rem 4rem; border-top: 1px solid #e5e7eb;}
[data-testid="stMainBlockContainer"] {padding-bottom: 5rem;}
</style>
"""
CARDS_PER_ROW = 5
#: Pixels: 720 less the header, title, subtitle, PNG button and the fixed controls.
SCREEN_CHART_HEIGHT = 390


def _html(markup: str) -> None:
    st.markdown(markup, unsafe_allow_html=True)


def _bullets(lines: tuple[str, ...]) -> None:
    if lines:
        _html('<ul class="gd-bullets">' + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")


def _card_html(card: Card) -> str:
    band = f'<span class="band">{escape(card.label)}</span>' if card.label else ""
    lines = "".join(f'<div class="line">{escape(line)}</div>' for line in card.lines)
    flagged = " flagged" if card.flagged else ""
    return (f'<div class="gd-card{flagged}" style="--band: {escape(card.color)}">'
            f'<div class="name">{escape(card.title)}</div>'
            f'<div><span class="score">{escape(card.value)}</span>{band}</div>{lines}</div>')


def _cards(cards: tuple[Card, ...]) -> None:
    per_row = CARDS_PER_ROW if len(cards) > 2 else 2
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start:start + per_row], strict=False):
            with column:
                _html(_card_html(card))


def _heading(slide: Slide) -> None:
    _html(f'<div class="gd-title">{escape(slide.title)}</div>')
    if slide.subtitle:
        _html(f'<div class="gd-subtitle">{escape(slide.subtitle)}</div>')


def _cover(slide: Slide) -> None:
    lines = "".join(f'<div class="gd-subtitle">{escape(line)}</div>' for line in slide.bullets)
    _html(f'<div class="gd-cover"><div class="gd-title">{escape(slide.title)}</div>'
          f'<div class="gd-subtitle">{escape(slide.subtitle)}</div>{lines}</div>')


def _slide_chart(slide: Slide, number: int) -> None:
    """Draw the slide's chart at a height that leaves title and controls on a 1280×720 projector (PPTX unchanged)."""
    assert slide.chart is not None
    fig = go.Figure(slide.chart)
    fig.update_layout(height=SCREEN_CHART_HEIGHT)
    chart(fig, slide.chart_name or slide.title, key=f"presentation_chart_{number}", download=False)
    png_download(slide.chart, slide.chart_name or slide.title, key=f"presentation_chart_{number}")


def show_slide(slide: Slide, number: int) -> None:
    """Draw ``slide`` (the ``number``-th, which keys its chart): title, then chart and bullets, cards or table."""
    _html(STYLE)
    if slide.kind == "title":
        _cover(slide)
    else:
        _heading(slide)
        if slide.chart is not None:
            left, right = st.columns([2.3, 1], gap="large") if slide.bullets else (st.container(), None)
            with left:
                _slide_chart(slide, number)
            if right is not None:
                with right:
                    _bullets(slide.bullets)
        elif slide.cards:
            _cards(slide.cards)
            _bullets(slide.bullets)
        elif slide.table is not None:
            left, right = st.columns([1.3, 1], gap="large")
            with left:
                _bullets(slide.bullets)
            with right:
                st.dataframe(slide.table, hide_index=True, width="stretch")
        else:
            _bullets(slide.bullets)
    if slide.note:
        _html(f'<div class="gd-note">{escape(slide.note)}</div>')
