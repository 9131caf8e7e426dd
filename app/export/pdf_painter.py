"""Drawing of the batch PDF report: page furniture, the summary and the text cells the rows use.

Split from ``export_pdf`` (pagination and writing) and ``pdf_rows`` (the rows) so each stays small;
QtGui only. Its words go through Qt's translator (thread-safe: the report is drawn on a worker) in
the "Report" context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from app.core import style
from app.export.report_layout import (
    ReportInfo,
    provenance_lines,
    summary_lines,
)
from app.identity import APP_NAME, DISCLAIMER, DISCLAIMER_LONG
from app.worklist.worklist_logic import summarize
from inference.core.i18n import _
from inference.core.types import TriageResult
from inference.triage import worklist as wl

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods

DPI = 150
MARGIN_MM = 14.0
ROW_H = 156  # device pixels at DPI: the least a row takes (taller when its text needs it)
THUMB = 140  # ~24 mm: big enough to judge where the heatmap sits
ROW_PAD = (ROW_H - THUMB) / 2  # above the thumbnail and below the row's lowest text

_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
_WRAP_ANY = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWrapAnywhere)
INK = QColor(25, 28, 34)
MUTED = QColor(105, 110, 120)
RULE = QColor(210, 213, 219)


@dataclass(frozen=True)
class Cell:
    """One text of a row: its box (as tall as the text needs), font, colour and drawing flags."""

    rect: QRectF
    text: str
    font: QFont
    color: QColor
    flags: int


class ReportError(Exception):
    """The report could not be written (disk, permissions, painter failure)."""


def _font(size_pt: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


def _wrap_flags(fm: QFontMetricsF, text: str, box: QRectF) -> int:
    """Wrap at spaces; anywhere only when one word (a path, a hash) is wider than the box."""
    widest = max((fm.horizontalAdvance(w) for w in text.split()), default=0.0)
    return _WRAP_ANY if widest > box.width() else _WRAP


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
        # measured, not guessed: the whole disclaimer wraps inside the footer, never clipped
        fm = QFontMetricsF(self.f_small, painter.device())
        box = QRectF(0, 0, page.width() * 0.8, 10_000)
        text_h = fm.boundingRect(box, _WRAP, self.footer_text()).height()
        self.footer_h = max(fm.height() * 3.2, text_h + 14)

    def footer_text(self) -> str:
        """Disclaimer, operating point and, for a stopped scan, that the worklist is partial."""
        info = self.info
        status = info.status_shown or info.worklist_status
        partial = (
            translate("Report", "INCOMPLETE WORKLIST (%1).").replace("%1", status) + " "
            if info.incomplete
            else ""
        )
        ranking = f" {wl.ranking_note(info.settings)}" if info.rank_out_of_scope else ""
        point = translate("Report", "Operating point: %1.").replace(
            "%1", info.settings.operating_point_text()
        )
        return f"{partial}{_(DISCLAIMER)} {_(DISCLAIMER_LONG)} {point}{ranking}"

    def text(
        self, rect: QRectF, text: str, font: QFont, color: QColor = INK, flags: int = 0
    ) -> None:
        self.p.setFont(font)
        self.p.setPen(color)
        fm = QFontMetricsF(font, self.p.device())
        if not flags & (int(Qt.TextFlag.TextWordWrap) | int(Qt.TextFlag.TextWrapAnywhere)):
            text = fm.elidedText(text, Qt.TextElideMode.ElideMiddle, rect.width())
        self.p.drawText(
            rect, flags or int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text
        )

    def furniture(self, page_no: int) -> None:
        """Running header and the footer with the disclaimer and page number."""
        r = self.page
        head = QRectF(r.left(), r.top(), r.width(), self.header_h)
        title = (
            translate("Report", "%1 — batch triage report (DE-IDENTIFIED copy)")
            if self.info.deidentified
            else translate("Report", "%1 — batch triage report")
        )
        self.text(head, title.replace("%1", APP_NAME), self.f_head)
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
            self.footer_text(),
            self.f_small,
            style.ERROR_COLOR if self.info.incomplete else MUTED,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        )
        self.text(
            inner,
            translate("Report", "Page %1 of %2")
            .replace("%1", str(page_no))
            .replace("%2", str(self.n_pages)),
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
            title = (
                translate("Report", "Batch triage report — de-identified")
                if self.info.deidentified
                else translate("Report", "Batch triage report")
            )
            self.text(title_rect, title, self.f_title)
        y += fm_title.height() + 4
        fm_b = QFontMetricsF(self.f_body, self.p.device())
        if self.info.incomplete:  # a partial worklist says so before anything else
            status = self.info.status_shown or self.info.worklist_status
            banner_text = translate(
                "Report", "INCOMPLETE WORKLIST: %1. Images not scanned are not in this report."
            ).replace("%1", status)
            f_banner = _font(10, True)
            banner_box = QRectF(r.left(), y, r.width(), 10_000)
            fm_banner = QFontMetricsF(f_banner, self.p.device())
            banner_h = fm_banner.boundingRect(banner_box, _WRAP, banner_text).height()
            if draw:
                banner = QRectF(r.left(), y, r.width(), banner_h + 2)
                self.text(banner, banner_text, f_banner, style.ERROR_COLOR, _WRAP)
            y += banner_h + 4
        box_h = fm_b.height() * 2.9
        if draw:
            box = QRectF(r.left(), y, r.width(), box_h)
            self.p.setPen(QPen(style.WARNING_COLOR, 3))
            self.p.setBrush(QColor(255, 246, 228))
            self.p.drawRoundedRect(box, 8, 8)
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.text(
                box.adjusted(14, 0, -14, 0),
                _(DISCLAIMER)
                + "  "
                + translate(
                    "Report",
                    "Images are ordered by the model's estimated probability of pneumonia; every "
                    "image still needs a qualified reader.",
                ),
                self.f_body,
                INK,
                _WRAP | int(Qt.AlignmentFlag.AlignVCenter),
            )
        y += box_h + 16
        col_w = r.width() / 2 - 10
        line_h = fm_b.height() * 1.35
        left = summary_lines(summarize(results, self.info.settings), self.info)
        right = provenance_lines(self.info)
        heights = []
        for col, items, key_share in ((0, left, 0.45), (1, right, 0.28)):
            x, yy = r.left() + col * (col_w + 20), y
            key_w = col_w * key_share
            for key, value in items:  # values wrap, never elide: the operating point is a sentence
                key_box = QRectF(x, yy, key_w - 6, 10_000)
                value_box = QRectF(x + key_w, yy, col_w - key_w, 10_000)
                k_flags, v_flags = (
                    _wrap_flags(fm_b, key, key_box),
                    _wrap_flags(fm_b, value, value_box),
                )
                h = (
                    line_h
                    - fm_b.height()
                    + max(
                        fm_b.boundingRect(key_box, k_flags, key).height(),
                        fm_b.boundingRect(value_box, v_flags, value).height(),
                    )
                )
                if draw:
                    self.text(QRectF(key_box.topLeft(), QSizeF(key_box.width(), h)), key,
                              self.f_body, MUTED, k_flags)  # fmt: skip
                    self.text(QRectF(value_box.topLeft(), QSizeF(value_box.width(), h)), value,
                              self.f_body, INK, v_flags)  # fmt: skip
                yy += h
            heights.append(yy - y)
        return y + max(heights) + 14

    def table_header(self, y: float) -> float:
        r = self.page
        h = QFontMetricsF(self.f_small, self.p.device()).height() * 1.6
        cols = self.columns()
        titles = (
            "#",
            translate("Report", "Image"),
            translate("Report", "Heatmap"),
            translate("Report", "File / patient"),
            translate("Report", "P(pneumonia)"),
            translate("Report", "Flags / status"),
        )
        for title, (x, w) in zip(titles, cols, strict=True):
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

    def cell(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        font: QFont,
        color: QColor = INK,
        flags: int | None = None,
        min_h: float = 0.0,
    ) -> Cell:
        """A text box as tall as its text wrapped with the flags it is drawn with (measured on
        this device, the way ``drawText`` lays it out), so nothing in it is clipped. ``flags``
        None: wrap at spaces, anywhere when one word is wider than the box."""
        fm = QFontMetricsF(font, self.p.device())
        box = QRectF(x, y, w, 10_000)
        flags = _wrap_flags(fm, text, box) if flags is None else flags
        return Cell(QRectF(x, y, w, max(min_h, fm.boundingRect(box, flags, text).height())),
                    text, font, color, flags)  # fmt: skip
