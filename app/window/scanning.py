"""The model and the scans: loading the model, choosing folders or files, running a scan,
receiving its results and progress. Composed into ``MainWindow``; it writes what it learns into
the ``TriageState`` (model, sources, scan status), and the other controllers follow from there.
The scan strip's line is kept as a function of the current language (``retranslate``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.core.progress_text import (
    CANCELLED,
    STOPPED_BY_ERROR,
    done_text,
    incomplete_shown,
    incomplete_text,
    progress_fraction,
    progress_text,
)
from app.core.settings import AppSettings
from app.core.workers import ScanController, ScanOutcome
from app.identity import APP_NAME
from app.state.triage_state import TriageState
from app.viewer.details_panel import DetailsPanel
from app.viewer.image_loader import ImageLoader
from app.viewer.image_view import ImageView
from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_panel import WorklistPanel
from inference.core.i18n import format_number
from inference.core.paths import samples_dir
from inference.core.safe_text import printable
from inference.core.types import TriageResult
from inference.imaging.walk import source_problem
from inference.model.session import ModelSession
from inference.triage.pipeline import PipelineOptions, Progress

log = logging.getLogger(__name__)
THUMBNAIL_SIZE = 128  # per-row preview kept in memory: 16 KB each, enough for the PDF report


class ScanningController(QObject):
    """Owns the model loading and the one running scan, on ``scanner``'s worker thread."""

    modelReady = Signal(object)  # ModelSession
    modelFailed = Signal(str)
    scanFinished = Signal(object)  # ScanOutcome

    def __init__(
        self,
        state: TriageState,
        host: QMainWindow,
        scanner: ScanController,
        settings: AppSettings,
        model: WorklistModel,
        loader: ImageLoader,
        view: ImageView,
        details: DetailsPanel,
        panel: WorklistPanel,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(host)
        self.state, self.host, self.scanner, self.settings = state, host, scanner, settings
        self.model, self.loader, self.view, self.details, self.panel = (
            model, loader, view, details, panel,
        )  # fmt: skip
        self.say = say
        self.recent_menu: QMenu | None = None  # set once the menus are built
        self._strip_text: Callable[[], str] = lambda: ""  # the scan strip's line, re-said
        self._stopped: tuple[int, int | None, str] | None = None  # (scanned, total, reason)
        scanner.resultsArrived.connect(self._on_results)
        scanner.progressChanged.connect(self._on_progress)
        scanner.scanFinished.connect(self._on_scan_finished)
        panel.cancel_button.clicked.connect(self.cancel_scan)
        state.set_recent_folders(settings.recent_folders)

    def retranslate(self) -> None:
        """The scan strip's line and the Open Recent menu in the current language."""
        if self.panel.progress_label.text():
            self.panel.progress_label.setText(self._strip_text())
        self.rebuild_recent_menu()

    def _strip(self, make: Callable[[], str]) -> None:
        self._strip_text = make
        self.panel.progress_label.setText(make())

    def status_shown(self) -> str:
        """The worklist's status for the reader: '' when complete, else 'Incomplete: 40 of 62
        scanned, cancelled' in the current language (the CSV keeps the English status)."""
        return incomplete_shown(*self._stopped) if self._stopped and self.state.partial else ""

    # -- the model ------------------------------------------------------------------------------
    def load_model(self, path: Path | None) -> None:
        """Open the model on a worker; scanning is enabled when it is ready."""
        self.state.model_loading_started()
        self.scanner.load_model(path, self._on_model_loaded, self._on_model_failed)

    def _on_model_loaded(self, session: ModelSession) -> None:
        for note in session.fallback_notes:
            log.warning("model: %s", note)
        log.info("model loaded: %s", session.describe())
        self.details.set_model_available(True)
        self.state.model_loaded(session)  # reads, site profile and settings follow
        self.modelReady.emit(session)
        pending, self.state.pending_sources = self.state.pending_sources, None
        if pending:
            self.open_sources(pending)

    def _on_model_failed(self, message: str, _details: str) -> None:
        self.details.set_model_available(False)
        log.error("model: %s", message)
        self.state.model_failed(message)
        self.host.show_message(
            QMessageBox.Icon.Critical,
            self.tr("The model could not be loaded"),
            message
            + "\n\n"
            + self.tr(
                "The window stays open, but images cannot be scored until a valid model is "
                "available (start with --model PATH, or reinstall)."
            ),
        )
        self.modelFailed.emit(message)

    # -- choosing what to scan ------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = self.settings.last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.HomeLocation
        )
        folder = QFileDialog.getExistingDirectory(
            self.host, self.tr("Open a folder of chest X-rays"), start
        )
        if folder:
            self.open_sources([Path(folder)])

    def choose_files(self) -> None:
        start = self.settings.last_folder or ""
        files, _ = QFileDialog.getOpenFileNames(
            self.host,
            self.tr("Open chest X-ray images"),
            start,
            self.tr("Images (%1);;All files (*)").replace(
                "%1", "*.jpg *.jpeg *.png *.dcm *.dicom *.bmp *.tif *.tiff"
            ),
        )
        if files:
            self.open_sources([Path(f) for f in files])

    def open_samples(self) -> None:
        self.open_sources([samples_dir()])

    def rebuild_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        items = [p for p in self.settings.recent_folders if Path(p).is_dir()]
        for folder in items:
            act = menu.addAction(folder)
            act.triggered.connect(lambda _=False, f=folder: self.open_sources([Path(f)]))
        if items:
            menu.addSeparator()
            menu.addAction(self.tr("Clear list")).triggered.connect(self.clear_recent)
        menu.setEnabled(bool(items))
        self.state.set_recent_folders(self.settings.recent_folders)

    def clear_recent(self) -> None:
        self.settings.recent_folders = []
        self.rebuild_recent_menu()

    # -- scanning -------------------------------------------------------------------------------
    def open_sources(self, sources: Sequence[Path]) -> bool:
        """Start a new worklist for folders/files; False when it cannot start now."""
        state = self.state
        sources = [Path(s).expanduser().absolute() for s in sources]
        problems = [p for p in (source_problem(s) for s in sources) if p]
        if problems:  # not found, name too long, no permission: a dialog, never a traceback
            self.host.show_message(
                QMessageBox.Icon.Warning,
                self.tr("Cannot open"),
                "\n".join(printable(p) for p in problems),
            )
            return False
        if not sources:
            return False
        if self.scanner.running:
            self.say(self.tr("A scan is running: cancel it before opening another."))
            return False
        if state.session is None:
            if state.model_loading:
                state.pending_sources = sources
                self.say(self.tr("Waiting for the model to load…"))
                return True
            self.host.show_message(
                QMessageBox.Icon.Warning,
                self.tr("No model"),
                self.tr("Images cannot be scored because the model did not load:")
                + "\n"
                + (state.model_error or self.tr("unknown reason")),
            )
            return False
        for s in sources:
            if s.is_dir():
                self.settings.add_recent_folder(str(s))
        if not any(s.is_dir() for s in sources):
            self.settings.last_folder = str(sources[0].parent)
        self.rebuild_recent_menu()
        self.loader.clear()
        self.model.clear()
        self.view.clear(self.tr("Scanning…"))
        self._stopped = None
        state.select(None)
        self.details.show_result(None, state.settings, state.reference_threshold)
        self._show_scan_strip()
        shown = ", ".join(s.name or str(s) for s in sources[:3]) + (
            " …" if len(sources) > 3 else ""
        )
        self.host.setWindowTitle(f"{shown} — {APP_NAME}")
        log.info("scanning %s", ", ".join(str(s) for s in sources))
        self.say("")
        self.scanner.start(sources, state.session, PipelineOptions(thumbnail_size=THUMBNAIL_SIZE))
        state.scan_started(sources)
        return True

    def _show_scan_strip(self) -> None:
        p = self.panel
        p.progress_bar.set_progress(0, 0)
        self._strip(lambda: self.tr("Finding images…"))
        p.scan_strip.show()
        p.progress_bar.show()
        p.cancel_button.show()
        p.cancel_button.setEnabled(True)

    def cancel_scan(self) -> None:
        if self.scanner.running:
            self.scanner.cancel()
            self.panel.cancel_button.setEnabled(False)
            self._strip(lambda: self.tr("Cancelling…"))

    def _on_results(self, results: list[TriageResult]) -> None:
        self.model.append(results)  # the state mirrors the rows; the summary follows
        for r in results:
            if r.error is not None:
                log.warning("%s: %s", r.path, r.error.message)

    def _on_progress(self, p: Progress) -> None:
        self.state.last_progress = p
        self.panel.progress_bar.set_progress(*progress_fraction(p))
        self._strip(lambda: progress_text(p))

    def _on_scan_finished(self, outcome: ScanOutcome) -> None:
        self.panel.cancel_button.setEnabled(False)
        summary = self.model.summary()
        status = self.state.worklist_status
        elapsed = outcome.elapsed_s
        line: Callable[[], str] = lambda: done_text(summary.total, summary.errors, elapsed)  # noqa: E731
        if outcome.error:
            error = outcome.error
            line = lambda: error  # noqa: E731
            self.host.show_message(QMessageBox.Icon.Critical, self.tr("Scan stopped"), error)
        if outcome.error or outcome.cancelled:
            last = self.state.last_progress
            total = last.total if last is not None else None
            reason = CANCELLED if outcome.cancelled else STOPPED_BY_ERROR
            status = incomplete_text(summary.total, total, reason)  # English: CSV and JSON
            stopped = self._stopped = (summary.total, total, reason)
            if outcome.cancelled:
                line = lambda: f"{incomplete_shown(*stopped)} ({format_number(elapsed, 1)} s)"  # noqa: E731
            self.say(incomplete_shown(*stopped))
        self.panel.progress_bar.set_progress(1, 1)
        self.panel.progress_bar.hide()  # the outcome line stays; a full bar and a dead button do not
        self.panel.cancel_button.hide()
        self._strip(line)
        log.info(self._strip_text())
        self.state.scan_finished(status)  # reselects the top row, refreshes summary and note
        if summary.total == 0 and not outcome.cancelled:
            self.view.set_message(self.tr("No images were found there (JPEG, PNG, DICOM)."))
        table = self.panel.table
        if table.model().rowCount() and not self.panel.search_edit.hasFocus():
            table.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows move through rows
        self.scanFinished.emit(outcome)
