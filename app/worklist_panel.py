"""The left pane: filter, search, the triage table, the summary line and the scan strip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.progress_bar import SlimProgressBar
from app.worklist_logic import COLUMN_TITLES, FILTER_TITLES, Column, FilterMode
from app.worklist_model import ProbabilityDelegate, WorklistModel, WorklistProxy


class WorklistPanel(QWidget):
    """Layout only; the main window connects it to the scan and the viewer."""

    def __init__(
        self, model: WorklistModel, proxy: WorklistProxy, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 6)
        layout.setSpacing(6)

        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        for mode, title in FILTER_TITLES.items():
            self.filter_combo.addItem(title, mode)
        self.filter_combo.setToolTip("Which images the worklist shows")
        filters.addWidget(self.filter_combo)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search file, patient, flag, error…")
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: proxy.set_mode(FilterMode(self.filter_combo.currentData()))
        )
        self.search_edit.textChanged.connect(proxy.set_query)

        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.PROBABILITY, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setItemDelegateForColumn(
            Column.PROBABILITY, ProbabilityDelegate(model, self.table)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self.set_column_widths()
        layout.addWidget(self.table, 1)

        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        self.scan_strip = QWidget()
        strip = QHBoxLayout(self.scan_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = SlimProgressBar()
        self.progress_label = QLabel("")
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the scan (Esc); results so far are kept")
        strip_text = QVBoxLayout()
        strip_text.setSpacing(2)
        strip_text.addWidget(self.progress_label)
        strip_text.addWidget(self.progress_bar)
        strip.addLayout(strip_text, 1)
        strip.addWidget(self.cancel_button)
        self.scan_strip.hide()
        layout.addWidget(self.scan_strip)

    def set_column_widths(self) -> None:
        """Wide enough for the header (plus sort arrow) and typical content, no wider."""
        fm = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        hfm = self.table.horizontalHeader().fontMetrics()
        em = fm.horizontalAdvance("M")
        content = {
            Column.FILE: 19 * em,
            Column.PROBABILITY: 8 * em,
            Column.LABEL: max(
                fmb.horizontalAdvance("pneumonia"), fm.horizontalAdvance("not an image")
            ),
            Column.LIKELY_TYPE: fm.horizontalAdvance("bacterial"),
            Column.FLAGS: 10 * em,
            Column.STATUS: 10 * em,
            Column.PATIENT: 12 * em,
            Column.STUDY_DATE: fm.horizontalAdvance("2024-12-31"),
        }
        for col, width in content.items():
            title = COLUMN_TITLES[col]
            self.table.setColumnWidth(col, int(max(width, hfm.horizontalAdvance(title)) + 28))
