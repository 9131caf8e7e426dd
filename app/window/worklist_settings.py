"""The worklist's settings (operating point, ranking of out-of-scope images), the Settings dialog,
the theme and the summary line. Composed into ``MainWindow``: a change goes into the
``TriageState``; applying it to the table, the details and the summary follows its event."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget

from app.core import style
from app.core.settings import AppSettings
from app.dialogs.settings_dialog import SettingsDialog
from app.state.triage_state import TriageState
from app.viewer.details_panel import DetailsPanel
from app.worklist.worklist_model import WorklistModel
from inference.triage.operating_point import resolve
from inference.triage.worklist import TriageSettings

log = logging.getLogger(__name__)


class WorklistSettingsController(QObject):
    """Threshold, scope ranking, theme; keeps the table, details and summary on the settings."""

    themeChanged = Signal(str)  # for the Theme menu's check mark

    def __init__(
        self,
        state: TriageState,
        host: QWidget,
        settings: AppSettings,
        model: WorklistModel,
        table: QTableView,
        details: DetailsPanel,
        summary_label: QLabel,
    ) -> None:
        super().__init__(host)
        self.state, self.host, self.settings = state, host, settings
        self.model, self.table, self.details, self.summary_label = (
            model, table, details, summary_label,
        )  # fmt: skip
        state.events.settings.connect(self._on_settings)
        state.events.results.connect(lambda _rows: self.update_summary())
        state.events.scan.connect(lambda _what: self.update_summary())

    def _on_settings(self, settings: TriageSettings) -> None:
        self.model.set_settings(settings)
        self.table.viewport().update()
        self.details.set_settings(self.model.settings, self.state.reference_threshold)
        self.update_summary()

    def apply_settings(self, settings: TriageSettings) -> None:
        self.state.set_settings(settings)

    def apply_threshold(self, value: float) -> None:
        """Relabel at ``value``; the resolver says what it now is (model, site or custom)."""
        state = self.state
        if state.session is None:
            self.apply_settings(dataclasses.replace(state.settings, threshold=float(value)))
            return
        point = resolve(state.session.contract, state.site_profile, value)
        self.apply_settings(
            dataclasses.replace(
                state.settings,
                threshold=point.threshold,
                temperature=point.temperature,
                point=point,
            )
        )

    def set_rank_out_of_scope(self, on: bool) -> None:
        """Site setting: rank out-of-scope images with the others (stated on every export)."""
        self.settings.rank_out_of_scope = bool(on)
        self.apply_settings(dataclasses.replace(self.state.settings, rank_out_of_scope=bool(on)))

    def set_threshold(self, value: float) -> None:
        """Change the operating point (saved for this model) and relabel the worklist."""
        if self.state.session is None:
            return
        self.settings.set_threshold(value, self.state.model_id)
        self.apply_threshold(value)

    def reset_threshold(self) -> None:
        state = self.state
        if state.session is None:
            return
        self.settings.reset_threshold()
        profile = state.site_profile  # the site's operating point, when one was fitted
        self.apply_threshold(
            profile.threshold if profile is not None else state.session.contract.threshold
        )

    def open_settings(self) -> SettingsDialog:
        """Non-blocking dialog; the worklist relabels while the value changes."""
        state = self.state
        before = state.settings.threshold
        dialog = SettingsDialog(
            before,
            state.default_threshold,
            self.settings.theme,
            self.host,
            rank_out_of_scope=state.settings.rank_out_of_scope,
        )
        dialog.thresholdPreview.connect(self.apply_threshold)

        def finish(code: int) -> None:
            if code == SettingsDialog.DialogCode.Accepted:
                if dialog.is_default_threshold():
                    self.reset_threshold()
                else:
                    self.set_threshold(dialog.threshold)
                if state.settings.threshold != before:
                    text = state.settings.operating_point_text()
                    state.events.emit("operating_point_chosen", text)
                if dialog.rank_out_of_scope != state.settings.rank_out_of_scope:
                    self.set_rank_out_of_scope(dialog.rank_out_of_scope)
                self.set_theme(dialog.theme)
            else:
                self.apply_threshold(before)

        dialog.finished.connect(finish)
        dialog.open()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_theme(app, self.settings.theme)
        self.themeChanged.emit(self.settings.theme)

    def update_summary(self) -> None:
        s = self.model.summary()
        if s.total == 0:
            self.summary_label.setText("")
            return
        ranked_anyway = self.model.settings.rank_out_of_scope and bool(s.out_of_scope)
        self.summary_label.setText(s.line(ranked_anyway))
