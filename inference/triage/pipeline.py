"""Batch triage of a folder: decode in a thread pool, infer in batches on one thread, stream out.

Threads (all started on the first ``next()`` of the generator and joined when it ends, is closed
or is garbage-collected):

* a *scanner* walks the sources lazily (``iter_images``) and queues the paths it finds (paths
  only, so it runs ahead cheaply and the total is known as soon as the walk ends);
* a *decode pool* loads each file (reduced-scale JPEG decode where possible), computes the
  model input (224x224 float32), quality flags and a small thumbnail, then drops the full-res
  pixels. OpenCV and pydicom's decoders release the GIL, so these threads run in parallel;
* the *caller's thread* (the one iterating the generator) is the single inference thread: it
  hands files to the pool, never more than ``2 * batch_size + workers`` in flight (that bound
  is what keeps memory flat for a 10,000-file folder, and a slow consumer pauses everything),
  takes whatever has been decoded (up to ``batch_size``), runs one onnxruntime batch and yields
  the results. One session with one intra-op pool avoids oversubscribing the CPU.

Results come out as they finish, not in scan order; ``TriageResult.index`` is the scan order.
A file that cannot be read yields a result with ``error`` set; nothing raises for a bad file.

Cancellation: once the token is cancelled, no further result is yielded (not even those of the
batch that was running), remaining files are not reported at all (no CANCELLED results), and
the generator returns after the decode tasks already started have ended. Callers detect a
cancelled scan from their own token.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.core.i18n import N_, Message
from inference.core.types import FailureKind, LoadFailure, TriageResult
from inference.imaging.loader import try_load
from inference.imaging.quality import image_flags
from inference.imaging.walk import ScanStats, iter_images
from inference.model.heatmap import body_grid
from inference.model.lung_fields import lung_input
from inference.model.preprocess import model_plane, standardize
from inference.model.session import ModelSession
from inference.triage.batch_results import PreparedImage, _infer, _lungs, failure_result
from inference.triage.batch_results import results_from_outputs as results_from_outputs  # re-export

#: ``PipelineOptions.max_side`` value asking for a full-resolution decode.
FULL_RESOLUTION = 0
_POLL_S = 0.05
#: The inference thread waits up to GATHER_S for at least MIN_BATCH decoded images per batch.
MIN_BATCH = 8
GATHER_S = 0.02
#: Paths the folder walk may queue ahead of the decoders (about 200 bytes each).
MAX_QUEUED_PATHS = 100_000


class CancelToken:
    """Thread-safe stop request shared by the UI, the CLI's Ctrl-C handler and the pipeline."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class Progress:
    """Where a scan stands; ``total`` is None until the (lazy) folder scan has finished."""

    done: int
    total: int | None
    failed: int
    elapsed_s: float
    eta_s: float | None
    current: Path | None


@dataclass
class PipelineOptions:
    """Tuning knobs; the defaults suit a laptop CPU.

    ``max_side``: None decodes at reduced scale but at least twice the model input (JPEG DCT
    scaling: 4-8x faster on large originals with scores within ~0.01); ``FULL_RESOLUTION`` (0)
    decodes every pixel. ``thumbnail_size`` 0 disables thumbnails.
    """

    batch_size: int = 16
    decode_workers: int | None = None
    thumbnail_size: int = 160
    max_side: int | None = None


@dataclass
class _ScanDone:
    """Sentinel: the folder walk has ended."""


@dataclass
class _ScanState:
    """Written by the scanner thread, read by the inference thread (a single int: no lock)."""

    total: int | None = None


def default_decode_workers() -> int:
    """One decoder per CPU, at most 4: beyond that the single inference thread is the limit."""
    return max(1, min(4, os.cpu_count() or 1))


def decode_max_side(options: PipelineOptions, input_size: tuple[int, int]) -> int | None:
    """The ``max_side`` handed to the loader (None = full resolution)."""
    if options.max_side is None:
        return 2 * max(input_size)
    return None if options.max_side == FULL_RESOLUTION else options.max_side


