"""Callbacks run after an import, a replacement or an undo has committed.

Caches and pre-aggregated tables register here to refresh themselves; the import pipeline does not know them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Engine

BatchChangeCallback = Callable[[Engine, str, Sequence[int], Sequence[str]], None]

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
    """Call every registered callback. The data is already committed, so a failing callback is logged, not raised."""
    with _lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        try:
            callback(engine, kind, list(batch_ids), list(periods))
        except Exception:
            _log.exception("batch change callback %r failed for %s batches %s", callback, kind, batch_ids)
