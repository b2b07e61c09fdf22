"""Evaluation frameworks as data: schema and loading of ``data/frameworks/*.toml``."""

from govdash.frameworks.loader import (
    FrameworkError,
    list_frameworks,
    load_framework,
    reported_indicators,
    resolve_framework,
    scan_frameworks,
)
from govdash.frameworks.schema import Band, Dimension, Framework, Indicator

__all__ = [
    "Band", "Dimension", "Framework", "FrameworkError", "Indicator",
    "list_frameworks", "load_framework", "reported_indicators", "resolve_framework", "scan_frameworks",
]
