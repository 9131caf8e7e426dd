"""Colour-scale legend for the heatmap, drawn from the same lookup table as the overlay."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from inference.heatmap import TRANSPARENT_BELOW, colormap_lut

ABSOLUTE_TIP = (
    "Evidence for pneumonia on the model's fixed scale: full colour is as strong as the evidence in "
    "a typical pneumonia film of the training set, so a film the model calls normal shows little or "
    "no colour. Below {cut:.0%} nothing is drawn. Heat is shown only inside the lung fields (each "
    "lung's outline, including the lung behind the heart), never on arms, neck, heart or abdomen."
)
RELATIVE_TIP = (
    "Study view: evidence relative to this image's own strongest region, so every film shows full "
    "colour somewhere whatever its score. Below {cut:.0%} of that maximum nothing is drawn. Shown "
    "unmasked: it includes what the model looked at outside the lungs."
)


class HeatmapLegend(QWidget):
    """A gradient bar labelled 'weak' ... 'strong': evidence on the model's fixed scale (or, in the
    study view, relative to the image), never a probability."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lut = colormap_lut()
        self._stops = [(i / 255.0, QColor(*map(int, lut[i]))) for i in range(0, 256, 16)]
        self._stops.append((1.0, QColor(*map(int, lut[255]))))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.relative = False
        self.setToolTip(ABSOLUTE_TIP.format(cut=TRANSPARENT_BELOW))

    def set_relative(self, relative: bool) -> None:
        self.relative = bool(relative)
        tip = RELATIVE_TIP if relative else ABSOLUTE_TIP
        self.setToolTip(tip.format(cut=TRANSPARENT_BELOW))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() + 18)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() + 18)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fm = self.fontMetrics()
        bar = QRectF(1, 1, self.width() - 2, 11)
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, color in self._stops:
            grad.setColorAt(pos, color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(grad)
        painter.drawRoundedRect(bar, 3, 3)
        cut = bar.left() + bar.width() * TRANSPARENT_BELOW
        painter.setBrush(QColor(128, 128, 128, 150))
        painter.drawRoundedRect(QRectF(bar.left(), bar.top(), cut - bar.left(), bar.height()), 3, 3)
        painter.setPen(self.palette().windowText().color())
        y = int(bar.bottom()) + 3
        text_rect = QRectF(0, y, self.width(), fm.height() + 2)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft), "weak")
        middle = "per image" if self.relative else "fixed scale"
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter), middle)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight), "strong")
        painter.end()
