"""'Calibrate for this site': the fitted operating point, its intervals, a plain warning when the
sample is small, the ROC point and the reliability plot — shown before the user accepts it."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import style
from inference.triage.site_profile import SiteProfile, describe, sample_size_note


def fitted_size(wanted: tuple[int, int], parent: QWidget | None) -> tuple[int, int]:
    """The wanted size, shrunk to fit the screen the dialog opens on (a 1024x600 netbook
    must still show the buttons; the plot scrolls instead)."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry()
    return min(wanted[0], int(room.width() * 0.95)), min(wanted[1], int(room.height() * 0.9))


class CalibrationDialog(QDialog):
    """Accept = apply the profile to every later scan with this model.

    The figures and warnings come from ``site_profile.describe`` (Qt-free, gettext); the
    dialog's own sentences are set in ``retranslate()``, run again on a language change."""

    def __init__(
        self, profile: SiteProfile, plot_png: bytes, left_out: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.left_out = left_out
        self.resize(*fitted_size((960, 700), parent))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            f"color: {style.WARNING_COLOR.name()}; font-weight: bold; padding: 4px;"
        )
        self.warning.setVisible(bool(profile.warning))
        layout.addWidget(self.warning)
        self.plot = QLabel()
        pix = QPixmap()
        pix.loadFromData(plot_png, "PNG")
        self.plot.setPixmap(pix)
        self.plot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.plot)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        profile = self.profile
        self.setWindowTitle(self.tr("Calibrate for this site"))
        lines = describe(profile)
        body = "<br/>".join(
            html.escape(line.strip()) for line in lines if not line.strip().startswith("!")
        )
        if profile.provisional:
            what = self.tr("Proposed PROVISIONAL operating point")
        else:
            what = self.tr("Proposed operating point")
        used = self.tr("from %n read image(s) in scope", "", profile.n_images)
        left = self.tr(
            "(%n read image(s) left out: unsure, unreadable or out of scope).", "", self.left_out
        )
        source = f"{used} {left}"
        self.summary.setText(
            f"<p><b>{html.escape(what)}</b> {html.escape(source)}</p><p>{body}</p>"
        )
        prefix = self.tr("PROVISIONAL.") + " " if profile.provisional else ""
        # worded again from the counts: the profile keeps the English one (it is saved as is)
        note = sample_size_note(profile.n_pneumonia, profile.n_normal, profile.target_sensitivity)
        self.warning.setText(prefix + (note or profile.warning))
        self.note.setText(
            self.tr(
                "Applying saves this operating point for this model in your settings folder: every "
                "later scan, export and report uses it and says so. Settings → Use Model Default "
                "Operating Point goes back at any time. The ranking of the worklist does not change."
            )
        )
        self.apply_button.setText(
            self.tr("Apply to every scan (provisional)")
            if profile.provisional
            else self.tr("Apply to every scan")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
