"""Reading and checking boundary files: bad files refused in Chinese, geometry repaired, codes matched."""

from __future__ import annotations

import re

import pytest
import shapely
from shapely.geometry import shape

from govdash.boundaries import BoundaryFileError, check_boundaries, read_features
from govdash.boundaries.checks import normalize_code
from tests.boundaries.conftest import BOW_TIE, EAST, REGIONS, WEST, collection, feature, zipped_shapefile

GEOGRAPHIC_WGS84 = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
                    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')
PROJECTED = 'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]'


def check(raw: bytes, **options):
    return check_boundaries(read_features("边界.geojson", raw).features, REGIONS, **options)


def test_read_features_bad_json_names_line_and_column():
    with pytest.raises(BoundaryFileError, match="不是有效的 JSON:第 2 行第 1 列附近"):
        read_features("坏.geojson", b'{"type": "FeatureCollection",\n]')


@pytest.mark.parametrize(("raw", "message"), [
    (b'[1, 2]', "顶层应是带"),
    (b'{"type": "Topology", "objects": {}}', "TopoJSON"),
    (b'{"type": "LineString", "coordinates": []}', "应为 FeatureCollection"),
    (b'', "是空的"),
])
def test_read_features_refuses_what_is_not_a_feature_collection(raw, message):
    with pytest.raises(BoundaryFileError, match=message):
        read_features("x.geojson", raw)


def test_read_features_refuses_a_named_projected_crs():
    raw = collection(feature("990102", WEST), crs={"type": "name", "properties": {"name": "EPSG:3857"}})
    with pytest.raises(BoundaryFileError, match="坐标系是 EPSG:3857,不是经纬度坐标"):
        read_features("x.geojson", raw)


def test_check_boundaries_refuses_projected_coordinates_naming_the_feature():
    metres = [[500000.0, 3300000.0], [510000.0, 3300000.0], [510000.0, 3310000.0], [500000.0, 3300000.0]]
    result = check(collection(feature("990102", WEST), feature("990103", metres)))
    assert not result.ok
    assert [(p.feature, p.property) for p in result.errors] == [(2, "geometry")]
    assert "超出经纬度范围" in result.errors[0].describe()
    assert result.errors[0].describe().startswith("第 2 个要素(属性“geometry”)")


def test_check_boundaries_refuses_a_line_naming_the_feature_and_type():
    result = check(collection(feature("990102", WEST), feature("990103", WEST, geometry_type="LineString")))
    assert not result.ok
    assert result.errors[0].feature == 2
    assert "几何类型是 LineString" in result.errors[0].message


def test_check_boundaries_missing_code_names_feature_and_property():
    result = check(collection(feature("990102", WEST), feature("", EAST)))
    assert [(p.feature, p.property, p.message) for p in result.errors] == [(2, "adcode", "区划代码为空")]


def test_check_boundaries_repairs_a_self_intersecting_ring():
    result = check(collection(feature("990102", BOW_TIE), feature("990103", EAST)))
    assert result.ok
    repaired = shape(result.shapes["990102"])
    assert repaired.is_valid
    assert repaired.area == pytest.approx(0.125)  # the two triangles of the bow tie, 0.5 × 0.25 each
    assert any(p.feature == 1 and "边界自相交" in p.message for p in result.warnings)


def test_check_boundaries_winds_exterior_rings_clockwise():
    result = check(collection(feature("990102", WEST), feature("990103", EAST[::-1])))
    for code in ("990102", "990103"):
        exterior = shapely.LinearRing(result.shapes[code]["coordinates"][0])
        assert not exterior.is_ccw
    assert result.rewound == 1  # only WEST was counter-clockwise
    assert any("逆时针" in p.message for p in result.warnings)


def test_check_boundaries_winds_holes_counter_clockwise():
    hole = [[124.1, 29.6], [124.1, 29.7], [124.2, 29.7], [124.2, 29.6], [124.1, 29.6]]  # clockwise
    result = check(collection({"type": "Feature", "properties": {"adcode": "990102"},
                               "geometry": {"type": "Polygon", "coordinates": [WEST, hole]}}))
    rings = result.shapes["990102"]["coordinates"]
    assert not shapely.LinearRing(rings[0]).is_ccw
    assert shapely.LinearRing(rings[1]).is_ccw


def test_check_boundaries_simplifies_within_the_tolerance():
    wiggly = [[124.0 + i / 1000, 29.5 + (0.0001 if i % 2 else 0)] for i in range(501)]
    ring = [*wiggly, [124.5, 30.0], [124.0, 30.0], [124.0, 29.5]]
    result = check(collection(feature("990102", ring)))
    assert result.vertices_before == 504
    assert result.vertices_after == 5  # the 0.0001° wiggles are below the 0.00025° tolerance (0.5° / 2000)
    assert result.tolerance == pytest.approx(0.5 / 2000)
    assert shape(result.shapes["990102"]).area == pytest.approx(0.25, rel=1e-3)


