"""'Calibrate for this site': the fitted operating point, its intervals, a plain warning when the
sample is small, the ROC point and the reliability plot — shown before the user accepts it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import style
from inference.triage.site_calibration import SiteProfile, describe


class CalibrationDialog(QDialog):
    """Accept = apply the profile to every later scan with this model."""

    def __init__(
        self, profile: SiteProfile, plot_png: bytes, left_out: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.setWindowTitle("Calibrate for this site")
        self.resize(960, 700)
        layout = QVBoxLayout(self)
        lines = describe(profile)
        body = "<br/>".join(
            html.escape(line.strip()) for line in lines if not line.strip().startswith("!")
        )
        what = "PROVISIONAL operating point" if profile.provisional else "operating point"
        self.summary = QLabel(
            f"<p><b>Proposed {what}</b> from {profile.n_images} read images in scope "
            f"({left_out} read image(s) left out: unsure, unreadable or out of scope).</p>"
            f"<p>{body}</p>"
        )
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.warning = QLabel(("PROVISIONAL. " if profile.provisional else "") + profile.warning)
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
        note = QLabel(
            "Applying saves this operating point for this model in your settings folder: every "
            "later scan, export and report uses it and says so. Settings → Use Model Default "
            "Operating Point goes back at any time. The ranking of the worklist does not change."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(
            "Apply to every scan (provisional)" if profile.provisional else "Apply to every scan",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
