"""Colour-scale legend for the heatmap, drawn from the same lookup table as the overlay."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from inference.heatmap import TRANSPARENT_BELOW, colormap_lut


class HeatmapLegend(QWidget):
    """A gradient bar labelled 'weak' ... 'strong': relative evidence, not probability."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lut = colormap_lut()
        self._stops = [(i / 255.0, QColor(*map(int, lut[i]))) for i in range(0, 256, 16)]
        self._stops.append((1.0, QColor(*map(int, lut[255]))))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Where the model found evidence for pneumonia, relative within this image. "
            f"Below {TRANSPARENT_BELOW:.0%} of the strongest evidence nothing is drawn. "
            "The colours show where the model looked, not how sure it is."
        )

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
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter), "evidence (relative)")
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight), "strong")
        painter.end()
