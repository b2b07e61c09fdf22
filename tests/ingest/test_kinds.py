"""Each kind of upload imports a small good file, with values converted and derived fields filled."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, rows_of

# Database code: `make test-pg` runs these against PostgreSQL too.
pytestmark = pytest.mark.pg

GOOD_FILES = {
    "departments": ("department", "区县代码,部门名称,部门编码", [
        "990101,滨江区数据局,D01", "990101,滨江区民政局,", "990102,江北区数据局,D03"]),
    "catalog": ("catalog_entry", "期间,目录编码,资源名称,提供部门,区县代码,共享类型,开放类型,更新周期,最近更新,调用次数,负面清单,负面清单依据", [
        "2025Q4,990101-0001,企业登记信息,滨江区市场监管局,990101,无条件共享,有条件开放,每月,2025-12-15,3560,否,",
        "2025Q4,990101-0002,婚姻登记信息,滨江区民政局,990101,不予共享,不予开放,每年,2025/6/30,,是,《个人信息保护法》"]),
    "demands": ("data_demand", "需求编号,区县代码,需求部门,目录编码,申请日期,状态,办结日期,驳回理由", [
        "XQ-1,990101,滨江区民政局,990101-0001,2025-02-10,已对接,2025-02-20,",
        "XQ-2,990102,江北区教育局,,2025-03-01,已驳回,2025-03-05,涉及国家秘密",
        "XQ-3,990102,江北区教育局,,2025-03-09,待审核,,"]),
    "responsibilities": ("data_responsibility", "区县代码,目录编码,责任部门,责任人", [
        "990101,990101-0001,滨江区市场监管局,数据专员", "990101,990101-0002,滨江区民政局,"]),
    "service-items": ("service_item", "期间,事项编码,事项名称,实施部门,区县代码,网办深度,跑动次数,跑动原因,法定时限(工作日),承诺时限(工作日),即办件,掌上可办,办件量,网上办件量", [
        "2025Q4,SX-1,个体工商户设立登记,滨江区市场监管局,990101,全程网办,0,,20,5,否,是,1200,1100",
        "2025Q4,SX-2,建设工程规划许可,滨江区规划局,990101,3,1,现场踏勘,20,10,否,否,80,40",
        "2025Q4,SX-3,居民身份证申领,滨江区公安分局,990102,在线预约,1,采集指纹,60,30,否,是,500,0"]),
    "evaluations": ("evaluation", EVALUATION_HEADER, EVALUATION_ROWS),
    "surveys": ("survey_answer", "问卷编号,答卷编号,区县代码,题目编码,题目,得分,提交时间", [
        "WJ-A,A1,990101,Q1,您对办事效率是否满意?,4,2025-11-12 09:30",
        "WJ-A,A1,990101,Q2,您对服务态度是否满意?,5,2025-11-12 09:30",
        "WJ-A,A2,990102,Q1,您对办事效率是否满意?,3,2025-11-13 10:00"]),
    "reported": ("reported_value", "区县代码,期间,指标,数值,单位,来源说明", [
        "990101,2025,cloud_adoption_rate,86.5,%,区数据局年报",
        "990101,2025,专项规划与政策文件,6,件,",
        "990102,2025,统筹机构/首席数据官,1,0/1,"]),
}


@pytest.mark.parametrize("kind", sorted(GOOD_FILES))
def test_import_each_kind_good_file(regions, import_bytes, engine, kind):
    table, header, rows = GOOD_FILES[kind]
    result = import_bytes(kind, csv_bytes(header, rows), f"{kind}.csv")
    assert result.status == "imported", result.report.to_frame().to_string()
    assert result.rows_written == len(rows) == result.rows_total
    assert len(rows_of(engine, table)) == len(rows)


def test_import_regions_parents_listed_after_children(engine, import_bytes):
    data = csv_bytes("区划代码,区划名称,层级,上级代码", ["990101,滨江区,区县,990100", "990100,示例市,市,"])
    result = import_bytes("regions", data)
    assert result.status == "imported", result.report.to_frame()
    stored = {r["code"]: r for r in rows_of(engine, "region", order_by="code", drop=("batch_id",))}
    assert stored["990101"]["parent_code"] == "990100"
    assert stored["990100"]["level"] == "city"


def test_import_evaluations_stores_codes_and_derived_fields(regions, import_bytes, engine):
    import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS))
    first, bad, third = rows_of(engine, "evaluation")
    assert (first["channel"], first["rating"], first["period"], first["month"]) == ("counter", 5, "2025Q1", "2025-03")
    assert first["rectify_deadline"] is None and first["rectified_on_time"] is None
    # 2025-03-07 is a Friday: 15 working days later, weekends skipped, is Friday 2025-03-28.
    assert bad["rating"] == 2
    assert date.fromisoformat(str(bad["rectify_deadline"])) == date(2025, 3, 28)
    assert bool(bad["rectified_on_time"]) is True
    assert datetime.fromisoformat(str(third["evaluated_at"])) == datetime(2025, 3, 8)
    assert third["rating"] == 4 and third["comment"] is None


def test_import_service_items_values_converted(regions, import_bytes, engine):
    _table, header, rows = GOOD_FILES["service-items"]
    import_bytes("service-items", csv_bytes(header, rows))
    items = {r["code"]: r for r in rows_of(engine, "service_item")}
    assert items["SX-1"]["online_depth"] == 4 and items["SX-2"]["online_depth"] == 3
    assert items["SX-3"]["online_depth"] == 2
    assert bool(items["SX-1"]["mobile"]) is True and bool(items["SX-2"]["instant"]) is False
    assert items["SX-2"]["legal_days"] == 20 and items["SX-2"]["promised_days"] == 10


def test_import_reported_names_become_codes(regions, import_bytes, engine):
    _table, header, rows = GOOD_FILES["reported"]
    import_bytes("reported", csv_bytes(header, rows))
    codes = sorted(r["indicator_code"] for r in rows_of(engine, "reported_value"))
    assert codes == ["cdo_established", "cloud_adoption_rate", "plan_documents"]


def test_import_period_argument_fills_a_file_without_period(regions, import_bytes, engine):
    _table, header, rows = GOOD_FILES["service-items"]
    header = header.split(",", 1)[1]
    rows = [r.split(",", 1)[1] for r in rows]
    result = import_bytes("service-items", csv_bytes(header, rows), period="2025年第4季度")
    assert result.status == "imported" and result.periods == ["2025Q4"]
    assert {r["period"] for r in rows_of(engine, "service_item")} == {"2025Q4"}
