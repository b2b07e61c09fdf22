"""Drawing one slide of the briefing on the page, in large type, laid out as the PPTX lays it out."""

from __future__ import annotations

from html import escape

import streamlit as st

from govdash.slides import Card, Slide
from govdash.ui.widgets import chart

# Large type for a projector: titles, subtitles, bullets and cards, scoped to this page's own classes.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] {padding-top: 4rem; padding-bottom: 1rem;}
.gd-title {font-size: 2.6rem; font-weight: 700; line-height: 1.25; margin: 0 0 .25rem 0; color: #1f2937;}
.gd-subtitle {font-size: 1.3rem; color: #6b7280; margin-bottom: 1rem;}
.gd-cover {padding: 10vh 0 6vh 0; border-top: 6px solid #1f5fa8; margin-top: 2rem;}
.gd-cover .gd-title {font-size: 3.4rem; margin-top: 2rem;}
.gd-cover .gd-subtitle {font-size: 1.6rem;}
.gd-bullets {padding-left: 1.4rem; margin-top: .5rem;}
.gd-bullets li {font-size: 1.45rem !important; line-height: 1.6 !important; color: #1f2937;
                margin-bottom: .8rem !important;}
.gd-note {font-size: 1rem; color: #6b7280; margin-top: 1rem;}
.gd-card {border: 1px solid #e5e7eb; border-left: 8px solid var(--band); border-radius: 8px;
          padding: .7rem 1rem; margin-bottom: .9rem; min-height: 9.5rem; background: #fff;}
.gd-card.flagged {border-width: 2px 2px 2px 8px; border-color: var(--band);}
.gd-card .name {font-size: 1.25rem; font-weight: 700; color: #1f2937;}
.gd-card .score {font-size: 1.9rem; font-weight: 700; color: var(--band); line-height: 1.3;}
.gd-card .band {font-size: 1.1rem; font-weight: 600; color: var(--band); margin-left: .5rem;}
.gd-card .line {font-size: 1rem; color: #374151; line-height: 1.45;}
</style>
"""
CARDS_PER_ROW = 5


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
                chart(slide.chart, slide.chart_name or slide.title, key=f"presentation_chart_{number}")
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
