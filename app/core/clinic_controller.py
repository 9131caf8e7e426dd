"""The viewer's side of the clinic workflow, Qt-free: starts and stops the DICOM receiver and
folder watches around one triager, with the same settings file, inbox, history and result
delivery as ``cxr-triage listen`` / ``watch``. The Qt part (``app.window.clinic``) only turns
user actions into calls here and the ``on_result`` callback (worker thread) into a signal.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from inference.clinic import config as cfg
from inference.clinic.audit import LastWorklist, last_worklist
from inference.clinic.history import Event, HistoryError, HistoryWriter
from inference.core.i18n import _
from inference.core.os_errors import os_reason
from inference.core.types import TriageResult
from inference.model.session import ModelSession
from inference.triage.worklist import TriageSettings

if TYPE_CHECKING:  # the network stack (pynetdicom, ssl, watchdog) loads only when used
    from inference.clinic.receiver import Receiver
    from inference.clinic.service import ClinicTriager, Outcome
    from inference.clinic.watch import FolderWatch

log = logging.getLogger(__name__)
THUMBNAIL_SIZE = 128  # as the viewer's scans: rows need a preview for the table and the PDF


class ClinicController:
    """``start_receiving`` / ``watch`` return None when started, else a one-line reason."""

    def __init__(
        self,
        on_result: Callable[[TriageResult], None],
        on_status: Callable[[str], None] = lambda _s: None,
        load_config: Callable[[], cfg.ClinicConfig] = cfg.load_config,
        inbox: Path | None = None,
        history_path: Path | None = None,
    ) -> None:
        self.on_result = on_result
        self.on_status = on_status
        self.load_config = load_config
        self.inbox = inbox or cfg.inbox_dir()
        self.history_path = history_path or cfg.history_path()
        self.receiver: Receiver | None = None
        self.watches: dict[Path, FolderWatch] = {}
        self._triager: ClinicTriager | None = None
        self._history: HistoryWriter | None = None
        self.session_id = uuid.uuid4().hex  # this window's worklist in the history
        self.history_problem = ""  # why the history is not being written, once it failed

    @property
    def receiving(self) -> bool:
        return self.receiver is not None

    def _outcome(self, o: Outcome) -> None:
        if o.problems:
            self.on_status(f"{o.job.path.name}: {'; '.join(o.problems)}")
        self.on_result(o.result)

    def _ensure_triager(
        self, session: ModelSession, settings: TriageSettings, config: cfg.ClinicConfig
    ) -> ClinicTriager:
        if self._triager is not None and self._triager.settings == settings:
            return self._triager
        self._stop_triager()
        if self._history is None:
            self._history = HistoryWriter(self.history_path)
        forbidden = list(self.watches)
        from inference.cli.clinic_command import delivery_for
        from inference.clinic.service import ClinicTriager

        self._triager = ClinicTriager(session, settings, self._history,
                                      delivery_for(config, forbidden), self._outcome,
                                      thumbnail_size=THUMBNAIL_SIZE,
                                      history_session=self.session_id)  # fmt: skip
        self._triager.start()
        return self._triager

    def start_receiving(self, session: ModelSession, settings: TriageSettings) -> str | None:
        if self.receiver is not None:
            return None
        config = self.load_config()
        try:
            triager = self._ensure_triager(session, settings, config)
            if config.retention_days > 0:
                from inference.clinic.receiver import prune_inbox

                prune_inbox(self.inbox, config.retention_days)
            from inference.clinic.receiver import Receiver
            from inference.clinic.service import Job

            receiver = Receiver(
                config,
                self.inbox,
                lambda r: triager.submit(Job(r.path, "listen", r.received_at, r.calling_ae)),
            )
            receiver.start()
        except (ValueError, HistoryError) as exc:
            return str(exc)
        except OSError as exc:
            where = f"{config.bind_address}:{config.port}"
            return _("cannot listen on {where}: {reason}").format(
                where=where, reason=os_reason(exc)
            )
        self.receiver = receiver
        callers = ", ".join(config.allowed_callers) or _("any calling AE")
        text = _("Receiving as {ae} on port {port} ({callers})")
        self.on_status(text.format(ae=config.ae_title, port=receiver.port, callers=callers))
        return None

    def stop_receiving(self) -> None:
        if self.receiver is not None:
            self.receiver.stop()
            self.receiver = None
            self.on_status(_("Receiving stopped"))
        self._maybe_idle()

    def watch(self, folder: Path, session: ModelSession, settings: TriageSettings) -> str | None:
        folder = Path(folder).absolute()
        if folder in self.watches:
            return None
        if not folder.is_dir():
            return f"not a folder: {folder}"
        config = self.load_config()
        results = Path(config.results_folder) if config.results_folder else None
        if results is not None and (results == folder or folder in results.parents):
            return f"the results folder {results} is inside {folder}: nothing is written there"
        try:
            triager = self._ensure_triager(session, settings, config)
        except (ValueError, HistoryError) as exc:
            return str(exc)
        from inference.clinic.service import Job
        from inference.clinic.watch import FolderWatch

        w = FolderWatch(folder, lambda p: triager.submit(Job(p, "watch")),
                        on_state=lambda s: self.on_status(f"{folder.name}: {s}"))  # fmt: skip
        w.start()
        self.watches[folder] = w
        return None

    def stop_watching(self, folder: Path | None = None) -> None:
        for key in [folder] if folder is not None else list(self.watches):
            w = self.watches.pop(Path(key), None) if key is not None else None
            if w is not None:
                w.stop()
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if self.receiver is None and not self.watches:
            self._stop_triager()

    def _stop_triager(self) -> None:
        if self._triager is not None:
            self._triager.stop()
            self._triager = None

    def record(self, event: Event) -> bool:
        """Add a viewer event (a read, calibration, profile change, export) to the history;
        False, with ``history_problem`` set once, when the database cannot be opened."""
        if self._history is None:
            if self.history_problem:
                return False
            try:
                self._history = HistoryWriter(self.history_path)
            except HistoryError as exc:
                self.history_problem = str(exc)
                log.warning("%s", exc)
                return False
        self._history.record(replace(event, session=event.session or self.session_id))
        return True

    def flush_history(self) -> None:
        if self._history is not None:
            self._history.flush()

    def last_worklist(self) -> LastWorklist | None:
        """The previous session's worklist (a viewer window or a listen/watch run)."""
        self.flush_history()
        return last_worklist(self.history_path, exclude_session=self.session_id)

    def stop_all(self) -> None:
        """Window closing: stop listening, watching and triage; close the history."""
        self.stop_receiving()
        self.stop_watching()
        self._stop_triager()
        if self._history is not None:
            self._history.close()
            self._history = None
