"""The worklist's column header: a title too long for its column elides (the header's tooltip, from
the model, has it whole). Qt's own elision is lost once a style sheet applies to the table (its
focus frame), so the header elides the text itself, keeping the sort arrow (▼/▲) visible."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

ARROWS = (" ▼", " ▲")


def fit_title(text: str, width: int, fm: QFontMetrics) -> str:
    """``text`` in ``width`` pixels, elided on the right; a trailing sort arrow is kept and the
    title before it shortened instead."""
    if fm.horizontalAdvance(text) <= width:
        return text
    arrow = next((a for a in ARROWS if text.endswith(a)), "")
    title = text[: len(text) - len(arrow)]
    room = max(0, width - fm.horizontalAdvance(arrow))
    return fm.elidedText(title, Qt.TextElideMode.ElideRight, room) + arrow


class ElidingHeader(QHeaderView):
    """A horizontal header whose section titles elide on the right to fit their sections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        super().initStyleOptionForIndex(option, logicalIndex)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, self)
        width = self.sectionSize(logicalIndex) - 2 * margin
        option.text = fit_title(option.text or "", width, self.fontMetrics())

    def shown_title(self, logical_index: int) -> str:
        """The title as drawn in a section (for tests and the screenshots)."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logical_index)
        return option.text
