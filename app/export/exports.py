"""Exports of the worklist: CSV, PDF report, their de-identified copies, and the current overlay
as PNG with a caption band (``overlay_band``).

Every file is chosen by the user (default folder: the last export folder or Documents, never a
scanned image folder), refused inside a scanned folder, written on a worker thread and atomically.
Dialogs and messages are in the reader's language; the CSV's column names and the JSON keys are
not (machine-readable, stable), and the PDF and the caption are drawn in the current language.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.display_text import shown
from app.export.export_paths import (
    default_export_dir,
    default_filename,
    deidentified_format,
    scan_roots,
    with_extension,
)
from app.export.export_pdf import write_pdf_report
from app.export.overlay_band import with_caption
from app.export.overlay_caption import Caption, caption_for
from app.export.report_layout import ReportInfo
from app.viewer.display_image import DisplayImage
from app.viewer.qt_convert import rgb_qimage
from app.viewer.windowing import Window
from inference.core.output_files import atomic_path, output_problem
from inference.core.types import TriageResult
from inference.export.worklist_files import write_csv
from inference.model.heatmap import blend, result_heat


class ExportHost(Protocol):
    """What the exports need from the window (a protocol, so this module does not import it)."""

    settings: Any
    sources: Any
    status_message: Any
    tasks: Any
    session: Any
    model: Any
    proxy: Any
    view: Any
    worklist_status: str  # "complete", or "incomplete: 40 of 62 scanned, cancelled"
    loader: Any  # its ``relative``: the study view's per-image heat scale

    def show_message(self, icon: Any, title: str, text: str) -> Any: ...
    def default_threshold(self) -> float: ...
    def current_result(self) -> TriageResult | None: ...
    def full_image_result(self) -> TriageResult | None: ...


log = logging.getLogger(__name__)
#: What an export writes: English in the log and the history, ``tr()`` of it on screen.
WHAT = (
    QT_TRANSLATE_NOOP("ExportController", "CSV"),
    QT_TRANSLATE_NOOP("ExportController", "De-identified CSV"),
    QT_TRANSLATE_NOOP("ExportController", "PDF report"),
    QT_TRANSLATE_NOOP("ExportController", "De-identified PDF report"),
    QT_TRANSLATE_NOOP("ExportController", "Overlay"),
)


def write_overlay_png(
    target: Path,
    display: DisplayImage,
    window: Window | None,
    invert: bool,
    cam: np.ndarray | None,
    opacity: float,
    caption: Caption | None = None,
) -> None:
    """Render at full resolution, blend the heatmap if shown, add the caption band below the
    film, write the PNG atomically (worker)."""
    pixels = display.render(window, invert)  # grey, or RGB for a colour photo (as on screen)
    if cam is not None and pixels.ndim == 3:  # the heat is drawn over grey
        pixels = np.ascontiguousarray(pixels.mean(axis=2), dtype=np.uint8)
    image = rgb_qimage(blend(pixels, cam, opacity)) if cam is not None else rgb_qimage(pixels)
    if caption is not None:
        image = with_caption(image, caption)
    with atomic_path(target) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not encode {target.name}")


class ExportController(QObject):
    """Chooses targets, checks them and runs the writers in the background for the window."""

    finished = Signal(str, bool, str)  # path, ok, message

    def __init__(self, host: ExportHost) -> None:
        super().__init__(host)  # type: ignore[arg-type]
        self.host = host

    # -- where -------------------------------------------------------------------------------
    def export_dir(self) -> Path:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        last = self.host.settings.last_export_dir
        candidates = [Path(last) if last else None, Path(docs) if docs else None, Path.home()]
        return default_export_dir(candidates, scan_roots(self.host.sources))

    def choose_target(self, title: str, kind: str, ext: str, filt: str) -> Path | None:
        start = self.export_dir() / default_filename(kind, ext)
        name, _ = QFileDialog.getSaveFileName(self.host, title, str(start), filt)
        return with_extension(Path(name), ext) if name else None

    def check_target(self, target: Path, what: str = "Export") -> bool:
        """The shared write guard (``output_problem``) with the scanned folders as roots: never
        into a scanned image folder (nor through a link into one), never over a folder, device
        or pipe; an unwritable place is said before any work. Refused with a message."""
        problem = output_problem(target, what, scan_roots(self.host.sources))
        if problem is not None:
            log.warning("%s refused: %s", what, problem)
            self.host.show_message(
                QMessageBox.Icon.Warning,
                self.tr("Choose another folder"),
                f"{shown(problem)}.\n\n" + self.tr("Please save somewhere else (e.g. Documents)."),
            )
            return False
        return True

    # -- menu actions ------------------------------------------------------------------------
    def choose_csv(self) -> None:
        rows = self.choose_rows()
        if rows is False:
            return
        title = self.tr("Export worklist as CSV")
        target = self.choose_target(title, "worklist", "csv", "CSV (*.csv)")
        if target is not None:
            self.export_csv(target, rows or None)

    def choose_rows(self) -> list[TriageResult] | bool | None:
        """When a filter or search hides rows, ask: all rows (None), the rows shown (a list),
        or cancel (False). Without a filter, all rows, without asking."""
        host = self.host
        total, shown = host.model.rowCount(), host.proxy.rowCount()
        if shown == total:
            return None
        box = QMessageBox(host)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Export worklist as CSV"))
        n = QLocale().toString
        text = self.tr("The worklist shows %1 of %2 rows (filter or search).")
        box.setText(text.replace("%1", n(shown)).replace("%2", n(total)))
        box.setInformativeText(self.tr("Export every row, or only the rows shown?"))
        all_text = self.tr("All rows (%1)").replace("%1", n(total))
        shown_text = self.tr("Rows shown (%1)").replace("%1", n(shown))
        all_button = box.addButton(all_text, QMessageBox.ButtonRole.AcceptRole)
        shown_button = box.addButton(shown_text, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(all_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is all_button:
            return None
        if clicked is shown_button:
            return list(host.proxy.visible_results())
        return False

    def choose_pdf(self) -> None:
        target = self.choose_target(self.tr("Export PDF report"), "report", "pdf", "PDF (*.pdf)")
        if target is not None:
            self.export_pdf(target)

    def choose_deidentified(self) -> None:
        """File → Export De-identified…: a PDF report or a CSV (the file type chosen) without
        names, IDs, birth dates, accession numbers or folder paths, for sharing."""
        start = self.export_dir() / default_filename("worklist-deidentified", "pdf")
        name, chosen = QFileDialog.getSaveFileName(
            self.host,
            self.tr("Export de-identified copy"),
            str(start),
            self.tr("PDF report (*.pdf)") + ";;CSV (*.csv)",
        )
        if not name:
            return
        ext = deidentified_format(name, chosen)
        target = with_extension(Path(name), ext)
        if ext == "pdf":
            self.export_pdf(target, deidentified=True)
            return
        rows = self.choose_rows()
        if rows is not False:
            self.export_csv(target, rows or None, deidentified=True)

    def choose_overlay(self) -> None:
        current = self.host.current_result()
        stem = current.path.stem if current else "image"
        title = self.tr("Save overlay as PNG")
        target = self.choose_target(title, f"{stem}-overlay", "png", "PNG (*.png)")
        if target is not None:
            self.save_overlay(target)

    # -- writers -----------------------------------------------------------------------------
    def run(self, target: Path, what: str, fn: Callable[..., Any], *args: object) -> bool:
        """Check the target, then write in the background; reports through ``finished``."""
        if not self.check_target(target, what):
            return False
        host = self.host
        host.settings.last_export_dir = str(target.parent)
        host.status_message.setText(self.tr("Writing %1…").replace("%1", target.name))
        shown_what = self.tr(what)

        def ok(_value: object) -> None:
            log.info("%s written: %s", what, target)
            saved = self.tr("%1 saved: %2").replace("%1", shown_what)
            host.status_message.setText(saved.replace("%2", str(target)))
            self.finished.emit(str(target), True, "")

        def failed(message: str, _details: str) -> None:
            log.error("%s not written: %s", what, message)
            not_saved = self.tr("%1 not saved").replace("%1", shown_what)
            host.status_message.setText(not_saved)
            host.show_message(QMessageBox.Icon.Critical, not_saved, message)
            self.finished.emit(str(target), False, message)

        host.tasks.submit(fn, *args, on_result=ok, on_error=failed)
        return True

    def export_csv(
        self, target: Path, rows: Sequence[TriageResult] | None = None, deidentified: bool = False
    ) -> bool:
        """The worklist (or ``rows``: the rows shown) as CSV at the user's settings."""
        host = self.host
        version = host.session.contract.version if host.session else ""
        results = list(rows) if rows is not None else host.model.results()
        reads = {k: str(v) for k, v in host.model.reads.items()}
        args = (target, results, host.model.settings, version, reads, host.worklist_status)
        what = WHAT[1] if deidentified else WHAT[0]
        return self.run(target, what, write_csv, *args, deidentified)

    def report_info(self) -> ReportInfo:
        s = self.host.session
        scanning = getattr(self.host, "scanning", None)  # the window's: the status as shown
        return ReportInfo(
            model_name=s.contract.name if s else "(no model)",
            model_version=s.contract.version if s else "",
            model_sha256=s.sha256 if s else "",
            device=s.device_label if s else "",
            threshold=self.host.model.threshold,
            default_threshold=self.host.default_threshold(),
            sources=tuple(str(p) for p in self.host.sources),
            generated=datetime.now(),
            rank_out_of_scope=self.host.model.settings.rank_out_of_scope,
            age_range_years=self.host.model.settings.age_range_years,
            temperature=self.host.model.settings.temperature,
            site=self.host.model.settings.site,
            reads=tuple((k, str(v)) for k, v in self.host.model.reads.items()),
            worklist_status=self.host.worklist_status,
            status_shown=scanning.status_shown() if scanning is not None else "",
        )

    def export_pdf(self, target: Path, deidentified: bool = False) -> bool:
        results = self.host.model.results()
        info = dataclasses.replace(self.report_info(), deidentified=deidentified)
        what = WHAT[3] if deidentified else WHAT[2]
        return self.run(target, what, write_pdf_report, target, results, info)

    def save_overlay(self, target: Path) -> bool:
        """What the view shows (window, invert, heatmap at its opacity), at full resolution."""
        host, view = self.host, self.host.view
        display, result = view.display, host.current_result()
        if display is None or result is None or host.full_image_result() is not result:
            host.show_message(
                QMessageBox.Icon.Information,
                self.tr("Nothing to save"),
                self.tr("Select a scored image first."),
            )
            return False
        relative = bool(getattr(host.loader, "relative", False))
        cam = result_heat(result, relative) if view.overlay_shown() else None  # as drawn
        caption = caption_for(result, host.model.settings, cam is not None, relative)
        args = (target, display, view.window, view.inverted, cam, view.overlay_opacity, caption)
        return self.run(target, WHAT[4], write_overlay_png, *args)
