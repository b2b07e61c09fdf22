"""Listeners told after an import, a replacement or an undo has committed and the stored results are refreshed.

The services that change batches call ``govdash.services.refresh.batches_changed``, which refreshes the stored metrics,
page tables and scores itself and then calls ``notify_batch_change``: what is registered here is only what keeps
a copy of the data outside the database (the app's caches, a test's recorder). The import pipeline knows none
of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Engine

BatchChangeCallback = Callable[[Engine, str, Sequence[int], Sequence[str]], None]

# The kind announced after several changes were held (``govdash.services.refresh.changes_held``): any table of any
# period may have changed.
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


def notify_batch_change(engine: Engine, kind: str, batch_ids: Sequence[int], periods: Sequence[str]) -> None:
    """Call every registered listener. The data is already committed, so a failing listener is logged, not raised."""
    with _lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        try:
            callback(engine, kind, list(batch_ids), list(periods))
        except Exception:
            _log.exception("batch change callback %r failed for %s batches %s", callback, kind, batch_ids)
