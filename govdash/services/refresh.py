"""What follows a change of batches: the stored results are brought in step, then the listeners are told.

Every service that changes batches — an import (and the batches it replaces), an undo, a change of the working-day
rule that recounts the 差评 deadlines — calls ``batches_changed`` once its transaction has committed. In order:

1. the 好差评 tally, the stored metrics and the page tables (``govdash.repository.stored_refresh``);
2. the stored scores of every framework, which read the stored metrics (``govdash.services.stored_scores``) and
   the reported values (read beside step 1, which never writes them);
3. the listeners registered with ``govdash.ingest.events`` (the app's caches).

Inside ``changes_held`` (the demo database's ten imports) nothing runs until the block ends; then the changes
are announced once, as ``EVERY_KIND``, and everything is rebuilt once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from govdash.ingest import events
from govdash.ingest.events import EVERY_KIND
from govdash.repository import stored_refresh
from govdash.services import stored_scores

_log = logging.getLogger(__name__)


@dataclass
class _Held:
    batch_ids: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)


_held: ContextVar[_Held | None] = ContextVar("govdash_held_changes", default=None)


@contextmanager
def changes_held(engine: Engine) -> Iterator[None]:
    """Announce the changes made inside as one, of ``EVERY_KIND``, when the block ends without an exception.

    For a run of imports (the demo database's ten files): the stored results are rebuilt once at the end
    instead of after each file. Only the current thread (or task) is held; the server's other sessions are not.
    """
    held = _Held()
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    if held.batch_ids or held.periods:
        batches_changed(engine, EVERY_KIND, held.batch_ids, held.periods)


def batches_changed(engine: Engine, kind: str, batch_ids: Sequence[int], periods: Sequence[str]) -> None:
    """Refresh what a committed change of ``kind`` batches touched, then tell the listeners.

    The data is already committed, so a failing step is logged, not raised: the stored results then no longer
    match the batch counts, the pages read the records, and the next change (or ``govdash refresh``) rebuilds.

    Args:
        engine: the database changed.
        kind: the upload kind (``evaluations``), or ``EVERY_KIND`` after several changes.
        batch_ids: the batches written, replaced or undone.
        periods: the periods the change touched.
    """
    held = _held.get()
    if held is not None:
        held.batch_ids.extend(batch_ids)
        held.periods.extend(periods)
        return
    args = (engine, kind, list(batch_ids), list(periods))
    # The reported values the scores read are committed and no refresh step writes them: they are read beside
    # the stored refresh (mostly SQLite's time, out of Python's lock), not after it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="govdash-score-inputs") as pool:
        reported = pool.submit(stored_scores.read_reported, engine)
        _logged(stored_refresh.refresh_after_change, *args)

        def scores(*step_args: Any) -> None:
            stored_scores.refresh_after_change(*step_args, reported=_prefetched(reported))

        _logged(scores, *args)
    events.notify_batch_change(engine, kind, batch_ids, periods)


def _prefetched(reported: Future[stored_scores.ReportedInputs]) -> stored_scores.ReportedInputs | None:
    """Return the values read beside the refresh, or None (the scores then read them) when that read failed."""
    try:
        return reported.result()
    except Exception:
        _log.exception("reading the reported values beside the refresh failed; the scores read them")
        return None


def _logged(step: Callable[..., None], engine: Engine, kind: str, batch_ids: list[int], periods: list[str]) -> None:
    """Run one refresh step; a failure is logged (the data is committed), and the next steps still run."""
    try:
        step(engine, kind, batch_ids, periods)
    except Exception:
        name = getattr(step, "__qualname__", repr(step))
        _log.exception("refresh step %s failed for %s batches %s", name, kind, batch_ids)
