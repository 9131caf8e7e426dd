"""A one-line label (long DICOM file names) and a check box (a long translated caption) that
elide instead of widening their panel."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)


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


class ElidedCheckBox(QCheckBox):
    """A check box whose caption never widens its panel: where the whole caption does not fit,
    the key hint after two spaces ("Show heatmap  (H)") goes first, then the words elide at the
    right; the tooltip then carries the whole caption. ``text()`` stays whole."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        room = hint.width() - self.fontMetrics().horizontalAdvance(self.text())
        return QSize(room + self.fontMetrics().horizontalAdvance("M…M"), hint.height())

    def _option(self) -> QStyleOptionButton:
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        return opt

    def shown_text(self) -> str:
        """The caption as painted at the current width."""
        opt = self._option()
        room = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, opt, self)
        width, metrics, text = room.width() - 4, self.fontMetrics(), self.text()
        if metrics.horizontalAdvance(text) <= width:
            return text
        text = text.split("  ")[0]
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self) -> None:
        self.setToolTip("" if self.shown_text() == self.text() else self.text())

    def paintEvent(self, event: QPaintEvent) -> None:
        opt = self._option()
        opt.text = self.shown_text()
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_CheckBox, opt)
