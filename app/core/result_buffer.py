"""Hand-off between the scan thread and the GUI thread (Qt-free).

The worker appends each result as it finishes; the GUI drains the buffer on a timer (every 100 ms),
so a scan of thousands of small images becomes a few dozen model updates instead of one queued
signal per row flooding the event loop.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

R = TypeVar("R")
P = TypeVar("P")


class ResultBuffer(Generic[R, P]):
    """Thread-safe queue of results plus the latest progress report (older ones are superseded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[R] = []
        self._progress: P | None = None
        self._progress_fresh = False

    def push(self, item: R) -> None:
        with self._lock:
            self._items.append(item)

    def set_progress(self, progress: P) -> None:
        with self._lock:
            self._progress = progress
            self._progress_fresh = True

    def drain(self, limit: int | None = None) -> tuple[list[R], P | None]:
        """Take queued results (at most ``limit``) and the progress if it changed since."""
        with self._lock:
            if limit is None or limit >= len(self._items):
                items, self._items = self._items, []
            else:
                items, self._items = self._items[:limit], self._items[limit:]
            progress = self._progress if self._progress_fresh else None
            self._progress_fresh = False
        return items, progress

    def pending(self) -> int:
        with self._lock:
            return len(self._items)
