"""The boundary store behind a role check: only admins change the map's boundaries and 审图号; each change is audited.

Boundaries are reference data every map shows, printed with a legal caption (审图号), so they are an admin's
to change, not an evaluator's.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from govdash.auth import audit
from govdash.auth.guard import require_role
from govdash.auth.roles import Actor
from govdash.boundaries.store import BoundaryImport, import_boundaries, set_review_number, undo_boundaries


def authorized_import_boundaries(engine: Engine, actor: Actor | None, file_name: str, raw: bytes, *,
                                 review_number: str = "", code_property: str | None = None,
                                 dry_run: bool = False) -> BoundaryImport:
    """``import_boundaries`` for admins, with the actor as uploader; a written import is audited.

    Raises:
        PermissionDenied: the actor is not a signed-in admin.
    """
    checked = require_role(engine, actor, "admin", operation="导入区县边界")
    result = import_boundaries(engine, file_name, raw, uploader=checked.name, review_number=review_number,
                               code_property=code_property, dry_run=dry_run)
    if result.status == "imported":
        audit.record(engine, checked.name, "boundaries_import", f"边界 #{result.set_id}", {
            "file_name": file_name, "sha256": result.sha256, "districts": len(result.check.shapes),
            "review_number": review_number, "replaced_set_id": result.replaced_set_id})
    return result


def authorized_undo_boundaries(engine: Engine, actor: Actor | None, set_id: int) -> tuple[bool, str]:
    """``undo_boundaries`` for admins; a done undo is audited."""
    checked = require_role(engine, actor, "admin", operation="撤销区县边界")
    ok, message = undo_boundaries(engine, set_id, user=checked.name)
    if ok:
        audit.record(engine, checked.name, "boundaries_undo", f"边界 #{set_id}")
    return ok, message


def authorized_review_number(engine: Engine, actor: Actor | None, set_id: int, review_number: str) -> None:
    """``set_review_number`` for admins, audited."""
    checked = require_role(engine, actor, "admin", operation="修改审图号")
    set_review_number(engine, set_id, review_number)
    audit.record(engine, checked.name, "boundaries_caption", f"边界 #{set_id}", {"review_number": review_number})
