"""Boundary fixtures: small hand-made GeoJSON features and the registered regions they are matched to."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import shapefile

REGIONS = {"990100": ("示例市", "city"), "990102": ("滨江区", "district"), "990103": ("望湖区", "district"),
           "990104": ("凤栖区", "district")}
# Two unit squares side by side near 124.5° E, 29.8° N, exterior rings counter-clockwise as RFC 7946 writes them.
WEST = [[124.0, 29.5], [124.5, 29.5], [124.5, 30.0], [124.0, 30.0], [124.0, 29.5]]
EAST = [[124.5, 29.5], [125.0, 29.5], [125.0, 30.0], [124.5, 30.0], [124.5, 29.5]]
# A bow tie: the ring crosses itself at (124.25, 29.75).
BOW_TIE = [[124.0, 29.5], [124.5, 30.0], [124.5, 29.5], [124.0, 30.0], [124.0, 29.5]]


def feature(code: object, ring: list[list[float]], *, prop: str = "adcode", geometry_type: str = "Polygon",
            **extra: Any) -> dict[str, Any]:
    coordinates: Any = [ring] if geometry_type == "Polygon" else ring
    return {"type": "Feature", "properties": {prop: code, **extra},
            "geometry": {"type": geometry_type, "coordinates": coordinates}}


def collection(*features: dict[str, Any], **members: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)},
                      ensure_ascii=False).encode()


def zipped_shapefile(rings: dict[str, list[list[float]]], *, prj: str | None = None, encoding: str = "gbk",
                     cpg: str | None = "GBK", code_field: str = "区划代码") -> bytes:
    """A ZIP of a polygon Shapefile with fields ``code_field`` and 名称 (written in ``encoding``).

    DBF field names hold ten bytes: 区划代码 fits in GBK, not in UTF-8.
    """
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding=encoding) as writer:
        writer.field(code_field, "C", size=12)
        writer.field("名称", "C", size=40)
        for code, ring in rings.items():
            writer.poly([ring[::-1]])  # Shapefiles wind exterior rings clockwise
            writer.record(code, REGIONS.get(code, ("未知", ""))[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("边界/districts.shp", shp.getvalue())
        archive.writestr("边界/districts.shx", shx.getvalue())
        archive.writestr("边界/districts.dbf", dbf.getvalue())
        if prj is not None:
            archive.writestr("边界/districts.prj", prj)
        if cpg is not None:
            archive.writestr("边界/districts.cpg", cpg)
    return buffer.getvalue()
