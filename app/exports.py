"""Exports of the worklist: CSV, PDF report and the current overlay as PNG.

Every file is chosen by the user (default folder: the last export folder or Documents, never a
scanned image folder), refused inside a scanned folder, written on a worker thread and atomically.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.atomic import atomic_path
from app.display_image import DisplayImage
from app.export_paths import (
    default_export_dir,
    default_filename,
    is_inside,
    scan_roots,
    with_extension,
)
from app.export_pdf import write_pdf_report
from app.qt_convert import gray_qimage, rgb_qimage
from app.report_layout import ReportInfo
from app.windowing import Window
from app.worklist_logic import label_at, likely_type_at
from inference.heatmap import blend
from inference.report_csv import write_csv
from inference.types import TriageResult

if TYPE_CHECKING:
    from app.main_window import MainWindow

log = logging.getLogger(__name__)


def relabelled(results: Sequence[TriageResult], threshold: float) -> list[TriageResult]:
    """Copies with label and type at the user's threshold, so the CSV says what the table says."""
    return [
        dataclasses.replace(
            r, label=label_at(r, threshold), likely_type=likely_type_at(r, threshold)
        )
        for r in results
    ]


def write_overlay_png(
    target: Path,
    display: DisplayImage,
    window: Window | None,
    invert: bool,
    cam: np.ndarray | None,
    opacity: float,
) -> None:
    """Render at full resolution, blend the heatmap if shown, write the PNG atomically (worker)."""
    pixels = display.render(window, invert)
    image = rgb_qimage(blend(pixels, cam, opacity)) if cam is not None else gray_qimage(pixels)
    with atomic_path(target) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not encode {target.name}")


class ExportController(QObject):
    """Chooses targets, checks them and runs the writers in the background for the window."""

    finished = Signal(str, bool, str)  # path, ok, message

    def __init__(self, host: MainWindow) -> None:
        super().__init__(host)
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

    def check_target(self, target: Path) -> bool:
        """Refuse to write into a scanned image folder (the file would join the next scan)."""
        if is_inside(target.parent, scan_roots(self.host.sources)):
            self.host.show_message(
                QMessageBox.Icon.Warning,
                "Choose another folder",
                f"{target.parent} is part of the scanned image folders. CXR Triage never writes "
                "into image folders; please save somewhere else (e.g. Documents).",
            )
            return False
        return True

    # -- menu actions ------------------------------------------------------------------------
    def choose_csv(self) -> None:
        target = self.choose_target("Export worklist as CSV", "worklist", "csv", "CSV (*.csv)")
        if target is not None:
            self.export_csv(target)

    def choose_pdf(self) -> None:
        target = self.choose_target("Export PDF report", "report", "pdf", "PDF (*.pdf)")
        if target is not None:
            self.export_pdf(target)

    def choose_overlay(self) -> None:
        current = self.host.current_result()
        stem = current.path.stem if current else "image"
        target = self.choose_target("Save overlay as PNG", f"{stem}-overlay", "png", "PNG (*.png)")
        if target is not None:
            self.save_overlay(target)

    # -- writers -----------------------------------------------------------------------------
    def run(self, target: Path, what: str, fn: Callable[..., Any], *args: object) -> bool:
        """Check the target, then write in the background; reports through ``finished``."""
        if not self.check_target(target):
            return False
        host = self.host
        host.settings.last_export_dir = str(target.parent)
        host.status_message.setText(f"Writing {target.name}…")

        def ok(_value: object) -> None:
            log.info("%s written: %s", what, target)
            host.status_message.setText(f"{what} saved: {target}")
            self.finished.emit(str(target), True, "")

        def failed(message: str, _details: str) -> None:
            log.error("%s not written: %s", what, message)
            host.status_message.setText(f"{what} not saved")
            host.show_message(QMessageBox.Icon.Critical, f"{what} not saved", message)
            self.finished.emit(str(target), False, message)

        host.tasks.submit(fn, *args, on_result=ok, on_error=failed)
        return True

    def export_csv(self, target: Path) -> bool:
        host = self.host
        version = host.session.contract.version if host.session else ""
        rows = relabelled(host.model.results(), host.model.threshold)
        return self.run(target, "CSV", write_csv, target, rows, host.model.threshold, version)

    def report_info(self) -> ReportInfo:
        s = self.host.session
        return ReportInfo(
            model_name=s.contract.name if s else "(no model)",
            model_version=s.contract.version if s else "",
            model_sha256=s.sha256 if s else "",
            device=s.device_label if s else "",
            threshold=self.host.model.threshold,
            default_threshold=self.host.default_threshold(),
            sources=tuple(str(p) for p in self.host.sources),
            generated=datetime.now(),
        )

    def export_pdf(self, target: Path) -> bool:
        results = self.host.model.results()
        return self.run(target, "PDF report", write_pdf_report, target, results, self.report_info())

    def save_overlay(self, target: Path) -> bool:
        """What the view shows (window, invert, heatmap at its opacity), at full resolution."""
        host, view = self.host, self.host.view
        display, result = view.display, host.current_result()
        if display is None or result is None or host.full_image_result() is not result:
            host.show_message(
                QMessageBox.Icon.Information, "Nothing to save", "Select a scored image first."
            )
            return False
        cam = result.cam if view.overlay_shown() else None
        args = (target, display, view.window, view.inverted, cam, view.overlay_opacity)
        return self.run(target, "Overlay", write_overlay_png, *args)
