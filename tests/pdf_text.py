"""The text a PDF report draws, as drawn: a QPainter that records every string (no PDF parser
is a dependency; the report's writer draws each text with one ``drawText`` call)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from app.export import export_pdf


@dataclass(frozen=True)
class DrawnText:
    """One ``drawText(rect, flags, text)``: the box it was given and the box its laid-out text
    needs (``QPainter.boundingRect`` with the same font, flags and device): wider or taller than
    ``rect`` means the text was clipped."""

    rect: QRectF
    needed: QRectF
    text: str


class RecordingPainter(QPainter):
    """Keeps every string it draws, in order, and each boxed text's geometry."""

    drawn: ClassVar[list[str]] = []
    boxes: ClassVar[list[DrawnText]] = []

    def drawText(self, *args):  # Qt's name
        RecordingPainter.drawn += [a for a in args if isinstance(a, str)]
        if len(args) == 3 and isinstance(args[0], QRectF) and isinstance(args[2], str):
            needed = self.boundingRect(args[0], args[1], args[2])
            RecordingPainter.boxes.append(DrawnText(QRectF(args[0]), needed, args[2]))
        return super().drawText(*args)


def record_pdf_text(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, every PDF report's strings land in the returned list (worker thread too)."""
    RecordingPainter.drawn = []
    RecordingPainter.boxes = []
    monkeypatch.setattr(export_pdf, "QPainter", RecordingPainter)
    return RecordingPainter.drawn


def record_pdf_boxes(monkeypatch: pytest.MonkeyPatch) -> list[DrawnText]:
    """As ``record_pdf_text``, returning the boxed texts with their geometry."""
    record_pdf_text(monkeypatch)
    return RecordingPainter.boxes
