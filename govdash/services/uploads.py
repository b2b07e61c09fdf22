"""The import pipeline behind a role check: who may validate, import, replace and undo upload batches.

Evaluators may import and undo or replace their own batches; admins any batch; viewers nothing. An evaluator
bound to regions (``govdash.auth.scope``) may only import rows of those regions and replace or undo batches
whose records all lie in them; each such refusal is audited as ``scope_denied``. The page and any other caller
go through these functions; the pipeline itself stays in ``govdash.services.imports``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from govdash.auth import audit
from govdash.auth.guard import PermissionDenied, require_role
from govdash.auth.roles import Actor
from govdash.auth.scope import scope_of
from govdash.ingest.batches import BATCHES
from govdash.services.imports import (
    FilePreview,
    ImportResult,
    SourceArg,
    UndoResult,
    import_file,
    inspect_file,
    undo_batch,
)


def can_change_batch(actor: Actor | None, uploader: str) -> bool:
    """Tell whether ``actor`` may undo or replace a batch uploaded by ``uploader`` (for showing buttons)."""
    if actor is None or not actor.can("evaluator"):
        return False
    return actor.can("admin") or actor.name == uploader


def authorized_inspect(engine: Engine, actor: Actor | None, source: SourceArg, **options: Any) -> FilePreview:
    """``inspect_file`` for evaluators and admins."""
    require_role(engine, actor, "evaluator", operation="上传数据")
    return inspect_file(source, **options)


def authorized_import(engine: Engine, actor: Actor | None, kind: str, source: SourceArg,
                      **options: Any) -> ImportResult:
    """``import_file`` for evaluators and admins, with the actor as uploader; a written import is audited.

    ``options`` are ``import_file``'s keyword arguments except ``uploader``. With ``replace=True`` an evaluator
    may only replace their own batches: the file is validated first, and the import is refused when it would
    replace someone else's batch.

    Raises:
        PermissionDenied: the actor is not a signed-in evaluator or admin, or would replace another's batch.
    """
    if "uploader" in options:
        raise TypeError("the uploader is the actor; do not pass it")
    checked = require_role(engine, actor, "evaluator", operation="导入数据")
    scope = scope_of(engine, checked)
    if options.get("replace") and not options.get("dry_run") and not checked.can("admin"):
        trial = import_file(engine, kind, _rewound(source), **{**options, "dry_run": True}, uploader=checked.name,
                            scope=scope)
        _check_owner(engine, checked, trial.replaced_batch_ids, operation="替换")
        source = _rewound(source)
    result = import_file(engine, kind, source, **options, uploader=checked.name, scope=scope)
    if result.scope_regions:
        audit.record(engine, checked.name, "scope_denied", f"{'替换' if options.get('replace') else '导入'}"
                     f"“{result.file_name}”", {
                         "kind": kind, "file_name": result.file_name, "sha256": result.sha256,
                         "regions": result.scope_regions, "scope": scope.label if scope else None,
                         "dry_run": "是" if options.get("dry_run") else None})
    if result.status == "imported":
        action = "replace" if result.replaced_batch_ids else "import"
        audit.record(engine, checked.name, action, f"批次 #{result.batch_id}", {
            "kind": kind, "file_name": result.file_name, "sha256": result.sha256,
            "rows_written": result.rows_written, "periods": result.periods,
            "replaced_batch_ids": result.replaced_batch_ids, "warnings": result.report.warning_count,
        })
    return result


def authorized_undo(engine: Engine, actor: Actor | None, batch_id: int) -> UndoResult:
    """``undo_batch`` for the batch's own uploader (an evaluator) or an admin; a done undo is audited.

    Raises:
        PermissionDenied: a viewer, an evaluator undoing someone else's batch, or a batch with records outside
            the evaluator's data scope (nothing is deleted).
    """
    checked = require_role(engine, actor, "evaluator", operation="撤销批次")
    _check_owner(engine, checked, [batch_id], operation="撤销")
    scope = scope_of(engine, checked)
    result = undo_batch(engine, batch_id, user=checked.name, scope=scope)
    if result.scope_regions:
        audit.record(engine, checked.name, "scope_denied", f"撤销批次 #{batch_id}", {
            "kind": result.kind, "regions": result.scope_regions, "scope": scope.label if scope else None})
        raise PermissionDenied(result.message)
    if result.ok:
        audit.record(engine, checked.name, "undo", f"批次 #{batch_id}", {
            "kind": result.kind, "rows_deleted": result.rows_deleted, "periods": result.periods})
    return result


def foreign_batches(engine: Engine, actor: Actor, batch_ids: list[int]) -> list[int]:
    """Return those of ``batch_ids`` the actor may not undo or replace (someone else's, unless admin)."""
    if actor.can("admin") or not batch_ids:
        return []
    with engine.connect() as conn:
        owners = dict(conn.execute(select(BATCHES.c.id, BATCHES.c.uploader).where(BATCHES.c.id.in_(batch_ids))).all())
    return sorted(i for i, uploader in owners.items() if uploader != actor.name)


def _check_owner(engine: Engine, actor: Actor, batch_ids: list[int], *, operation: str) -> None:
    """Refuse (and record) an evaluator's change to batches someone else uploaded."""
    foreign = foreign_batches(engine, actor, batch_ids)
    if foreign:
        shown = "、".join(f"#{i}" for i in foreign)
        audit.record(engine, actor.name, "denied", f"{operation}批次 {shown}",
                     {"required_role": "admin", "reason": "not_owner"})
        raise PermissionDenied(f"批次 {shown} 不是您上传的;评估员只能{operation}自己上传的批次,请联系管理员")


def _rewound(source: SourceArg) -> SourceArg:
    """Let a file object be read twice (the trial run reads it first)."""
    if hasattr(source, "seek"):
        source.seek(0)  # type: ignore[union-attr]
    return source
