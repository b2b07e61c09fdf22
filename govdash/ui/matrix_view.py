"""Page pieces of 条块分析: value formatting and the heatmap click that picks a cell below."""

from __future__ import annotations

import re
from collections.abc import Mapping

import streamlit as st

from govdash.domain import format as fmt

PREFIX = "tiaokuai"
COUNTS = frozenset({"evaluations", "items"})
_BOLD = re.compile(r"</?b>")


def shown(value: float, measure: str) -> str:
    """Return a cell's value as the page prints it: ``12.5%``, or ``1,234`` for counts."""
    return fmt.count(value) if measure in COUNTS else fmt.percent(value)


def apply_click(event: object, names: Mapping[str, str]) -> None:
    """Let a click on a heatmap cell pick that department and district in the selectors below, once per click.

    A chart's selection stays in its state until another click, so the last one applied is remembered: a
    later change of the selectors is not undone by the same click on the next rerun.
    """
    points = getattr(getattr(event, "selection", None), "points", None) or []
    if not points:
        return
    point = points[0]
    clicked = (str(point.get("y")), _BOLD.sub("", str(point.get("x"))))
    if st.session_state.get(f"{PREFIX}_clicked") == clicked:
        return
    st.session_state[f"{PREFIX}_clicked"] = clicked
    st.session_state[f"{PREFIX}_department"] = clicked[0]
    by_name = {name: code for code, name in names.items()}
    if clicked[1] in by_name:
        st.session_state[f"{PREFIX}_district"] = by_name[clicked[1]]
