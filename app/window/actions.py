"""Actions, menus, the toolbar and their enabled state. Mixed into ``MainWindow``, whose widgets and state it uses."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QStyle,
    QToolBar,
    QWidget,
)

from inference.triage.site_calibration import Read

log = logging.getLogger(__name__)


class ActionsMixin:
    """Part of ``MainWindow``; not usable on its own."""

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
        self.act_relative_heat = self._action(
            "Relative Heatmap (for study)", self.set_relative_heatmap, None, None,
            "Scale each heatmap to its own image's maximum instead of the model's fixed scale. "
            "For studying where the model looked; every film then shows full colour somewhere.",
            True,
        )  # fmt: skip
        self.act_read_pneumonia = self._action(
            "Mark Read: Pneumonia", lambda: self.mark_read(Read.PNEUMONIA), "P", None,
            "Your own call on this image (P); the next row is selected",
        )  # fmt: skip
        self.act_read_normal = self._action(
            "Mark Read: Normal", lambda: self.mark_read(Read.NORMAL), "N", None,
            "Your own call on this image (N); the next row is selected",
        )  # fmt: skip
        self.act_read_unsure = self._action(
            "Mark Read: Unsure", lambda: self.mark_read(Read.UNSURE), "U", None,
            "Your own call on this image (U): left out of calibration",
        )  # fmt: skip
        self.act_read_clear = self._action(
            "Clear Read", lambda: self.mark_read(None), "Backspace", None, "Remove your call"
        )
        self.act_import_reads_csv = self._action(
            "Import Reads from CSV…", self.choose_reads_csv, None, None,
            "Import calls from a CSV with a path and a call column",
        )  # fmt: skip
        self.act_import_reads_folder = self._action(
            "Import Reads from Folders…", self.choose_reads_folder, None, None,
            "Import calls from a folder laid out as NORMAL/ and PNEUMONIA/",
        )  # fmt: skip
        self.act_calibrate = self._action(
            # a lambda: QAction.triggered passes `checked`, which must not become the target
            "Calibrate for This Site…", lambda: self.calibrate_site(), None, None,
            "Fit this site's threshold and probability calibration from your reads",
        )  # fmt: skip
        self.act_model_default = self._action(
            "Use Model Default Operating Point…", lambda: self.use_model_default(), None, None,
            "Forget this site's calibration and use the model's own threshold",
        )  # fmt: skip
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
            self.act_overlay, self.act_relative_heat, self.act_invert, None, self.act_fit,
            self.act_actual,
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
        m_reads = mb.addMenu("&Reads")
        for act in (self.act_read_pneumonia, self.act_read_normal, self.act_read_unsure,
                    self.act_read_clear, None, self.act_import_reads_csv,
                    self.act_import_reads_folder, None, self.act_calibrate):  # fmt: skip
            if act is None:
                m_reads.addSeparator()
            else:
                m_reads.addAction(act)
        m_settings = mb.addMenu("S&ettings")
        m_settings.addAction(self.act_settings)
        m_settings.addSeparator()
        m_settings.addAction(self.act_calibrate)
        m_settings.addAction(self.act_model_default)
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
        # the heatmap first: on a narrow image pane it must never fall into the overflow menu
        for act in (self.act_overlay, None, self.act_fit, self.act_actual, None,
                    self.act_invert, self.act_reset_wl):  # fmt: skip
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
        model_ready = self.session is not None
        for act in (self.act_read_pneumonia, self.act_read_normal, self.act_read_unsure,
                    self.act_read_clear, self.act_import_reads_csv, self.act_import_reads_folder,
                    self.act_calibrate):  # fmt: skip
            act.setEnabled(model_ready)
        self.act_model_default.setEnabled(model_ready and self.site_profile is not None)
