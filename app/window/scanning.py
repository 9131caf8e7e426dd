"""The model and the scans: loading the model, choosing folders or files, running a scan, receiving its results and progress. Mixed into ``MainWindow``, whose widgets and state it uses."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
)

from app import APP_NAME
from app.core.progress_text import incomplete_text, progress_fraction, progress_text
from app.core.workers import ScanOutcome
from inference.core.output_files import printable
from inference.core.paths import samples_dir
from inference.core.types import TriageResult
from inference.export.worklist_files import COMPLETE
from inference.imaging.walk import source_problem
from inference.model.session import ModelSession
from inference.triage.pipeline import PipelineOptions, Progress

log = logging.getLogger(__name__)
THUMBNAIL_SIZE = 128  # per-row preview kept in memory: 16 KB each, enough for the PDF report


class ScanningMixin:
    """Part of ``MainWindow``; not usable on its own."""

    def load_model(self, path: Path | None) -> None:
        """Open the model on a worker; scanning is enabled when it is ready."""
        self._model_loading = True
        self.model_label.setText("Loading model…")
        self._update_actions()
        self.scanner.load_model(path, self._on_model_loaded, self._on_model_failed)

    def model_id(self) -> str:
        return self.session.model_id if self.session is not None else ""

    def model_default_threshold(self) -> float | None:
        """The default operating point: the site profile's when one is in use, else the model's."""
        if self.session is None:
            return None
        profile = self.site_profile
        return profile.threshold if profile is not None else self.session.contract.threshold

    def _on_model_loaded(self, session: ModelSession) -> None:
        self._model_loading = False
        self.session = session
        self.model_error = None
        c = session.contract
        self.model_texts = (f"{c.name} {c.version}", f"model {c.version}")
        self._fit_status_bar()
        self.model_label.setToolTip(session.describe())
        self.device_label.setText(f"  {session.device_label}  ")
        self.device_label.setToolTip(f"Execution provider: {session.provider}")
        for note in session.fallback_notes:
            log.warning("model: %s", note)
        log.info("model loaded: %s", session.describe())
        self.details.set_model_available(True)
        custom = self.settings.custom_threshold(self.model_id())  # over the model or the site
        self._apply_worklist_settings(self.site_settings(session, custom))
        self._update_actions()
        self.modelReady.emit(session)
        if self._pending_sources:
            sources, self._pending_sources = self._pending_sources, None
            self.open_sources(sources)

    def _on_model_failed(self, message: str, details: str) -> None:
        self._model_loading = False
        self.session = None
        self.model_error = message
        self._pending_sources = None
        self.model_texts = ("No model: scanning disabled",) * 2  # never shortened
        self._fit_status_bar()
        self.details.set_model_available(False)
        self.model_label.setToolTip(message)
        self.device_label.setText("")
        log.error("model: %s", message)
        self._update_actions()
        self.show_message(
            QMessageBox.Icon.Critical,
            "The model could not be loaded",
            f"{message}\n\nThe window stays open, but images cannot be scored until a valid "
            "model is available (start with --model PATH, or reinstall).",
        )
        self.modelFailed.emit(message)

    def choose_folder(self) -> None:
        start = self.settings.last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.HomeLocation
        )
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of chest X-rays", start)
        if folder:
            self.open_sources([Path(folder)])

    def choose_files(self) -> None:
        start = self.settings.last_folder or ""
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Open chest X-ray images",
            start,
            "Images (*.jpg *.jpeg *.png *.dcm *.dicom *.bmp *.tif *.tiff);;All files (*)",
        )
        if files:
            self.open_sources([Path(f) for f in files])

    def open_samples(self) -> None:
        self.open_sources([samples_dir()])

    def open_sources(self, sources: Sequence[Path]) -> bool:
        """Start a new worklist for folders/files; False when it cannot start now."""
        sources = [Path(s).expanduser().absolute() for s in sources]
        problems = [p for p in (source_problem(s) for s in sources) if p]
        if problems:  # not found, name too long, no permission: a dialog, never a traceback
            self.show_message(
                QMessageBox.Icon.Warning,
                "Cannot open",
                "\n".join(printable(p) for p in problems),
            )
            return False
        if not sources:
            return False
        if self.scanner.running:
            self.status_message.setText("A scan is running: cancel it before opening another.")
            return False
        if self.session is None:
            if self._model_loading:
                self._pending_sources = sources
                self.status_message.setText("Waiting for the model to load…")
                return True
            self.show_message(
                QMessageBox.Icon.Warning,
                "No model",
                "Images cannot be scored because the model did not load:\n"
                f"{self.model_error or 'unknown reason'}",
            )
            return False
        for s in sources:
            if s.is_dir():
                self.settings.add_recent_folder(str(s))
        if not any(s.is_dir() for s in sources):
            self.settings.last_folder = str(sources[0].parent)
        self._rebuild_recent_menu()
        self._sources = sources
        self._last_progress = None
        self.worklist_status = COMPLETE
        self.loader.clear()
        self.model.clear()
        self.view.clear("Scanning…")
        self._current = None
        self.details.show_result(None, self.model.settings, self._default_threshold())
        self.progress_bar.set_progress(0, 0)
        self.progress_label.setText("Finding images…")
        self.scan_strip.show()
        self.progress_bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        shown = ", ".join(s.name or str(s) for s in sources[:3]) + (
            " …" if len(sources) > 3 else ""
        )
        self.setWindowTitle(f"{shown} — {APP_NAME}")
        log.info("scanning %s", ", ".join(str(s) for s in sources))
        self.status_message.setText("")
        self.scanner.start(sources, self.session, PipelineOptions(thumbnail_size=THUMBNAIL_SIZE))
        self._update_actions()
        return True

    def cancel_scan(self) -> None:
        if self.scanner.running:
            self.scanner.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Cancelling…")

    @property
    def scanning(self) -> bool:
        return self.scanner.running

    def _on_results(self, results: list[TriageResult]) -> None:
        self.model.append(results)
        for r in results:
            if r.error is not None:
                log.warning("%s: %s", r.path, r.error.message)
        self._update_summary()

    def _on_progress(self, p: Progress) -> None:
        self._last_progress = p
        self.progress_bar.set_progress(*progress_fraction(p))
        self.progress_label.setText(progress_text(p))

    def _on_scan_finished(self, outcome: ScanOutcome) -> None:
        self.cancel_button.setEnabled(False)
        summary = self.model.summary()
        if outcome.error:
            text = outcome.error
            self.show_message(QMessageBox.Icon.Critical, "Scan stopped", outcome.error)
        elif outcome.cancelled:
            text = ""
        else:
            text = f"Done: {summary.total} images in {outcome.elapsed_s:.1f} s"
            if summary.errors:
                text += f" · {summary.errors} could not be read"
        if outcome.error or outcome.cancelled:
            last = getattr(self, "_last_progress", None)
            total = last.total if last is not None else None
            reason = "cancelled" if outcome.cancelled else "stopped by an error"
            self.worklist_status = incomplete_text(summary.total, total, reason)
            status = self.worklist_status[0].upper() + self.worklist_status[1:]
            text = f"{status} ({outcome.elapsed_s:.1f} s)" if outcome.cancelled else text
            self.status_message.setText(status)
        self.progress_bar.set_progress(1, 1)
        self.progress_bar.hide()  # the outcome line stays; a full bar and a dead button do not
        self.cancel_button.hide()
        self.progress_label.setText(text)
        log.info(text)
        if self._auto_selected and self.proxy.rowCount():
            self.select_row(0, auto=True)  # rows sorted in above it while scanning
        if summary.total == 0 and not outcome.cancelled:
            self.view.set_message("No images were found there (JPEG, PNG, DICOM).")
        self._update_summary()
        self._update_worklist_note()
        self._update_actions()
        if self.proxy.rowCount() and not self.search_edit.hasFocus():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows move through rows
        self.scanFinished.emit(outcome)
