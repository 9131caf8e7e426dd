"""Reads and site calibration in the window: the reader marks rows (P / N / U, Backspace clears)
while browsing, imports reads from a CSV or NORMAL/PNEUMONIA folders, fits this site's operating
point from the read images in scope, and can go back to the model default. Mixed into
``MainWindow``, whose widgets and state it uses; the logic is ``inference.triage.site_calibration``."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.dialogs.calibration_dialog import CalibrationDialog
from app.window.layout_sizes import status_bar_fit
from inference.model.session import ModelSession
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.site_calibration import (
    ProfileError,
    Read,
    SiteProfile,
    fit_profile,
    load_active_profile,
    load_reads,
    profile_path,
    reads_from_csv,
    reads_from_folders,
    reads_path,
    save_reads,
    scored_reads,
    set_aside,
)
from inference.triage.worklist import TriageSettings

log = logging.getLogger(__name__)


def fit_and_plot(
    scores: list[float], calls: list[Read], sha256: str, version: str, target: float
) -> tuple[SiteProfile, bytes]:
    """Worker job: fit (with bootstrap intervals) and draw the plot."""
    from inference.export.calibration_plot import calibration_png

    profile = fit_profile(
        scores, calls, model_sha256=sha256, model_version=version, target_sensitivity=target
    )
    return profile, calibration_png(scores, calls, profile)


class SiteMixin:
    """Part of ``MainWindow``; not usable on its own."""

    site_profile: SiteProfile | None = None
    calibration_dialog: CalibrationDialog | None = None
    settings_file_box: QMessageBox | None = None  # the last "damaged settings file" message
    model_default_box: QMessageBox | None = None  # the last "use the model default?" question

    # -- state on model load ------------------------------------------------------------------
    def site_settings(self, session: ModelSession, custom: float | None) -> TriageSettings:
        """Worklist settings for a freshly loaded model: its saved reads and site profile, and
        the user's custom threshold (over the model's or the site's), as the resolver decides.
        A damaged file is offered to be set aside; the model default applies meanwhile."""
        try:
            self.model.set_reads(load_reads(reads_path(session.model_id)))
        except ProfileError as exc:
            log.warning("reads: %s", exc)
            self.offer_set_aside(reads_path(session.model_id), "Reads not loaded", str(exc))
        try:
            self.site_profile = load_active_profile(session.model_id)
        except ProfileError as exc:
            self.site_profile = None
            log.warning("site profile: %s", exc)
            self.offer_set_aside(profile_path(session.model_id), "Site profile not used", str(exc))
        point = resolve(session.contract, self.site_profile, custom)
        return TriageSettings.from_point(point, session.contract, self.settings.rank_out_of_scope)

    def offer_set_aside(self, path: Path, title: str, message: str) -> QMessageBox:
        """Non-blocking: say what is wrong with a settings file and offer to rename it aside
        (``inference.triage.site_profile.set_aside``); the program goes on with the default."""
        box = self.show_message(
            QMessageBox.Icon.Warning,
            title,
            f"{message}\n\nCXR Triage goes on with the model default operating point. Set the "
            "file aside (it is renamed, not deleted) to stop this message.",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.NoButton)
        aside = box.addButton("Set File Aside", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep File", QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is not aside:
                return
            try:
                moved = set_aside(path)
            except OSError as exc:
                self.status_message.setText(f"Could not set {path.name} aside: {exc.strerror}")
                return
            self.status_message.setText(f"Set aside as {moved}")

        box.buttonClicked.connect(clicked)
        self.settings_file_box = box
        return box

    def _update_site_label(self) -> None:
        text = self.model.settings.operating_point_text()
        self.site_label.setText(f"  {text}  ")
        self.site_label.setToolTip(
            "The operating point in use. Settings → Calibrate for This Site fits one from your "
            "own reads; Settings → Use Model Default Operating Point goes back."
        )
        has_profile = self.site_profile is not None
        self.act_model_default.setEnabled(has_profile)
        self._fit_status_bar()

    def _fit_status_bar(self) -> None:
        """On a narrow window the model's name shortens and, while the details panel shows the
        operating point, the status bar leaves it out: the message line keeps its room."""
        details = self.details.width() if self.details.isVisible() else 0
        short_model, show_site = status_bar_fit(self.width(), details)
        full, short = getattr(self, "model_texts", (self.model_label.text(),) * 2)
        self.model_label.setText(short if short_model else full)
        self.site_label.setVisible(show_site)

    # -- reads ----------------------------------------------------------------------------------
    def mark_read(self, call: Read | None) -> None:
        """Record the reader's call on the current row, save it, and move to the next row."""
        result = self.current_result()
        if result is None or self.session is None:
            return
        self.model.set_read(result, call)
        self._save_reads()
        self.clinic.history.read(result, call)  # the audit: who read it, and when
        self.details.set_read(self.model.read_of(result))
        n = len(self.model.reads)
        what = f"Your read: {call}" if call is not None else "Read cleared"
        self.status_message.setText(f"{what} · {result.path.name} · {n} read image(s)")
        row = self.proxy.proxy_row_of(result)
        if call is not None and 0 <= row < self.proxy.rowCount() - 1:
            self.select_row(row + 1)

    def _save_reads(self) -> None:
        if self.session is None:
            return
        try:
            save_reads(reads_path(self.session.model_id), self.model.reads, self.session.model_id)
        except OSError as exc:
            self.show_message(QMessageBox.Icon.Critical, "Reads not saved", str(exc))

    def import_reads(self, source: Path) -> int:
        """Merge reads from a CSV (path, call) or a folder with NORMAL/ and PNEUMONIA/."""
        try:
            new = reads_from_folders(source) if source.is_dir() else reads_from_csv(source)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.show_message(QMessageBox.Icon.Critical, "Reads not imported", str(exc))
            return 0
        merged = {**self.model.reads, **new}
        self.model.set_reads(merged)
        self._save_reads()
        self.status_message.setText(f"{len(new)} read(s) imported from {source.name}")
        return len(new)

    def choose_reads_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import reads (CSV: path, call)", str(Path.home()), "CSV (*.csv)"
        )
        if name:
            self.import_reads(Path(name))

    def choose_reads_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Import reads: a folder with NORMAL/ and PNEUMONIA/", str(Path.home())
        )
        if name:
            self.import_reads(Path(name))

    # -- calibration ----------------------------------------------------------------------------
    def calibrate_site(self, target_sensitivity: float = 0.95) -> bool:
        """Fit from the read, in-scope rows on a worker, then show the dialog."""
        if self.session is None:
            return False
        settings = self.model.settings
        scores, calls, left_out = scored_reads(
            self.model.reads, self.model.results(), lambda r: wl.in_scope(r, settings)
        )
        session = self.session

        def done(value: tuple[SiteProfile, bytes]) -> None:
            profile, png = value
            dialog = CalibrationDialog(profile, png, left_out, self)
            dialog.accepted.connect(lambda: self.apply_site_profile(profile))
            self.calibration_dialog = dialog
            dialog.open()

        def failed(message: str, _details: str) -> None:
            self.show_message(
                QMessageBox.Icon.Information,
                "Not enough reads",
                f"{message}\n\nMark rows with P (pneumonia), N (normal) or U (unsure) while "
                "browsing, or import reads (File → Import Reads).",
            )

        self.status_message.setText(f"Calibrating from {len(scores)} read images…")
        self.tasks.submit(
            fit_and_plot, scores, calls, session.model_id, session.contract.version,
            target_sensitivity, on_result=done, on_error=failed,
        )  # fmt: skip
        return True

    def apply_site_profile(self, profile: SiteProfile | None) -> None:
        """Save (or with None, remove) the site profile and relabel the worklist."""
        if self.session is None:
            return
        path = profile_path(self.session.model_id)
        try:
            if profile is None:
                path.unlink(missing_ok=True)
            else:
                profile.save(path)
        except OSError as exc:
            self.show_message(QMessageBox.Icon.Critical, "Site profile not saved", str(exc))
            return
        self.site_profile = profile
        self.settings.reset_threshold()  # a saved custom threshold would hide the new point
        point = resolve(self.session.contract, profile)
        self._apply_worklist_settings(
            TriageSettings.from_point(
                point, self.session.contract, self.model.settings.rank_out_of_scope
            )
        )
        self.status_message.setText(f"Operating point: {point.text}")
        self.clinic.history.profile(profile, point.text)

    def use_model_default(self) -> QMessageBox | None:
        """Ask first: going back deletes the site profile, fitted from many reads."""
        profile = self.site_profile
        if self.session is None or profile is None:
            return None
        box = self.show_message(
            QMessageBox.Icon.Question,
            "Use the model default operating point?",
            f"This deletes the {profile.provenance()} ({profile.n_pneumonia} pneumonia and "
            f"{profile.n_normal} normal reads) and uses the model's own threshold and "
            "probabilities. Your reads are kept, so you can calibrate again.",
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Delete Site Profile")
        yes.clicked.connect(lambda: self.apply_site_profile(None))
        self.model_default_box = box
        return box
