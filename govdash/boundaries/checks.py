"""Checking boundary features before they are stored: geometry, coordinates, winding, size, region codes.

``check_boundaries`` is all-or-nothing like the data uploads: any error (a feature without a polygon, with
projected coordinates, without a region code) refuses the file, and every problem names the feature (its
1-based position in the file) and the property. What can be repaired is repaired and said: a self-intersecting
ring is made valid (``shapely.make_valid``), rings are wound clockwise (what plotly's map drawing needs; files
following RFC 7946 wind them counter-clockwise, and such a ring fills the whole globe), and outlines are
simplified to what a screen or a slide shows. Features whose code is no registered district are listed and
left out, as are the districts no feature draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from govdash.boundaries.files import SourceFeature

#: Property names tried first when the code property is not given (ties between properties that both match).
CODE_PROPERTIES = ("区划代码", "行政区划代码", "adcode", "code", "region_code", "GB", "PAC", "XZQDM", "XZQHDM",
                   "DM", "id")
#: Outline detail kept: the simplification tolerance is this share of the larger side of all districts' extent
#: (about 50 m for a city 100 km across: finer than a pixel of a full-screen map).
TOLERANCE_SHARE = 1 / 2000
GRID = 1e-6  # degrees (about 0.1 m): coordinates are rounded to this grid after simplifying
_FEATURE_ID = "id"


@dataclass(frozen=True)
class Problem:
    """One finding about the file: the feature (1-based, None for the file), the property, and what is wrong."""

    feature: int | None
    property: str | None
    message: str

    def describe(self) -> str:
        """Return the finding as one Chinese sentence, naming the feature and property."""
        where = f"第 {self.feature} 个要素" if self.feature is not None else "文件"
        prop = f"(属性“{self.property}”)" if self.property else ""
        return f"{where}{prop}:{self.message}"


@dataclass
class BoundaryCheck:
    """The outcome of checking a boundary file.

    Attributes:
        errors: problems that refuse the file.
        warnings: repairs made and features or districts left out.
        code_property: the property the region codes were read from ("id" for the feature id).
        shapes: district code → checked, simplified GeoJSON geometry (clockwise exterior rings).
        unmatched: (feature, value) of features whose code is no registered district.
        missing: (code, name) of districts no feature draws.
        features: features in the file.
        vertices_before, vertices_after: coordinates of the matched districts before and after simplifying.
        tolerance: the simplification tolerance in degrees.
        rewound: features whose rings were turned clockwise.
    """

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    code_property: str | None = None
    shapes: dict[str, dict[str, Any]] = field(default_factory=dict)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    features: int = 0
    vertices_before: int = 0
    vertices_after: int = 0
    tolerance: float = 0.0
    rewound: int = 0

    @property
    def ok(self) -> bool:
        """True when the file can be stored."""
        return not self.errors and bool(self.shapes)

    def summary(self) -> str:
        """One Chinese line: matched districts, left-out features, missing districts, simplification."""
        parts = [f"{self.features} 个要素,匹配 {len(self.shapes)} 个区县"]
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} 个要素的区划代码不是已登记的区县,未导入")
        if self.missing:
            parts.append(f"{len(self.missing)} 个区县没有边界")
        if self.vertices_before:
            parts.append(f"简化后坐标点 {self.vertices_before:,} → {self.vertices_after:,}")
        return ";".join(parts)


def normalize_code(value: object) -> str | None:
    """Return a 6-digit region code from a property value: 440106, "440106", 440106.0, or 12-digit 440106000000."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and len(text) in (9, 12) and set(text[6:]) == {"0"}:
        return text[:6]
    return text or None


