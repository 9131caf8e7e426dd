"""The main window: worklist on the left, image in the middle, details on the right.

It wires the pieces together and owns no logic of its own beyond that: scanning is
``ScanController``'s, decoding ``ImageLoader``'s, text ``worklist_logic``'s. Nothing slow runs on
the GUI thread: the model loads, scans run, images decode and exports write on worker threads.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, DISCLAIMER
from app.core import style
from app.core.settings import AppSettings
from app.core.workers import IO_NICE, ScanController, TaskRunner
from app.dialogs.about import AboutDialog
from app.dialogs.log_panel import LogPanel, attach_handler, detach_handler
from app.export.exports import ExportController
from app.export.report_layout import ReportInfo
from app.viewer.details_panel import DetailsPanel
from app.viewer.elided_label import ElidedLabel
from app.viewer.image_loader import ImageLoader
from app.viewer.image_view import ImageView
from app.window.actions import ActionsMixin
from app.window.clinic import ClinicActions
from app.window.layout_sizes import first_run_geometry, geometry_fits, initial_split
from app.window.navigation import NavigationMixin
from app.window.preview import PreviewMixin
from app.window.scanning import ScanningMixin
from app.window.site import SiteMixin
from app.window.worklist_settings import WorklistSettingsMixin
from app.worklist.worklist_logic import (
    Column,
)
from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_panel import WorklistPanel
from app.worklist.worklist_proxy import WorklistProxy
from inference.core.paths import resources_dir
from inference.core.types import TriageResult
from inference.model.session import ModelSession
from inference.triage import worklist as wl

log = logging.getLogger(__name__)

ICON_PATH = "icons/cxr-triage.png"


def app_icon() -> QIcon:
    path = resources_dir() / ICON_PATH
    return QIcon(str(path)) if path.is_file() else QIcon()


class MainWindow(
    ActionsMixin,
    NavigationMixin,
    ScanningMixin,
    PreviewMixin,
    WorklistSettingsMixin,
    SiteMixin,
    QMainWindow,
):
    """The triage window. ``model_path=None`` uses the bundled model."""

    modelReady = Signal(object)  # ModelSession
    modelFailed = Signal(str)
    scanFinished = Signal(object)  # ScanOutcome
    imageShown = Signal(object)  # TriageResult whose full-resolution image is now displayed
    exportFinished = Signal(str, bool, str)  # path, ok, message

    def __init__(
        self,
        settings: AppSettings,
        model_path: Path | None = None,
        load_model: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session: ModelSession | None = None
        self.model_error: str | None = None
        self._model_loading = False
        self._pending_sources: list[Path] | None = None
        self._sources: list[Path] = []
        self._current: TriageResult | None = None
        self._shown_full: TriageResult | None = None
        self._message_boxes: list[QMessageBox] = []
        self._split_initialised = False
        self._user_split = False  # once the user drags a splitter handle, sizes are theirs
        self._auto_selecting = False
        self._auto_selected = False  # the current row was chosen by us, not by the user
        self.worklist_status = "complete"  # or "incomplete: 40 of 62 scanned, cancelled"
        self._last_progress = None

        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.io_pool = QThreadPool(self)
        self.io_pool.setMaxThreadCount(2)
        self.tasks = TaskRunner(self.io_pool, self, nice=IO_NICE)
        self.scanner = ScanController(self)
        self.loader = ImageLoader(self.io_pool, self)
        self.exporter = ExportController(self)
        self.exporter.finished.connect(self.exportFinished)

        self.model = WorklistModel(0.5, self)
        # no heatmap over an image the model was not made for (it would look like a finding)
        self.loader.no_heatmap = lambda r: not wl.shows_heatmap(r, self.model.settings)
        self.proxy = WorklistProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.clinic = ClinicActions(self)  # Receive studies / Watch folder (issue 25)
        self._build_navigation()
        self._connect()
        self._restore_settings()
        self._update_actions()

        if load_model:
            self.load_model(model_path)

    # ==========================================================================================
    # construction
    # ==========================================================================================
    def _build_widgets(self) -> None:
        # worklist ---------------------------------------------------------------------------
        self.worklist_panel = WorklistPanel(self.model, self.proxy)
        wp = self.worklist_panel
        self.filter_combo, self.search_edit, self.table = wp.filter_combo, wp.search_edit, wp.table
        self.summary_label, self.scan_strip = wp.summary_label, wp.scan_strip
        self.progress_bar, self.progress_label = wp.progress_bar, wp.progress_label
        self.cancel_button = wp.cancel_button
        self.table.setAccessibleName("Triage worklist")

        # viewer -------------------------------------------------------------------------------
        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.setSpacing(0)
        self.view_bar = QToolBar("Image")
        self.view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        viewer_layout.addWidget(self.view_bar)
        self.view = ImageView()
        self.view.setAccessibleName("Radiograph")
        self.view.setStatusTip(
            "Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit"
        )
        viewer_layout.addWidget(self.view, 1)

        # details ------------------------------------------------------------------------------
        self.details = DetailsPanel()
        self.details.setMinimumWidth(200)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.worklist_panel)
        self.splitter.addWidget(viewer)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes(initial_split(1366))
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        self.splitter.splitterMoved.connect(lambda *_: self._fit_status_bar())
        self.setCentralWidget(self.splitter)

        # log dock -----------------------------------------------------------------------------
        self.log_panel = LogPanel()
        self.log_dock = QDockWidget("Log", self)
        self.log_dock.setObjectName("log_dock")
        self.log_dock.setWidget(self.log_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()
        self._log_handler = attach_handler(self.log_panel)

        # status bar ---------------------------------------------------------------------------
        self.status_message = ElidedLabel("", mode=Qt.TextElideMode.ElideRight, tip_follows=True)
        self.model_label = QLabel("Loading model…")
        self.device_label = QLabel("")
        self.site_label = QLabel("")
        self.disclaimer_label = QLabel(DISCLAIMER)
        self.disclaimer_label.setStyleSheet(f"color: {style.WARNING_COLOR.name()};")
        sb = self.statusBar()
        sb.addWidget(self.status_message, 1)
        sb.addPermanentWidget(self.disclaimer_label)
        sb.addPermanentWidget(self.model_label)
        sb.addPermanentWidget(self.site_label)
        sb.addPermanentWidget(self.device_label)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.proxy.rowsInserted.connect(self._ensure_selection)
        self.proxy.layoutChanged.connect(self._keep_current_visible)
        self.proxy.modelReset.connect(self._ensure_selection)
        self.cancel_button.clicked.connect(self.cancel_scan)

        self.scanner.resultsArrived.connect(self._on_results)
        self.scanner.progressChanged.connect(self._on_progress)
        self.scanner.scanFinished.connect(self._on_scan_finished)

        self.loader.loaded.connect(self._on_image_loaded)
        self.loader.failed.connect(self._on_image_failed)

        self.view.windowChanged.connect(self.wl_label.setText)
        self.view.zoomChanged.connect(
            lambda z: self.zoom_label.setText(f"{z * 100:.0f}%" if z > 0 else "")
        )
        self.view.overlayVisibilityChanged.connect(self._sync_overlay_controls)
        self.view.invertChanged.connect(self.act_invert.setChecked)
        self.details.overlayToggled.connect(self.set_overlay_visible)
        self.details.opacityChanged.connect(self.set_overlay_opacity)

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        available = self.screen().availableGeometry()
        if geometry is None or not geometry_fits(self.geometry(), available):
            self.setGeometry(first_run_geometry(available))
        state = s.window_state()
        if state is not None:
            self.restoreState(state)
        splitter = s.splitter_state()
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = s.header_state()
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            self.worklist_panel.auto_fit_columns = False  # the user's saved columns win
            self.table.sortByColumn(Column.PROBABILITY, Qt.SortOrder.DescendingOrder)
        opacity = s.overlay_opacity
        self.view.set_overlay_opacity(opacity)
        self.details.set_opacity(opacity)
        visible = s.overlay_visible
        self.view.set_overlay_visible(visible)
        self._sync_overlay_controls(visible)
        self.theme_actions[s.theme].setChecked(True)
        if s.relative_heatmap:
            self.set_relative_heatmap(True)
        self._rebuild_recent_menu()

    # ==========================================================================================
    # model
    # ==========================================================================================
    # ==========================================================================================
    # opening and scanning
    # ==========================================================================================
    # ==========================================================================================
    # selection and image display
    # ==========================================================================================
    # ==========================================================================================
    # overlay, threshold, theme
    # ==========================================================================================
    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self.session, self.model_error, self, self.model.settings.site or "")
        dialog.open()
        return dialog

    # ==========================================================================================
    # exports
    # ==========================================================================================
    @property
    def sources(self) -> list[Path]:
        """What the current worklist was scanned from (exports never go inside these)."""
        return list(self._sources)

    def full_image_result(self) -> TriageResult | None:
        """The result whose full-resolution image is on screen (None while a preview shows)."""
        return self._shown_full

    def default_threshold(self) -> float:
        return self._default_threshold()

    def export_csv(self, target: Path) -> bool:
        return self.exporter.export_csv(target)

    def export_pdf(self, target: Path) -> bool:
        return self.exporter.export_pdf(target)

    def save_overlay(self, target: Path) -> bool:
        return self.exporter.save_overlay(target)

    def report_info(self) -> ReportInfo:
        return self.exporter.report_info()

    # ==========================================================================================
    # misc
    # ==========================================================================================
    def show_message(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
    ) -> QMessageBox:
        """Non-blocking message box (the event loop, and a running scan, keep going)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and DICOM tags are not HTML
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._message_boxes.append(box)
        box.finished.connect(
            lambda _c, b=box: self._message_boxes.remove(b) if b in self._message_boxes else None
        )
        box.open()
        return box

    def open_message_boxes(self) -> list[QMessageBox]:
        return list(self._message_boxes)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_initialised:
            self._split_initialised = True
            if self.settings.splitter_state() is None:
                self.splitter.setSizes(initial_split(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (
            self._split_initialised
            and self.settings.splitter_state() is None
            and not self._user_split
        ):
            self.splitter.setSizes(initial_split(self.width()))
        self._fit_status_bar()

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls) and not self.scanner.running:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_sources(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.scanner.running:
            self.scanner.cancel()
            self.scanner.wait(10_000)
        self.settings.save_layout(
            self.saveGeometry(),
            self.saveState(),
            self.splitter.saveState(),
            self.table.horizontalHeader().saveState(),
        )
        self.settings.sync()
        self.io_pool.waitForDone(10_000)
        detach_handler(self._log_handler)
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop background work (tests and the screenshot mode call this before exiting)."""
        if self.scanner.running:
            self.scanner.cancel()
        self.scanner.wait(10_000)
        self.io_pool.waitForDone(10_000)
        detach_handler(self._log_handler)
