"""The viewer's "Receive studies" toggle and "Watch folder…" action (a Clinic menu), feeding the
live worklist. Thin: the work is in ``app.core.clinic_controller``; this class turns its
worker-thread callbacks into queued signals and appends results to the window's worklist. Its
texts follow the window's language changes (seen through its event filter)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from app.core.clinic_controller import ClinicController
from app.dialogs.clinic_settings_dialog import ClinicSettingsDialog
from app.window.clinic_history import HistoryHooks
from inference.clinic import config as cfg
from inference.clinic.history import HistoryError


class ClinicActions(QObject):
    """Created by the main window after its menus; stops everything when the window closes."""

    resultReady = Signal(object)  # a TriageResult, from the triage thread
    statusChanged = Signal(str)

    def __init__(self, window: QMainWindow, controller: ClinicController | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller or ClinicController(
            self.resultReady.emit, self.statusChanged.emit
        )
        self.resultReady.connect(self._append)
        self.statusChanged.connect(self._status)
        self.act_receive = QAction(window, checkable=True)
        self.act_receive.toggled.connect(self._toggle_receive)
        self.act_watch = QAction(window)
        self.act_watch.triggered.connect(self.choose_watch_folder)
        self.act_stop_watch = QAction(window)
        self.act_stop_watch.triggered.connect(self.stop_watching)
        self.act_group = QAction(window, checkable=True)
        self.act_group.toggled.connect(lambda on: self.window.model.set_group_by_study(on))
        self.act_reopen = QAction(window)
        self.act_reopen.triggered.connect(self.reopen_last_worklist)
        self.act_settings = QAction(window)
        self.act_settings.triggered.connect(self.open_settings)
        self.config_file: Path | None = None  # None: the clinic.json the CLI uses
        self.settings_dialog: ClinicSettingsDialog | None = None
        self.menu = menu = window.menuBar().addMenu("")
        for act in (self.act_receive, self.act_watch, self.act_stop_watch, None, self.act_group,
                    self.act_reopen, None, self.act_settings):  # fmt: skip
            menu.addSeparator() if act is None else menu.addAction(act)
        self.history = HistoryHooks(window, lambda: self.controller)
        window.installEventFilter(self)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        """The Clinic menu in the current language."""
        texts = (
            (self.act_receive, self.tr("&Receive studies"),
             self.tr("Listen for studies sent over DICOM and triage them as they arrive")),
            (self.act_watch, self.tr("&Watch folder…"),
             self.tr("Triage images as they appear in a folder")),
            (self.act_stop_watch, self.tr("&Stop watching"), ""),
            (self.act_group, self.tr("&Group by Patient and Study"),
             self.tr("Keep each study's images together, studies ranked by risk")),
            (self.act_reopen, self.tr("Reopen &Last Worklist"),
             self.tr("Triage again the images of the last session (history)")),
            (self.act_settings, self.tr("&Network Settings…"),
             self.tr("AE title, port, allowed callers, retention, results")),
        )  # fmt: skip
        for action, text, tip in texts:
            action.setText(text)
            action.setStatusTip(tip)
        self.menu.setTitle(self.tr("&Clinic"))

    def _ready(self) -> tuple | None:
        session = getattr(self.window, "session", None)
        if session is None:
            self._warn(
                self.tr("No model"),
                self.tr("Studies cannot be triaged until the model has loaded."),
            )
            return None
        return session, self.window.model.settings

    def _toggle_receive(self, on: bool) -> None:
        if not on:
            self.controller.stop_receiving()
        elif (ready := self._ready()) is None:
            self.act_receive.setChecked(False)
        elif (problem := self.controller.start_receiving(*ready)) is not None:
            self.act_receive.setChecked(False)
            self._warn(self.tr("Cannot receive studies"), problem)
        else:
            self.act_group.setChecked(True)  # the live worklist: a study's images together
        self._update()

    def open_settings(self) -> ClinicSettingsDialog:
        """Non-blocking; on OK the settings are saved and a running receiver restarts on them."""
        path = self.config_file or cfg.config_path()
        dialog = ClinicSettingsDialog(cfg.load_config(path), path, self.window)

        def finish(code: int) -> None:
            if code != QDialog.DialogCode.Accepted:
                return
            self._status(self.tr("Clinic network settings saved to %1").replace("%1", path.name))
            if self.controller.receiving:
                self.act_receive.setChecked(False)
                self.act_receive.setChecked(True)

        dialog.finished.connect(finish)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def reopen_last_worklist(self) -> bool:
        """Scan again the files of the previous session's worklist (from the history)."""
        try:
            last = self.controller.last_worklist()
        except HistoryError as exc:
            self._warn(self.tr("Cannot reopen the last worklist"), str(exc))
            return False
        if last is None:
            self._warn(
                self.tr("No earlier worklist"),
                self.tr("The history holds no earlier session's results."),
            )
            return False
        present = last.present()
        gone = len(last.paths) - len(present)
        if not present:
            self._warn(
                self.tr("Cannot reopen the last worklist"),
                self.tr(
                    "None of its %n file(s) is still there (the inbox keeps received files for "
                    "the retention set in Clinic → Network Settings).",
                    "",
                    len(last.paths),
                ),
            )
            return False
        self.act_group.setChecked(True)
        if not self.window.open_sources(present):
            return False
        self.history.reopened(present, last.session)
        note = self.tr("; %n file(s) no longer there", "", gone) if gone else ""
        text = self.tr("Reopening the worklist of %1: %n image(s)", "", len(present))
        self._status(text.replace("%1", last.at[:16]) + note)
        return True

    def choose_watch_folder(self) -> None:
        title = self.tr("Watch a folder for new images")
        folder = QFileDialog.getExistingDirectory(self.window, title)
        if folder:
            self.watch(Path(folder))

    def watch(self, folder: Path) -> bool:
        ready = self._ready()
        if ready is None:
            return False
        problem = self.controller.watch(folder, *ready)
        if problem is not None:
            self._warn(self.tr("Cannot watch the folder"), problem)
        else:
            self.act_group.setChecked(True)
        self._update()
        return problem is None

    def stop_watching(self) -> None:
        self.controller.stop_watching()
        self._update()

    def _append(self, result: object) -> None:
        self.window.model.append([result])  # the summary follows the rows (the window's state)

    def _status(self, text: str) -> None:
        self.window.status_message.setText(text)

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    def _update(self) -> None:
        self.act_stop_watch.setEnabled(bool(self.controller.watches))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.controller.stop_all()
        elif obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
