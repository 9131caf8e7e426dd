"""Heatmap PNGs written beside a headless scan (``--heatmaps DIR``): names, writing on background
threads, and removal of everything written when the scan is interrupted.

A PNG holds the overlaid pixels only: no caption band, no text chunk (OpenCV writes none). With
``--deidentify`` each file is named after the pseudonym its de-identified worklist row carries
(``image-<12 hex>_heatmap.png``) and its error lines name that pseudonym, never the image."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import cv2

from inference.core.i18n import _
from inference.core.output_files import atomic_write_bytes, folder_problem, output_problem
from inference.core.types import LoadFailure, TriageResult
from inference.export.deidentify import pseudonym, scrub
from inference.imaging.loader import try_load
from inference.model.heatmap import blend

HEATMAP_MAX_SIDE = 768  # heatmap PNGs: enough to read, small enough to write quickly
HEATMAP_OPACITY = 0.5


def heatmap_dir_problem(folder: Path, roots: Iterable[Path] = ()) -> str | None:
    """The heatmap folder must be a folder we can create files in, outside every scanned folder
    (checked before the scan)."""
    return folder_problem(folder, "--heatmaps", roots)


def heatmap_name(result: TriageResult, used: set[str], deidentified: bool = False) -> str:
    """``<stem>_heatmap.png``, made unique when two folders hold files with the same name; when
    ``deidentified``, the stem is the row's pseudonym (``image-<12 hex>``), not the file's."""
    source = Path(pseudonym(result.path)) if deidentified else result.path
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in source.stem) or "image"
    name = f"{stem}_heatmap.png"
    if name in used:
        name = f"{stem}_{result.index}_heatmap.png"
    used.add(name)
    return name


def write_heatmap(result: TriageResult, target: Path, roots: Iterable[Path] = ()) -> None:
    """Re-read the image at a moderate size (the pipeline keeps no full-res pixels) and overlay.
    The target is checked like every output: a name already in the folder that is a pipe, a
    device or a link into a scanned folder is refused, never written through."""
    if result.cam is None:
        return
    problem = output_problem(target, _("heatmap"), roots, probe=False)
    if problem:
        raise OSError(problem)
    loaded = try_load(result.path, max_side=HEATMAP_MAX_SIDE)
    if isinstance(loaded, LoadFailure):
        raise OSError(_("could not re-read the image: %(reason)s") % {"reason": loaded.message})
    pixels = loaded.pixels
    h, w = pixels.shape
    scale = min(1.0, HEATMAP_MAX_SIDE / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    rgb = blend(pixels, result.cam, HEATMAP_OPACITY)
    ok, png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError(_("PNG encoding failed"))
    atomic_write_bytes(target, png.tobytes())


class HeatmapWriter:
    """Writes overlays on background threads, a bounded number pending, beside the scan."""

    def __init__(
        self,
        folder: Path,
        workers: int = 2,
        max_pending: int = 8,
        created_folder: bool = False,
        roots: Iterable[Path] = (),
        deidentified: bool = False,
    ) -> None:
        self.folder = folder
        self.deidentified = deidentified
        self.roots = list(roots)
        self.created_folder = created_folder
        self.paths: dict[int, Path] = {}
        self.errors: list[str] = []
        self._used: set[str] = set()
        self._slots = threading.Semaphore(max_pending)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cxr-heatmap")

    def submit(self, result: TriageResult) -> None:
        if not result.ok or result.cam is None:
            return
        target = self.folder / heatmap_name(result, self._used, self.deidentified)
        self._slots.acquire()
        # a copy holding the heat map, so the caller may drop it from its own result at once
        job = dataclasses.replace(result, thumbnail=None)
        future = self._pool.submit(write_heatmap, job, target, self.roots)
        future.add_done_callback(self._done_callback(result, target))

    def _done_callback(self, result: TriageResult, target: Path) -> Callable[[Future], None]:
        def done(future: Future) -> None:
            self._slots.release()
            if future.cancelled():  # Ctrl-C: not written, and nothing to report or log
                return
            exc = future.exception()
            if exc is None:
                self.paths[result.index] = target
            else:
                self.errors.append(self._error_line(result.path, str(exc)))

        return done

    def _error_line(self, path: Path, reason: str) -> str:
        """The line naming a heatmap not written: the file's name, or its pseudonym (the reason
        scrubbed of the path, folder and name a loader may quote) when de-identified."""
        name = path.name
        if self.deidentified:
            name = pseudonym(path)
            reason = scrub(reason, path, name)
        return _("%(file)s: heatmap not written (%(reason)s)") % {"file": name, "reason": reason}

    def close(self, cancel: bool = False) -> None:
        """Wait for the writers; when the scan was cancelled, remove every heatmap written (and the
        folder, if this run created it and it is empty), as the help promises."""
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        if cancel:
            self.discard()

    def discard(self) -> None:
        """Remove every heatmap written (and the folder if this run made it and it is empty);
        also when the interruption arrives after the writers have finished."""
        for path in list(self.paths.values()):
            with contextlib.suppress(OSError):
                path.unlink()
        self.paths.clear()
        if self.created_folder:
            with contextlib.suppress(OSError):
                self.folder.rmdir()
