"""Paints P(pneumonia) as a bar with the threshold marked (ranked rows only), and a coloured line
across the table where a group starts (ranked, then out of scope, then unreadable)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core import style
from app.worklist.worklist_logic import format_percent
from app.worklist.worklist_model import RESULT_ROLE, WorklistModel
from inference.core.types import TriageResult
from inference.triage import worklist as wl

_Index = QModelIndex | QPersistentModelIndex


SEPARATOR_WIDTH = 3  # px: thicker than the grid, in the colour of the group it opens


def group_started(index: _Index, settings: wl.TriageSettings) -> wl.Group | None:
    """The group whose first visible row ``index`` is (None inside a group or on the top row)."""
    if index.row() <= 0:
        return None
    result = index.data(RESULT_ROLE)
    above = index.siblingAtRow(index.row() - 1).data(RESULT_ROLE)
    if not isinstance(result, TriageResult) or not isinstance(above, TriageResult):
        return None
    group = wl.group_of(result, settings)
    return group if group is not wl.group_of(above, settings) else None


def separator_color(group: wl.Group) -> QColor:
    return style.ERROR_COLOR if group is wl.Group.ERROR else style.SCOPE_COLOR


class GroupSeparatorDelegate(QStyledItemDelegate):
    """Every cell of a row that opens a group (out of scope, unreadable) gets a thick coloured
    line along its top, so the line runs across the whole table."""

    def __init__(self, model: WorklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        self.paint_separator(painter, option, index)

    def paint_separator(
        self, painter: QPainter, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        group = group_started(index, self._model.settings)
        if group is None:
            return
        rect = option.rect
        painter.fillRect(
            rect.left(), rect.top(), rect.width(), SEPARATOR_WIDTH, separator_color(group)
        )


class ProbabilityDelegate(GroupSeparatorDelegate):
    """Paints P(pneumonia) as a bar with the threshold marked, coloured above/below it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        result = index.data(RESULT_ROLE)
        ranked_row = (
            isinstance(result, TriageResult)
            and result.ok
            and wl.group_of(result, self._model.settings) is wl.Group.IN_SCOPE
        )
        if not ranked_row:  # out of scope or unreadable: "—", no bar, no number
            super().paint(painter, option, index)
            return
        self._paint_bar(painter, option, result)
        self.paint_separator(painter, option, index)

    def _paint_bar(
        self, painter: QPainter, option: QStyleOptionViewItem, result: TriageResult
    ) -> None:
        prob = float(wl.probability(result, self._model.settings) or 0.0)
        text = format_percent(prob)
        opt = option  # no initStyleOption: it would query every role of the model per cell
        widget = opt.widget
        st = widget.style() if widget is not None else None
        if st is not None:  # selection / hover background only
            st.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        threshold = self._model.threshold
        ranked = True
        above = float(prob) >= threshold
        rect = QRectF(opt.rect).adjusted(4, 5, -4, -5)
        font = QFont(opt.font)
        font.setBold(above)
        # a narrow column keeps the number whole; the bar gives way
        text_w = min(46.0, max(rect.width() * 0.45, QFontMetricsF(font).horizontalAdvance(text)))
        bar = QRectF(rect.left(), rect.top(), max(4.0, rect.width() - text_w - 6), rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.track_color(opt.palette))
        painter.drawRoundedRect(bar, 3, 3)
        fill = QRectF(bar)
        fill.setWidth(max(2.0, bar.width() * min(max(float(prob), 0.0), 1.0)))
        if not ranked:  # out of scope: greyed, the probability is secondary
            painter.setBrush(style.OUT_OF_SCOPE_COLOR)
        else:
            painter.setBrush(style.RISK_HIGH if above else style.RISK_LOW)
        painter.drawRoundedRect(fill, 3, 3)
        tick_x = bar.left() + bar.width() * threshold
        painter.setPen(QPen(opt.palette.text().color(), 1.5))
        painter.drawLine(tick_x, bar.top() - 2, tick_x, bar.bottom() + 2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = (
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        painter.setPen(text_color if ranked else style.OUT_OF_SCOPE_COLOR)
        painter.setFont(font)
        text_rect = QRectF(bar.right() + 4, rect.top() - 4, text_w + 2, rect.height() + 8)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()


def band_color(prob: float | None, threshold: float) -> QColor:
    """Colour of a probability relative to the threshold (shared with the details panel)."""
    if prob is None:
        return style.ERROR_COLOR
    return style.RISK_HIGH if prob >= threshold else style.RISK_LOW