def check_boundaries(features: Sequence[SourceFeature], regions: Mapping[str, tuple[str, str]], *,
                     code_property: str | None = None, tolerance: float | None = None) -> BoundaryCheck:
    """Validate, repair, re-wind, simplify and match boundary features to the registered regions.

    Args:
        features: the features of the file (``read_features``).
        regions: every registered region code → (name, level); districts have level "district".
        code_property: the property holding the region code; None detects it (the property whose values match
            the most registered codes, ``CODE_PROPERTIES`` first on a tie; "id" is the feature id).
        tolerance: the simplification tolerance in degrees; None derives it from the extent (``TOLERANCE_SHARE``).
    """
    check = BoundaryCheck(features=len(features))
    if not features:
        check.errors.append(Problem(None, None, "文件中没有任何要素"))
        return check
    check.code_property = code_property or _detect_code_property(features, regions)
    if check.code_property is None:
        check.errors.append(Problem(None, None, "找不到区划代码属性:没有哪个属性的值是已登记的区划代码(文件的属性有:"
                                    f"{'、'.join(_property_names(features)[:12]) or '无'})。请指定区划代码属性,"
                                    "或先在“数据上传”页导入行政区划"))
        return check
    if code_property and code_property not in _property_names(features):
        check.errors.append(Problem(None, code_property, "文件中没有这个属性(文件的属性有:"
                                    f"{'、'.join(_property_names(features)[:12]) or '无'})"))
        return check
    geometries = _district_geometries(features, regions, check)
    if check.errors:
        return check
    _simplify_all(geometries, check, tolerance)
    districts = {code: name for code, (name, level) in regions.items() if level == "district"}
    check.missing = [(code, name) for code, name in sorted(districts.items()) if code not in check.shapes]
    if not check.shapes:
        check.errors.append(Problem(None, check.code_property, "没有一个要素的区划代码是已登记的区县"))
    return check


def _property_names(features: Sequence[SourceFeature]) -> list[str]:
    names: dict[str, None] = {}
    for feature in features:
        names.update(dict.fromkeys(feature.properties))
    if any(f.feature_id is not None for f in features):
        names.setdefault(_FEATURE_ID, None)
    return list(names)


def _value(feature: SourceFeature, prop: str) -> object:
    if prop in feature.properties:
        return feature.properties[prop]
    return feature.feature_id if prop == _FEATURE_ID else None


def _detect_code_property(features: Sequence[SourceFeature], regions: Mapping[str, object]) -> str | None:
    matches = {prop: sum(normalize_code(_value(f, prop)) in regions for f in features)
               for prop in _property_names(features)}
    best = max(matches.values(), default=0)
    if best == 0:
        return None
    tied = [prop for prop, count in matches.items() if count == best]
    preferred = [prop for prop in CODE_PROPERTIES if prop in tied]
    return preferred[0] if preferred else tied[0]


def _district_geometries(features: Sequence[SourceFeature], regions: Mapping[str, tuple[str, str]],
                         check: BoundaryCheck) -> dict[str, list[tuple[int, BaseGeometry]]]:
    """Read each feature's polygon and code; collect the districts' geometries, errors and left-out features."""
    prop = check.code_property or ""
    found: dict[str, list[tuple[int, BaseGeometry]]] = {}
    for feature in features:
        raw = _value(feature, prop)
        code = normalize_code(raw)
        if code is None:
            check.errors.append(Problem(feature.index, prop, "区划代码为空"))
            continue
        if code not in regions:  # another city's district in a province-wide file: left out, not checked
            check.unmatched.append((feature.index, str(raw)))
            continue
        name, level = regions[code]
        if level != "district":
            check.warnings.append(Problem(feature.index, prop, f"{code} {name} 不是区县级区划,地图只画区县,已略过"))
            continue
        geometry = _polygon_of(feature, prop, check)
        if geometry is not None:
            found.setdefault(code, []).append((feature.index, geometry))
    for code, parts in found.items():
        if len(parts) > 1:
            listed = "、".join(f"第 {i} 个" for i, _ in parts)
            check.warnings.append(Problem(None, prop, f"区划代码 {code} 出现在{listed}要素中,已合并为一个区县"))
    return found