def make_thumbnail(pixels: np.ndarray, size: int) -> np.ndarray | None:
    """uint8 preview whose longer side is at most ``size`` (area averaging, aspect kept).

    A preview need not be exact, so a large image is first shrunk by a whole factor (OpenCV's
    fast block-average path, dropping at most ``factor - 1`` edge rows/columns), then by area
    averaging to the final size: ~5x cheaper on a full-resolution radiograph.
    """
    if size <= 0:
        return None
    h, w = pixels.shape[:2]
    scale = min(1.0, size / max(h, w))
    if scale < 1.0:
        tw, th = max(1, round(w * scale)), max(1, round(h * scale))
        k = min(h // (2 * th), w // (2 * tw))  # keep >= 2x the target for the final area step
        if k >= 2:
            pixels = pixels[: h - h % k, : w - w % k]
            pixels = cv2.resize(pixels, (w // k, h // k), interpolation=cv2.INTER_AREA)
        pixels = cv2.resize(pixels, (tw, th), interpolation=cv2.INTER_AREA)
    if pixels.dtype == np.uint8:
        return np.ascontiguousarray(pixels)
    return np.rint(np.clip(pixels, 0.0, 1.0) * 255.0).astype(np.uint8)


def prepare(
    path: Path,
    index: int,
    input_size: tuple[int, int],
    max_side: int | None,
    thumbnail_size: int,
    cam_size: tuple[int, int] | None = None,
    lungs: bool = False,
) -> PreparedImage | LoadFailure:
    """Load one file and reduce it to the model input, flags, thumbnail and either the lung
    model's input (``lungs``) or, without a lung model, the body outline on the CAM grid
    (``cam_size``). Never raises."""
    t0 = time.perf_counter()
    try:
        loaded = try_load(path, max_side=max_side, keep_uint8=True)
        if isinstance(loaded, LoadFailure):
            return loaded
        unit = model_plane(loaded.pixels, input_size)
        std = float(cv2.meanStdDev(unit)[1][0, 0])
        model_input = standardize(unit)[None, :, :]
        return PreparedImage(
            index=index,
            path=loaded.path,
            input=model_input,
            flags=image_flags(loaded, input_size, std),
            metadata=dict(loaded.metadata),
            original_size=loaded.original_size,
            format=loaded.format,
            thumbnail=make_thumbnail(loaded.pixels, thumbnail_size),
            body=body_grid(unit, cam_size) if cam_size and not lungs else None,
            lung_input=lung_input(unit) if lungs else None,
            decode_ms=(time.perf_counter() - t0) * 1000.0,
            age_years=loaded.age_years,
        )
    except MemoryError:
        return LoadFailure(
            path, FailureKind.TOO_LARGE, Message(N_("not enough memory to decode this image"))
        )
    except Exception as exc:  # a loader bug must not stop the batch
        return LoadFailure(path, FailureKind.INTERNAL, _internal(exc))


def _internal(exc: Exception) -> Message:
    return Message(N_("internal error while reading: %(error)s"), error=repr(exc))


def triage(
    sources: Path | Sequence[Path],
    session: ModelSession,
    options: PipelineOptions | None = None,
    cancel: CancelToken | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    scan_stats: ScanStats | None = None,
) -> Iterator[TriageResult]:
    """Score every image under ``sources``; yields one TriageResult per file as it finishes.

    Options are validated here (ValueError), before any thread starts; the work starts on the
    first ``next()``. See the module docstring for threads, ordering and cancellation. Pass a
    ``ScanStats`` to learn what the folder walk skipped silently (non-image files, hidden ones).
    """
    options = options or PipelineOptions()
    if options.batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {options.batch_size}")
    if options.decode_workers is not None and options.decode_workers < 1:
        raise ValueError(f"decode_workers must be at least 1, got {options.decode_workers}")
    if options.max_side is not None and options.max_side < 0:
        raise ValueError(f"max_side must be >= 0, got {options.max_side}")
    token = cancel or CancelToken()
    return _run(sources, session, options, token, on_progress, scan_stats)


def _run(
    sources: Path | Sequence[Path],
    session: ModelSession,
    options: PipelineOptions,
    cancel: CancelToken,
    on_progress: Callable[[Progress], None] | None,
    scan_stats: ScanStats | None,
) -> Iterator[TriageResult]:
    workers = options.decode_workers or default_decode_workers()
    # Files submitted for decoding but not yet inferred: two batches' worth plus one per decoder
    # keeps every thread busy; the bound is what keeps a 10,000-file folder's memory flat.
    in_flight_limit = 2 * options.batch_size + workers
    scan_q: queue.Queue[Path | LoadFailure | _ScanDone] = queue.Queue(MAX_QUEUED_PATHS)
    out_q: queue.SimpleQueue[PreparedImage | TriageResult] = queue.SimpleQueue()
    stop = threading.Event()
    state = _ScanState()
    input_size = session.contract.input_size
    max_side = decode_max_side(options, input_size)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cxr-decode")

    def stopping() -> bool:
        return stop.is_set() or cancel.cancelled

    def decode(path: Path, index: int) -> None:
        if stopping():
            cancelled = LoadFailure(path, FailureKind.CANCELLED, Message(N_("cancelled")))
            out_q.put(failure_result(cancelled, index))
            return
        t0 = time.perf_counter()
        try:
            item = prepare(
                path,
                index,
                input_size,
                max_side,
                options.thumbnail_size,
                session.contract.cam_size,
                lungs=_lungs(session) is not None,
            )
        except Exception as exc:  # every task must answer, or the scan would wait for it forever
            item = LoadFailure(path, FailureKind.INTERNAL, _internal(exc))
        if isinstance(item, LoadFailure):
            out_q.put(failure_result(item, index, (time.perf_counter() - t0) * 1000.0))
        else:
            out_q.put(item)

    def put(entry: Path | LoadFailure | _ScanDone) -> bool:
        while not stopping():
            try:
                scan_q.put(entry, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def scan() -> None:
        """Walk ahead of the decoders (paths only), so the total is known early."""
        count = 0
        try:
            for entry in iter_images(sources, scan_stats):
                if not put(entry):
                    return
                count += 1
        except Exception as exc:  # a scanner bug: report it as one failed entry, keep results
            single = isinstance(sources, str | os.PathLike)
            root = Path(sources if single else next(iter(sources), "."))
            msg = Message(N_("the folder scan stopped early: %(error)s"), error=repr(exc))
            if put(LoadFailure(root, FailureKind.INTERNAL, msg)):
                count += 1
        finally:
            state.total = count
            put(_ScanDone())

    scanner = threading.Thread(target=scan, name="cxr-scan", daemon=True)
    start = time.perf_counter()
    done = failed = in_flight = next_index = 0
    scan_done = False
    last: Path | None = None
    scan_failures: deque[TriageResult] = deque()

    def accept(entry: Path | LoadFailure | _ScanDone) -> None:
        nonlocal scan_done, next_index, in_flight
        if isinstance(entry, _ScanDone):
            scan_done = True
            return
        index, next_index = next_index, next_index + 1
        if isinstance(entry, LoadFailure):
            scan_failures.append(failure_result(entry, index))
        else:
            pool.submit(decode, Path(entry), index)
            in_flight += 1

    def top_up() -> None:
        """Hand the decoders more files, up to the in-flight bound (never blocks)."""
        while (
            not scan_done and in_flight < in_flight_limit and len(scan_failures) < in_flight_limit
        ):
            try:
                accept(scan_q.get_nowait())
            except queue.Empty:
                return

    def report() -> None:
        if on_progress is None:
            return
        elapsed = time.perf_counter() - start
        total = state.total
        eta = None
        if total is not None and done > 0:
            eta = max(0.0, elapsed / done * (total - done))
        on_progress(Progress(done, total, failed, elapsed, eta, last))

    try:
        scanner.start()
        report()
        while True:
            if cancel.cancelled:
                return
            top_up()
            if scan_failures:
                while scan_failures:
                    entry = scan_failures.popleft()
                    if cancel.cancelled:
                        return
                    done, failed, last = done + 1, failed + 1, entry.path
                    yield entry
                report()
                continue
            if scan_done and in_flight == 0:
                break
            if in_flight == 0:  # nothing to decode yet: wait for the folder walk
                with contextlib.suppress(queue.Empty):
                    accept(scan_q.get(timeout=_POLL_S))
                continue
            try:
                pending = [out_q.get(timeout=_POLL_S)]
            except queue.Empty:
                continue
            n_prepared = int(isinstance(pending[0], PreparedImage))
            # Gather a batch: what is ready now, and for a few ms more while decoders are busy.
            # onnxruntime's per-call cost makes one-image batches ~1.5x dearer per image, and on
            # two cores that CPU is taken from the decoders.
            wanted = min(options.batch_size, MIN_BATCH, in_flight)
            deadline = time.perf_counter() + GATHER_S
            while n_prepared < options.batch_size:
                try:
                    wait = deadline - time.perf_counter()
                    if n_prepared < wanted and wait > 0:
                        pending.append(out_q.get(timeout=wait))
                    else:
                        pending.append(out_q.get_nowait())
                except queue.Empty:
                    break
                n_prepared += isinstance(pending[-1], PreparedImage)
            in_flight -= len(pending)
            top_up()  # keep the decoders busy while this batch runs
            batch = [e for e in pending if isinstance(e, PreparedImage)]
            results = [e for e in pending if isinstance(e, TriageResult)]
            if batch:
                results += _infer(batch, session)
            for result in results:
                if cancel.cancelled:
                    return
                done += 1
                failed += not result.ok
                last = result.path
                yield result
            report()
        report()
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        scanner.join(timeout=5.0)
