"""A slim progress bar that repaints asynchronously.

``QProgressBar.setValue`` repaints synchronously (about 10 ms a call with Fusion, measured while a
scan updates it ten times a second); this one only schedules an ``update()``, so the paint is
coalesced with the rest of the window's.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core import style


class SlimProgressBar(QWidget):
    """value/maximum; maximum 0 = busy (a segment that moves as updates arrive)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0
        self._maximum = 1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 6)

    def value(self) -> int:
        return self._value

    def maximum(self) -> int:
        return self._maximum

    def set_progress(self, value: int, maximum: int) -> None:
        self._value, self._maximum = max(0, int(value)), max(0, int(maximum))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        r = QRectF(self.rect())
        radius = r.height() / 2
        p.setBrush(style.track_color(self.palette()))
        p.drawRoundedRect(r, radius, radius)
        p.setBrush(self.palette().highlight())
        if self._maximum <= 0:
            seg = r.width() * 0.25
            phase = (time.monotonic() * 0.6) % 1.0
            x = r.left() + (r.width() + seg) * phase - seg
            p.setClipRect(r)
            p.drawRoundedRect(QRectF(x, r.top(), seg, r.height()), radius, radius)
        elif self._value > 0:
            fill = QRectF(r)
            fill.setWidth(max(r.height(), r.width() * min(1.0, self._value / self._maximum)))
            p.drawRoundedRect(fill, radius, radius)
        p.end()
