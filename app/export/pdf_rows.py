"""The rows of the batch PDF report: an image's row (rank, thumbnail, heatmap, file and patient,
probability, flags or reason) and the section headings, laid out as cells whose boxes are as tall
as their wrapped text. The same layout measures a row (pagination) and draws it, so a long file
name, patient name or reason makes its row taller instead of being clipped.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from app.core import style
from app.export.pdf_painter import (
    _WRAP_ANY,
    INK,
    MUTED,
    ROW_H,
    ROW_PAD,
    RULE,
    THUMB,
    Cell,
    _font,
    _Painter,
)
from app.export.report_layout import ReportRow, Section, row_text
from app.viewer.qt_convert import gray_qimage, rgb_qimage
from inference.core.i18n import _
from inference.core.types import TriageResult
from inference.model.heatmap import blend
from inference.triage import worklist as wl

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods
HEATMAP_OPACITY = 0.5


def _thumb_images(
    result: TriageResult, settings: wl.TriageSettings
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Grey thumbnail and its heatmap blend (RGB), or None when there is no thumbnail or the
    heatmap policy shows none (out of scope: no heat)."""
    thumb = result.thumbnail
    if thumb is None:
        return None, None
    if thumb.ndim == 3:
        thumb = thumb.mean(axis=2).astype(np.uint8)
    shown = wl.shows_heatmap(result, settings)
    heat = blend(thumb, result.cam, HEATMAP_OPACITY) if shown and result.cam is not None else None
    return thumb, heat


class ReportPainter(_Painter):
    """The page furniture and summary of ``_Painter``, plus the rows."""

    def section_cells(self, y: float, section: Section) -> list[Cell]:
        r = self.page
        fm = QFontMetricsF(self.f_body, self.p.device())
        color = style.SCOPE_COLOR if section.group is wl.Group.OUT_OF_SCOPE else style.ERROR_COLOR
        cells = [Cell(QRectF(r.left(), y + 24, r.width(), fm.height() * 1.6), section.title,
                      _font(12, True), color, 0)]  # fmt: skip
        if section.note:
            top = y + 24 + fm.height() * 1.8
            cells.append(self.cell(r.left(), top, r.width(), section.note, self.f_body, MUTED))
        return cells

    def row_cells(self, y: float, rank: int | None, result: TriageResult) -> list[Cell]:
        """Every text of one image's row, each in a box as tall as its wrapped text."""
        rt = row_text(rank, result, self.info.settings)
        read = dict(self.info.reads).get(str(result.path))
        if read:
            mine = translate("Report", "your read: %1").replace("%1", _(read))
            rt = dataclasses.replace(rt, detail=" · ".join(x for x in (rt.detail, mine) if x))
        cols = self.columns()
        top = y + ROW_PAD
        fm = QFontMetricsF(self.f_body, self.p.device())
        cells = [Cell(QRectF(cols[0][0], top, cols[0][1], 30), rt.rank, self.f_body, MUTED, 0)]
        x, w = cols[3]
        # identifiers wrap, never elide: a shortened name or ID risks mixing up patients
        cells.append(self.cell(x, top, w - 8, rt.file, _font(9, True), INK, _WRAP_ANY))
        if rt.detail:
            cells.append(self.cell(x, cells[-1].rect.bottom() + 4, w - 8, rt.detail, self.f_body,
                                   MUTED))  # fmt: skip
        x, w = cols[4]
        head = QRectF(x, top, w, fm.height() * 1.6)
        below = top + fm.height() * 1.8
        if rt.ok and not rt.in_scope and not self.info.rank_out_of_scope:
            # no number: the model was not made for this image, so it is not a score
            cells.append(Cell(head, "—", self.f_prob, style.OUT_OF_SCOPE_COLOR, 0))
            cells.append(self.cell(x, below, w, translate("Report", "out of scope: not scored"),
                                   self.f_body, style.SCOPE_COLOR))  # fmt: skip
        elif rt.ok:
            color = style.RISK_HIGH if rt.above else style.RISK_LOW
            cells.append(Cell(head, rt.probability, self.f_prob, color, 0))
            cells.append(self.cell(x, below, w, rt.label, self.f_body))
            if rt.subtype:
                # a word wider than the column ("provavelmente") steps down a size, not cut
                likely = translate("Report", "likely %1").replace("%1", rt.subtype)
                widest = max(fm.horizontalAdvance(word) for word in likely.split())
                font = self.f_small if widest > w - 4 else self.f_body
                sub_top = cells[-1].rect.bottom() + fm.height() * 0.2
                cells.append(self.cell(x, sub_top, w - 4, likely, font, MUTED))
        else:
            cells.append(Cell(head, "—", self.f_prob, MUTED, 0))
        x, w = cols[5]
        note = rt.flags if rt.ok else rt.status
        if rt.ok and not rt.in_scope:
            note = translate("Report", "Out of scope: %1").replace("%1", rt.scope_reason)
            note += f" · {rt.flags}" if rt.flags else ""
        if note:
            note = ("⚠ " if rt.ok else "") + note
            color = style.WARNING_COLOR if rt.ok else style.ERROR_COLOR
            cell = self.cell(x, top, w, note, self.f_body, color)
            if cell.rect.height() > THUMB:  # a long reason steps down a size; the row grows
                cell = self.cell(x, top, w, note, self.f_small, color)
            cells.append(cell)
        return cells

    def cells(self, y: float, row: ReportRow) -> list[Cell]:
        return self.section_cells(y, row) if isinstance(row, Section) else self.row_cells(y, *row)

    @staticmethod
    def extent(y: float, cells: list[Cell]) -> float:
        """The height of a row at ``y`` laid out as ``cells``: at least ``ROW_H``, taller when
        its text needs it."""
        return max([float(ROW_H)] + [c.rect.bottom() - y + ROW_PAD for c in cells])

    def height(self, row: ReportRow) -> float:
        """The row's height on the page (for pagination)."""
        return self.extent(0, self.cells(0, row))

    def draw(self, y: float, row: ReportRow) -> float:
        """Draw a section heading or an image's row at ``y``; returns its height."""
        cells = self.cells(y, row)
        h = self.extent(y, cells)
        r = self.page
        if isinstance(row, Section):
            self.p.setPen(QPen(cells[0].color, 3))
            self.p.drawLine(r.left(), y + 16, r.right(), y + 16)
        else:
            self.thumbnails(y + ROW_PAD, row[1])
            self.p.setPen(QPen(RULE, 1))
            self.p.drawLine(r.left(), y + h, r.right(), y + h)
        for c in cells:
            self.text(c.rect, c.text, c.font, c.color, c.flags)
        return h

    def thumbnails(self, top: float, result: TriageResult) -> None:
        thumb, heat = _thumb_images(result, self.info.settings)
        cols = self.columns()
        for (x, _w), img in ((cols[1], thumb), (cols[2], heat)):
            box = QRectF(x, top, THUMB, THUMB)
            self.p.fillRect(box, QColor(20, 20, 22))
            if img is not None:
                qimg = gray_qimage(img) if img.ndim == 2 else rgb_qimage(img)
                scale = min(THUMB / qimg.width(), THUMB / qimg.height())
                w, h = qimg.width() * scale, qimg.height() * scale
                target = QRectF(x + (THUMB - w) / 2, top + (THUMB - h) / 2, w, h)
                self.p.drawImage(target, qimg)
