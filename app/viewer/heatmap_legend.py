"""Colour-scale legend for the heatmap, drawn from the same lookup table as the overlay."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from inference.core.i18n import format_percent
from inference.model.heatmap import TRANSPARENT_BELOW, colormap_lut

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def legend_tip(relative: bool) -> str:
    """What the colours mean, in the reader's language (the cut-off as a percentage)."""
    if relative:
        text = translate(
            "HeatmapLegend",
            "Study view: evidence relative to this image's own strongest region, so every film "
            "shows full colour somewhere whatever its score. Below %1 of that maximum nothing is "
            "drawn. Shown unmasked: it includes what the model looked at outside the lungs.",
        )
    else:
        text = translate(
            "HeatmapLegend",
            "Evidence for pneumonia on the model's fixed scale: full colour is as strong as the "
            "evidence in a typical pneumonia film of the training set, so a film the model calls "
            "normal shows little or no colour. Below %1 nothing is drawn. Heat is shown only "
            "inside the lung fields (each lung's outline, including the lung behind the heart), "
            "never on arms, neck, heart or abdomen.",
        )
    return text.replace("%1", format_percent(TRANSPARENT_BELOW))


LABEL_GAP = 12  # px kept clear between two labels of the scale


def middle_on_own_line(
    width: int, weak: int, middle: int, strong: int, gap: int = LABEL_GAP
) -> bool:
    """Whether the middle label ("fixed scale" / "per image") needs its own line: it sits
    centred between "weak" and "strong", so each half of it must clear the label beside it."""
    half = width / 2
    return weak + gap > half - middle / 2 or strong + gap > half - middle / 2


class HeatmapLegend(QWidget):
    """A gradient bar labelled 'weak' ... 'strong': evidence on the model's fixed scale (or, in the
    study view, relative to the image), never a probability."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lut = colormap_lut()
        self._stops = [(i / 255.0, QColor(*map(int, lut[i]))) for i in range(0, 256, 16)]
        self._stops.append((1.0, QColor(*map(int, lut[255]))))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.relative = False
        self.retranslate()

    def retranslate(self) -> None:
        """The tooltip now; the painted words are read at each paint."""
        self.setToolTip(legend_tip(self.relative))
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_relative(self, relative: bool) -> None:
        self.relative = bool(relative)
        self.retranslate()

    def weak_text(self) -> str:
        return self.tr("weak")

    def strong_text(self) -> str:
        return self.tr("strong")

    def middle_text(self) -> str:
        return self.tr("per image") if self.relative else self.tr("fixed scale")

    def two_lines(self, width: int) -> bool:
        """True when, at ``width``, the middle label goes below "weak" ... "strong"."""
        fm = self.fontMetrics()
        return middle_on_own_line(
            width - 2,
            fm.horizontalAdvance(self.weak_text()),
            fm.horizontalAdvance(self.middle_text()),
            fm.horizontalAdvance(self.strong_text()),
        )

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = 2 if self.two_lines(width) else 1
        return lines * (self.fontMetrics().height() + 2) + 16

    def sizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(max(self.width(), 120)))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(max(self.width(), 120)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != self.heightForWidth(self.width()):
            self.updateGeometry()  # the middle label moved to (or back from) its own line

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
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft), self.weak_text())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight), self.strong_text())
        if self.two_lines(self.width()):  # too narrow for three labels on one line
            text_rect.translate(0, fm.height() + 2)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter), self.middle_text())
        painter.end()
