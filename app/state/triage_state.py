"""Everything the viewer knows, without Qt: the model, the worklist's settings, the site profile,
the reader's calls, the rows, the selection and the scan. Changes are announced on ``events``.

Controllers in ``app.window`` change it and listen to it; they do not reach into each other. The
rows and the reads are stored for the table by ``WorklistModel`` (Qt) and mirrored here, so every
decision that needs them (can we export? is the worklist partial?) is a plain property."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.state.events import EventGroup
from inference.core.types import TriageResult
from inference.export.worklist_files import COMPLETE
from inference.triage.site_profile import SiteProfile
from inference.triage.site_reads import Read
from inference.triage.worklist import TriageSettings

if TYPE_CHECKING:
    from inference.model.session import ModelSession

EVENTS = (
    "model",  # loading started, loaded or failed: the session (or None)
    "settings",  # the worklist's TriageSettings (fires on every apply: views refresh)
    "site_profile",  # the site profile in use (or None)
    "reads",  # the reader's calls, by path (fires on every write)
    "results",  # rows added (after a reset: all rows)
    "selection",  # the current row's result (or None)
    "shown",  # the result whose full-resolution image is on screen (or None)
    "scan",  # "started" or "finished"
    "recent",  # the recent-folders list
    # things that happened, for the audit trail (the history database)
    "read_marked",  # (result, call or None)
    "profile_applied",  # (profile or None, operating-point text)
    "operating_point_chosen",  # operating-point text set in Settings
)


class TriageState:
    """The one place the window's controllers keep what they share."""

    def __init__(self, threshold: float = 0.5) -> None:
        self.events = EventGroup(*EVENTS)
        self.session: ModelSession | None = None
        self.model_error: str | None = None
        self.model_loading = False
        self.pending_sources: list[Path] | None = None  # opened while the model was loading
        self.settings = TriageSettings(threshold=float(threshold))
        self.site_profile: SiteProfile | None = None
        self.reads: dict[str, Read] = {}
        self.results: list[TriageResult] = []
        self.current: TriageResult | None = None
        self.auto_selected = False  # the current row was chosen by the program, not the user
        self.shown_full: TriageResult | None = None
        self.sources: tuple[Path, ...] = ()
        self.scanning = False
        self.worklist_status = COMPLETE  # or "incomplete: 40 of 62 scanned, cancelled"
        self.last_progress: Any = None  # the scan's last Progress
        self.recent_folders: tuple[str, ...] = ()

    # -- the model ------------------------------------------------------------------------------
    def model_loading_started(self) -> None:
        self.model_loading = True
        self.events.emit("model", self.session)

    def model_loaded(self, session: ModelSession) -> None:
        self.model_loading, self.session, self.model_error = False, session, None
        self.events.emit("model", session)

    def model_failed(self, message: str) -> None:
        self.model_loading, self.session, self.model_error = False, None, message
        self.pending_sources = None
        self.events.emit("model", None)

    @property
    def model_ready(self) -> bool:
        return self.session is not None

    @property
    def model_id(self) -> str:
        return self.session.model_id if self.session is not None else ""

    # -- operating point ------------------------------------------------------------------------
    def set_settings(self, settings: TriageSettings) -> None:
        self.settings = settings
        self.events.emit("settings", settings)

    def set_site_profile(self, profile: SiteProfile | None) -> None:
        if profile is not self.site_profile:
            self.site_profile = profile
            self.events.emit("site_profile", profile)

    @property
    def default_threshold(self) -> float | None:
        """The default operating point: the site profile's when one is in use, else the model's."""
        if self.session is None:
            return None
        profile = self.site_profile
        return profile.threshold if profile is not None else self.session.contract.threshold

    @property
    def reference_threshold(self) -> float:
        """The default threshold, or the threshold in use when there is no model."""
        d = self.default_threshold
        return d if d is not None else self.settings.threshold

    # -- rows and reads (mirrors of the table model) --------------------------------------------
    def set_reads(self, reads: dict[str, Read]) -> None:
        """Fires even when nothing differs: a call marked again still refreshes "N of M read"."""
        self.reads = dict(reads)
        self.events.emit("reads", self.reads)

    def add_results(self, rows: Sequence[TriageResult]) -> None:
        if rows:
            self.results.extend(rows)
            self.events.emit("results", list(rows))

    def set_results(self, rows: Sequence[TriageResult]) -> None:
        self.results = list(rows)
        self.events.emit("results", list(rows))

    @property
    def has_rows(self) -> bool:
        return bool(self.results)

    # -- selection --------------------------------------------------------------------------------
    def select(self, result: TriageResult | None, auto: bool = False) -> bool:
        """Make ``result`` current; False (and no event) when it already is."""
        self.auto_selected = auto
        if result is self.current:
            return False
        self.current = result
        self.events.emit("selection", result)
        return True

    def set_shown_full(self, result: TriageResult | None) -> None:
        if result is not self.shown_full:
            self.shown_full = result
            self.events.emit("shown", result)

    # -- scans ------------------------------------------------------------------------------------
    def scan_started(self, sources: Sequence[Path]) -> None:
        self.sources = tuple(sources)
        self.worklist_status = COMPLETE
        self.last_progress = None
        self.scanning = True
        self.events.emit("scan", "started")

    def scan_finished(self, worklist_status: str = COMPLETE) -> None:
        self.worklist_status = worklist_status
        self.scanning = False
        self.events.emit("scan", "finished")

    @property
    def partial(self) -> bool:
        """The worklist is missing images: the scan was cancelled or stopped by an error."""
        return self.worklist_status != COMPLETE

    @property
    def can_open(self) -> bool:
        """A new scan can start now (or will, once the loading model is ready)."""
        return not self.scanning and (self.model_ready or self.model_loading)

    @property
    def can_export(self) -> bool:
        return self.has_rows and not self.scanning

    def set_recent_folders(self, folders: Sequence[str]) -> None:
        if tuple(folders) != self.recent_folders:
            self.recent_folders = tuple(folders)
            self.events.emit("recent", self.recent_folders)