def test_check_boundaries_reports_unmatched_features_and_districts_without_shape():
    result = check(collection(feature("990102", WEST), feature("110101", EAST), feature("990100", EAST)))
    assert result.ok
    assert list(result.shapes) == ["990102"]
    assert result.unmatched == [(2, "110101")]
    assert result.missing == [("990103", "望湖区"), ("990104", "凤栖区")]
    assert any(p.feature == 3 and "不是区县级区划" in p.message for p in result.warnings)
    assert "1 个要素的区划代码不是已登记的区县" in result.summary()
    assert "2 个区县没有边界" in result.summary()


def test_check_boundaries_detects_the_code_property():
    result = check(collection(feature(990102, WEST, prop="GB", name="滨江区", seq=1),
                              feature(990103, EAST, prop="GB", name="望湖区", seq=2)))
    assert result.code_property == "GB"
    assert sorted(result.shapes) == ["990102", "990103"]


def test_check_boundaries_without_any_code_property_lists_the_properties():
    result = check(collection(feature("滨江", WEST, prop="name")))
    assert not result.ok
    assert "找不到区划代码属性" in result.errors[0].message
    assert "name" in result.errors[0].message


def test_check_boundaries_given_property_must_exist():
    result = check(collection(feature("990102", WEST)), code_property="区划代码")
    assert "文件中没有这个属性" in result.errors[0].message
    assert result.errors[0].property == "区划代码"


def test_check_boundaries_merges_features_of_one_code():
    result = check(collection(feature("990102", WEST), feature("990102", EAST)))
    assert shape(result.shapes["990102"]).area == pytest.approx(0.5)
    assert any("出现在第 1 个、第 2 个要素中" in p.message for p in result.warnings)


@pytest.mark.parametrize(("value", "code"), [
    (990102, "990102"), (990102.0, "990102"), ("990102", "990102"), (" 990102 ", "990102"),
    ("990102000000", "990102"), ("990102000", "990102"), (None, None), (True, None), (99.5, None),
])
def test_normalize_code(value, code):
    assert normalize_code(value) == code


def test_read_features_zipped_shapefile_with_gbk_attributes():
    raw = zipped_shapefile({"990102": WEST, "990103": EAST}, prj=GEOGRAPHIC_WGS84)
    source = read_features("边界.zip", raw)
    assert source.format == "Shapefile"
    assert [f.properties["名称"] for f in source.features] == ["滨江区", "望湖区"]
    result = check_boundaries(source.features, REGIONS)
    assert result.ok
    assert result.code_property == "区划代码"
    assert sorted(result.shapes) == ["990102", "990103"]
    assert result.rewound == 0  # Shapefile rings are clockwise already


def test_read_features_zipped_shapefile_utf8_without_cpg():
    raw = zipped_shapefile({"990102": WEST}, encoding="utf-8", cpg=None, code_field="XZQDM")
    source = read_features("边界.zip", raw)
    assert source.features[0].properties == {"XZQDM": "990102", "名称": "滨江区"}
    assert check_boundaries(source.features, REGIONS).code_property == "XZQDM"


def test_read_features_zipped_shapefile_projected_prj_refused():
    with pytest.raises(BoundaryFileError, match=re.escape("投影坐标系(CGCS2000_3_Degree_GK_CM_120E)")):
        read_features("边界.zip", zipped_shapefile({"990102": WEST}, prj=PROJECTED))


def test_read_features_zip_without_shapefile_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("说明.txt", "无")
    with pytest.raises(BoundaryFileError, match="没有 .shp 文件"):
        read_features("边界.zip", buffer.getvalue())


def test_sample_boundaries_cover_every_sample_district_without_overlap():
    import csv
    import itertools

    from govdash.core.config import get_settings
    from govdash.synthetic.boundaries import FILE_NAME, sample_boundaries

    sample = get_settings().sample_dir
    with (sample / "regions.csv").open(encoding="utf-8") as handle:
        regions = {row["区划代码"]: (row["区划名称"], "district" if row["层级"] in "区县" else "city")
                   for row in csv.DictReader(handle)}
    raw = (sample / FILE_NAME).read_bytes()
    assert "虚构" in raw.decode("utf-8")
    source = read_features(FILE_NAME, raw)
    drawn = [shape(f.geometry) for f in source.features]
    assert max(a.intersection(b).area for a, b in itertools.combinations(drawn, 2)) < 1e-12
    assert shapely.union_all(drawn).geom_type == "Polygon"  # no gap splits the city
    result = check_boundaries(source.features, regions)
    assert result.ok and not result.missing and not result.unmatched
    # Neighbours simplified one by one may overlap by slivers about 10 m wide, far below a pixel
    simplified = [shape(g) for g in result.shapes.values()]
    smallest = min(g.area for g in simplified)
    assert max(a.intersection(b).area for a, b in itertools.combinations(simplified, 2)) < smallest / 100
    assert sample_boundaries()["features"][0]["properties"]["说明"].startswith("虚构边界")


def test_check_boundaries_does_not_check_features_it_leaves_out():
    # A province-wide file: another city's district with a broken geometry does not refuse this city's map.
    result = check(collection(feature("990102", WEST), feature("110101", EAST, geometry_type="LineString")))
    assert result.ok
    assert result.unmatched == [(2, "110101")]
