"""The audit log: who did what, when, to what. Written by the service functions, read by admins."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine

from govdash.auth.roles import ROLE_LABELS
from govdash.core import models
from govdash.domain.kinds import KINDS
from govdash.ingest.writer import table_of

AUDIT: Final = table_of(models.AuditEntry)

ACTION_LABELS: Final[dict[str, str]] = {
    "login_succeeded": "登录成功",
    "login_failed": "登录失败",
    "login_locked": "锁定期间尝试登录",
    "logout": "退出登录",
    "import": "导入数据",
    "replace": "替换导入",
    "undo": "撤销批次",
    "user_add": "新增用户",
    "user_disable": "停用用户",
    "user_enable": "启用用户",
    "user_role": "修改角色",
    "user_password": "重设密码",
    "user_scope": "修改数据范围",
    "weights_change": "修改权重",
    "warnings_notify": "推送预警",
    "boundaries_import": "导入区县边界",
    "boundaries_undo": "撤销区县边界",
    "boundaries_caption": "修改审图号",
    "workday_change": "修改工作日日历",
    "denied": "越权操作被拒绝",
    "scope_denied": "超出数据范围被拒绝",
}

DETAIL_LABELS: Final[dict[str, str]] = {
    "batch_id": "批次", "kind": "数据类型", "file_name": "文件", "sha256": "SHA-256", "rows_written": "写入行数",
    "rows_deleted": "删除行数", "periods": "期间", "replaced_batch_ids": "替换的批次", "warnings": "警告数",
    "uploader": "上传人", "reason": "原因", "role": "角色", "old_role": "原角色", "operation": "操作",
    "required_role": "所需角色", "locked_until": "锁定至(UTC)", "failures": "连续失败次数", "ip": "IP 地址",
    "framework": "框架", "changes": "变更",
    "districts": "区县数", "review_number": "审图号", "replaced_set_id": "替换的边界",
    "day": "日期", "mark": "标记", "note": "说明",
    "regions": "区划", "old_regions": "原区划", "rows": "行号", "scope": "数据范围", "dry_run": "仅校验",
}

REASON_LABELS: Final[dict[str, str]] = {
    "unknown_user": "用户不存在", "wrong_password": "密码错误", "disabled": "账户已停用", "locked": "已锁定",
    "not_signed_in": "未登录", "role_too_low": "角色权限不足", "not_owner": "不是本人上传的批次",
}

COLUMN_LABELS: Final[dict[str, str]] = {
    "id": "编号", "at": "时间(UTC)", "actor": "操作人", "action": "操作", "target": "对象", "details": "详情",
}


def record(bind: Engine | Connection, actor: str, action: str, target: object = None,
           details: Mapping[str, Any] | None = None) -> None:
    """Append one entry. Pass a ``Connection`` to write it in the same transaction as the change it records.

    Raises:
        ValueError: ``action`` is not one of ``ACTION_LABELS`` (a typo would hide entries from the filters).
    """
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown audit action {action!r}")
    values = {
        "at": models.utcnow(),
        "actor": actor[:64],
        "action": action,
        "target": None if target is None else str(target)[:255],
        "details": json.dumps(dict(details), ensure_ascii=False, default=str, sort_keys=True) if details else None,
    }
    if isinstance(bind, Connection):
        bind.execute(insert(AUDIT).values(**values))
    else:
        with bind.begin() as conn:
            conn.execute(insert(AUDIT).values(**values))


def audit_entries(engine: Engine, *, actions: Iterable[str] | None = None, actor: str | None = None,
                  since: date | None = None, until: date | None = None, limit: int | None = None) -> pd.DataFrame:
    """Return entries newest first with the columns id, at, actor, action, target, details (raw codes).

    ``since`` and ``until`` are inclusive days (UTC); ``limit`` keeps the newest entries only.
    """
    query = select(AUDIT.c.id, AUDIT.c.at, AUDIT.c.actor, AUDIT.c.action, AUDIT.c.target, AUDIT.c.details)
    wanted = list(actions) if actions is not None else None
    if wanted is not None:
        query = query.where(AUDIT.c.action.in_(wanted))
    if actor:
        query = query.where(AUDIT.c.actor == actor)
    if since is not None:
        query = query.where(AUDIT.c.at >= datetime.combine(since, time.min))
    if until is not None:
        query = query.where(AUDIT.c.at < datetime.combine(until + timedelta(days=1), time.min))
    query = query.order_by(AUDIT.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=list(COLUMN_LABELS))


def audit_table(entries: pd.DataFrame) -> pd.DataFrame:
    """Turn ``audit_entries`` output into the table people read: Chinese headers and action names."""
    shown = entries.copy()
    shown["action"] = shown["action"].map(lambda a: ACTION_LABELS.get(a, a))
    shown["at"] = pd.to_datetime(shown["at"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    shown["details"] = shown["details"].map(describe_details)
    return shown.rename(columns=COLUMN_LABELS)


def describe_details(details: object) -> str:
    """Render the JSON details as ``键:值;...`` text (plain text, never markup)."""
    if not isinstance(details, str) or not details:
        return ""
    try:
        data = json.loads(details)
    except ValueError:
        return details
    if not isinstance(data, dict):
        return str(data)
    return ";".join(f"{DETAIL_LABELS.get(key, key)}:{_value_text(key, value)}" for key, value in data.items()
                    if value not in (None, "", []))


def _value_text(key: str, value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if key == "reason" and isinstance(value, str):
        return REASON_LABELS.get(value, value)
    if key == "kind" and isinstance(value, str) and value in KINDS:
        return KINDS[value].label
    if key in ("role", "old_role", "required_role") and isinstance(value, str):
        return ROLE_LABELS.get(value, value)
    return "" if value is None else str(value)


def audit_actors(engine: Engine) -> list[str]:
    """Everyone who appears in the log, for the filter."""
    with engine.connect() as conn:
        return list(conn.scalars(select(AUDIT.c.actor).group_by(AUDIT.c.actor).order_by(func.min(AUDIT.c.id))))
