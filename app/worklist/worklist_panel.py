"""The left pane: filter, search, the triage table, the summary line and the scan strip."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.progress_bar import SlimProgressBar
from app.worklist.eliding_header import ElidingHeader
from app.worklist.worklist_delegate import GroupSeparatorDelegate, ProbabilityDelegate
from app.worklist.worklist_logic import (
    FILTER_TITLES,
    REQUIRED_COLUMNS,
    Column,
    FilterMode,
    column_title,
    fit_widths,
    format_percent,
    patient_text,
)
from app.worklist.worklist_model import UNREAD, WorklistModel
from app.worklist.worklist_proxy import WorklistProxy
from app.worklist.worklist_words import filter_title, word
from inference.core.i18n import _


class RightElideDelegate(GroupSeparatorDelegate):
    """Elide at the end: the start of a label ("out of scope: …") is the part that matters."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class WorklistPanel(QWidget):
    """Layout only; the main window connects it to the scan and the viewer.

    The table never needs a horizontal scrollbar by default: the file column takes the width
    left over (names elided in the middle, full path in the tooltip), the other columns are
    compact, and while ``auto_fit_columns`` holds, secondary columns that do not fit are hidden
    (least useful first) while the label, the flags and, once read, "Your read" narrow (titles
    elided, whole in the header's tooltip). A right-click on the header shows or hides any
    optional column.
    """

    def __init__(
        self, model: WorklistModel, proxy: WorklistProxy, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._model: WorklistModel | None = None  # set last: retranslate() runs at the end
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 6)
        layout.setSpacing(6)

        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        for mode in FILTER_TITLES:
            self.filter_combo.addItem("", mode)  # texts set in retranslate()
        self.filter_combo.addItem("", UNREAD)  # rows without your own read yet
        filters.addWidget(self.filter_combo)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: proxy.set_mode(self.filter_combo.currentData())
        )
        self.search_edit.textChanged.connect(proxy.set_query)

        self.table = QTableView()
        self.table.setHorizontalHeader(ElidingHeader(self.table))  # long titles elide
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
        # every delegate draws the line where a group (out of scope, unreadable) starts
        self.table.setItemDelegate(GroupSeparatorDelegate(model, self.table))
        self.table.setItemDelegateForColumn(
            Column.PROBABILITY, ProbabilityDelegate(model, self.table)
        )
        # labels read from the left ("out of scope: …"); file names keep both ends (middle)
        for col in (Column.LABEL, Column.FLAGS, Column.STATUS, Column.READ):
            self.table.setItemDelegateForColumn(col, RightElideDelegate(model, self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.FILE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        # The sorted column's title carries ▼/▲ with its meaning in the tooltip (the proxy's
        # header); Qt's own indicator is hidden because some styles draw ▲ for descending.
        header.setSortIndicatorShown(False)
        header.setSectionsClickable(True)  # a click still sorts (and a second reverses)
        self.auto_fit_columns = True  # off once the user picks columns or a layout is restored
        self.keep_reads = False  # once any read exists, "Your read" stays visible
        self.column_widths: dict[Column, int] = {}
        self.column_mins: dict[Column, int] = {}
        self.user_widths: dict[Column, int] = {}  # columns the user dragged: kept as they are
        self._sizing = False  # our own resizes, told apart from the user's drags
        self._patients = False  # any row with a patient: the column then holds its place
        model.rowsInserted.connect(self._rows_added)
        model.modelReset.connect(self._rows_reset)
        self.set_column_widths()
        header.sectionResized.connect(self._section_resized)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.note_label = QLabel("")  # "incomplete: …" and "N of M read"
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        layout.addWidget(self.note_label)

        self.scan_strip = QWidget()
        strip = QHBoxLayout(self.scan_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = SlimProgressBar()
        self.progress_label = QLabel("")
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = QPushButton()
        strip_text = QVBoxLayout()
        strip_text.setSpacing(2)
        strip_text.addWidget(self.progress_label)
        strip_text.addWidget(self.progress_bar)
        strip.addLayout(strip_text, 1)
        strip.addWidget(self.cancel_button)
        self.scan_strip.hide()
        layout.addWidget(self.scan_strip)
        self._model = model
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the pane, again on ``QEvent.LanguageChange`` (no restart needed): the
        filters, the search hint, the column titles and widths, the rows' words."""
        for i in range(self.filter_combo.count()):
            mode = self.filter_combo.itemData(i)
            title = self.tr("Unread") if mode == UNREAD else filter_title(FilterMode(mode))
            self.filter_combo.setItemText(i, title)
        self.filter_combo.setToolTip(self.tr("Which images the worklist shows"))
        self.search_edit.setPlaceholderText(self.tr("Search file, patient, flag, error…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the scan (Esc); results so far are kept"))
        if self._model is not None:
            self._model.retranslate()
        if self.auto_fit_columns:
            self.set_column_widths()
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_column_widths(self) -> None:
        """Compact columns: wide enough for the header (plus sort arrow) and typical content."""
        fm = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        hfm = self.table.horizontalHeader().fontMetrics()
        em = fm.horizontalAdvance("M")
        pneumonia = word("pneumonia")
        content = {
            Column.PROBABILITY: 3 * em + fm.horizontalAdvance(format_percent(0.999)),
            # short reasons ("adult") fit, up to 12 em; longer ones elide on the right (whole in
            # the tooltip): the file name keeps the room
            Column.LABEL: max(
                fmb.horizontalAdvance(pneumonia),
                min(
                    12 * em,
                    fm.horizontalAdvance(_("out of scope: {reason}").format(reason=word("adult"))),
                ),
            ),
            Column.LIKELY_TYPE: max(
                fm.horizontalAdvance(word("bacterial")), fm.horizontalAdvance(word("viral"))
            ),
            Column.FLAGS: 5 * em,  # elided; the tooltip and the details panel have the text
            Column.STATUS: 6 * em,
            Column.PATIENT: 10 * em,
            Column.STUDY_DATE: fm.horizontalAdvance("2024-12-31"),
            Column.READ: fm.horizontalAdvance(pneumonia),
        }

        # Header text plus margins; the default sort column also gets room for its arrow (a
        # column the user sorts by later may elide its title a little; the tooltip has it).
        def header_w(col: Column) -> int:
            arrow = 18 if col is Column.PROBABILITY else 0
            return hfm.horizontalAdvance(column_title(col)) + 14 + arrow

        # Preferred: the content and the whole title, a long title capped (it elides, whole in
        # the header's tooltip). Narrowest: compact content, titles elided (see ``fit_widths``).
        cap = 12 * em
        self.column_widths = {
            col: int(max(width + 12, min(header_w(col), cap))) for col, width in content.items()
        }
        compact = {
            Column.PROBABILITY: 2 * em + fm.horizontalAdvance(format_percent(0.999)) - 6,
            Column.FLAGS: 3 * em,
            Column.READ: 5 * em,
        }
        self.column_mins = {
            col: min(self.column_widths[col], int(max(width, 3 * em)) + 12)
            for col, width in {**content, **compact}.items()
        }
        with self._our_resizes():
            for col, width in self.column_widths.items():
                self.table.setColumnWidth(col, width)
        # a typical name ("NORMAL2-IM-0888-0001.jpeg") stays readable, elided in the middle
        self.file_min_width = 13 * em
        # a whole Kermany-style name ("person1459_bacteria_3796.jpeg") before secondary columns
        self.file_want_width = 19 * em
        self.label_min_width = fmb.horizontalAdvance(pneumonia) + 10
        self.table.horizontalHeader().setMinimumSectionSize(3 * em)

    def available_width(self) -> int:
        """Width the columns may use (room for a vertical scrollbar is always kept)."""
        scrollbar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return self.table.width() - 2 * self.table.frameWidth() - scrollbar

    def fit_columns(self) -> None:
        """Hide the optional columns that do not fit, show those that do (auto mode only)."""
        if not self.auto_fit_columns:
            return
        keep = frozenset({Column.READ}) if self.keep_reads else frozenset()
        width, file_min = self.available_width(), self.file_min_width
        mine = self.user_widths  # the user's drags win: preferred and narrowest alike
        hidden, sized = fit_widths(
            {**self.column_widths, **mine}, width, file_min, keep,
            mine.get(Column.LABEL, self.label_min_width), {**self.column_mins, **mine},
            self.file_want_width, frozenset({Column.PATIENT}) if self._patients else frozenset(),
        )  # fmt: skip
        with self._our_resizes():
            for col in self.column_widths:
                self.table.setColumnHidden(col, col in hidden)
            for col, size in sized.items():
                self.table.setColumnWidth(col, size)

    def _rows_added(self, _parent: QModelIndex, first: int, last: int) -> None:
        """The first row with a patient (DICOM) gives the patient column its place again."""
        if self._patients or self._model is None:
            return
        rows = (self._model.result(r) for r in range(first, last + 1))
        if any(patient_text(r.metadata) for r in rows):
            self._patients = True
            self.fit_columns()

    def _rows_reset(self) -> None:
        had, self._patients = self._patients, False
        if self._model is not None and self._model.rowCount():
            self._rows_added(QModelIndex(), 0, self._model.rowCount() - 1)
        if had and not self._patients:
            self.fit_columns()

    @contextmanager
    def _our_resizes(self) -> Iterator[None]:
        self._sizing, was = True, self._sizing
        try:
            yield
        finally:
            self._sizing = was

    def _section_resized(self, column: int, old: int, new: int) -> None:
        """A column the user drags keeps its width through later fits (``reset_columns`` undoes
        it); the file column stretches, and hiding or showing a column is not a drag."""
        if self._sizing or column == Column.FILE or not old or not new:
            return
        if self.auto_fit_columns and Column(column) in self.column_widths:
            self.user_widths[Column(column)] = new

    def show_reads(self, any_read: bool) -> None:
        """The first read shows the "Your read" column (and fitting keeps it from then on)."""
        if any_read and not self.keep_reads:
            self.table.setColumnHidden(Column.READ, False)
        self.keep_reads = any_read
        self.fit_columns()

    def set_column_visible(self, column: Column, visible: bool) -> None:
        """The user's choice (header menu): it wins over the automatic fit from now on."""
        if column in REQUIRED_COLUMNS:
            return
        self.auto_fit_columns = False
        self.table.setColumnHidden(column, not visible)

    def reset_columns(self) -> None:
        """Back to compact widths and automatic fitting."""
        header = self.table.horizontalHeader()
        for col in Column:
            header.moveSection(header.visualIndex(col), col)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.FILE, QHeaderView.ResizeMode.Stretch)
        self.user_widths.clear()
        self.set_column_widths()
        self.auto_fit_columns = True
        self.fit_columns()

    def header_menu(self) -> QMenu:
        """Show/hide columns; built fresh each time so the check marks are current."""
        menu = QMenu(self)
        for col in Column:
            act = menu.addAction(column_title(col))
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.setEnabled(col not in REQUIRED_COLUMNS)
            act.toggled.connect(lambda on, c=col: self.set_column_visible(c, on))
        menu.addSeparator()
        menu.addAction(self.tr("Fit columns to width"), self.reset_columns)
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)
