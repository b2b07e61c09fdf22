"""Changes of the working-day rule.

The calendar's overrides (administrators only, audited) and the recount of every stored 差评 deadline, announced
so that the stored results follow.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine

from govdash.auth.audit import record
from govdash.auth.guard import require_role
from govdash.auth.roles import Actor
from govdash.core.models import utcnow
from govdash.repository.workdays import EVALUATION_KIND, OVERRIDES, recount_deadlines
from govdash.services import refresh


def set_override(engine: Engine, actor: Actor, day: date, *, is_workday: bool, note: str | None = None) -> None:
    """Mark ``day`` as a working day (班) or a holiday (休), replacing an earlier mark of the same date.

    Administrators only; recorded in the audit log in the same transaction. The stored deadlines follow on
    ``apply_rectify_rule``.
    """
    admin = require_role(engine, actor, "admin", operation="修改工作日日历")
    with engine.begin() as conn:
        conn.execute(delete(OVERRIDES).where(OVERRIDES.c.day == day))
        conn.execute(insert(OVERRIDES).values(day=day, is_workday=is_workday, note=note, updated_by=admin.name[:64],
                                              updated_at=utcnow()))
        record(conn, admin.name, "workday_change", day.isoformat(),
               {"operation": "set", "mark": "班" if is_workday else "休", "note": note})


def remove_override(engine: Engine, actor: Actor, day: date) -> bool:
    """Drop the mark of ``day`` (the package or the weekend rule decides again); tell whether there was one."""
    admin = require_role(engine, actor, "admin", operation="修改工作日日历")
    with engine.begin() as conn:
        removed = bool(conn.execute(delete(OVERRIDES).where(OVERRIDES.c.day == day)).rowcount)
        if removed:
            record(conn, admin.name, "workday_change", day.isoformat(), {"operation": "remove"})
    return removed


def apply_rectify_rule(engine: Engine, *, force: bool = False, announce: bool = True) -> list[str] | None:
    """Count every stored 差评 deadline again when the rule or the calendar changed (or ``force``).

    Returns the periods recomputed (and announced, so the stored results follow), or ``None`` when the stored
    deadlines already follow the current rule. With ``announce=False`` the caller announces those periods itself
    (an import, together with its own).
    """
    periods = recount_deadlines(engine, force=force)
    if periods and announce:
        refresh.batches_changed(engine, EVALUATION_KIND, [], periods)
    return periods
