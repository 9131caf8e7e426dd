"""Background work for the viewer: the scan pipeline, image decoding and exports.

Pattern from superqt's ``_qthreading``: a ``QRunnable`` owns a separate ``QObject`` of signals that
is created on the GUI thread, so signals emitted from the pool thread arrive there as queued calls.
The scan worker does not emit per result: it fills a ``ResultBuffer`` the GUI drains on a timer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal

from app.core.result_buffer import ResultBuffer
from inference.core.i18n import _
from inference.core.types import TriageResult
from inference.model.session import ModelSession
from inference.triage.pipeline import CancelToken, PipelineOptions, Progress, triage

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 100
MAX_ROWS_PER_FLUSH = 2000  # bounds the GUI work of one flush even after a stall
BACKGROUND_NICE = 5  # how much lower than the GUI thread the scan threads run (Linux nice steps)
IO_NICE = 2  # image decoding for the viewer and exports: below the GUI, above the scan


def lower_thread_priority(step: int = BACKGROUND_NICE) -> None:
    """Let the GUI thread win the CPU over the scan, so the window never stutters.

    On Linux, Qt's thread priority is a no-op for normal threads, so the thread's nice value is
    raised instead; threads started from this one (the pipeline's decode pool, onnxruntime's
    intra-op pool when the model is loaded here) inherit it. Elsewhere the scan pool's Qt thread
    priority does the job for the pool thread itself.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            tid = threading.get_native_id()
            target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + step)
            if os.getpriority(os.PRIO_PROCESS, tid) < target:
                os.setpriority(os.PRIO_PROCESS, tid, target)


class FunctionSignals(QObject):
    returned = Signal(object)
    errored = Signal(str, str)  # message, traceback
    done = Signal()


class FunctionWorker(QRunnable):
    """Run ``fn(*args, **kwargs)`` on a pool thread; report its return value or its exception."""

    def __init__(self, fn: Callable[..., Any], *args: Any, nice: int = 0, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python owner keeps it alive until ``done``
        self.signals = FunctionSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._nice = nice

    def run(self) -> None:
        if self._nice:
            lower_thread_priority(self._nice)
        try:
            value = self._fn(*self._args, **self._kwargs)
        except Exception as exc:
            self.signals.errored.emit(str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            self.signals.returned.emit(value)
        finally:
            self.signals.done.emit()


class TaskRunner(QObject):
    """Starts FunctionWorkers on a pool and keeps them referenced until they finish."""

    def __init__(self, pool: QThreadPool, parent: QObject | None = None, nice: int = 0) -> None:
        super().__init__(parent)
        self.pool = pool
        self.nice = nice  # background work runs this much below the GUI thread (Linux)
        self._live: set[FunctionWorker] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str, str], None] | None = None,
        **kwargs: Any,
    ) -> FunctionWorker:
        worker = FunctionWorker(fn, *args, nice=self.nice, **kwargs)
        if on_result is not None:
            worker.signals.returned.connect(on_result)
        if on_error is not None:
            worker.signals.errored.connect(on_error)
        else:
            worker.signals.errored.connect(
                lambda msg, tb: log.error("background task failed: %s\n%s", msg, tb)
            )
        worker.signals.done.connect(lambda w=worker: self._live.discard(w))
        self._live.add(worker)
        self.pool.start(worker)
        return worker

    def active(self) -> int:
        return len(self._live)


@dataclass(frozen=True)
class ScanOutcome:
    """How a scan ended."""

    cancelled: bool
    error: str | None
    count: int
    elapsed_s: float


class ScanSignals(QObject):
    started = Signal()
    finished = Signal(object)  # ScanOutcome


class ScanWorker(QRunnable):
    """Runs one ``inference.triage.pipeline.triage`` over the sources, buffering results for the GUI."""

    def __init__(
        self,
        sources: Sequence[Path],
        session: ModelSession,
        buffer: ResultBuffer[TriageResult, Progress],
        options: PipelineOptions | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = ScanSignals()
        self.sources = list(sources)
        self.session = session
        self.buffer = buffer
        self.options = options or PipelineOptions()
        self.cancel_token = CancelToken()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        lower_thread_priority()
        self.signals.started.emit()
        t0 = time.perf_counter()
        count = 0
        error: str | None = None
        try:
            for result in triage(
                self.sources,
                self.session,
                self.options,
                self.cancel_token,
                self.buffer.set_progress,
            ):
                self.buffer.push(result)
                count += 1
        except Exception as exc:  # the pipeline reports per-file errors itself; this is a bug
            log.exception("the scan stopped unexpectedly")
            error = _("The scan stopped unexpectedly: {error}").format(error=exc)
        outcome = ScanOutcome(
            cancelled=self.cancel_token.cancelled,
            error=error,
            count=count,
            elapsed_s=time.perf_counter() - t0,
        )
        self.signals.finished.emit(outcome)


def _load_model_low_priority(path: Path | None) -> ModelSession:
    lower_thread_priority()
    return ModelSession.load(path)


class ScanController(QObject):
    """GUI-side owner of the single running scan: starts it, drains its buffer, cancels it."""

    scanStarted = Signal()
    resultsArrived = Signal(list)  # list[TriageResult], in arrival order
    progressChanged = Signal(object)  # Progress
    scanFinished = Signal(object)  # ScanOutcome

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one pipeline at a time; it has its own decode pool
        self.pool.setThreadPriority(QThread.Priority.LowPriority)
        self.tasks = TaskRunner(self.pool, self)
        self._worker: ScanWorker | None = None
        self._buffer: ResultBuffer[TriageResult, Progress] = ResultBuffer()
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(
        self,
        sources: Sequence[Path],
        session: ModelSession,
        options: PipelineOptions | None = None,
    ) -> bool:
        """Start a scan; False (and nothing started) while another is still running."""
        if self._worker is not None:
            return False
        self._buffer = ResultBuffer()
        worker = ScanWorker(sources, session, self._buffer, options)
        worker.signals.finished.connect(self._on_finished)
        self._worker = worker
        self._timer.start()
        self.pool.start(worker)
        self.scanStarted.emit()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def load_model(
        self,
        path: Path | None,
        on_result: Callable[[ModelSession], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        """Open the model on the scan thread, so onnxruntime's threads share its low priority."""
        self.tasks.submit(_load_model_low_priority, path, on_result=on_result, on_error=on_error)

    def flush(self) -> None:
        """Move buffered results into the GUI (called by the timer, and once at the end)."""
        items, progress = self._buffer.drain(MAX_ROWS_PER_FLUSH)
        if items:
            self.resultsArrived.emit(items)
        if progress is not None:
            self.progressChanged.emit(progress)

    def _on_finished(self, outcome: ScanOutcome) -> None:
        self._timer.stop()
        while self._buffer.pending():
            self.flush()
        self.flush()
        self._worker = None
        self.scanFinished.emit(outcome)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (shutdown and tests only)."""
        return self.pool.waitForDone(msecs)
