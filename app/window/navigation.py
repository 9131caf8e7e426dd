"""Keyboard work and the worklist's state line. Composed into ``MainWindow``.

A reader must be able to do the whole job from the keyboard: move through rows (arrows in the
table or on the image, Ctrl+Down / Ctrl+Up anywhere), find (Ctrl+F), undo a read (Ctrl+Z, in
``reads.py``). Also here: the partial-scan and "N of M read" note, which follows the state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.identity import DISCLAIMER, INTENDED_USE
from app.state.triage_state import TriageState
from app.viewer.image_view import ImageView
from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_panel import WorklistPanel
from app.worklist.worklist_words import read_note
from inference.core.i18n import _

FOCUS_STYLE = "QTableView:focus { border: 2px solid palette(highlight); }"


def worklist_note(status_shown: str, total: int, read: int) -> str:
    """'Incomplete: 40 of 62 scanned, cancelled · 3 of 40 read' ('' when there is nothing to
    say); ``status_shown`` is the partial scan's status in the reader's language, or ''."""
    parts = []
    if status_shown and total:
        parts.append(status_shown)
    if read:
        parts.append(read_note(read, total))
    return " · ".join(parts)


class NavigationController(QObject):
    """Moves between rows and panes; the help boxes; the note under the summary."""

    def __init__(
        self,
        state: TriageState,
        host: QMainWindow,
        model: WorklistModel,
        panel: WorklistPanel,
        view: ImageView,
        select_row: Callable[[int], None],
    ) -> None:
        super().__init__(host)
        self.state, self.host, self.model, self.panel = state, host, model, panel
        self.table, self.search_edit, self.select_row = panel.table, panel.search_edit, select_row
        self.table.setStyleSheet(FOCUS_STYLE)
        view.stepRequested.connect(self.step_row)
        self.search_edit.returnPressed.connect(self.focus_worklist)
        state.events.reads.connect(lambda _reads: self.update_note())
        state.events.scan.connect(lambda what: self.update_note() if what == "finished" else None)

    # -- moving -----------------------------------------------------------------------------------
    def step_row(self, delta: int) -> None:
        """Select the row ``delta`` below (above) the current one, keeping the focus where it is."""
        n = self.table.model().rowCount()
        if not n:
            return
        current = self.table.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        self.select_row(min(max(row, 0), n - 1))

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def focus_worklist(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the note under the summary ---------------------------------------------------------------
    def update_note(self) -> None:
        """'Incomplete: 40 of 62 scanned, cancelled' and 'N of M read', under the summary."""
        total = self.model.rowCount()
        read = self.model.read_count() if total else 0
        state = self.state
        scanning = getattr(self.host, "scanning", None)
        shown = scanning.status_shown() if scanning is not None and state.partial else ""
        text = worklist_note(shown, total, read)
        note = self.panel.note_label
        note.setText(text)
        note.setVisible(bool(text))
        note.setStyleSheet("color: #b3261e; font-weight: bold;" if state.partial and total else "")
        self.panel.show_reads(read > 0)

    # -- help -------------------------------------------------------------------------------------
    def show_intended_use(self) -> QMessageBox:
        """The one intended-use text (``app.identity.INTENDED_USE``, as About shows it) and the disclaimer."""
        text = f"{_(INTENDED_USE)}\n\n{_(DISCLAIMER)}"
        return self._help_box(self.tr("Intended use"), text)

    def show_quick_start(self) -> QMessageBox:
        steps = self.tr(
            "1. File → Open Folder (Ctrl+O) and choose a folder of chest X-rays.\n"
            "2. The worklist lists ranked images by risk, then out of scope, then unreadable "
            "files.\n"
            "3. Move with ↑/↓ (in the list or on the image) or Ctrl+↓ / Ctrl+↑ from anywhere.\n"
            "4. H toggles the heatmap, I inverts, F fits, R resets window/level.\n"
            "5. Mark your own read: P pneumonia, N normal, U unsure; Ctrl+Z undoes the last one.\n"
            "6. Ctrl+F searches; the filter can show only unread rows.\n"
            "7. Export: Ctrl+E (CSV), Ctrl+P (PDF report)."
        )
        return self._help_box(self.tr("Quick start"), f"{steps}\n\n{_(DISCLAIMER)}")

    def _help_box(self, title: str, text: str) -> QMessageBox:
        box = self.host.show_message(QMessageBox.Icon.Information, title, text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box
