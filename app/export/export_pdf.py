"""Batch PDF report with QPdfWriter + QPainter (QtGui only, so it runs on a worker thread).

Page 1: provenance and summary counts; then one row per image in worklist order (ranked images by
risk, then a section of out-of-scope images with their reasons, then unreadable files), with its
thumbnail, heatmap, probability, label and flags. Every page carries the disclaimer, how
out-of-scope images were handled and 'page i of N'. Written to a temp file and renamed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from app import APP_NAME, DISCLAIMER, DISCLAIMER_LONG
from app.core import style
from app.export.report_layout import (
    ReportInfo,
    ReportRow,
    Section,
    paginate,
    provenance_lines,
    report_rows,
    row_text,
    summary_lines,
)
from app.viewer.qt_convert import gray_qimage, rgb_qimage
from app.worklist.worklist_logic import summarize
from inference import worklist as wl
from inference.heatmap import blend
from inference.output_files import atomic_path
from inference.types import TriageResult

DPI = 150
MARGIN_MM = 14.0
ROW_H = 120  # device pixels at DPI
THUMB = 104
HEATMAP_OPACITY = 0.5

_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
INK = QColor(25, 28, 34)
MUTED = QColor(105, 110, 120)
RULE = QColor(210, 213, 219)


class ReportError(Exception):
    """The report could not be written (disk, permissions, painter failure)."""


def _font(size_pt: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


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


class _Painter:
    """Page furniture and row drawing on one QPainter."""

    def __init__(self, painter: QPainter, page: QRectF, n_pages: int, info: ReportInfo) -> None:
        self.p = painter
        self.page = page
        self.n_pages = n_pages
        self.info = info
        self.f_title = _font(16, True)
        self.f_head = _font(10.5, True)
        self.f_body = _font(9)
        self.f_small = _font(7.5)
        self.f_prob = _font(13, True)
        self.header_h = QFontMetricsF(self.f_head, painter.device()).height() * 2.0
        self.footer_h = QFontMetricsF(self.f_small, painter.device()).height() * 3.2

    def text(
        self, rect: QRectF, text: str, font: QFont, color: QColor = INK, flags: int = 0
    ) -> None:
        self.p.setFont(font)
        self.p.setPen(color)
        fm = QFontMetricsF(font, self.p.device())
        if not flags & int(Qt.TextFlag.TextWordWrap):
            text = fm.elidedText(text, Qt.TextElideMode.ElideMiddle, rect.width())
        self.p.drawText(
            rect, flags or int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text
        )

    def furniture(self, page_no: int) -> None:
        """Running header and the footer with the disclaimer and page number."""
        r = self.page
        head = QRectF(r.left(), r.top(), r.width(), self.header_h)
        self.text(head, f"{APP_NAME} — batch triage report", self.f_head)
        self.text(
            head,
            f"{self.info.model_name} {self.info.model_version}",
            self.f_small,
            MUTED,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        )
        self.p.setPen(QPen(RULE, 2))
        y = r.top() + self.header_h - 6
        self.p.drawLine(r.left(), y, r.right(), y)
        foot = QRectF(r.left(), r.bottom() - self.footer_h, r.width(), self.footer_h)
        self.p.setPen(QPen(RULE, 2))
        self.p.drawLine(foot.left(), foot.top(), foot.right(), foot.top())
        inner = foot.adjusted(0, 8, 0, 0)
        self.text(
            inner.adjusted(0, 0, -inner.width() * 0.2, 0),
            f"{DISCLAIMER} {DISCLAIMER_LONG} Operating point: "
            f"{self.info.settings.operating_point_text()}."
            + (f" {wl.ranking_note(self.info.settings)}" if self.info.rank_out_of_scope else ""),
            self.f_small,
            MUTED,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        )
        self.text(
            inner,
            f"Page {page_no} of {self.n_pages}",
            self.f_small,
            MUTED,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        )

    def body_top(self) -> float:
        return self.page.top() + self.header_h + 8

    def body_bottom(self) -> float:
        return self.page.bottom() - self.footer_h - 8

    def summary(self, results: Sequence[TriageResult], draw: bool = True) -> float:
        """Title, disclaimer box, counts and provenance on page 1; returns where rows start.

        With ``draw=False`` it only measures, so pagination and painting share one layout.
        """
        r = self.page
        y = self.body_top() + 6
        fm_title = QFontMetricsF(self.f_title, self.p.device())
        if draw:
            title_rect = QRectF(r.left(), y, r.width(), fm_title.height())
            self.text(title_rect, "Batch triage report", self.f_title)
        y += fm_title.height() + 4
        fm_b = QFontMetricsF(self.f_body, self.p.device())
        box_h = fm_b.height() * 2.9
        if draw:
            box = QRectF(r.left(), y, r.width(), box_h)
            self.p.setPen(QPen(style.WARNING_COLOR, 3))
            self.p.setBrush(QColor(255, 246, 228))
            self.p.drawRoundedRect(box, 8, 8)
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.text(
                box.adjusted(14, 0, -14, 0),
                f"{DISCLAIMER}  Images are ordered by the model's estimated probability of "
                "pneumonia; every image still needs a qualified reader.",
                self.f_body,
                INK,
                _WRAP | int(Qt.AlignmentFlag.AlignVCenter),
            )
        y += box_h + 16
        col_w = r.width() / 2 - 10
        line_h = fm_b.height() * 1.35
        left = summary_lines(summarize(results, self.info.settings), self.info)
        right = provenance_lines(self.info)
        if draw:
            for col, items, key_share in ((0, left, 0.45), (1, right, 0.28)):
                x = r.left() + col * (col_w + 20)
                yy = y
                for key, value in items:
                    key_w = col_w * key_share
                    self.text(QRectF(x, yy, key_w - 6, line_h), key, self.f_body, MUTED)
                    value_rect = QRectF(x + key_w, yy, col_w - key_w, line_h)
                    self.text(value_rect, value, self.f_body, INK)
                    yy += line_h
        return y + line_h * max(len(left), len(right)) + 14

    def table_header(self, y: float) -> float:
        r = self.page
        h = QFontMetricsF(self.f_small, self.p.device()).height() * 1.6
        cols = self.columns()
        for title, (x, w) in zip(
            ("#", "Image", "Heatmap", "File / patient", "P(pneumonia)", "Flags / status"),
            cols,
            strict=True,
        ):
            self.text(QRectF(x, y, w, h), title, _font(7.5, True), MUTED)
        self.p.setPen(QPen(RULE, 1.5))
        self.p.drawLine(r.left(), y + h, r.right(), y + h)
        return y + h + 4

    def columns(self) -> list[tuple[float, float]]:
        r = self.page
        x = r.left()
        widths = [44, THUMB + 12, THUMB + 16]
        rest = r.width() - sum(widths)
        widths += [rest * 0.46, rest * 0.2, rest * 0.34]
        out = []
        for w in widths:
            out.append((x, w))
            x += w
        return out

    def section(self, y: float, section: Section) -> None:
        """A heading row that opens the out-of-scope or the unreadable group."""
        r = self.page
        fm = QFontMetricsF(self.f_body, self.p.device())
        color = style.SCOPE_COLOR if section.group is wl.Group.OUT_OF_SCOPE else style.ERROR_COLOR
        self.p.setPen(QPen(color, 3))
        self.p.drawLine(r.left(), y + 16, r.right(), y + 16)
        self.text(QRectF(r.left(), y + 24, r.width(), fm.height() * 1.6), section.title,
                  _font(12, True), color)  # fmt: skip
        if section.note:
            self.text(QRectF(r.left(), y + 24 + fm.height() * 1.8, r.width(), fm.height() * 2.6),
                      section.note, self.f_body, MUTED, _WRAP)  # fmt: skip

    def row(self, y: float, rank: int | None, result: TriageResult) -> None:
        rt = row_text(rank, result, self.info.settings)
        read = dict(self.info.reads).get(str(result.path))
        if read:
            rt = dataclasses.replace(
                rt, detail=" · ".join(x for x in (rt.detail, f"your read: {read}") if x)
            )
        cols = self.columns()
        top = y + (ROW_H - THUMB) / 2
        self.text(QRectF(cols[0][0], top, cols[0][1], 30), rt.rank, self.f_body, MUTED)
        thumb, heat = _thumb_images(result, self.info.settings)
        for (x, _w), img in ((cols[1], thumb), (cols[2], heat)):
            box = QRectF(x, top, THUMB, THUMB)
            self.p.fillRect(box, QColor(20, 20, 22))
            if img is not None:
                qimg = gray_qimage(img) if img.ndim == 2 else rgb_qimage(img)
                scale = min(THUMB / qimg.width(), THUMB / qimg.height())
                w, h = qimg.width() * scale, qimg.height() * scale
                target = QRectF(x + (THUMB - w) / 2, top + (THUMB - h) / 2, w, h)
                self.p.drawImage(target, qimg)
        fm = QFontMetricsF(self.f_body, self.p.device())
        x, w = cols[3]
        self.text(QRectF(x, top, w - 8, fm.height()), rt.file, _font(9, True))
        if rt.detail:
            self.text(
                QRectF(x, top + fm.height() * 1.2, w - 8, fm.height()),
                rt.detail,
                self.f_body,
                MUTED,
            )
        x, w = cols[4]
        if rt.ok and not rt.in_scope and not self.info.rank_out_of_scope:
            self.text(QRectF(x, top, w, fm.height() * 1.6), rt.probability, self.f_prob,
                      style.OUT_OF_SCOPE_COLOR)  # fmt: skip
            self.text(QRectF(x, top + fm.height() * 1.8, w, fm.height() * 2.4), "out of scope",
                      self.f_body, style.SCOPE_COLOR)  # fmt: skip
        elif rt.ok:
            color = style.RISK_HIGH if rt.above else style.RISK_LOW
            self.text(QRectF(x, top, w, fm.height() * 1.6), rt.probability, self.f_prob, color)
            self.text(QRectF(x, top + fm.height() * 1.8, w, fm.height()), rt.label, self.f_body)
            if rt.subtype:
                sub_rect = QRectF(x, top + fm.height() * 3.0, w, fm.height())
                self.text(sub_rect, f"likely {rt.subtype}", self.f_body, MUTED)
        else:
            self.text(QRectF(x, top, w, fm.height() * 1.6), "—", self.f_prob, MUTED)
        x, w = cols[5]
        note = rt.flags if rt.ok else rt.status
        if rt.ok and not rt.in_scope:
            note = f"Out of scope: {rt.scope_reason}" + (f" · {rt.flags}" if rt.flags else "")
        color = style.WARNING_COLOR if rt.ok else style.ERROR_COLOR
        if note:
            self.text(
                QRectF(x, top, w, THUMB),
                ("⚠ " if rt.ok else "") + note,
                self.f_body,
                color,
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap
                ),
            )
        self.p.setPen(QPen(RULE, 1))
        self.p.drawLine(self.page.left(), y + ROW_H, self.page.right(), y + ROW_H)


def _capacities(
    page: QRectF, header_h: float, footer_h: float, first_start: float, th_h: float
) -> tuple[int, int]:
    body_bottom = page.bottom() - footer_h - 8
    per_page = int((body_bottom - (page.top() + header_h + 8) - th_h) // ROW_H)
    first = int((body_bottom - first_start - th_h) // ROW_H)
    return max(0, first), max(1, per_page)


def write_pdf_report(target: Path, results: Sequence[TriageResult], info: ReportInfo) -> int:
    """Write the report atomically; returns the number of pages. Raises ReportError."""
    rows = report_rows(results, info.settings)
    try:
        with atomic_path(Path(target)) as tmp:
            n_pages = _paint(tmp, rows, info)
    except OSError as exc:
        raise ReportError(f"could not write {Path(target).name}: {exc}") from exc
    return n_pages


def _page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def _results(rows: list[ReportRow]) -> list[TriageResult]:
    return [row[1] for row in rows if not isinstance(row, Section)]


def _plan(
    painter: QPainter, rows: list[ReportRow], info: ReportInfo
) -> tuple[_Painter, list[range]]:
    """Measure once on the target device, paginate, and return the drawer for those pages."""
    page = QRectF(_page_layout().paintRectPixels(DPI))
    page.moveTo(0, 0)
    probe = _Painter(painter, page, 1, info)
    th_h = QFontMetricsF(probe.f_small, painter.device()).height() * 1.6 + 4
    first_start = probe.summary(_results(rows), draw=False)
    first, per_page = _capacities(page, probe.header_h, probe.footer_h, first_start, th_h)
    pages = paginate(len(rows), first, per_page)
    return _Painter(painter, page, len(pages), info), pages


def _draw_page(drawer: _Painter, page_no: int, row_range: range, rows: list[ReportRow]) -> None:
    drawer.furniture(page_no)
    y = drawer.summary(_results(rows)) if page_no == 1 else drawer.body_top()
    if len(row_range):
        y = drawer.table_header(y)
    elif page_no == 1 and not rows:
        drawer.text(QRectF(drawer.page.left(), y, drawer.page.width(), 40), "No images.",
                    drawer.f_body, MUTED)  # fmt: skip
    for i in row_range:
        row = rows[i]
        if isinstance(row, Section):
            drawer.section(y, row)
        else:
            drawer.row(y, row[0], row[1])
        y += ROW_H


def _setup(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def _paint(path: Path, rows: list[ReportRow], info: ReportInfo) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setCreator(APP_NAME)
    writer.setTitle("CXR Triage batch report")
    writer.setPageLayout(_page_layout())
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF writer could not start (is the folder writable?)")
    try:
        _setup(painter)
        drawer, pages = _plan(painter, rows, info)
        for page_no, row_range in enumerate(pages, start=1):
            if page_no > 1 and not writer.newPage():
                raise OSError("could not start a new PDF page")
            _draw_page(drawer, page_no, row_range, rows)
        return len(pages)
    finally:
        painter.end()


def render_preview(
    results: Sequence[TriageResult], info: ReportInfo, max_pages: int | None = 2
) -> list[QImage]:
    """The report's first pages as images (same layout code as the PDF): previews and checks."""
    rows = report_rows(results, info.settings)
    size = _page_layout().fullRectPixels(DPI).size()
    margins = _page_layout().marginsPixels(DPI)
    images: list[QImage] = []
    image = QImage(size, QImage.Format.Format_RGB32)
    dots_per_metre = round(DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        drawer, pages = _plan(painter, rows, info)
    finally:
        painter.end()
    for page_no, row_range in enumerate(pages[: max_pages or len(pages)], start=1):
        page_img = image.copy()
        page_img.fill(QColor("white"))
        painter = QPainter(page_img)
        try:
            _setup(painter)
            painter.translate(margins.left(), margins.top())
            drawer.p = painter
            _draw_page(drawer, page_no, row_range, rows)
        finally:
            painter.end()
        images.append(page_img)
    return images
