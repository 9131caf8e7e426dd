"""The worklist's settings (operating point, ranking of out-of-scope images), the Settings dialog, the theme and the summary line. Mixed into ``MainWindow``, whose widgets and state it uses."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtWidgets import (
    QApplication,
)

from app.core import style
from app.dialogs.settings_dialog import SettingsDialog
from inference.triage.operating_point import resolve
from inference.triage.worklist import TriageSettings

log = logging.getLogger(__name__)


class WorklistSettingsMixin:
    """Part of ``MainWindow``; not usable on its own."""

    def _default_threshold(self) -> float:
        d = self.model_default_threshold()
        return d if d is not None else self.model.threshold

    def _apply_threshold(self, value: float) -> None:
        """Relabel at ``value``; the resolver says what it now is (model, site or custom)."""
        if self.session is None:
            self.model.set_threshold(value)
            return
        point = resolve(self.session.contract, self.site_profile, value)
        self._apply_worklist_settings(
            dataclasses.replace(
                self.model.settings,
                threshold=point.threshold,
                temperature=point.temperature,
                site=point.text,
            )
        )

    def _apply_worklist_settings(self, settings: TriageSettings) -> None:
        self.model.set_settings(settings)
        self.table.viewport().update()
        self.details.set_settings(self.model.settings, self._default_threshold())
        self._update_summary()
        self._update_site_label()

    def set_rank_out_of_scope(self, on: bool) -> None:
        """Site setting: rank out-of-scope images with the others (stated on every export)."""
        self.settings.rank_out_of_scope = bool(on)
        self._apply_worklist_settings(
            dataclasses.replace(self.model.settings, rank_out_of_scope=bool(on))
        )

    def set_threshold(self, value: float) -> None:
        """Change the operating point (saved for this model) and relabel the worklist."""
        if self.session is None:
            return
        self.settings.set_threshold(value, self.model_id())
        self._apply_threshold(value)

    def reset_threshold(self) -> None:
        if self.session is None:
            return
        self.settings.reset_threshold()
        profile = self.site_profile  # the site's operating point, when one was fitted
        self._apply_threshold(
            profile.threshold if profile is not None else self.session.contract.threshold
        )

    def open_settings(self) -> SettingsDialog:
        """Non-blocking dialog; the worklist relabels while the value changes."""
        before = self.model.threshold
        dialog = SettingsDialog(
            before,
            self.model_default_threshold(),
            self.settings.theme,
            self,
            rank_out_of_scope=self.model.settings.rank_out_of_scope,
        )
        dialog.thresholdPreview.connect(self._apply_threshold)

        def finish(code: int) -> None:
            if code == SettingsDialog.DialogCode.Accepted:
                if dialog.is_default_threshold():
                    self.reset_threshold()
                else:
                    self.set_threshold(dialog.threshold)
                if self.model.threshold != before:
                    self.clinic.history.threshold(self.model.settings.operating_point_text())
                if dialog.rank_out_of_scope != self.model.settings.rank_out_of_scope:
                    self.set_rank_out_of_scope(dialog.rank_out_of_scope)
                self.set_theme(dialog.theme)
            else:
                self._apply_threshold(before)

        dialog.finished.connect(finish)
        dialog.open()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_theme(app, self.settings.theme)
        self.theme_actions[self.settings.theme].setChecked(True)

    def _update_summary(self) -> None:
        s = self.model.summary()
        if s.total == 0:
            self.summary_label.setText("")
            return
        text = s.line()
        if self.model.settings.rank_out_of_scope and s.out_of_scope:
            text += " (ranked anyway: site setting)"
        self.summary_label.setText(text)
