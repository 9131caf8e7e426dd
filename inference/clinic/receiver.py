"""The DICOM receiver: a C-STORE SCP (with C-ECHO) on pynetdicom that files what it receives in
the managed inbox and hands each file on for triage as soon as it is stored.

Why an inbox: received objects are the clinic's data, not ours to put in the user's image folders
(the viewer scans those), and the retention setting needs one place to prune. Files are written
atomically (never half a file for the triage to read) under ``inbox/<study>/<sop>.dcm``; tag
values are used in a path only after reduction to safe characters.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pynetdicom import AE, ALL_TRANSFER_SYNTAXES, StoragePresentationContexts, evt
from pynetdicom.sop_class import Verification

from inference.clinic.config import ClinicConfig
from inference.clinic.deliver import safe_name
from inference.core.output_files import atomic_write_bytes

log = logging.getLogger(__name__)
STATUS_SUCCESS = 0x0000
STATUS_OUT_OF_RESOURCES = 0xA700
STATUS_CANNOT_UNDERSTAND = 0xC000


@dataclass(frozen=True)
class Received:
    """One stored object: where it is and what the sender said it is (untrusted text)."""

    path: Path
    calling_ae: str
    study_uid: str
    sop_uid: str
    received_at: float  # time.perf_counter() at the end of the C-STORE, for latency figures
    received_wall: float  # time.time(), for the history


def inbox_file(inbox: Path, study_uid: str, sop_uid: str) -> Path:
    return inbox / safe_name(study_uid, "unknown-study") / f"{safe_name(sop_uid, 'unknown')}.dcm"


class Receiver:
    """Start with ``start()`` (non-blocking), stop with ``stop()``; ``on_file`` runs on the
    association's thread for every stored object, so it must only queue work."""

    def __init__(
        self, config: ClinicConfig, inbox: Path, on_file: Callable[[Received], None]
    ) -> None:
        problems = config.problems()
        if problems:
            raise ValueError("; ".join(problems))
        self.config = config
        self.inbox = Path(inbox)
        self.on_file = on_file
        self.refused: list[str] = []  # calling AEs refused, for the log and the tests
        self._server = None
        self._lock = threading.Lock()
        self.stored = 0

    @property
    def port(self) -> int:
        """The port actually bound (the configured one, or the system's pick for port 0)."""
        if self._server is None:
            return self.config.port
        return int(self._server.server_address[1])

    def _ae(self) -> AE:
        ae = AE(ae_title=self.config.ae_title)
        ae.maximum_associations = 8
        ae.network_timeout = ae.acse_timeout = ae.dimse_timeout = 60
        for cx in StoragePresentationContexts:  # accept compressed files in their own syntax
            ae.add_supported_context(cx.abstract_syntax, ALL_TRANSFER_SYNTAXES)
        ae.add_supported_context(Verification)
        ae.require_called_aet = True
        if self.config.allowed_callers:
            ae.require_calling_aet = [a.strip() for a in self.config.allowed_callers]
        return ae

    def start(self) -> None:
        """Bind and serve on background threads; OSError (port in use) reaches the caller."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        handlers = [
            (evt.EVT_C_STORE, self._on_store),
            (evt.EVT_C_ECHO, lambda _event: STATUS_SUCCESS),
            (evt.EVT_REJECTED, self._on_rejected),
        ]
        address = (self.config.bind_address, int(self.config.port))
        self._server = self._ae().start_server(address, block=False, evt_handlers=handlers)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def _on_rejected(self, event: evt.Event) -> None:
        calling = _text(getattr(event.assoc.requestor, "ae_title", ""))
        with self._lock:
            self.refused.append(calling)
        log.warning("association from %r refused", calling)

    def _on_store(self, event: evt.Event) -> int:
        """Store atomically in the inbox, then queue for triage. Never raises (a handler that
        raises makes pynetdicom answer with a generic failure and log a traceback)."""
        try:
            ds = event.dataset
            study = _text(ds.get("StudyInstanceUID", ""))
            sop = _text(ds.get("SOPInstanceUID", "")) or _text(event.request.AffectedSOPInstanceUID)
        except Exception as exc:  # an undecodable dataset
            log.warning("C-STORE refused: cannot read the dataset (%s)", exc)
            return STATUS_CANNOT_UNDERSTAND
        target = inbox_file(self.inbox, study, sop)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, event.encoded_dataset(include_meta=True))
        except OSError as exc:
            log.error("C-STORE not stored: %s", exc)
            return STATUS_OUT_OF_RESOURCES
        with self._lock:
            self.stored += 1
        item = Received(
            path=target,
            calling_ae=_text(event.assoc.requestor.ae_title),
            study_uid=study,
            sop_uid=sop,
            received_at=time.perf_counter(),
            received_wall=time.time(),
        )
        try:
            self.on_file(item)
        except Exception:  # the file is stored; triage can be redone from the inbox
            log.exception("queueing %s for triage failed", target)
        return STATUS_SUCCESS


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value or "").strip()


def _old_files(inbox: Path, cutoff: float) -> Iterator[Path]:
    for root, _dirs, files in os.walk(inbox):
        for name in files:
            p = Path(root) / name
            with contextlib.suppress(OSError):
                if p.stat().st_mtime < cutoff:
                    yield p


def prune_inbox(inbox: Path, retention_days: float, now: float | None = None) -> int:
    """Delete received files older than the retention, then empty study folders; returns the
    count. Only ever inside the managed inbox."""
    if not Path(inbox).is_dir():
        return 0
    cutoff = (now if now is not None else time.time()) - retention_days * 86400.0
    removed = 0
    for p in list(_old_files(Path(inbox), cutoff)):
        with contextlib.suppress(OSError):
            p.unlink()
            removed += 1
    for root, dirs, _files in os.walk(inbox, topdown=False):
        for d in dirs:
            with contextlib.suppress(OSError):
                (Path(root) / d).rmdir()  # only succeeds when empty
    return removed
