"""Invented district boundaries of 示例市, for the sample's map (``data/sample/boundaries.geojson``).

The city lies on open sea east of the real coast (around 124.6° E, 29.8° N), so that no one mistakes its
outlines for a real place. The districts are the Voronoi cells of one invented seat per district, cut to a
wavy city outline; every vertex is then moved by one smooth displacement field, so that borders wander like
real ones while neighbours still share them exactly (the same point moves the same way in both) and no two
districts overlap (the field's slope is below one, so the move cannot fold the plane). Deterministic: no
random numbers, the same file on every run. The file follows RFC 7946 (counter-clockwise exterior rings).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.geometry.polygon import orient

FILE_NAME = "boundaries.geojson"
CENTRE = (124.58, 29.80)
#: code → (name, lon, lat of the district seat): the eight urban districts near the centre, six counties round them.
SEATS: dict[str, tuple[str, float, float]] = {
    "990102": ("滨江区", 124.62, 29.78), "990103": ("望湖区", 124.55, 29.82), "990104": ("凤栖区", 124.58, 29.74),
    "990105": ("云岭区", 124.50, 29.76), "990106": ("新港区", 124.70, 29.77), "990107": ("青峰区", 124.57, 29.88),
    "990108": ("澄园区", 124.65, 29.85), "990109": ("银滩区", 124.74, 29.70), "990121": ("梧桐县", 124.33, 29.95),
    "990122": ("杏林县", 124.29, 29.70), "990123": ("岭北县", 124.60, 30.10), "990124": ("鹤鸣县", 124.86, 29.96),
    "990125": ("苇塘县", 124.45, 29.50), "990126": ("雁山县", 124.80, 29.52),
}
NOTE = "虚构边界,仅供演示:示例市及其区县并不存在,坐标位于海面上,不代表任何真实地区的行政区划界线"


def _displace(x: float, y: float) -> tuple[float, float]:
    """Move a point by a smooth field of amplitude ~0.012° and wavelength ≥ 0.15° (slope ≤ 0.5: no folding)."""
    dx = 0.007 * math.sin(41 * y + 1.3) + 0.005 * math.sin(29 * x + 57 * y)
    dy = 0.007 * math.sin(37 * x + 0.4) + 0.005 * math.cos(53 * x - 23 * y)
    return x + dx, y + dy


def _outline() -> Polygon:
    cx, cy = CENTRE
    points = []
    for k in range(240):
        angle = 2 * math.pi * k / 240
        radius = 1 + 0.08 * math.sin(3 * angle + 0.5) + 0.05 * math.sin(7 * angle + 1.1)
        points.append((cx + 0.44 * radius * math.cos(angle), cy + 0.37 * radius * math.sin(angle)))
    return Polygon(points)


def _wander(polygon: Polygon) -> Polygon:
    dense = shapely.segmentize(polygon, 0.004)
    ring = [_displace(round(x, 7), round(y, 7)) for x, y in dense.exterior.coords]
    return orient(Polygon([(round(x, 5), round(y, 5)) for x, y in ring]), sign=1.0)


def district_polygons() -> dict[str, Polygon]:
    """Return each sample district's invented polygon, by code (exterior counter-clockwise)."""
    outline = _outline()
    seats = {code: Point(lon, lat) for code, (_, lon, lat) in SEATS.items()}
    cells = shapely.get_parts(shapely.voronoi_polygons(MultiPoint(list(seats.values())), extend_to=outline))
    polygons = {}
    for code, seat in seats.items():
        cell = next(c for c in cells if c.contains(seat))
        polygons[code] = _wander(cell.intersection(outline))
    return polygons


def sample_boundaries() -> dict[str, Any]:
    """Return the sample's GeoJSON FeatureCollection, each feature marked as invented."""
    features = [{"type": "Feature",
                 "properties": {"区划代码": code, "区划名称": SEATS[code][0], "说明": NOTE},
                 "geometry": mapping(polygon)}
                for code, polygon in district_polygons().items()]
    return {"type": "FeatureCollection", "name": "示例市区县边界(虚构)", "description": NOTE, "features": features}


def write_sample_boundaries(folder: Path) -> Path:
    """Write ``boundaries.geojson`` into ``folder`` (compact, one feature per line) and return its path."""
    data = sample_boundaries()
    head = {k: v for k, v in data.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path = folder / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path
