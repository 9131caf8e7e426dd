"""The reader's own calls in the window: mark rows (P / N / U, Backspace clears) while browsing,
undo the last change (Ctrl+Z), import reads from a CSV or NORMAL/PNEUMONIA folders, and keep
them saved for the model. Composed into ``MainWindow``; each call is announced on the state's
``read_marked`` event (the history database records it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app.state.triage_state import TriageState
from app.viewer.details_panel import DetailsPanel
from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_proxy import WorklistProxy
from app.worklist.worklist_words import word
from inference.core.types import TriageResult
from inference.triage.settings_schema import ProfileError
from inference.triage.site_reads import (
    Read,
    load_reads,
    reads_from_csv,
    reads_from_folders,
    reads_path,
    save_reads,
)

log = logging.getLogger(__name__)


class ReadsController(QObject):
    """Marks, undoes, imports and saves reads; loads a model's reads when it is ready."""

    def __init__(
        self,
        state: TriageState,
        host: QMainWindow,
        model: WorklistModel,
        proxy: WorklistProxy,
        details: DetailsPanel,
        select_row: Callable[[int], None],
        say: Callable[[str], None],
        offer_set_aside: Callable[[Path, str, str], object],
    ) -> None:
        super().__init__(host)
        self.state, self.host, self.model, self.proxy, self.details = (
            state, host, model, proxy, details,
        )  # fmt: skip
        self.select_row, self.say, self.offer_set_aside = select_row, say, offer_set_aside
        self.history: list[tuple[TriageResult, Read | None]] = []  # for undo
        self._set_read = model.set_read
        model.set_read = self._recording_set_read  # every change of a read can be undone

    def on_model(self, session: object) -> None:
        """A freshly loaded model: its saved reads (a damaged file is offered to be set aside)."""
        if session is None:
            return
        path = reads_path(self.state.model_id)
        try:
            self.model.set_reads(load_reads(path))
        except ProfileError as exc:
            log.warning("reads: %s", exc)
            self.offer_set_aside(path, self.tr("Reads not loaded"), str(exc))

    def _recording_set_read(self, result: TriageResult, call: Read | None) -> None:
        self.history.append((result, self.model.reads.get(str(result.path))))
        self._set_read(result, call)

    # -- marking ----------------------------------------------------------------------------------
    def mark_read(self, call: Read | None) -> None:
        """Record the reader's call on the current row, save it, and move to the next row."""
        result = self.state.current
        if result is None or self.state.session is None:
            return
        self.model.set_read(result, call)
        self.save_reads()
        self.state.events.emit("read_marked", (result, call))  # the audit: who read it, when
        self.details.set_read(self.model.read_of(result))
        n = len(self.model.reads)
        what = (
            self.tr("Your read: %1").replace("%1", word(str(call)))
            if call is not None
            else self.tr("Read cleared")
        )
        count = self.tr("%n read image(s)", "", n)
        self.say(f"{what} · {result.path.name} · {count}")
        row = self.proxy.proxy_row_of(result)
        if call is not None and 0 <= row < self.proxy.rowCount() - 1:
            self.select_row(row + 1)

    def undo_read(self) -> None:
        """Put back the read as it was before the last change, and say so."""
        if not self.history:
            self.say(self.tr("Nothing to undo."))
            return
        result, previous = self.history.pop()
        undo_depth = len(self.history)
        self.model.set_read(result, previous)
        del self.history[undo_depth:]  # the undo itself is not recorded
        self.save_reads()
        row = self.proxy.proxy_row_of(result)
        if row >= 0:
            self.select_row(row)
        self.details.set_read(self.model.read_of(result))
        if previous is not None:
            text = self.tr("Undone: %1 back to %2").replace("%2", word(str(previous)))
        else:
            text = self.tr("Undone: %1 back to unread")
        self.say(text.replace("%1", result.path.name))

    def save_reads(self) -> None:
        session = self.state.session
        if session is None:
            return
        try:
            save_reads(reads_path(session.model_id), self.model.reads, session.model_id)
        except OSError as exc:
            self.host.show_message(QMessageBox.Icon.Critical, self.tr("Reads not saved"), str(exc))

    # -- importing --------------------------------------------------------------------------------
    def import_reads(self, source: Path) -> int:
        """Merge reads from a CSV (path, call) or a folder with NORMAL/ and PNEUMONIA/."""
        try:
            new = reads_from_folders(source) if source.is_dir() else reads_from_csv(source)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            title = self.tr("Reads not imported")
            self.host.show_message(QMessageBox.Icon.Critical, title, str(exc))
            return 0
        self.model.set_reads({**self.model.reads, **new})
        self.save_reads()
        self.say(self.tr("%n read(s) imported from %1", "", len(new)).replace("%1", source.name))
        return len(new)

    def choose_reads_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.host, self.tr("Import reads (CSV: path, call)"), str(Path.home()), "CSV (*.csv)"
        )
        if name:
            self.import_reads(Path(name))

    def choose_reads_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self.host,
            self.tr("Import reads: a folder with NORMAL/ and PNEUMONIA/"),
            str(Path.home()),
        )
        if name:
            self.import_reads(Path(name))
