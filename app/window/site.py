"""Site calibration in the window: load this model's site profile, fit one from the read images
in scope, apply it, or go back to the model default. Composed into ``MainWindow``; the operating
point goes into the ``TriageState`` and the worklist relabels from its event. The logic is
``inference.triage.site_calibration``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.core.settings import AppSettings
from app.core.workers import TaskRunner
from app.dialogs.calibration_dialog import CalibrationDialog
from app.state.triage_state import TriageState
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.settings_schema import ProfileError
from inference.triage.site_calibration import fit_profile
from inference.triage.site_profile import SiteProfile, load_active_profile, profile_path, set_aside
from inference.triage.site_reads import Read, scored_reads
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


class SiteController(QObject):
    """The site profile and the operating point it gives; dialogs are kept for tests."""

    def __init__(
        self,
        state: TriageState,
        host: QMainWindow,
        settings: AppSettings,
        tasks: TaskRunner,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(host)
        self.state, self.host, self.settings, self.tasks, self.say = (
            state, host, settings, tasks, say,
        )  # fmt: skip
        self.calibration_dialog: CalibrationDialog | None = None
        self.settings_file_box: QMessageBox | None = None  # the last "damaged settings file"
        self.model_default_box: QMessageBox | None = None  # the last "use the model default?"

    def on_model(self, session: object) -> None:
        """A freshly loaded model: its site profile and the user's custom threshold (over the
        model's or the site's), as the resolver decides. A damaged profile is offered to be set
        aside; the model default applies meanwhile."""
        state = self.state
        if state.session is None:
            return
        try:
            profile = load_active_profile(state.model_id)
        except ProfileError as exc:
            profile = None
            log.warning("site profile: %s", exc)
            title = self.tr("Site profile not used")
            self.offer_set_aside(profile_path(state.model_id), title, str(exc))
        state.set_site_profile(profile)
        custom = self.settings.custom_threshold(state.model_id)
        point = resolve(state.session.contract, profile, custom)
        state.set_settings(
            TriageSettings.from_point(
                point, state.session.contract, self.settings.rank_out_of_scope
            )
        )

    def offer_set_aside(self, path: Path, title: str, message: str) -> QMessageBox:
        """Non-blocking: say what is wrong with a settings file and offer to rename it aside
        (``inference.triage.site_profile.set_aside``); the program goes on with the default."""
        box = self.host.show_message(
            QMessageBox.Icon.Warning,
            title,
            message
            + "\n\n"
            + self.tr(
                "CXR Triage goes on with the model default operating point. Set the file aside "
                "(it is renamed, not deleted) to stop this message."
            ),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.NoButton)
        aside = box.addButton(self.tr("Set File Aside"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep File"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is not aside:
                return
            try:
                moved = set_aside(path)
            except OSError as exc:
                text = self.tr("Could not set %1 aside: %2").replace("%1", path.name)
                self.say(text.replace("%2", str(exc.strerror)))
                return
            self.say(self.tr("Set aside as %1").replace("%1", str(moved)))

        box.buttonClicked.connect(clicked)
        self.settings_file_box = box
        return box

    # -- calibration ----------------------------------------------------------------------------
    def calibrate_site(self, target_sensitivity: float = 0.95) -> bool:
        """Fit from the read, in-scope rows on a worker, then show the dialog."""
        state = self.state
        session = state.session
        if session is None:
            return False
        settings = state.settings
        scores, calls, left_out = scored_reads(
            state.reads, state.results, lambda r: wl.in_scope(r, settings)
        )

        def done(value: tuple[SiteProfile, bytes]) -> None:
            profile, png = value
            dialog = CalibrationDialog(profile, png, left_out, self.host)
            dialog.accepted.connect(lambda: self.apply_site_profile(profile))
            self.calibration_dialog = dialog
            dialog.open()

        def failed(message: str, _details: str) -> None:
            self.host.show_message(
                QMessageBox.Icon.Information,
                self.tr("Not enough reads"),
                message
                + "\n\n"
                + self.tr(
                    "Mark rows with P (pneumonia), N (normal) or U (unsure) while browsing, or "
                    "import reads (Reads → Import Reads)."
                ),
            )

        self.say(self.tr("Calibrating from %n read image(s)…", "", len(scores)))
        self.tasks.submit(
            fit_and_plot, scores, calls, session.model_id, session.contract.version,
            target_sensitivity, on_result=done, on_error=failed,
        )  # fmt: skip
        return True

    def apply_site_profile(self, profile: SiteProfile | None) -> None:
        """Save (or with None, remove) the site profile and relabel the worklist."""
        state = self.state
        session = state.session
        if session is None:
            return
        path = profile_path(session.model_id)
        try:
            if profile is None:
                path.unlink(missing_ok=True)
            else:
                profile.save(path)
        except OSError as exc:
            title = self.tr("Site profile not saved")
            self.host.show_message(QMessageBox.Icon.Critical, title, str(exc))
            return
        state.set_site_profile(profile)
        self.settings.reset_threshold()  # a saved custom threshold would hide the new point
        point = resolve(session.contract, profile)
        state.set_settings(
            TriageSettings.from_point(point, session.contract, state.settings.rank_out_of_scope)
        )
        self.say(self.tr("Operating point: %1").replace("%1", point.text))
        state.events.emit("profile_applied", (profile, point.text))

    def use_model_default(self) -> QMessageBox | None:
        """Ask first: going back deletes the site profile, fitted from many reads."""
        profile = self.state.site_profile
        if self.state.session is None or profile is None:
            return None
        box = self.host.show_message(
            QMessageBox.Icon.Question,
            self.tr("Use the model default operating point?"),
            self.tr(
                "This deletes the %1 (%2 pneumonia and %3 normal reads) and uses the model's own "
                "threshold and probabilities. Your reads are kept, so you can calibrate again."
            )
            .replace("%1", profile.provenance())
            .replace("%2", str(profile.n_pneumonia))
            .replace("%3", str(profile.n_normal)),
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Delete Site Profile"))
        yes.clicked.connect(lambda: self.apply_site_profile(None))
        self.model_default_box = box
        return box
