"""The text a PDF report draws, as drawn: a QPainter that records every string (no PDF parser
is a dependency; the report's writer draws each text with one ``drawText`` call)."""

from __future__ import annotations

from typing import ClassVar

import pytest
from PySide6.QtGui import QPainter

from app.export import export_pdf


class RecordingPainter(QPainter):
    """Keeps every string it draws, in order."""

    drawn: ClassVar[list[str]] = []

    def drawText(self, *args):  # Qt's name
        RecordingPainter.drawn += [a for a in args if isinstance(a, str)]
        return super().drawText(*args)


def record_pdf_text(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, every PDF report's strings land in the returned list (worker thread too)."""
    RecordingPainter.drawn = []
    monkeypatch.setattr(export_pdf, "QPainter", RecordingPainter)
    return RecordingPainter.drawn
