import io

import pytest
from openpyxl import load_workbook

from govdash.domain.kinds import KINDS
from govdash.export.templates import GUIDE_HEADERS, build_template, template_file_name
from govdash.services.imports import import_file, inspect_file

REGIONS_CSV = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990102,滨江区,区,990100\n".encode()


@pytest.mark.parametrize("kind", list(KINDS))
def test_build_template_headers_example_and_guide(kind):
    workbook = load_workbook(io.BytesIO(build_template(kind)))
    assert workbook.sheetnames == ["数据", "填写说明"]
    data = workbook["数据"]
    columns = KINDS[kind].columns
    assert [c.value for c in data[1]] == [c.zh for c in columns]
    assert any(c.value not in (None, "") for c in data[2])
    assert data.max_row == 2  # one example row only
    guide = [[c.value for c in row] for row in workbook["填写说明"].iter_rows()]
    header_at = guide.index(list(GUIDE_HEADERS))
    described = {row[0]: row for row in guide[header_at + 1:]}
    assert set(described) == {c.zh for c in columns}
    for column in columns:
        assert described[column.zh][1] == ("必填" if column.required else "选填")


@pytest.mark.parametrize("kind", list(KINDS))
def test_build_template_is_recognized_by_the_importer(kind):
    preview = inspect_file(build_template(kind), kind=kind, file_name=template_file_name(kind))
    assert preview.error is None
    assert preview.missing == [] and preview.unknown == {}
    assert preview.sheet == "数据"


def test_build_template_keeps_codes_as_text_and_numbers_as_numbers():
    data = load_workbook(io.BytesIO(build_template("service-items")))["数据"]
    row = {h.value: c for h, c in zip(data[1], data[2], strict=True)}
    assert row["区县代码"].value == "990102" and row["区县代码"].number_format == "@"
    assert row["跑动次数"].value == 0 and row["法定时限"].value == 20
    assert data.column_dimensions["E"].number_format == "@"  # rows the user fills in later stay text too


def test_build_template_offers_choices_as_drop_down():
    data = load_workbook(io.BytesIO(build_template("evaluations")))["数据"]
    lists = [v.formula1 for v in data.data_validations.dataValidation]
    assert '"窗口,PC端,移动端,自助终端,12345热线,短信"' in lists
    assert '"非常满意,满意,基本满意,不满意,非常不满意"' in lists


@pytest.mark.parametrize("kind", ["evaluations", "service-items", "surveys", "departments"])
def test_build_template_example_row_imports_cleanly(engine, kind):
    assert import_file(engine, "regions", REGIONS_CSV, file_name="regions.csv").status == "imported"
    result = import_file(engine, kind, build_template(kind), file_name="t.xlsx", dry_run=True)
    assert result.status == "dry_run", result.report.to_frame().to_dict("records")


def test_template_file_name_drops_quotes():
    assert template_file_name("evaluations") == "政务服务好差评_导入模板.xlsx"
    with pytest.raises(KeyError):
        template_file_name("nope")


@pytest.mark.parametrize("kind", list(KINDS))
def test_build_template_example_region_is_a_district_of_the_demo(kind):
    """A user trying the template on the demo must not be refused for a region code the demo lacks."""
    from pathlib import Path

    regions = (Path(__file__).resolve().parents[2] / "data" / "sample" / "regions.csv").read_text(encoding="utf-8")
    demo_codes = {line.split(",")[0] for line in regions.splitlines()[1:]}
    sheet = load_workbook(io.BytesIO(build_template(kind)), read_only=True)["数据"]
    header, example = (list(row) for row in sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    for name in ("区县代码", "区划代码"):
        if name in header:
            assert str(example[header.index(name)]) in demo_codes
