"""Triage as files arrive: one worker thread takes queued files (from the receiver or the watch),
scores them in small batches with the usual pipeline, records each result in the history, builds
the DICOM results and delivers them, then tells the caller (the CLI prints a line, the viewer adds
a worklist row).

Why one thread: the pipeline already parallelises decoding and runs inference on the thread that
iterates it; a second consumer would only oversubscribe the CPU. Files arriving while a batch runs
wait in the queue and form the next batch, so a burst of 50 studies costs a few batches, not 50.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom

from inference.clinic import results_dicom as rd
from inference.clinic.deliver import Delivery
from inference.clinic.history import Event, EventKind, HistoryWriter
from inference.core.i18n import english
from inference.core.types import LoadFailure, TriageResult
from inference.imaging.loader import try_load
from inference.model.session import ModelSession
from inference.triage import worklist as wl
from inference.triage.pipeline import CancelToken, PipelineOptions, triage

log = logging.getLogger(__name__)
GATHER_S = 0.15  # wait this long for more arrivals before a batch starts
MAX_BATCH = 16


@dataclass
class Job:
    """A file to score; ``received_at`` (perf_counter) measures arrival-to-result latency."""

    path: Path
    source: str  # "listen" / "watch"
    received_at: float = field(default_factory=time.perf_counter)
    calling_ae: str = ""


@dataclass
class Outcome:
    """What happened to one job: the result, its facts, the objects sent and any problems."""

    job: Job
    result: TriageResult
    facts: rd.Facts
    sent: list[str]  # SOP class names of the objects delivered, e.g. ["SC", "SR"]
    problems: list[str]
    latency_s: float


class ClinicTriager:
    """Start, ``submit`` jobs from any thread, ``stop``. ``on_outcome`` runs on the worker."""

    def __init__(
        self,
        session: ModelSession,
        settings: wl.TriageSettings,
        history: HistoryWriter | None = None,
        delivery: Delivery | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
        thumbnail_size: int = 0,
        history_session: str = "",
    ) -> None:
        self.session = session
        self.history_session = history_session or uuid.uuid4().hex  # this run's worklist
        self.settings = settings
        self.history = history
        self.delivery = delivery
        self.on_outcome = on_outcome
        self.options = PipelineOptions(thumbnail_size=thumbnail_size, batch_size=MAX_BATCH)
        self.model = rd.ModelInfo(session.contract.name, session.contract.version, session.sha256)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._cancel = CancelToken()
        self._thread = threading.Thread(target=self._loop, name="cxr-clinic-triage", daemon=True)
        self.done = 0

    def start(self) -> None:
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._queue.put(job)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    def stop(self, drain: bool = False, timeout_s: float = 30.0) -> None:
        """Stop the worker: at once (the running batch is dropped; files stay in the inbox) or,
        with ``drain``, after everything queued so far."""
        if not drain:
            self._cancel.cancel()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout=timeout_s)

    def _take_batch(self) -> list[Job] | None:
        first = self._queue.get()
        if first is None:
            return None
        batch = [first]
        deadline = time.monotonic() + GATHER_S
        while len(batch) < MAX_BATCH:
            try:
                job = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if job is None:
                self._queue.put(None)  # seen after this batch
                break
            batch.append(job)
        return batch

    def _loop(self) -> None:
        while not self._cancel.cancelled:
            batch = self._take_batch()
            if batch is None:
                return
            try:
                self._run_batch(batch)
            except Exception:  # one bad batch must not end the service
                log.exception("triage of %d received files failed", len(batch))

    def _run_batch(self, batch: list[Job]) -> None:
        jobs = {job.path: job for job in batch}  # a file sent twice: scored once, latest job
        self._record_scan(list(jobs.values()))
        for result in triage(list(jobs), self.session, self.options, cancel=self._cancel):
            job = jobs.get(result.path) or jobs.get(Path(result.path))
            if job is None:
                continue
            outcome = self._finish(job, result)
            self.done += 1
            if self.on_outcome is not None:
                try:
                    self.on_outcome(outcome)
                except Exception:
                    log.exception("outcome callback failed")

    def _record_scan(self, jobs: list[Job]) -> None:
        if self.history is None:
            return
        sources = sorted({j.source for j in jobs})
        self.history.record(
            self._event(EventKind.SCAN, source=",".join(sources), detail={"files": len(jobs)})
        )

    @english()  # the history is read by programs and support: English in every session
    def _event(self, kind: str, **values: object) -> Event:
        return Event(
            kind=kind,
            model_sha=self.session.sha256,
            operating_point=self.settings.operating_point_text(),
            threshold=self.settings.threshold,
            session=self.history_session,
            **values,  # type: ignore[arg-type]
        )

    def _finish(self, job: Job, result: TriageResult) -> Outcome:
        facts = rd.facts_of(result, self.settings, self.model)
        header = _header(job.path)
        problems: list[str] = []
        sent: list[str] = []
        datasets = []
        if self.delivery is not None:
            if header is None:
                problems.append("not a DICOM file with a study: no results to send back")
            else:
                try:
                    datasets = rd.build_results(header, result, facts, _film(job.path, facts))
                except rd.ResultError as exc:
                    problems.append(str(exc))
                problems += self.delivery.send(datasets)
                if len(problems) == 0:
                    sent = ["SC" if ds.Modality != "SR" else "SR" for ds in datasets]
        latency = time.perf_counter() - job.received_at
        self._record_result(job, result, facts, header, sent, problems, latency)
        return Outcome(job, result, facts, sent, problems, latency)

    def _record_result(
        self,
        job: Job,
        result: TriageResult,
        facts: rd.Facts,
        header: pydicom.Dataset | None,
        sent: list[str],
        problems: list[str],
        latency: float,
    ) -> None:
        if self.history is None:
            return
        ids = {
            "patient_id": _tag(header, "PatientID"),
            "study_uid": _tag(header, "StudyInstanceUID"),
            "sop_uid": _tag(header, "SOPInstanceUID"),
            "path": str(job.path),
            "source": job.source,
        }
        self.history.record(
            self._event(
                EventKind.RESULT,
                label=facts.label,
                probability=facts.probability,
                scope=facts.scope,
                detail={
                    "reason": facts.reason,
                    "calling_ae": job.calling_ae,
                    "latency_s": round(latency, 3),
                    "model_version": self.model.version,
                    "flags": sorted(str(f) for f in result.flags),
                },
                **ids,
            )
        )
        if sent or problems:
            target = self.delivery.describe() if self.delivery is not None else ""
            self.history.record(
                self._event(
                    EventKind.EXPORT,
                    label=",".join(sent),
                    detail={"to": target, "problems": problems},
                    **ids,
                )
            )


def _header(path: Path) -> pydicom.Dataset | None:
    """The source's header (no pixels), or None for a non-DICOM file or one without a study."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
    except Exception:  # not DICOM, truncated: the result row says why
        return None
    return ds if "StudyInstanceUID" in ds and "SOPInstanceUID" in ds else None


def _film(path: Path, facts: rd.Facts) -> np.ndarray | None:
    """The grey film for the Secondary Capture (re-read: the pipeline keeps no full pixels)."""
    if not facts.triaged:
        return None
    loaded = try_load(path, max_side=rd.SC_MAX_SIDE)
    return None if isinstance(loaded, LoadFailure) else loaded.pixels


def _tag(ds: pydicom.Dataset | None, keyword: str) -> str:
    if ds is None:
        return ""
    with contextlib.suppress(Exception):
        return str(ds.get(keyword, "") or "")
    return ""
