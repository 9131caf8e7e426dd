"""Batch PDF report with QPdfWriter + QPainter (QtGui only, so it runs on a worker thread).

Page 1: provenance and summary counts; then one row per image in worklist order (ranked images by
risk, then a section of out-of-scope images with their reasons, then unreadable files), with its
thumbnail, heatmap, probability, label and flags. Every page carries the disclaimer, how
out-of-scope images were handled and 'page i of N'. Written to a temp file and renamed.
The drawing itself is in ``pdf_painter`` (furniture, summary) and ``pdf_rows`` (the rows, each as
tall as its wrapped text: pages are filled by the rows' measured heights).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from app.export.pdf_painter import DPI, MARGIN_MM, MUTED, ReportError
from app.export.pdf_rows import ReportPainter
from app.export.report_layout import (
    ReportInfo,
    ReportRow,
    Section,
    for_sharing,
    paginate_heights,
    report_rows,
)
from app.identity import APP_NAME
from inference.core.output_files import atomic_path
from inference.core.types import TriageResult

__all__ = ["ReportError", "render_preview", "write_pdf_report"]
translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def write_pdf_report(target: Path, results: Sequence[TriageResult], info: ReportInfo) -> int:
    """Write the report atomically; returns the number of pages. Raises ReportError."""
    results, info = for_sharing(results, info)
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
) -> tuple[ReportPainter, list[range]]:
    """Measure once on the target device (the summary and every row's height, with the layout
    that draws them), paginate, and return the drawer for those pages."""
    page = QRectF(_page_layout().paintRectPixels(DPI))
    page.moveTo(0, 0)
    probe = ReportPainter(painter, page, 1, info)
    th_h = QFontMetricsF(probe.f_small, painter.device()).height() * 1.6 + 4
    first_start = probe.summary(_results(rows), draw=False)
    pages = paginate_heights(
        [probe.height(row) for row in rows],
        first=probe.body_bottom() - first_start - th_h,
        rest=probe.body_bottom() - probe.body_top() - th_h,
        keep_with_next=[isinstance(r, Section) for r in rows],
    )
    return ReportPainter(painter, page, len(pages), info), pages


def _draw_page(
    drawer: ReportPainter, page_no: int, row_range: range, rows: list[ReportRow]
) -> None:
    drawer.furniture(page_no)
    y = drawer.summary(_results(rows)) if page_no == 1 else drawer.body_top()
    if len(row_range):
        y = drawer.table_header(y)
    elif page_no == 1 and not rows:
        drawer.text(QRectF(drawer.page.left(), y, drawer.page.width(), 40),
                    translate("Report", "No images."), drawer.f_body, MUTED)  # fmt: skip
    for i in row_range:
        y += drawer.draw(y, rows[i])


def _setup(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def _paint(path: Path, rows: list[ReportRow], info: ReportInfo) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setCreator(APP_NAME)
    writer.setTitle(translate("Report", "%1 batch report").replace("%1", APP_NAME))
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
    results, info = for_sharing(results, info)
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
