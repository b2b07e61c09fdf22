"""Callbacks run after an import, a replacement or an undo has committed.

Caches and pre-aggregated tables register here to refresh themselves; the import pipeline does not know them.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

BatchChangeCallback = Callable[[Engine, str, Sequence[int], Sequence[str]], None]

# The stored results kept in step with every change, in the order they build on each other (the stored scores
# read the stored metrics). Loaded on the first change, so that a program importing only ``govdash.ingest`` keeps
# them too; a program that imports them earlier registers them in this order anyway.
STORED_RESULTS = ("govdash.repository.materialized", "govdash.stored_scores")

# The kind announced after several changes were held (``changes_held``): any table of any period may have changed.
EVERY_KIND = "*"

_log = logging.getLogger(__name__)
_callbacks: list[BatchChangeCallback] = []
_lock = threading.Lock()


def on_batch_change(callback: BatchChangeCallback) -> BatchChangeCallback:
    """Register ``callback(engine, kind, batch_ids, periods)``; usable as a decorator. Registering twice is a no-op."""
    with _lock:
        if callback not in _callbacks:
            _callbacks.append(callback)
    return callback


def remove_batch_change_callback(callback: BatchChangeCallback) -> None:
    """Forget a registered callback (unknown callbacks are ignored)."""
    with _lock:
        if callback in _callbacks:
            _callbacks.remove(callback)


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
        notify_batch_change(engine, EVERY_KIND, held.batch_ids, held.periods)


def notify_batch_change(engine: Engine, kind: str, batch_ids: Sequence[int], periods: Sequence[str]) -> None:
    """Call every registered callback. The data is already committed, so a failing callback is logged, not raised."""
    held = _held.get()
    if held is not None:
        held.batch_ids.extend(batch_ids)
        held.periods.extend(periods)
        return
    for module in STORED_RESULTS:
        importlib.import_module(module)
    with _lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        try:
            callback(engine, kind, list(batch_ids), list(periods))
        except Exception:
            _log.exception("batch change callback %r failed for %s batches %s", callback, kind, batch_ids)
