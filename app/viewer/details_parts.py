"""Small parts of the details panel: the flag hints (translated) and the bar for one class
probability."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core import style
from inference.core.types import Flag, TriageResult

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def flag_hint(flag: Flag) -> str:
    """What a quality flag means for the reader, in their language ('' for a flag with none)."""
    hints = {
        Flag.COLOUR: translate(
            "DetailsPanel", "The file is a colour image, maybe a photo of a film or screen."
        ),
        Flag.SMALL: translate(
            "DetailsPanel", "Fewer pixels than the model's input: fine detail is missing."
        ),
        Flag.OUT_OF_DISTRIBUTION: translate(
            "DetailsPanel", "Unlike the training images: the score may not be reliable."
        ),
        Flag.UNUSUAL_BIT_DEPTH: translate("DetailsPanel", "Unusual bit depth for a radiograph."),
        Flag.UNUSUAL_PHOTOMETRIC: translate(
            "DetailsPanel", "Unusual photometric interpretation (colour model) for a radiograph."
        ),
        Flag.MULTI_FRAME: translate(
            "DetailsPanel",
            "The DICOM holds several frames; the first one was scored and is shown.",
        ),
        Flag.NOT_CHEST: translate(
            "DetailsPanel", "The DICOM header says this is not a chest study."
        ),
        Flag.LOW_CONTRAST: translate(
            "DetailsPanel", "Very low contrast: exposure or windowing may be off."
        ),
    }
    return hints.get(flag, "")


def info_rows(result: TriageResult, patient: str, date: str) -> list[tuple[str, str]]:
    """(title, value) rows of the "Image" box, titles in the reader's language."""
    md = result.metadata
    rows = []
    if patient:
        rows.append((translate("DetailsPanel", "Patient"), patient))
    if date:
        rows.append((translate("DetailsPanel", "Study date"), date))
    for key, title in (
        ("modality", translate("DetailsPanel", "Modality")),
        ("view_position", translate("DetailsPanel", "View")),
        ("body_part", translate("DetailsPanel", "Body part")),
    ):
        if md.get(key):
            rows.append((title, md[key]))
    if result.original_size:
        h, w = result.original_size
        size = translate("DetailsPanel", "%1 × %2 px").replace("%1", str(w)).replace("%2", str(h))
        rows.append((translate("DetailsPanel", "Size"), size))
    if result.format:
        rows.append((translate("DetailsPanel", "Format"), result.format.upper()))
    return rows


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
