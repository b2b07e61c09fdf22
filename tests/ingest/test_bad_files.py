"""Bad files: each gets a precise Chinese message (row and column as in Excel) and changes no table."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import pytest

from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, table_counts, xlsx_bytes

# Database code: `make test-pg` runs these against PostgreSQL too.
pytestmark = pytest.mark.pg

SERVICE_HEADER = "期间,事项编码,事项名称,实施部门,区县代码,网办深度,跑动次数,法定时限,承诺时限,办件量,网上办件量"
SERVICE_ROW = "2025Q4,SX-1,设立登记,市场监管局,990101,全程网办,0,20,5,100,90"
GOOD = csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS)


@dataclass
class Case:
    data: bytes
    message: str
    row: int | None = None
    column: str | None = None
    kind: str = "evaluations"
    name: str = "upload.csv"
    options: dict = field(default_factory=dict)


def _evaluations(*rows: str, header: str = EVALUATION_HEADER, encoding: str = "utf-8") -> bytes:
    return csv_bytes(header, list(rows), encoding)


def _truncated_xlsx() -> bytes:
    whole = xlsx_bytes({"明细": [EVALUATION_HEADER.split(","), *[r.split(",") for r in EVALUATION_ROWS]]})
    return whole[: len(whole) // 2]


def _bom_then_gbk() -> bytes:
    head = csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS[:1], "utf-8-sig")
    return head + "HP009,990101,窗口,满意,2025-03-09,服务好\r\n".encode("gbk")


def _zip_named_csv() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    return buffer.getvalue()


SURVEY_HEADER = "问卷编号,答卷编号,区县代码,题目编码,得分,量表,提交时间"
CASES = {
    "wrong_encoding_declared": Case(GOOD.decode().encode("gbk"), "按指定的编码 UTF-8 解码失败:第 1 行", row=1,
                                    options={"encoding": "utf-8"}),
    "utf8_bom_then_gbk": Case(_bom_then_gbk(), "文件以 UTF-8 BOM 开头,但第 3 行不是有效的 UTF-8", row=3),
    "missing_column": Case(_evaluations("HP1,990101,非常满意,2025-03-05,,",
                                        header="评价编号,区县代码,评价等级,评价时间,评价内容,整改完成时间"),
                           "缺少必填列“评价渠道”", row=1, column="评价渠道"),
    "misspelled_header": Case(_evaluations("HP1,990101,窗口,5,2025-03-05,,",
                                           header=EVALUATION_HEADER.replace("评价等级", "评价登记")),
                              "缺少必填列“评价等级”;文件中的列“评价登记”是否就是“评价等级”", row=1, column="评价等级"),
    "bad_date": Case(_evaluations(EVALUATION_ROWS[0], "HP2,990101,窗口,5,2025-02-30,,"),
                     "无法识别的日期", row=3, column="评价时间"),
    "rating_6": Case(_evaluations("HP1,990101,窗口,6,2025-03-05,,"), "不是有效的“评价等级”", row=2,
                     column="评价等级"),
    "unknown_region": Case(_evaluations(EVALUATION_ROWS[0], "HP2,990199,窗口,5,2025-03-05,,"),
                           "区县代码不在行政区划表中", row=3, column="区县代码"),
    "duplicate_id": Case(_evaluations(*EVALUATION_ROWS, EVALUATION_ROWS[0]), "评价编号“HP001”与第 2 行重复",
                         row=5, column="评价编号"),
    "empty_file": Case(b"", "文件为空"),
    "header_only": Case(_evaluations(), "文件只有表头,没有数据行", row=2),
    "xlsx_data_on_second_sheet": Case(
        xlsx_bytes({"说明": [], "明细": [EVALUATION_HEADER.split(","), EVALUATION_ROWS[0].split(",")]}),
        "工作表“说明”没有数据;数据可能在其他工作表中(工作簿含:说明、明细)", name="upload.xlsx"),
    "promised_over_legal": Case(csv_bytes(SERVICE_HEADER, [SERVICE_ROW.replace(",20,5,", ",10,15,")]),
                                "承诺时限超过法定时限", row=2, column="承诺时限", kind="service-items"),
    "file_over_40mb": Case(EVALUATION_HEADER.encode() + b"\n" + b"0" * (40 * 1024 * 1024),
                           "文件大小 40.0 MB 超过上传上限 32.0 MB"),
    "truncated_xlsx": Case(_truncated_xlsx(), "文件已损坏或不完整", name="upload.xlsx"),
    "binary_named_csv": Case(bytes(range(256)) * 64, "不是文本格式的 CSV"),
    "xlsx_named_csv": Case(_zip_named_csv(), "扩展名是 .csv,但内容是 Excel 工作簿"),
    "bad_period": Case(csv_bytes(SERVICE_HEADER, [SERVICE_ROW.replace("2025Q4", "2025Q5")]), "无法识别的期间",
                       row=2, column="期间", kind="service-items"),
    "no_period_anywhere": Case(csv_bytes(SERVICE_HEADER.split(",", 1)[1], [SERVICE_ROW.split(",", 1)[1]]),
                               "文件中没有“期间”列", row=1, column="期间", kind="service-items"),
    "online_volume_over_volume": Case(csv_bytes(SERVICE_HEADER, [SERVICE_ROW.replace(",100,90", ",100,120")]),
                                      "网上办件量超过办件量", row=2, column="网上办件量", kind="service-items"),
    "unknown_indicator": Case(csv_bytes("区县代码,期间,指标,数值", ["990101,2025,政务系统上云律,80"]),
                              "评估框架中没有这个填报指标(您是否想写“政务系统上云率”", row=2, column="指标",
                              kind="reported"),
    "computed_indicator": Case(csv_bytes("区县代码,期间,指标,数值", ["990101,2025,全程网办率,80"]),
                               "该指标由明细数据自动计算", row=2, column="指标", kind="reported"),
    "indicator_unit_mismatch": Case(csv_bytes("区县代码,期间,指标,数值,单位", ["990101,2025,cloud_adoption_rate,80,个"]),
                                    "单位与评估框架中该指标的单位不符", row=2, column="单位", kind="reported"),
    "percent_over_100": Case(csv_bytes("区县代码,期间,指标,数值", ["990101,2025,cloud_adoption_rate,120"]),
                             "数值超出“政务系统上云率”的取值范围 0–100 %", row=2, column="数值", kind="reported"),
    "negative_list_without_reason": Case(
        csv_bytes("期间,目录编码,资源名称,提供部门,区县代码,共享类型,开放类型,更新周期,负面清单",
                  ["2025Q4,C1,婚姻登记,民政局,990101,不予共享,不予开放,每年,是"]),
        "列入负面清单的目录须填写“负面清单依据”", row=2, column="负面清单", kind="catalog"),
    "demand_closed_before_applied": Case(
        csv_bytes("需求编号,区县代码,需求部门,申请日期,状态,办结日期", ["XQ1,990101,民政局,2025-03-10,已对接,2025-03-01"]),
        "办结日期早于申请日期", row=2, column="办结日期", kind="demands"),
    "rectified_before_evaluated": Case(_evaluations("HP1,990101,窗口,1,2025-03-05 10:00,,2025-03-04 09:00"),
                                       "整改完成时间早于评价时间", row=2, column="整改完成时间"),
    "region_parent_unknown": Case(csv_bytes("区划代码,区划名称,上级代码", ["990103,新区,990900"]),
                                  "上级代码既不在本文件中,也不在已有的行政区划表中", row=2, column="上级代码",
                                  kind="regions"),
    "ragged_csv_row": Case(_evaluations(EVALUATION_ROWS[0], "HP2,990101,窗口,5,2025-03-05,好,不错,,"),
                           "第 3 行有 9 个字段,而前面的行只有 7 个"),
    "survey_zero_on_five_point_scale": Case(
        csv_bytes(SURVEY_HEADER, ["WJ-A,A1,990101,Q1,4,5,2025-11-12 09:30", "WJ-A,A1,990101,Q2,0,5,2025-11-12 09:30"]),
        "得分不在 5 分制量表的 1–5 分之内", row=3, column="得分", kind="surveys"),
    "survey_zero_without_scale_column": Case(
        csv_bytes("问卷编号,答卷编号,区县代码,题目编码,得分,提交时间", ["WJ-A,A1,990101,Q1,0,2025-11-12 09:30"]),
        "得分不在 5 分制量表的 1–5 分之内(未填“量表”时按 5 分制", row=2, column="得分", kind="surveys"),
    "survey_eleven_on_ten_point_scale": Case(
        csv_bytes(SURVEY_HEADER, ["WJ-B,B1,990102,Q1,0,10,2025-11-12 09:30", "WJ-B,B2,990102,Q1,11,10,2025-11-12"]),
        "得分不在 10 分制量表的 0–10 分之内", row=3, column="得分", kind="surveys"),
    "survey_unknown_scale": Case(
        csv_bytes(SURVEY_HEADER, ["WJ-C,C1,990101,Q1,6,7,2025-11-12 09:30"]),
        "“量表”只能填 5(1–5 分)或 10(0–10 分)", row=2, column="量表", kind="surveys"),
    "old_xls_format": Case(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Excel 97-2003(.xls)格式",
                           name="upload.xls"),
}


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_import_bad_file_reports_and_writes_nothing(regions, engine, import_bytes, case_name):
    case = CASES[case_name]
    before = table_counts(engine)
    result = import_bytes(case.kind, case.data, case.name, **case.options)
    assert result.status == "rejected"
    matching = [i for i in result.report.errors if case.message in i.message]
    assert matching, [i.message for i in result.report.errors]
    assert matching[0].row == case.row
    assert matching[0].column == case.column
    assert table_counts(engine) == before


def test_import_bad_file_cases_cover_the_acceptance_list():
    required = {"wrong_encoding_declared", "missing_column", "misspelled_header", "bad_date", "rating_6",
                "unknown_region", "duplicate_id", "empty_file", "header_only", "xlsx_data_on_second_sheet",
                "promised_over_legal", "file_over_40mb", "truncated_xlsx", "binary_named_csv"}
    assert required <= set(CASES)


def test_import_errors_after_written_chunks_roll_back_everything(regions, engine, import_bytes, monkeypatch):
    from govdash.core import config

    monkeypatch.setenv("GOVDASH_IMPORT_CHUNK_ROWS", "2")
    config.get_settings.cache_clear()
    before = table_counts(engine)
    rows = [f"HP{i:03d},990101,窗口,5,2025-03-05,," for i in range(7)] + ["HP900,990101,窗口,9,2025-03-05,,"]
    result = import_bytes("evaluations", _evaluations(*rows))
    assert result.status == "rejected" and result.rows_total == 8
    assert [(i.row, i.column) for i in result.report.errors] == [(9, "评价等级")]
    assert table_counts(engine) == before


def test_import_duplicate_ids_across_chunks_name_both_rows(regions, import_bytes, monkeypatch):
    from govdash.core import config

    monkeypatch.setenv("GOVDASH_IMPORT_CHUNK_ROWS", "2")
    config.get_settings.cache_clear()
    rows = [f"HP{i:03d},990101,窗口,5,2025-03-05,," for i in range(5)] + ["HP001,990102,短信,4,2025-03-06,,"]
    result = import_bytes("evaluations", _evaluations(*rows))
    assert [i.message for i in result.report.errors] == ["评价编号“HP001”与第 3 行重复"]
    assert result.report.errors[0].row == 7


def test_import_every_error_counted_but_list_capped(regions, import_bytes):
    rows = [f"HP{i:04d},990101,窗口,7,2025-03-05,," for i in range(1200)]
    result = import_bytes("evaluations", _evaluations(*rows))
    assert result.report.error_count == 1200
    assert len(result.report.errors) == 1000
    assert "1200 个错误" in result.report.summary() and "前 1000 个" in result.report.summary()
