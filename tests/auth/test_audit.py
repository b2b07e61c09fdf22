from datetime import date, timedelta

import pytest

from govdash.auth import audit
from govdash.core import models


def test_record_and_filter_by_action_actor_and_day(engine):
    audit.record(engine, "alice", "login_succeeded", "alice")
    audit.record(engine, "bob", "undo", "批次 #3", {"kind": "evaluations", "rows_deleted": 12})
    audit.record(engine, "alice", "import", "批次 #4")
    assert audit.audit_entries(engine)["target"].tolist() == ["批次 #4", "批次 #3", "alice"]
    assert audit.audit_entries(engine, actor="alice")["action"].tolist() == ["import", "login_succeeded"]
    assert audit.audit_entries(engine, actions=["undo"])["actor"].tolist() == ["bob"]
    assert len(audit.audit_entries(engine, limit=2)) == 2
    today = models.utcnow().date()
    assert len(audit.audit_entries(engine, since=today, until=today)) == 3
    assert audit.audit_entries(engine, since=today + timedelta(days=1)).empty
    assert audit.audit_entries(engine, until=date(2000, 1, 1)).empty
    assert audit.audit_actors(engine) == ["alice", "bob"]


def test_audit_table_speaks_chinese(engine):
    audit.record(engine, "bob", "undo", "批次 #3", {"kind": "evaluations", "rows_deleted": 12, "periods": ["2025Q4"]})
    audit.record(engine, "eve", "denied", "导入数据", {"required_role": "evaluator", "reason": "role_too_low"})
    table = audit.audit_table(audit.audit_entries(engine))
    assert list(table.columns) == ["编号", "时间(UTC)", "操作人", "操作", "对象", "详情"]
    assert table["操作"].tolist() == ["越权操作被拒绝", "撤销批次"]
    assert table["详情"].iloc[0] == "原因:角色权限不足;所需角色:评估员"
    assert table["详情"].iloc[1] == "数据类型:政务服务“好差评”;期间:2025Q4;删除行数:12"


def test_record_refuses_unknown_action(engine):
    with pytest.raises(ValueError):
        audit.record(engine, "alice", "delete_everything")
