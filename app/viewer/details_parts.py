"""Small parts of the details panel: the flag hints and the bar for one class probability."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core import style
from inference.core.types import Flag

FLAG_HINTS: dict[Flag, str] = {
    Flag.COLOUR: "The file is a colour image, maybe a photo of a film or screen.",
    Flag.SMALL: "Fewer pixels than the model's input: fine detail is missing.",
    Flag.OUT_OF_DISTRIBUTION: "Unlike the training images: the score may not be reliable.",
    Flag.UNUSUAL_BIT_DEPTH: "Unusual bit depth for a radiograph.",
    Flag.UNUSUAL_PHOTOMETRIC: "Unusual photometric interpretation (colour model) for a radiograph.",
    Flag.MULTI_FRAME: "The DICOM holds several frames; the first one was scored and is shown.",
    Flag.NOT_CHEST: "The DICOM header says this is not a chest study.",
    Flag.LOW_CONTRAST: "Very low contrast: exposure or windowing may be off.",
}


class ProbabilityBar(QWidget):
    """A thin horizontal bar for one class probability."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._color = style.RISK_LOW
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: float, color: QColor) -> None:
        self._value = min(max(float(value), 0.0), 1.0)
        self._color = color
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(100, 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        r = QRectF(self.rect()).adjusted(0, 1, 0, -1)
        p.setBrush(style.track_color(self.palette()))
        p.drawRoundedRect(r, 3, 3)
        fill = QRectF(r)
        fill.setWidth(max(2.0, r.width() * self._value))
        p.setBrush(self._color)
        p.drawRoundedRect(fill, 3, 3)
        p.end()
