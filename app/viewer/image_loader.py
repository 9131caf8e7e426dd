"""Full-resolution images for the viewer, decoded on a worker and kept in a small LRU cache.

Only the latest request matters: while one decode runs, newer requests replace each other, so
holding the down arrow through a hundred rows costs two decodes, not a hundred. When idle, the
next row is prefetched so stepping through the worklist feels instant.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThreadPool, Signal

from app.core.workers import IO_NICE, TaskRunner
from app.viewer.display_image import DisplayImage, make_display_image, make_overlay
from app.viewer.lru import LRUCache
from inference.core.types import TriageResult
from inference.imaging.loader import load_image
from inference.model.heatmap import result_heat

log = logging.getLogger(__name__)

CACHE_ITEMS = 8
CACHE_BYTES = 640 * 1024 * 1024


@dataclass
class ViewerImage:
    """What the viewer needs for one result: pixels and the matching heatmap."""

    display: DisplayImage
    overlay: np.ndarray | None

    @property
    def nbytes(self) -> int:
        return self.display.nbytes + (0 if self.overlay is None else int(self.overlay.nbytes))


def load_viewer_image(path: Path, cam: np.ndarray | None) -> ViewerImage:
    """Decode at full resolution and build the overlay. Runs on a worker; raises LoadError."""
    display = make_display_image(load_image(path, keep_colour=True))
    overlay = make_overlay(cam, display.shape) if cam is not None else None
    return ViewerImage(display, overlay)


class ImageLoader(QObject):
    """Serves ViewerImages for results: from the cache at once, else after a background decode."""

    loaded = Signal(object, object)  # TriageResult, ViewerImage
    failed = Signal(object, str)  # TriageResult, message

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(pool, self, nice=IO_NICE)
        self.cache: LRUCache[ViewerImage] = LRUCache(CACHE_ITEMS, CACHE_BYTES, lambda v: v.nbytes)
        self._busy: TriageResult | None = None
        self._wanted: TriageResult | None = None
        self._prefetch: TriageResult | None = None
        self.relative = False  # heatmaps on the per-image relative scale (study option)
        # results whose heatmap is not drawn (out of scope: the model was not made for them)
        self.no_heatmap: Callable[[TriageResult], bool] = lambda _r: False

    @staticmethod
    def key(result: TriageResult) -> tuple[str, int]:
        return str(result.path), result.index

    def clear(self) -> None:
        """Forget everything (a new scan: same paths may carry different results)."""
        self.cache.clear()
        self._wanted = None
        self._prefetch = None

    def request(self, result: TriageResult) -> bool:
        """Ask for ``result``'s image; True when it was served from the cache synchronously."""
        cached = self.cache.get(self.key(result))
        if cached is not None:
            self._wanted = None
            self.loaded.emit(result, cached)
            return True
        self._wanted = result
        self._pump()
        return False

    def prefetch(self, result: TriageResult | None) -> None:
        """Decode ``result`` when nothing else is wanted (the likely next row)."""
        if result is None or self.key(result) in self.cache:
            return
        self._prefetch = result
        self._pump()

    @property
    def busy(self) -> bool:
        return self._busy is not None

    def _pump(self) -> None:
        if self._busy is not None:
            return
        job = self._wanted if self._wanted is not None else self._prefetch
        if job is None:
            return
        if job is self._prefetch:
            self._prefetch = None
        if self.key(job) in self.cache:  # became cached meanwhile
            if job is self._wanted:
                self.request(job)
            self._pump()
            return
        self._busy = job
        self._runner.submit(
            load_viewer_image,
            job.path,
            None if self.no_heatmap(job) else result_heat(job, self.relative),
            on_result=lambda img, r=job: self._done(r, img, None),
            on_error=lambda msg, _tb, r=job: self._done(r, None, msg),
        )

    def _done(self, result: TriageResult, image: ViewerImage | None, error: str | None) -> None:
        self._busy = None
        wanted = self._wanted is not None and self.key(self._wanted) == self.key(result)
        if image is not None:
            self.cache.put(self.key(result), image)
        if wanted:
            self._wanted = None
            if image is not None:
                self.loaded.emit(result, image)
            else:
                log.warning("%s: cannot display: %s", result.path.name, error)
                self.failed.emit(result, error or "unknown error")
        self._pump()
