"""The main window: worklist on the left, image in the middle, details on the right.

It builds the widgets, creates the ``TriageState`` and one controller per job, and wires them:
the controllers change the state and follow its events (``app.state``), the actions come from
one table (``action_table``) and are enabled by its rules. Nothing slow runs on the GUI thread:
the model loads, scans run, images decode and exports write on worker threads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QThreadPool, Signal
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
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import AppSettings
from app.core.workers import IO_NICE, ScanController, TaskRunner
from app.dialogs.about import AboutDialog
from app.dialogs.log_panel import LogPanel, attach_handler, detach_handler
from app.export.exports import ExportController
from app.export.report_layout import ReportInfo
from app.identity import APP_NAME
from app.state.triage_state import TriageState
from app.viewer.details_panel import DetailsPanel
from app.viewer.elided_label import ElidedLabel
from app.viewer.image_loader import ImageLoader
from app.viewer.image_view import ImageView
from app.viewer.windowing import describe_zoom
from app.window import action_builder as ab
from app.window.action_table import action_specs
from app.window.clinic import ClinicActions
from app.window.layout_sizes import DETAILS_MIN_WIDTH, initial_split
from app.window.navigation import NavigationController
from app.window.preview import PreviewController
from app.window.reads import ReadsController
from app.window.scanning import ScanningController
from app.window.site import SiteController
from app.window.status_bar import StatusBar
from app.window.window_layout import restore_layout, save_layout
from app.window.worklist_settings import WorklistSettingsController
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


class MainWindow(QMainWindow):
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
        self.state = TriageState()
        self._message_boxes: list[QMessageBox] = []
        self._split_initialised = False
        self._user_split = False  # once the user drags a splitter handle, sizes are theirs

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
        self._build_controllers()
        self._build_actions()
        self.clinic = ClinicActions(self)  # Receive studies / Watch folder (issue 25)
        self._connect()
        restore_layout(self)
        self.retranslate()
        self.refresh_actions()

        if load_model:
            self.load_model(model_path)

    # -- construction --------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.worklist_panel = WorklistPanel(self.model, self.proxy)
        wp = self.worklist_panel
        self.filter_combo, self.search_edit, self.table = wp.filter_combo, wp.search_edit, wp.table
        self.summary_label, self.scan_strip = wp.summary_label, wp.scan_strip
        self.progress_bar, self.progress_label = wp.progress_bar, wp.progress_label
        self.cancel_button = wp.cancel_button

        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.setSpacing(0)
        self.view_bar = QToolBar()
        self.view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # W/L and zoom beside the toolbar: on a narrow pane they elide, no button overflows
        self.wl_label = ElidedLabel("", mode=Qt.TextElideMode.ElideRight, tip_follows=True)
        self.zoom_label = QLabel("")
        self.view_bar.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        bar_row = QHBoxLayout()
        bar_row.setContentsMargins(0, 0, 6, 0)
        for widget, stretch in ((self.view_bar, 1), (self.wl_label, 0), (self.zoom_label, 0)):
            bar_row.addWidget(widget, stretch)
        viewer_layout.addLayout(bar_row)
        self.view = ImageView()
        viewer_layout.addWidget(self.view, 1)

        self.details = DetailsPanel()
        self.details.setMinimumWidth(DETAILS_MIN_WIDTH)

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
        self.splitter.splitterMoved.connect(lambda *_: self.status_bar.fit())
        self.setCentralWidget(self.splitter)

        self.log_panel = LogPanel()
        self.log_dock = QDockWidget(self)
        self.log_dock.setObjectName("log_dock")
        self.log_dock.setWidget(self.log_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()
        self._log_handler = attach_handler(self.log_panel)

        self.status_bar = StatusBar(self.state, self, self.details)
        sb = self.status_bar
        self.status_message, self.model_label = sb.message, sb.model_label
        self.device_label, self.site_label = sb.device_label, sb.site_label
        self.disclaimer_label = sb.disclaimer_label

    def _build_controllers(self) -> None:
        """One controller per job; they share the state, never each other's insides."""
        st, say = self.state, self.status_bar.say
        self.preview = PreviewController(
            st, self.settings, self.model, self.proxy, self.table, self.loader, self.view,
            self.details, self.wl_label,
        )  # fmt: skip
        self.worklist = WorklistSettingsController(
            st, self, self.settings, self.model, self.table, self.details, self.summary_label
        )
        self.site = SiteController(st, self, self.settings, self.tasks, say)
        self.reads = ReadsController(
            st, self, self.model, self.proxy, self.details, self.preview.select_row, say,
            self.site.offer_set_aside,
        )  # fmt: skip
        # a loaded model: its reads first, then its site profile and the settings they give
        st.events.model.connect(self.reads.on_model)
        st.events.model.connect(self.site.on_model)
        self.scanning = ScanningController(
            st, self, self.scanner, self.settings, self.model, self.loader, self.view,
            self.details, self.worklist_panel, say,
        )  # fmt: skip
        self.navigation = NavigationController(
            st, self, self.model, self.worklist_panel, self.view, self.preview.select_row
        )

    def _build_actions(self) -> None:
        self.action_specs = action_specs(self)
        self.menus: dict[str, QMenu] = {}
        self.acts = ab.build_menus(self, self.action_specs, self.menus)
        for action_id, item in self.acts.items():
            setattr(self, f"act_{action_id}", item)  # the names tests and scripts use
        self.recent_menu = self.acts["recent"]
        self.scanning.recent_menu = self.recent_menu
        self.theme_actions = {t: self.acts[f"theme_{t}"] for t in ("light", "dark")}
        self.main_toolbar = ab.main_toolbar(self, self.acts)
        vb = ab.build_toolbar(self, "view", self.view_bar, self.acts)
        self.toolbars = {"main": self.main_toolbar, "view": vb}

    def _connect(self) -> None:
        st = self.state
        # the state mirrors the rows and reads the table model stores
        self.model.rowsInserted.connect(
            lambda _p, first, last: st.add_results(
                [self.model.result(i) for i in range(first, last + 1)]
            )
        )
        self.model.modelReset.connect(lambda: st.set_results(self.model.results()))
        self.model.readsChanged.connect(lambda: st.set_reads(self.model.reads))
        st.events.any.connect(lambda _name: self.refresh_actions())

        self.scanning.modelReady.connect(self.modelReady)
        self.scanning.modelFailed.connect(self.modelFailed)
        self.scanning.scanFinished.connect(self.scanFinished)
        self.preview.imageShown.connect(self.imageShown)
        self.preview.overlayVisibleChanged.connect(self.act_overlay.setChecked)
        self.preview.relativeChanged.connect(self.act_relative_heat.setChecked)
        self.worklist.themeChanged.connect(lambda t: self.theme_actions[t].setChecked(True))

        self.view.windowChanged.connect(self.wl_label.setText)
        self.view.zoomChanged.connect(lambda z: self.zoom_label.setText(describe_zoom(z)))
        self.view.invertChanged.connect(self.act_invert.setChecked)

    def retranslate(self) -> None:
        """Every text of the window in the current language: menus, toolbars, accessible names,
        the status bar, the summary and note, the scan strip (again on each language change)."""
        self.table.setAccessibleName(self.tr("Triage worklist"))
        self.view.setAccessibleName(self.tr("Radiograph"))
        self.view.setStatusTip(
            self.tr("Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit")
        )
        self.log_dock.setWindowTitle(self.tr("Log"))  # before the actions: it renames its toggle
        ab.retranslate(self.acts, self.action_specs, self.menus, self.toolbars)
        self.status_bar.retranslate()
        self.worklist.update_summary()
        self.navigation.update_note()
        self.scanning.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh_actions(self) -> None:
        """Every action enabled by its rule (``action_table``) on the current state."""
        ab.refresh_enabled(self.acts, self.action_specs, self.state)

    # -- what other parts use (exports, the clinic actions, the entry points, tests) -----------------
    @property
    def session(self) -> ModelSession | None:
        return self.state.session

    @property
    def model_error(self) -> str | None:
        return self.state.model_error

    @property
    def sources(self) -> list[Path]:
        """What the current worklist was scanned from (exports never go inside these)."""
        return list(self.state.sources)

    @property
    def worklist_status(self) -> str:
        """'complete', or 'incomplete: 40 of 62 scanned, cancelled'."""
        return self.state.worklist_status

    def load_model(self, path: Path | None) -> None:
        self.scanning.load_model(path)

    def open_sources(self, sources: Sequence[Path]) -> bool:
        return self.scanning.open_sources(sources)

    def select_row(self, proxy_row: int, auto: bool = False) -> None:
        self.preview.select_row(proxy_row, auto)

    def current_result(self) -> TriageResult | None:
        return self.state.current

    def full_image_result(self) -> TriageResult | None:
        """The result whose full-resolution image is on screen (None while a preview shows)."""
        return self.state.shown_full

    def default_threshold(self) -> float:
        return self.state.reference_threshold

    def export_csv(self, target: Path) -> bool:
        return self.exporter.export_csv(target)

    def export_pdf(self, target: Path) -> bool:
        return self.exporter.export_pdf(target)

    def save_overlay(self, target: Path) -> bool:
        return self.exporter.save_overlay(target)

    def report_info(self) -> ReportInfo:
        return self.exporter.report_info()

    def open_about(self) -> AboutDialog:
        site = self.state.settings.site or ""
        dialog = AboutDialog(self.state.session, self.state.model_error, self, site)
        dialog.open()
        return dialog

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

    # -- window events -------------------------------------------------------------------------------
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
        self.status_bar.fit()

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
        save_layout(self)
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
