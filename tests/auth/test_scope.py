"""Data scope: an evaluator bound to districts may import, replace and undo only inside them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from govdash.auth import Actor, PermissionDenied, UserError
from govdash.auth.audit import audit_entries, audit_table
from govdash.auth.scope import assigned_regions, scope_of, set_user_scope
from govdash.auth.users import user_id_of
from govdash.core import models
from govdash.ingest.scope import DataScope
from govdash.repository.regions import region_subtree
from govdash.services.imports import import_file
from govdash.services.undo import undo_batch
from govdash.services.uploads import authorized_import, authorized_undo
from tests.auth.conftest import CLI, actions, count, make_user

# 990101001 is a 街道 of 滨江区 and 990101001001 a 社区 of it: the walk follows parent_code at any depth.
REGIONS = ("区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区,990100\n"
           "990102,望湖区,区,990100\n990101001,江滨街道,街道,990101\n990101001001,江心社区,社区,990101001\n").encode()


def rows_csv(*rows: tuple[str, str]) -> bytes:
    """好差评 rows (id, region code): the first data row is Excel row 2."""
    lines = ["评价编号,区县代码,评价渠道,评价等级,评价时间"]
    lines += [f"{i},{code},移动端,满意,2025-11-03 10:00" for i, code in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def city(engine, admin) -> None:
    assert authorized_import(engine, admin, "regions", REGIONS, file_name="regions.csv").ok


@pytest.fixture
def binjiang(engine, city, admin) -> Actor:
    """An evaluator bound to 滨江区 (990101)."""
    actor = make_user(engine, "bj", "evaluator")
    set_user_scope(engine, admin, "bj", ["990101"])
    return actor


def _evaluations(engine) -> list[tuple[str, str]]:
    table = models.Evaluation.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return sorted(conn.execute(select(table.c.eval_no, table.c.region_code)).all())


def test_region_subtree_walks_parent_codes_at_any_depth(engine, city):
    assert region_subtree(engine, ["990101"]) == {"990101", "990101001", "990101001001"}
    assert region_subtree(engine, ["990102", "999999"]) == {"990102"}
    assert region_subtree(engine, ["990100"]) == {"990100", "990101", "990102", "990101001", "990101001001"}


def test_scope_import_outside_refused_naming_codes_and_rows_nothing_written(engine, binjiang):
    batches = count(engine, models.UploadBatch)
    data = rows_csv(("A1", "990101"), ("A2", "990102"), ("A3", "990101001"), ("A4", "990102"))
    result = authorized_import(engine, binjiang, "evaluations", data, file_name="hp.csv")
    assert result.status == "rejected"
    assert result.scope_regions == ["990102"]
    assert "超出数据范围:区划 990102(第 3、5 行)不在您的数据范围(990101 滨江区及其下级区划)内" in result.message
    issues = result.report.to_frame()
    assert issues.loc[issues["问题"].str.contains("数据范围"), "行号"].tolist() == [3, 5]
    assert _evaluations(engine) == []
    assert count(engine, models.UploadBatch) == batches
    entry = audit_entries(engine, actions=["scope_denied"]).iloc[0]
    assert entry["actor"] == "bj" and "990102" in entry["details"] and "hp.csv" in entry["target"]
    assert "超出数据范围被拒绝" in audit_table(audit_entries(engine)).iloc[0]["操作"]


def test_scope_import_inside_accepted_with_descendants(engine, binjiang):
    data = rows_csv(("A1", "990101"), ("A2", "990101001"), ("A3", "990101001001"))
    result = authorized_import(engine, binjiang, "evaluations", data, file_name="hp.csv")
    assert result.status == "imported", result.message
    assert _evaluations(engine) == [("A1", "990101"), ("A2", "990101001"), ("A3", "990101001001")]
    assert "scope_denied" not in actions(engine)


def test_scope_dry_run_refusal_is_audited_too(engine, binjiang):
    result = authorized_import(engine, binjiang, "evaluations", rows_csv(("A1", "990102")), file_name="hp.csv",
                               dry_run=True)
    assert result.status == "rejected" and result.scope_regions == ["990102"]
    assert actions(engine)[-1] == "scope_denied"


def test_scope_replace_and_undo_of_batch_with_outside_records_refused(engine, city, admin):
    both = make_user(engine, "both", "evaluator")
    set_user_scope(engine, admin, "both", ["990101", "990102"])
    first = authorized_import(engine, both, "evaluations", rows_csv(("A1", "990101"), ("A2", "990102")),
                              file_name="hp.csv")
    assert first.status == "imported"
    set_user_scope(engine, admin, "both", ["990101"])  # narrowed: 望湖区 moved to another evaluator
    corrected = rows_csv(("A1", "990101"))
    replaced = authorized_import(engine, both, "evaluations", corrected, file_name="hp2.csv", replace=True)
    assert replaced.status == "rejected"
    assert f"批次 #{first.batch_id} 含有区划 990102(1 条记录)" in replaced.message and "不能替换" in replaced.message
    with pytest.raises(PermissionDenied, match="不能撤销") as refused:
        authorized_undo(engine, both, first.batch_id or 0)
    assert "990102(1 条记录)" in str(refused.value)
    assert _evaluations(engine) == [("A1", "990101"), ("A2", "990102")]
    assert actions(engine)[-2:] == ["scope_denied", "scope_denied"]
    assert authorized_undo(engine, admin, first.batch_id or 0).ok  # admins are global


def test_scope_services_called_directly(engine, city):
    scope = DataScope(codes=frozenset({"990102"}), label="990102 望湖区")
    refused = import_file(engine, "evaluations", rows_csv(("B1", "990101")), file_name="x.csv", scope=scope)
    assert refused.status == "rejected" and refused.scope_regions == ["990101"]
    done = import_file(engine, "evaluations", rows_csv(("B2", "990102")), file_name="y.csv", scope=scope)
    assert done.status == "imported"
    other = import_file(engine, "evaluations", rows_csv(("B3", "990101")), file_name="z.csv")
    undo = undo_batch(engine, other.batch_id or 0, scope=scope)
    assert undo.status == "refused" and undo.scope_regions == ["990101"]
    assert _evaluations(engine) == [("B2", "990102"), ("B3", "990101")]
    assert undo_batch(engine, done.batch_id or 0, scope=scope).ok


def test_scope_regions_file_may_add_streets_under_own_district_only(engine, binjiang):
    own = "区划代码,区划名称,层级,上级代码\n990101002,新城街道,街道,990101\n990101002001,新城社区,社区,990101002\n".encode()
    assert authorized_import(engine, binjiang, "regions", own, file_name="streets.csv").status == "imported"
    foreign = "区划代码,区划名称,层级,上级代码\n990102001,湖滨街道,街道,990102\n990103,新区,区,990100\n".encode()
    result = authorized_import(engine, binjiang, "regions", foreign, file_name="other.csv")
    assert result.status == "rejected" and result.scope_regions == ["990102001", "990103"]
    assert scope_of(engine, binjiang) is not None and scope_of(engine, binjiang).covers("990101002001")  # type: ignore[union-attr]


def test_set_user_scope_admin_only_validated_and_audited(engine, city, admin, evaluator):
    with pytest.raises(PermissionDenied):
        set_user_scope(engine, evaluator, "eva", ["990101"])
    with pytest.raises(UserError, match="990199 不在行政区划表中"):
        set_user_scope(engine, admin, "eva", ["990101", "990199"])
    with pytest.raises(UserError, match="管理员不受数据范围限制"):
        set_user_scope(engine, admin, "admin1", ["990101"])
    assert set_user_scope(engine, admin, "eva", ["990102", "990101"]) == ["990101", "990102"]
    assert assigned_regions(engine, user_id_of(engine, "eva")) == ["990101", "990102"]
    assert actions(engine)[-1] == "user_scope"
    assert set_user_scope(engine, CLI, "eva", []) == []
    assert scope_of(engine, evaluator) is None and assigned_regions(engine, user_id_of(engine, "eva")) == []
    assert scope_of(engine, admin) is None
