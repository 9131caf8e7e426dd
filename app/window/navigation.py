"""Keyboard work and the worklist's state line. Mixed into ``MainWindow``, whose widgets it uses.

A reader must be able to do the whole job from the keyboard: move through rows (arrows in the
table or on the image, Ctrl+Down / Ctrl+Up anywhere), find (Ctrl+F), undo a read (Ctrl+Z).
Also here: the partial-scan and "N of M read" note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from app import DISCLAIMER
from inference.core.types import TriageResult
from inference.export.worklist_files import COMPLETE
from inference.triage.site_calibration import Read

FOCUS_STYLE = "QTableView:focus { border: 2px solid palette(highlight); }"
INTENDED_USE = (
    "CXR Triage orders frontal chest X-rays of children up to 6 years by the model's estimated "
    "probability of pneumonia, so that the likeliest cases are read first.\n\n"
    "It is an assistive triage aid, not a diagnosis: a qualified reader reads every image. "
    "Images the model was not made for (adults, other body parts, lateral views, photographs) "
    "are listed apart as out of scope, with no pneumonia score.\n\n" + DISCLAIMER
)
QUICK_START = (
    "1. File → Open Folder (Ctrl+O) and choose a folder of chest X-rays.\n"
    "2. The worklist lists ranked images by risk, then out of scope, then unreadable files.\n"
    "3. Move with ↑/↓ (in the list or on the image) or Ctrl+↓ / Ctrl+↑ from anywhere.\n"
    "4. H toggles the heatmap, I inverts, F fits, R resets window/level.\n"
    "5. Mark your own read: P pneumonia, N normal, U unsure; Ctrl+Z undoes the last one.\n"
    "6. Ctrl+F searches; the filter can show only unread rows.\n"
    "7. Export: Ctrl+E (CSV), Ctrl+P (PDF report).\n\n" + DISCLAIMER
)


class NavigationMixin:
    """Part of ``MainWindow``; not usable on its own."""

    def _build_navigation(self) -> None:
        self._read_history: list[tuple[TriageResult, Read | None]] = []
        self.act_next_row = self._action(
            "Next Image", lambda: self.step_row(1), "Ctrl+Down", None,
            "Select the next row (Ctrl+Down; Down in the worklist or on the image)",
        )  # fmt: skip
        self.act_prev_row = self._action(
            "Previous Image", lambda: self.step_row(-1), "Ctrl+Up", None,
            "Select the previous row (Ctrl+Up; Up in the worklist or on the image)",
        )  # fmt: skip
        self.act_find = self._action(
            "Find…", self.focus_search, QKeySequence.StandardKey.Find, None,
            "Search file names, patients, flags (Ctrl+F); Esc returns to the worklist",
        )  # fmt: skip
        self.act_undo_read = self._action(
            "Undo Read", self.undo_read, QKeySequence.StandardKey.Undo, None,
            "Undo your last read (Ctrl+Z)",
        )  # fmt: skip
        self.act_intended_use = self._action("Intended Use", self.show_intended_use)
        self.act_quick_start = self._action("Quick Start", self.show_quick_start, "F1")
        menus = {m.title(): m for m in (a.menu() for a in self.menuBar().actions()) if m}
        if "&View" in menus:
            menus["&View"].addSeparator()
            for act in (self.act_next_row, self.act_prev_row, self.act_find):
                menus["&View"].addAction(act)
        if "&Reads" in menus:
            menus["&Reads"].insertAction(menus["&Reads"].actions()[4], self.act_undo_read)
        if "&Help" in menus:
            first = menus["&Help"].actions()[0]
            menus["&Help"].insertAction(first, self.act_quick_start)
            menus["&Help"].insertAction(first, self.act_intended_use)
        self.table.setStyleSheet(FOCUS_STYLE)
        self.view.stepRequested.connect(self.step_row)
        self.model.readsChanged.connect(self._update_worklist_note)
        self.search_edit.returnPressed.connect(self.focus_worklist)
        self.model.set_read = self._recording_set_read(self.model.set_read)

    # -- moving ------------------------------------------------------------------------------
    def step_row(self, delta: int) -> None:
        """Select the row ``delta`` below (above) the current one, keeping the focus where it is."""
        n = self.proxy.rowCount()
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

    # -- reads: undo -------------------------------------------------------------------------
    def _recording_set_read(self, set_read):
        """Wrap the model's ``set_read`` so every change of a read can be undone."""

        def recording(result: TriageResult, call: Read | None) -> None:
            self._read_history.append((result, self.model.reads.get(str(result.path))))
            set_read(result, call)

        return recording

    def undo_read(self) -> None:
        """Put back the read as it was before the last change, and say so."""
        if not self._read_history:
            self.status_message.setText("Nothing to undo.")
            return
        result, previous = self._read_history.pop()
        undo_depth = len(self._read_history)
        self.model.set_read(result, previous)
        del self._read_history[undo_depth:]  # the undo itself is not recorded
        self._save_reads()
        row = self.proxy.proxy_row_of(result)
        if row >= 0:
            self.select_row(row)
        self.details.set_read(self.model.read_of(result))
        was = f"back to {previous}" if previous is not None else "back to unread"
        self.status_message.setText(f"Undone: {result.path.name} {was}")

    # -- the note under the summary ----------------------------------------------------------
    def _update_worklist_note(self) -> None:
        """'Incomplete: 40 of 62 scanned, cancelled' and 'N of M read', under the summary."""
        total = self.model.rowCount()
        read = self.model.read_count() if total else 0
        parts = []
        status = getattr(self, "worklist_status", COMPLETE)
        if status != COMPLETE and total:
            parts.append(status[0].upper() + status[1:])
        if read:
            parts.append(f"{read} of {total} read")
        self.worklist_panel.note_label.setText(" · ".join(parts))
        self.worklist_panel.note_label.setVisible(bool(parts))
        self.worklist_panel.note_label.setStyleSheet(
            "color: #b3261e; font-weight: bold;" if status != COMPLETE and total else ""
        )
        self.worklist_panel.show_reads(read > 0)

    # -- help --------------------------------------------------------------------------------
    def show_intended_use(self) -> QMessageBox:
        return self._help_box("Intended use", INTENDED_USE)

    def show_quick_start(self) -> QMessageBox:
        return self._help_box("Quick start", QUICK_START)

    def _help_box(self, title: str, text: str) -> QMessageBox:
        box = self.show_message(QMessageBox.Icon.Information, title, text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box