def _polygon_of(feature: SourceFeature, prop: str, check: BoundaryCheck) -> BaseGeometry | None:
    """Return the feature's valid (Multi)Polygon, or None after recording why it has none."""
    geometry = feature.geometry
    if geometry is None:
        check.errors.append(Problem(feature.index, None, "没有几何图形(geometry 为空或不是 Feature)"))
        return None
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        check.errors.append(Problem(feature.index, "geometry",
                                    f"几何类型是 {kind},区县边界须为 Polygon 或 MultiPolygon"))
        return None
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError, shapely.errors.GEOSException):
        check.errors.append(Problem(feature.index, "geometry", "坐标格式不正确,无法构成多边形"))
        return None
    if polygon.is_empty:
        check.errors.append(Problem(feature.index, "geometry", "多边形没有坐标"))
        return None
    minx, miny, maxx, maxy = polygon.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        check.errors.append(Problem(feature.index, "geometry",
                                    f"坐标 ({minx:.0f}, {miny:.0f}) 超出经纬度范围:文件使用了投影坐标系(如高斯-克吕格、"
                                    "Web 墨卡托)。请转换为 WGS84 或 CGCS2000 经纬度后再上传"))
        return None
    if not polygon.is_valid:
        reason = explain_validity(polygon).split("[")[0].strip()
        polygon = _polygonal(shapely.make_valid(polygon))
        if polygon.is_empty:
            check.errors.append(Problem(feature.index, "geometry", f"多边形无效({reason}),无法修复"))
            return None
        check.warnings.append(Problem(feature.index, "geometry", f"多边形无效({_reason_zh(reason)}),已自动修复"))
    return polygon


def _reason_zh(reason: str) -> str:
    labels = {"Self-intersection": "边界自相交", "Ring Self-intersection": "环自相交",
              "Too few points in geometry component": "点数太少", "Hole lies outside shell": "洞在外环之外",
              "Nested shells": "外环嵌套", "Interior is disconnected": "内部不连通",
              "Duplicate Rings": "重复的环"}
    return labels.get(reason, reason)


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep the polygons of what ``make_valid`` returns (it may add the lines and points of a collapsed ring)."""
    polygons = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon) and not part.is_empty]
    if not polygons:
        return Polygon()
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _simplify_all(found: dict[str, list[tuple[int, BaseGeometry]]], check: BoundaryCheck,
                  tolerance: float | None) -> None:
    merged = {code: shapely.union_all([g for _, g in parts]) if len(parts) > 1 else parts[0][1]
              for code, parts in found.items()}
    if not merged:
        return
    minx, miny, maxx, maxy = shapely.total_bounds(list(merged.values()))
    check.tolerance = tolerance if tolerance is not None else max(maxx - minx, maxy - miny) * TOLERANCE_SHARE
    for code, geometry in merged.items():
        check.vertices_before += shapely.get_num_coordinates(geometry)
        simple = geometry.simplify(check.tolerance, preserve_topology=True) if check.tolerance > 0 else geometry
        simple = _polygonal(shapely.set_precision(simple, GRID))
        if simple.is_empty:  # an island smaller than the tolerance: keep it as it was
            simple = geometry
        check.rewound += _counter_clockwise(geometry)
        wound = _clockwise(simple)
        check.vertices_after += shapely.get_num_coordinates(wound)
        check.shapes[code] = mapping(wound)
    if check.rewound:
        check.warnings.append(Problem(None, None, f"{check.rewound} 个区县的边界环为逆时针(RFC 7946 的写法),"
                                      "已按地图绘制的要求改为外环顺时针"))


def _counter_clockwise(geometry: BaseGeometry) -> bool:
    """Tell whether any exterior ring of the geometry as uploaded runs counter-clockwise."""
    return any(part.exterior.is_ccw for part in shapely.get_parts(geometry))


def _clockwise(geometry: BaseGeometry) -> BaseGeometry:
    """Wind every exterior ring clockwise and every hole counter-clockwise."""
    wound = [orient(part, sign=-1.0) for part in shapely.get_parts(geometry)]
    return wound[0] if len(wound) == 1 else MultiPolygon(wound)
