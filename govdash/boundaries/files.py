"""Reading an uploaded boundary file: GeoJSON, or an ESRI Shapefile in a ZIP archive, into plain features.

Nothing is checked here but what stops the file from being read at all: bad JSON, a structure that is not
GeoJSON, a Shapefile missing its parts, a coordinate reference system that is not longitude/latitude.
Those raise ``BoundaryFileError`` with a Chinese message; everything about single features is left to
``govdash.boundaries.checks``, which names the feature.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import shapefile

#: Names of longitude/latitude reference systems a GeoJSON ``crs`` member may give (the 2008 GeoJSON spec):
#: WGS84 and CGCS2000 (国家2000大地坐标系, EPSG:4490), which agree to well under a metre at map scale.
GEOGRAPHIC_CRS = ("CRS84", "4326", "4490", "WGS84", "WGS 84", "CGCS2000", "CGCS_2000")
_ZIP_MAGIC = b"PK\x03\x04"
_MAX_FEATURES = 20_000


class BoundaryFileError(ValueError):
    """The file cannot be read as boundaries; ``str(exc)`` is a Chinese sentence fit to show."""


@dataclass(frozen=True)
class SourceFeature:
    """One feature as read: its 1-based position in the file, its properties and its GeoJSON geometry."""

    index: int
    properties: dict[str, Any]
    geometry: dict[str, Any] | None
    feature_id: str | None = None


@dataclass(frozen=True)
class SourceFile:
    """What a boundary file holds: its features and its format ("GeoJSON" or "Shapefile")."""

    features: list[SourceFeature]
    format: str


def read_features(name: str, raw: bytes) -> SourceFile:
    """Read a GeoJSON file or a zipped Shapefile (told apart by content, not by name).

    Raises:
        BoundaryFileError: the file is not readable GeoJSON or Shapefile, or its coordinates are projected.
    """
    if not raw:
        raise BoundaryFileError(f"文件“{name}”是空的")
    if raw.startswith(_ZIP_MAGIC):
        return SourceFile(_shapefile_features(raw), "Shapefile")
    return SourceFile(_geojson_features(_decode(raw)), "GeoJSON")


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BoundaryFileError("文件既不是 UTF-8 也不是 GBK 编码的文本,无法作为 GeoJSON 读取")


def _geojson_features(text: str) -> list[SourceFeature]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BoundaryFileError(f"不是有效的 JSON:第 {exc.lineno} 行第 {exc.colno} 列附近,{_json_reason(exc)}。"
                                "请上传 GeoJSON 文件或包含 Shapefile 的 ZIP 压缩包") from None
    if not isinstance(data, dict) or "type" not in data:
        raise BoundaryFileError("不是 GeoJSON:顶层应是带 \"type\" 的对象(FeatureCollection)")
    _check_crs(data.get("crs"))
    kind = data["type"]
    if kind == "Topology":
        raise BoundaryFileError("这是 TopoJSON 文件,请在 GIS 软件或 mapshaper 中导出为 GeoJSON 后再上传")
    items: object = None
    if kind == "Feature":
        items = [data]
    elif kind == "FeatureCollection":
        items = data.get("features")
        if not isinstance(items, list):
            raise BoundaryFileError("FeatureCollection 缺少 \"features\" 数组")
    else:
        raise BoundaryFileError(f"GeoJSON 顶层类型是 {kind},应为 FeatureCollection(每个区县一个 Feature)")
    if len(items) > _MAX_FEATURES:
        raise BoundaryFileError(f"文件有 {len(items):,} 个要素,超过上限 {_MAX_FEATURES:,} 个")
    return [_feature(i, item) for i, item in enumerate(items, start=1)]


def _json_reason(exc: json.JSONDecodeError) -> str:
    reasons = {"Expecting value": "缺少值", "Expecting ',' delimiter": "缺少逗号",
               "Expecting property name enclosed in double quotes": "属性名须用双引号",
               "Unterminated string starting at": "字符串没有结束", "Extra data": "多余的内容"}
    return reasons.get(exc.msg, exc.msg)


def _feature(index: int, item: object) -> SourceFeature:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        return SourceFeature(index, {}, None)
    properties = item.get("properties") or {}
    geometry = item.get("geometry")
    feature_id = item.get("id")
    return SourceFeature(index, dict(properties) if isinstance(properties, dict) else {},
                         geometry if isinstance(geometry, dict) else None,
                         None if feature_id is None else str(feature_id))


def _check_crs(crs: object) -> None:
    """Refuse a GeoJSON whose (pre-2016) ``crs`` member names a projected system."""
    if not isinstance(crs, dict):
        return
    name = str((crs.get("properties") or {}).get("name", ""))
    if name and not any(tag in name.upper() for tag in (t.upper() for t in GEOGRAPHIC_CRS)):
        raise BoundaryFileError(f"文件的坐标系是 {name},不是经纬度坐标。请在 GIS 软件中转换为 WGS84(EPSG:4326)"
                                "或 CGCS2000(EPSG:4490)经纬度后再上传")


def _shapefile_features(raw: bytes) -> list[SourceFeature]:
    parts = _shapefile_parts(raw)
    prj = parts.get(".prj", b"").decode("latin-1")
    if prj.strip().upper().startswith("PROJCS"):
        raise BoundaryFileError(f"Shapefile 的 .prj 为投影坐标系({_prj_name(prj)}),不是经纬度坐标。请在 GIS 软件中"
                                "转换为 WGS84(EPSG:4326)或 CGCS2000(EPSG:4490)经纬度后再上传")
    cpg = parts.get(".cpg")
    try:
        if cpg is not None:
            records = _records(parts, _dbf_encoding(cpg), "replace")
        else:  # no .cpg: QGIS writes UTF-8, Chinese ArcGIS GBK
            try:
                records = _records(parts, "utf-8", "strict")
            except UnicodeDecodeError:
                records = _records(parts, "gb18030", "replace")
    except (shapefile.ShapefileException, OSError, ValueError, KeyError, IndexError) as exc:
        raise BoundaryFileError(f"Shapefile 无法读取:{exc}") from None
    if len(records) > _MAX_FEATURES:
        raise BoundaryFileError(f"文件有 {len(records):,} 个要素,超过上限 {_MAX_FEATURES:,} 个")
    return [SourceFeature(i, {k: _plain(v) for k, v in record.items()},
                          None if shape.shapeType == shapefile.NULL else dict(shape.__geo_interface__))
            for i, (shape, record) in enumerate(records, start=1)]


def _records(parts: dict[str, bytes], encoding: str, errors: str) -> list[tuple[Any, dict[str, Any]]]:
    reader = shapefile.Reader(shp=io.BytesIO(parts[".shp"]), dbf=io.BytesIO(parts[".dbf"]),
                              shx=io.BytesIO(parts[".shx"]) if ".shx" in parts else None,
                              encoding=encoding, encodingErrors=errors)
    return [(item.shape, item.record.as_dict()) for item in reader.iterShapeRecords()]


def _shapefile_parts(raw: bytes) -> dict[str, bytes]:
    """Return the .shp, .dbf, .shx, .prj and .cpg of the one Shapefile in the archive, by suffix."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise BoundaryFileError("ZIP 压缩包已损坏,无法打开") from None
    names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
    shps = [n for n in names if n.lower().endswith(".shp")]
    if not shps:
        raise BoundaryFileError("ZIP 压缩包中没有 .shp 文件;请把同名的 .shp、.shx、.dbf、.prj 一起压缩上传")
    if len(shps) > 1:
        raise BoundaryFileError(f"ZIP 压缩包中有 {len(shps)} 个 Shapefile({'、'.join(shps[:5])}),请只放区县边界这一个")
    stem = str(PurePosixPath(shps[0]).with_suffix("")).lower()
    parts = {PurePosixPath(n).suffix.lower(): archive.read(n) for n in names
             if str(PurePosixPath(n).with_suffix("")).lower() == stem}
    if ".dbf" not in parts:
        raise BoundaryFileError(f"ZIP 压缩包中缺少 {PurePosixPath(shps[0]).stem}.dbf(属性表,含区划代码)")
    return parts


def _prj_name(prj: str) -> str:
    start = prj.find('"')
    end = prj.find('"', start + 1)
    return prj[start + 1:end] if 0 <= start < end else "PROJCS"


def _dbf_encoding(cpg: bytes) -> str:
    """Return the attribute table's encoding as its .cpg names it (GBK read as its superset GB18030)."""
    name = cpg.decode("ascii", "ignore").strip().lower()
    if name in ("936", "gbk", "gb2312", "gb18030", "cp936"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "gb18030"


def _plain(value: object) -> object:
    """Make a DBF value JSON-friendly (dates become ISO text)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
