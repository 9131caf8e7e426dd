"""A one-line label that elides instead of widening its panel (long DICOM file names)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyleOption, QWidget


class ElidedLabel(QLabel):
    """Plain text, elided in the middle to the width it is given; ``text()`` stays whole and the
    tooltip carries the full text. Its minimum width is small, so a 120-character name can never
    push the details panel (and its "Assistive" box) past the window edge."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
        tip_follows: bool = False,
    ) -> None:
        self._mode, self._tip_follows = mode, tip_follows
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if tip_follows:
            self.setToolTip(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        if self._tip_follows:  # the status line: whatever is elided can be read in full
            self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("M…M"), super().minimumSizeHint().height()
        )

    def sizeHint(self) -> QSize:
        return QSize(min(super().sizeHint().width(), 240), super().sizeHint().height())

    def elided_text(self) -> str:
        """What is painted at the current width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), self._mode, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.contentsRect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.elided_text(),
        )
        if self.hasFocus():
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, opt, painter, self
            )
