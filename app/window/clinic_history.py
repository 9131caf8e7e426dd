"""The viewer's entries in the history database: the reader's calls (P / N / U), site calibrations,
operating-point changes and exports. Thin: the events are built by ``inference.clinic.audit`` and
written by the clinic controller's one history writer (a worker thread; nothing blocks here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from app.core.clinic_controller import ClinicController
from inference.clinic import audit
from inference.core.types import TriageResult
from inference.triage import worklist as wl


class HistoryHooks(QObject):
    """Owned by ``ClinicActions``; follows the window state's audit events (a read marked, a site
    profile applied, an operating point chosen) and the window's ``exportFinished`` signal."""

    def __init__(self, window: Any, controller: Callable[[], ClinicController]) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.user = audit.user_name()
        signal = getattr(window, "exportFinished", None)
        if signal is not None:
            signal.connect(self.export)
        state = getattr(window, "state", None)
        if state is not None:
            state.events.read_marked.connect(lambda value: self.read(*value))
            state.events.profile_applied.connect(lambda value: self.profile(*value))
            state.events.operating_point_chosen.connect(self.threshold)

    def context(self) -> audit.Context:
        session = getattr(self.window, "session", None)
        settings: wl.TriageSettings = self.window.model.settings
        return audit.Context(
            model_sha=session.sha256 if session is not None else "",
            operating_point=settings.operating_point_text(),
            threshold=settings.threshold,
            user=self.user,
        )

    def read(self, result: TriageResult, call: object | None) -> None:
        settings = self.window.model.settings
        p = wl.probability(result, settings) if wl.in_scope(result, settings) else None
        text = str(call) if call is not None else None
        event = audit.read_event(self.context(), str(result.path), text, p, result.metadata)
        self.controller().record(event)

    def profile(self, profile: Any | None, point_text: str) -> None:
        """A site profile made active (a calibration) or removed (back to the model default)."""
        ctx = self.context()
        if profile is None:
            event = audit.profile_event(ctx, "model default", {"operating_point": point_text})
        else:
            event = audit.calibration_event(ctx, {**vars(profile), "operating_point": point_text})
        self.controller().record(event)

    def threshold(self, point_text: str) -> None:
        """The operating point set in Settings (a custom threshold or back to the default)."""
        self.controller().record(audit.profile_event(self.context(), point_text))

    def export(self, path: str, ok: bool, message: str) -> None:
        rows = self.window.model.rowCount()
        self.controller().record(audit.export_event(self.context(), path, ok, message, rows))

    def reopened(self, paths: list[Path], from_session: str) -> None:
        for event in audit.reopened_events(self.context(), paths, from_session):
            self.controller().record(event)
