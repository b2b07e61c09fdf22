"""The boundary set a map draws: one checked, simplified geometry per district code, and its caption."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from shapely.geometry import shape

SCHEMATIC = "示意图"


def caption_text(review_number: str | None) -> str:
    """Return the line under a map of real boundaries: 示意图, and the 审图号 when the boundary set has one."""
    number = (review_number or "").strip()
    return f"{SCHEMATIC} · 审图号:{number}" if number else SCHEMATIC


@dataclass(frozen=True, eq=False)
class BoundaryMap:
    """District shapes ready to draw.

    Attributes:
        shapes: district code → GeoJSON geometry (Polygon or MultiPolygon, clockwise exterior rings: the
            winding plotly's map drawing (d3-geo) needs; counter-clockwise ones fill the whole globe).
        review_number: the 审图号 printed under the map, "" when none.
        file_name: the file the shapes came from.
        set_id: the stored boundary set's id (None for shapes not stored).
    """

    shapes: Mapping[str, dict[str, Any]]
    review_number: str = ""
    file_name: str = ""
    set_id: int | None = None
    _points: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    _arrays: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def covers_any(self, codes: Iterable[str]) -> bool:
        """Tell whether any of these districts has a shape (else a map of them draws hex tiles)."""
        return any(code in self.shapes for code in codes)

    @property
    def caption(self) -> str:
        """示意图 · 审图号:… (in the figure, so that PNG and PPTX carry it too)."""
        return caption_text(self.review_number)

    def feature_collection(self, codes: Iterable[str] | None = None) -> dict[str, Any]:
        """Return a GeoJSON FeatureCollection of these districts (all when ``codes`` is None), id = code."""
        wanted = self.shapes if codes is None else [c for c in codes if c in self.shapes]
        return {"type": "FeatureCollection",
                "features": [{"type": "Feature", "id": code, "properties": {}, "geometry": self._array_geometry(code)}
                             for code in wanted]}

    def _array_geometry(self, code: str) -> dict[str, Any]:
        """Return the district's geometry with each ring as a numpy array (cached).

        plotly deep-copies a trace's GeoJSON coordinate by coordinate when it is added to a figure (seconds for a
        province's 3,000 districts); an array is copied at once, and serialized as the same JSON lists.
        """
        if code not in self._arrays:
            geometry = self.shapes[code]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            rings = [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in polygons]
            self._arrays[code] = {"type": geometry["type"],
                                  "coordinates": rings if geometry["type"] == "MultiPolygon" else rings[0]}
        return self._arrays[code]

    def label_point(self, code: str) -> tuple[float, float]:
        """Return a (lon, lat) inside the district, for its name label (cached)."""
        if code not in self._points:
            point = shape(self.shapes[code]).point_on_surface()
            self._points[code] = (round(point.x, 5), round(point.y, 5))
        return self._points[code]
