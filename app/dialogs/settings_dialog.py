"""Preferences: the operating point (live preview, reset to the model's default), whether
out-of-scope images are ranked, the theme and the language.

Every text is set in ``retranslate()``, which runs again on ``QEvent.LanguageChange``: choosing a
language here switches the open dialogs at once (the pattern for every converted widget).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import translation
from app.core.prefs import THEMES
from app.core.settings import AppSettings
from inference.core.i18n import format_percent


class SettingsDialog(QDialog):
    """Emits ``thresholdPreview`` while the value changes so the worklist relabels live;
    the caller restores the old value if the dialog is cancelled. OK saves and applies the
    language itself (the one preference every window shares)."""

    thresholdPreview = Signal(float)

    def __init__(
        self,
        threshold: float,
        model_default: float | None,
        theme: str,
        parent: QWidget | None = None,
        rank_out_of_scope: bool = False,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumWidth(540)
        self._default = model_default
        # The window passes its settings; until every caller does, the parent's are used.
        parent_settings = getattr(parent, "settings", None)
        self._settings = settings or (
            parent_settings if isinstance(parent_settings, AppSettings) else AppSettings()
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        row = QHBoxLayout()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setDecimals(1)
        self.threshold_spin.setRange(0.1, 99.9)
        self.threshold_spin.setSingleStep(1.0)
        self.threshold_spin.setValue(threshold * 100.0)
        self.threshold_spin.setEnabled(model_default is not None)
        self.threshold_spin.valueChanged.connect(lambda v: self.thresholdPreview.emit(v / 100.0))
        row.addWidget(self.threshold_spin, 1)
        self.reset_button = QPushButton()
        self.reset_button.setEnabled(model_default is not None)
        self.reset_button.clicked.connect(self.reset_threshold)
        self.reset_button.setAutoDefault(False)  # Enter means OK, wherever the focus is
        row.addWidget(self.reset_button)
        self.threshold_label = QLabel()
        form.addRow(self.threshold_label, row)

        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.help_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.help_label)

        self.rank_check = QCheckBox()
        self.rank_check.setChecked(rank_out_of_scope)
        self.scope_label = QLabel()
        form.addRow(self.scope_label, self.rank_check)

        self.theme_combo = QComboBox()
        for t in THEMES:
            self.theme_combo.addItem(t, t)  # texts set in retranslate()
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(theme)))
        self.theme_label = QLabel()
        form.addRow(self.theme_label, self.theme_combo)

        self.language_combo = QComboBox()
        for code, name in translation.choice_items():
            self.language_combo.addItem(name, code)
        self._saved_language = self._settings.language
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._saved_language))
        )
        self.language_label = QLabel()
        form.addRow(self.language_label, self.language_combo)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.language_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.language_note)
        layout.addLayout(form)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        """Every visible text, in the current language (again on each language change)."""
        self.setWindowTitle(self.tr("Settings"))
        # the percent sign as the language writes it after a number: en/pt "68.7%", fr and es
        # with a (narrow) no-break space before it, as ``i18n.format_percent`` writes them
        self.threshold_spin.setSuffix(self.tr("%", "after the threshold number"))
        self.reset_button.setText(self.tr("Reset to model default"))
        self.threshold_label.setText(self.tr("Pneumonia threshold"))
        default_text = (
            self.tr("Model default: %1.").replace("%1", format_percent(self._default, 1))
            if self._default is not None
            else self.tr("No model is loaded.")
        )
        explain = self.tr(
            "Images at or above the threshold are labelled pneumonia. A lower threshold misses "
            "fewer cases but raises more false alarms. The ranking of the worklist does not change."
        )
        self.help_label.setText(f"{default_text} {explain}")
        self.rank_check.setText(self.tr("Rank out-of-scope images with the others"))
        self.rank_check.setToolTip(
            self.tr(
                "Off (recommended): images the model was not made for — adults, lateral views, "
                "other body parts, photos — are listed after the ranked images, without a label.\n"
                "On: they are ranked and labelled like the others. Every export says so."
            )
        )
        self.scope_label.setText(self.tr("Scope"))
        names = {"light": self.tr("Light", "theme"), "dark": self.tr("Dark", "theme")}
        for i in range(self.theme_combo.count()):
            data = str(self.theme_combo.itemData(i))
            self.theme_combo.setItemText(i, names.get(data, data))
        self.language_combo.setItemText(0, translation.choice_items()[0][1])
        self.theme_label.setText(self.tr("Theme"))
        self.language_label.setText(self.tr("Language"))
        self.language_note.setText(
            self.tr(
                "The whole program changes language at once, the main window included; no restart "
                "is needed."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def threshold(self) -> float:
        return round(self.threshold_spin.value() / 100.0, 6)

    @property
    def rank_out_of_scope(self) -> bool:
        return self.rank_check.isChecked()

    @property
    def theme(self) -> str:
        return str(self.theme_combo.currentData())

    @property
    def language(self) -> str:
        """The chosen language code, or "" for the system's."""
        return str(self.language_combo.currentData() or "")

    def accept(self) -> None:
        """Saves and applies a new language choice, then closes as usual."""
        if self.language != self._saved_language:
            self._settings.language = self.language
            self._settings.sync()
            translation.install_language(translation.startup_language(None, self.language))
            self._saved_language = self.language
        super().accept()

    def reset_threshold(self) -> None:
        if self._default is not None:
            self.threshold_spin.setValue(self._default * 100.0)

    def is_default_threshold(self) -> bool:
        return self._default is not None and abs(self.threshold - self._default) < 5e-4
