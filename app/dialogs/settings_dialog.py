"""Preferences: the operating point (live preview, reset to the model's default), whether
out-of-scope images are ranked, and the theme."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from app.core.prefs import THEMES
from app.worklist.worklist_logic import format_percent


class SettingsDialog(QDialog):
    """Emits ``thresholdPreview`` while the value changes so the worklist relabels live;
    the caller restores the old value if the dialog is cancelled."""

    thresholdPreview = Signal(float)

    def __init__(
        self,
        threshold: float,
        model_default: float | None,
        theme: str,
        parent: QWidget | None = None,
        rank_out_of_scope: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(540)
        self._default = model_default
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        row = QHBoxLayout()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setDecimals(1)
        self.threshold_spin.setRange(0.1, 99.9)
        self.threshold_spin.setSingleStep(1.0)
        self.threshold_spin.setSuffix(" %")
        self.threshold_spin.setValue(threshold * 100.0)
        self.threshold_spin.setEnabled(model_default is not None)
        self.threshold_spin.valueChanged.connect(lambda v: self.thresholdPreview.emit(v / 100.0))
        row.addWidget(self.threshold_spin, 1)
        self.reset_button = QPushButton("Reset to model default")
        self.reset_button.setEnabled(model_default is not None)
        self.reset_button.clicked.connect(self.reset_threshold)
        self.reset_button.setAutoDefault(False)  # Enter means OK, wherever the focus is
        row.addWidget(self.reset_button)
        form.addRow("Pneumonia threshold", row)

        default_text = (
            f"Model default: {format_percent(model_default, 1)}."
            if model_default is not None
            else "No model is loaded."
        )
        help_label = QLabel(
            f"{default_text} Images at or above the threshold are labelled pneumonia. A lower "
            "threshold misses fewer cases but raises more false alarms. The ranking of the "
            "worklist does not change."
        )
        help_label.setWordWrap(True)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(help_label)

        self.rank_check = QCheckBox("Rank out-of-scope images with the others")
        self.rank_check.setChecked(rank_out_of_scope)
        self.rank_check.setToolTip(
            "Off (recommended): images the model was not made for — adults, lateral views, other "
            "body parts, photos — are listed after the ranked images, without a label.\n"
            "On: they are ranked and labelled like the others. Every export says so."
        )
        form.addRow("Scope", self.rank_check)

        self.theme_combo = QComboBox()
        for t in THEMES:
            self.theme_combo.addItem(t.capitalize(), t)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(theme)))
        form.addRow("Theme", self.theme_combo)
        layout.addLayout(form)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        layout.addWidget(buttons)

    @property
    def threshold(self) -> float:
        return round(self.threshold_spin.value() / 100.0, 6)

    @property
    def rank_out_of_scope(self) -> bool:
        return self.rank_check.isChecked()

    @property
    def theme(self) -> str:
        return str(self.theme_combo.currentData())

    def reset_threshold(self) -> None:
        if self._default is not None:
            self.threshold_spin.setValue(self._default * 100.0)

    def is_default_threshold(self) -> bool:
        return self._default is not None and abs(self.threshold - self._default) < 5e-4
