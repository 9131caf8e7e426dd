"""The main window: worklist on the left, image in the middle, details on the right.

It wires the pieces together and owns no logic of its own beyond that: scanning is
``ScanController``'s, decoding ``ImageLoader``'s, text ``worklist_logic``'s. Nothing slow runs on
the GUI thread: the model loads, scans run, images decode and exports write on worker threads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, DISCLAIMER, style
from app.about import AboutDialog
from app.details_panel import DetailsPanel
from app.display_image import DisplayImage, make_overlay
from app.exports import ExportController
from app.image_loader import ImageLoader, ViewerImage
from app.image_view import ImageView
from app.log_panel import LogPanel, attach_handler, detach_handler
from app.progress_text import progress_fraction, progress_text
from app.report_layout import ReportInfo
from app.settings import AppSettings
from app.settings_dialog import SettingsDialog
from app.workers import IO_NICE, ScanController, ScanOutcome, TaskRunner
from app.worklist_logic import (
    Column,
    status_text,
)
from app.worklist_model import WorklistModel, WorklistProxy
from app.worklist_panel import WorklistPanel
from inference.paths import resources_dir, samples_dir
from inference.pipeline import PipelineOptions, Progress
from inference.session import ModelSession
from inference.types import TriageResult

log = logging.getLogger(__name__)

ICON_PATH = "icons/cxr-triage.png"
PREVIEW_NOTE = "preview (loading full resolution…)"
THUMBNAIL_SIZE = 128  # per-row preview kept in memory: 16 KB each, enough for the PDF report


def initial_split(width: int) -> list[int]:
    """Worklist / image / details widths.

    At 1366 the worklist gets ~560 px: enough for file, P(pneumonia), label, likely type and
    flags without a horizontal scrollbar, leaving the image ~540 px. On wide screens it grows
    (to show patient, date and status too) but the image keeps the larger share.
    """
    details = max(250, min(380, int(width * 0.15)))
    worklist = max(540, min(960, int(width * 0.41)))
    return [worklist, max(300, width - worklist - details), details]


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
        self.proxy = WorklistProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
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
        self.details.setMinimumWidth(250)

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
        self.status_message = QLabel("")
        self.model_label = QLabel("Loading model…")
        self.device_label = QLabel("")
        self.disclaimer_label = QLabel(DISCLAIMER)
        self.disclaimer_label.setStyleSheet(f"color: {style.WARNING_COLOR.name()};")
        sb = self.statusBar()
        sb.addWidget(self.status_message, 1)
        sb.addPermanentWidget(self.disclaimer_label)
        sb.addPermanentWidget(self.model_label)
        sb.addPermanentWidget(self.device_label)

    def _action(
        self,
        text: str,
        slot,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: QStyle.StandardPixmap | None = None,
        tip: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        K = QKeySequence.StandardKey
        self.act_open_folder = self._action(
            "Open Folder…", self.choose_folder, K.Open, SP.SP_DirOpenIcon,
            "Scan a folder of chest X-rays (sub-folders included)",
        )  # fmt: skip
        self.act_open_files = self._action(
            "Open Files…", self.choose_files, "Ctrl+Shift+O", SP.SP_FileIcon,
            "Scan selected image files",
        )  # fmt: skip
        self.act_samples = self._action(
            "Open Samples", self.open_samples, None, None, "Scan the bundled sample radiographs"
        )
        self.act_cancel = self._action(
            "Cancel Scan", self.cancel_scan, "Esc", SP.SP_BrowserStop, "Stop the running scan"
        )
        self.act_export_csv = self._action(
            "Export CSV…", self.exporter.choose_csv, "Ctrl+E", SP.SP_DialogSaveButton,
            "Save the worklist as a spreadsheet (CSV)",
        )  # fmt: skip
        self.act_export_pdf = self._action(
            "Export PDF Report…", self.exporter.choose_pdf, "Ctrl+P", SP.SP_FileDialogDetailedView,
            "Save a PDF report of the batch",
        )  # fmt: skip
        self.act_save_overlay = self._action(
            "Save Overlay as PNG…", self.exporter.choose_overlay, K.Save, None,
            "Save the current image with its heatmap as PNG",
        )  # fmt: skip
        self.act_quit = self._action("Quit", self.close, K.Quit)
        self.act_overlay = self._action(
            "Heatmap", self.set_overlay_visible, "H", None, "Show/hide the heatmap (H)", True
        )
        self.act_invert = self._action(
            "Invert", self.view.set_inverted, "I", None, "Invert grey levels (I)", True
        )
        self.act_fit = self._action(
            "Fit", self.view.fit, "F", None, "Fit the image to the view (F)"
        )
        self.act_actual = self._action(
            "1:1", self.view.actual_size, "1", None, "One image pixel per screen pixel (1)"
        )
        self.act_zoom_in = self._action("Zoom In", lambda: self.view.zoom_by(1.25), K.ZoomIn)
        self.act_zoom_out = self._action("Zoom Out", lambda: self.view.zoom_by(0.8), K.ZoomOut)
        self.act_reset_wl = self._action(
            "Reset W/L", self.view.reset_window, "R", None,
            "Back to the image's default window/level (R). Right-drag on the image to adjust.",
        )  # fmt: skip
        self.act_settings = self._action(
            "Settings…", self.open_settings, K.Preferences, None, "Threshold and appearance"
        )
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_about = self._action("About CXR Triage", self.open_about)
        self.act_log = self.log_dock.toggleViewAction()
        self.act_log.setText("Log Panel")
        self.act_log.setShortcut(QKeySequence("Ctrl+L"))
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme in ("light", "dark"):
            act = QAction(theme.capitalize(), self, checkable=True)
            act.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(act)
            self.theme_actions[theme] = act

    def _build_menus_and_toolbar(self) -> None:
        mb = self.menuBar()
        m_file = mb.addMenu("&File")
        m_file.addAction(self.act_open_folder)
        m_file.addAction(self.act_open_files)
        self.recent_menu = m_file.addMenu("Open &Recent")
        m_file.addAction(self.act_samples)
        m_file.addSeparator()
        m_file.addAction(self.act_export_csv)
        m_file.addAction(self.act_export_pdf)
        m_file.addAction(self.act_save_overlay)
        m_file.addSeparator()
        m_file.addAction(self.act_quit)
        m_scan = mb.addMenu("&Scan")
        m_scan.addAction(self.act_cancel)
        m_view = mb.addMenu("&View")
        view_actions = (
            self.act_overlay, self.act_invert, None, self.act_fit, self.act_actual,
            self.act_zoom_in, self.act_zoom_out, self.act_reset_wl, None, self.act_log,
        )  # fmt: skip
        for act in view_actions:
            if act is None:
                m_view.addSeparator()
            else:
                m_view.addAction(act)
        m_theme = m_view.addMenu("Theme")
        for act in self.theme_actions.values():
            m_theme.addAction(act)
        m_settings = mb.addMenu("S&ettings")
        m_settings.addAction(self.act_settings)
        m_help = mb.addMenu("&Help")
        m_help.addAction(self.act_about)

        tb = QToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_open_folder, self.act_open_files, None, self.act_cancel, None,
                    self.act_export_csv, self.act_export_pdf, None, self.act_settings):  # fmt: skip
            if act is None:
                tb.addSeparator()
            else:
                tb.addAction(act)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.main_toolbar = tb

        vb = self.view_bar
        for act in (self.act_fit, self.act_actual, None, self.act_invert, self.act_reset_wl,
                    None, self.act_overlay):  # fmt: skip
            if act is None:
                vb.addSeparator()
            else:
                vb.addAction(act)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        vb.addWidget(spacer)
        self.wl_label = QLabel("")
        self.zoom_label = QLabel("")
        vb.addWidget(self.wl_label)
        vb.addWidget(QLabel("   "))
        vb.addWidget(self.zoom_label)
        vb.addWidget(QLabel("  "))

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
        self._rebuild_recent_menu()

    # ==========================================================================================
    # model
    # ==========================================================================================
    def load_model(self, path: Path | None) -> None:
        """Open the model on a worker; scanning is enabled when it is ready."""
        self._model_loading = True
        self.model_label.setText("Loading model…")
        self._update_actions()
        self.scanner.load_model(path, self._on_model_loaded, self._on_model_failed)

    def model_id(self) -> str:
        return self.session.sha256 if self.session is not None else ""

    def model_default_threshold(self) -> float | None:
        return self.session.contract.threshold if self.session is not None else None

    def _on_model_loaded(self, session: ModelSession) -> None:
        self._model_loading = False
        self.session = session
        self.model_error = None
        c = session.contract
        self.model_label.setText(f"{c.name} {c.version}")
        self.model_label.setToolTip(session.describe())
        self.device_label.setText(f"  {session.device_label}  ")
        self.device_label.setToolTip(f"Execution provider: {session.provider}")
        for note in session.fallback_notes:
            log.warning("model: %s", note)
        log.info("model loaded: %s", session.describe())
        self.details.set_model_available(True)
        self._apply_threshold(self.settings.threshold_for(self.model_id(), c.threshold))
        self._update_actions()
        self.modelReady.emit(session)
        if self._pending_sources:
            sources, self._pending_sources = self._pending_sources, None
            self.open_sources(sources)

    def _on_model_failed(self, message: str, details: str) -> None:
        self._model_loading = False
        self.session = None
        self.model_error = message
        self._pending_sources = None
        self.model_label.setText("No model: scanning disabled")
        self.details.set_model_available(False)
        self.model_label.setToolTip(message)
        self.device_label.setText("")
        log.error("model: %s", message)
        self._update_actions()
        self.show_message(
            QMessageBox.Icon.Critical,
            "The model could not be loaded",
            f"{message}\n\nThe window stays open, but images cannot be scored until a valid "
            "model is available (start with --model PATH, or reinstall).",
        )
        self.modelFailed.emit(message)

    # ==========================================================================================
    # opening and scanning
    # ==========================================================================================
    def choose_folder(self) -> None:
        start = self.settings.last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.HomeLocation
        )
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of chest X-rays", start)
        if folder:
            self.open_sources([Path(folder)])

    def choose_files(self) -> None:
        start = self.settings.last_folder or ""
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Open chest X-ray images",
            start,
            "Images (*.jpg *.jpeg *.png *.dcm *.dicom *.bmp *.tif *.tiff);;All files (*)",
        )
        if files:
            self.open_sources([Path(f) for f in files])

    def open_samples(self) -> None:
        self.open_sources([samples_dir()])

    def open_sources(self, sources: Sequence[Path]) -> bool:
        """Start a new worklist for folders/files; False when it cannot start now."""
        sources = [Path(s).expanduser().absolute() for s in sources]
        missing = [str(s) for s in sources if not s.exists()]
        if missing:
            self.show_message(
                QMessageBox.Icon.Warning,
                "Not found",
                "These paths do not exist:\n" + "\n".join(missing),
            )
            return False
        if not sources:
            return False
        if self.scanner.running:
            self.status_message.setText("A scan is running: cancel it before opening another.")
            return False
        if self.session is None:
            if self._model_loading:
                self._pending_sources = sources
                self.status_message.setText("Waiting for the model to load…")
                return True
            self.show_message(
                QMessageBox.Icon.Warning,
                "No model",
                "Images cannot be scored because the model did not load:\n"
                f"{self.model_error or 'unknown reason'}",
            )
            return False
        for s in sources:
            if s.is_dir():
                self.settings.add_recent_folder(str(s))
        if not any(s.is_dir() for s in sources):
            self.settings.last_folder = str(sources[0].parent)
        self._rebuild_recent_menu()
        self._sources = sources
        self.loader.clear()
        self.model.clear()
        self.view.clear("Scanning…")
        self._current = None
        self.details.show_result(None, self.model.threshold, self._default_threshold())
        self.progress_bar.set_progress(0, 0)
        self.progress_label.setText("Finding images…")
        self.scan_strip.show()
        self.progress_bar.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        shown = ", ".join(s.name or str(s) for s in sources[:3]) + (
            " …" if len(sources) > 3 else ""
        )
        self.setWindowTitle(f"{shown} — {APP_NAME}")
        log.info("scanning %s", ", ".join(str(s) for s in sources))
        self.status_message.setText("")
        self.scanner.start(sources, self.session, PipelineOptions(thumbnail_size=THUMBNAIL_SIZE))
        self._update_actions()
        return True

    def cancel_scan(self) -> None:
        if self.scanner.running:
            self.scanner.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText("Cancelling…")

    @property
    def scanning(self) -> bool:
        return self.scanner.running

    def _on_results(self, results: list[TriageResult]) -> None:
        self.model.append(results)
        for r in results:
            if r.error is not None:
                log.warning("%s: %s", r.path, r.error.message)
        self._update_summary()

    def _on_progress(self, p: Progress) -> None:
        self.progress_bar.set_progress(*progress_fraction(p))
        self.progress_label.setText(progress_text(p))

    def _on_scan_finished(self, outcome: ScanOutcome) -> None:
        self.cancel_button.setEnabled(False)
        summary = self.model.summary()
        if outcome.error:
            text = outcome.error
            self.show_message(QMessageBox.Icon.Critical, "Scan stopped", outcome.error)
        elif outcome.cancelled:
            text = f"Cancelled after {summary.total} images ({outcome.elapsed_s:.1f} s)"
        else:
            text = f"Done: {summary.total} images in {outcome.elapsed_s:.1f} s"
            if summary.errors:
                text += f" · {summary.errors} could not be read"
        self.progress_bar.set_progress(1, 1)
        self.progress_bar.hide()  # the outcome line stays; a full bar and a dead button do not
        self.cancel_button.hide()
        self.progress_label.setText(text)
        log.info(text)
        if self._auto_selected and self.proxy.rowCount():
            self.select_row(0, auto=True)  # rows sorted in above it while scanning
        if summary.total == 0 and not outcome.cancelled:
            self.view.set_message("No images were found there (JPEG, PNG, DICOM).")
        self._update_summary()
        self._update_actions()
        self.scanFinished.emit(outcome)

    # ==========================================================================================
    # selection and image display
    # ==========================================================================================
    def _ensure_selection(self, *_args: object) -> None:
        """Select the top row when rows appear and nothing is selected yet."""
        if self.proxy.rowCount() and not self.table.selectionModel().currentIndex().isValid():
            self.select_row(0, auto=True)

    def _keep_current_visible(self, *_args: object) -> None:
        current = self.table.selectionModel().currentIndex()
        if current.isValid():
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)
        else:
            self._ensure_selection()

    def select_row(self, proxy_row: int, auto: bool = False) -> None:
        """Make ``proxy_row`` current; ``auto`` marks a selection the user did not make."""
        index = self.proxy.index(proxy_row, 0)
        if index.isValid():
            self._auto_selecting = auto
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._auto_selecting = False

    def current_result(self) -> TriageResult | None:
        return self._current

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = self.proxy.result_at(current.row()) if current.isValid() else None
        self._auto_selected = self._auto_selecting
        if result is self._current:
            return
        self._current = result
        self.details.show_result(result, self.model.threshold, self._default_threshold())
        self.details.set_overlay_available(result is not None and result.cam is not None)
        self._update_actions()
        if result is None:
            self.view.clear("No image selected.")
            return
        if not result.ok:
            self.view.clear(
                f"{result.path.name}\n\nThis file could not be scored.\n{status_text(result)}"
            )
            return
        if not self.loader.request(result):
            self._show_preview(result)

    def _show_preview(self, result: TriageResult) -> None:
        """Show the scan's small thumbnail at once while the full image decodes."""
        thumb = result.thumbnail
        if thumb is None:
            self.view.clear("Loading…")
            return
        if thumb.ndim == 3:
            thumb = thumb.mean(axis=2).astype("uint8")
        display = DisplayImage(
            path=result.path,
            base=thumb,
            values=thumb,
            default_window=(127.5, 255.0),
            span=(0.0, 255.0),
            invert_values=False,
            has_raw=False,
            original_size=thumb.shape[:2],
        )
        overlay = make_overlay(result.cam, display.shape) if result.cam is not None else None
        self._shown_full = None
        self.view.set_image(display, overlay)
        self.wl_label.setText(PREVIEW_NOTE)

    def _on_image_loaded(self, result: TriageResult, image: ViewerImage) -> None:
        if result is not self._current:
            return
        self.view.set_image(image.display, image.overlay)
        self._shown_full = result
        self.details.set_overlay_available(image.overlay is not None)
        self._update_actions()
        self.imageShown.emit(result)
        self.loader.prefetch(self._neighbour(+1))

    def _on_image_failed(self, result: TriageResult, message: str) -> None:
        if result is self._current:
            self.view.clear(f"{result.path.name}\n\nCannot display this image: {message}")

    def _neighbour(self, step: int) -> TriageResult | None:
        current = self.table.selectionModel().currentIndex()
        if not current.isValid():
            return None
        r = self.proxy.result_at(current.row() + step)
        return r if r is not None and r.ok else None

    # ==========================================================================================
    # overlay, threshold, theme
    # ==========================================================================================
    def set_overlay_visible(self, visible: bool) -> None:
        self.view.set_overlay_visible(bool(visible))
        self.settings.overlay_visible = bool(visible)
        self._sync_overlay_controls(bool(visible))

    def toggle_overlay(self) -> None:
        self.set_overlay_visible(not self.view.overlay_visible)

    def _sync_overlay_controls(self, visible: bool) -> None:
        if self.act_overlay.isChecked() != visible:
            self.act_overlay.setChecked(visible)
        self.details.set_overlay_checked(visible)

    def set_overlay_opacity(self, opacity: float) -> None:
        self.view.set_overlay_opacity(opacity)
        self.settings.overlay_opacity = opacity

    def _default_threshold(self) -> float:
        d = self.model_default_threshold()
        return d if d is not None else self.model.threshold

    def _apply_threshold(self, value: float) -> None:
        self.model.set_threshold(value)
        self.table.viewport().update()  # bars: colour and threshold tick
        self.details.set_threshold(value, self._default_threshold())
        self._update_summary()

    def set_threshold(self, value: float) -> None:
        """Change the operating point (saved for this model) and relabel the worklist."""
        if self.session is None:
            return
        self.settings.set_threshold(value, self.model_id())
        self._apply_threshold(value)

    def reset_threshold(self) -> None:
        if self.session is None:
            return
        self.settings.reset_threshold()
        self._apply_threshold(self.session.contract.threshold)

    def open_settings(self) -> SettingsDialog:
        """Non-blocking dialog; the worklist relabels while the value changes."""
        before = self.model.threshold
        dialog = SettingsDialog(before, self.model_default_threshold(), self.settings.theme, self)
        dialog.thresholdPreview.connect(self._apply_threshold)

        def finish(code: int) -> None:
            if code == SettingsDialog.DialogCode.Accepted:
                if dialog.is_default_threshold():
                    self.reset_threshold()
                else:
                    self.set_threshold(dialog.threshold)
                self.set_theme(dialog.theme)
            else:
                self._apply_threshold(before)

        dialog.finished.connect(finish)
        dialog.open()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply_theme(app, self.settings.theme)
        self.theme_actions[self.settings.theme].setChecked(True)

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self.session, self.model_error, self)
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

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = [p for p in self.settings.recent_folders if Path(p).is_dir()]
        for folder in items:
            act = self.recent_menu.addAction(folder)
            act.triggered.connect(lambda _=False, f=folder: self.open_sources([Path(f)]))
        if items:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear list")
            clear.triggered.connect(self._clear_recent)
        self.recent_menu.setEnabled(bool(items))

    def _clear_recent(self) -> None:
        self.settings.recent_folders = []
        self._rebuild_recent_menu()

    def _update_summary(self) -> None:
        s = self.model.summary()
        if s.total == 0:
            self.summary_label.setText("")
            return
        parts = [f"{s.total} images", f"{s.above} at/above threshold", f"{s.flagged} flagged"]
        if s.errors:
            parts.append(f"{s.errors} errors")
        self.summary_label.setText(" · ".join(parts))

    def _update_actions(self) -> None:
        scanning = self.scanner.running
        can_open = not scanning and (self.session is not None or self._model_loading)
        for act in (self.act_open_folder, self.act_open_files, self.act_samples):
            act.setEnabled(can_open)
        self.recent_menu.setEnabled(can_open and bool(self.settings.recent_folders))
        self.act_cancel.setEnabled(scanning)
        has_rows = self.model.rowCount() > 0
        self.act_export_csv.setEnabled(has_rows and not scanning)
        self.act_export_pdf.setEnabled(has_rows and not scanning)
        self.act_save_overlay.setEnabled(self._shown_full is not None)
        self.act_settings.setEnabled(True)

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
