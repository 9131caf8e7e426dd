"""The triage table: a list model of TriageResults, a filter/sort proxy and a probability delegate.

Cell text comes from ``app.worklist.worklist_logic`` (and ``inference.worklist``) so the table, the CSV and the PDF agree. Sorting uses
plain numbers and strings in ``SORT_ROLE`` so Qt compares them in C++ (no Python ``lessThan``),
which keeps inserting thousands of rows into a sorted view cheap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.core import style
from app.worklist.worklist_logic import (
    COLUMN_TITLES,
    Column,
    FilterMode,
    Summary,
    cell_text,
    format_percent,
    matches_filter,
    matches_search,
    search_haystack,
    status_text,
    summarize,
)
from inference import worklist as wl
from inference.output_files import printable
from inference.site_calibration import Read
from inference.types import TriageResult
from inference.worklist import TriageSettings

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_ROLE = Qt.ItemDataRole.UserRole + 2
PROBABILITY_ROLE = Qt.ItemDataRole.UserRole + 3  # float or None, for the delegate

_Index = QModelIndex | QPersistentModelIndex
_COLUMNS = tuple(Column)
_N_COLUMNS = len(_COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_HANDLED_ROLES = frozenset(
    {_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, _ALIGNMENT, _DECORATION}
    | {int(RESULT_ROLE), int(PROBABILITY_ROLE)}
)
_THRESHOLD_ROLES = [_DISPLAY, _FONT, _FOREGROUND, _TOOLTIP]
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ERROR_BRUSH = QBrush(style.ERROR_COLOR)
_WARNING_BRUSH = QBrush(style.WARNING_COLOR)
_MUTED_BRUSH = QBrush(style.OUT_OF_SCOPE_COLOR)
_SCOPE_BRUSH = QBrush(style.SCOPE_COLOR)
_BOLD = QFont()
_BOLD.setBold(True)

HEADER_TIPS: dict[Column, str] = {
    Column.PROBABILITY: "Calibrated probability of pneumonia estimated by the model",
    Column.LABEL: "Label at the current operating point (threshold); changes with the threshold.\n"
    "Images the model was not made for say 'out of scope' and the reason, and are listed after "
    "the ranked images",
    Column.LIKELY_TYPE: "Most likely pneumonia type, for images above the threshold",
    Column.FLAGS: "Quality and out-of-distribution warnings: treat these scores with caution",
    Column.STATUS: "OK, or why the file could not be scored",
}


HEADER_MENU_HINT = "Right-click the header to show or hide columns."


class WorklistModel(QAbstractTableModel):
    """Rows are TriageResults in arrival order; the proxy does sorting and filtering."""

    thresholdChanged = Signal(float)
    settingsChanged = Signal()

    def __init__(self, threshold: float = 0.5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TriageResult] = []
        self._haystacks: list[str] = []
        self._sort_keys: list[tuple[Any, ...]] = []
        self._settings = TriageSettings(threshold=float(threshold))
        self._summary: Summary | None = None
        self._icons: dict[str, QIcon] = {}
        self._reads: dict[str, Read] = {}  # the reader's own calls, by image path

    # -- data access ---------------------------------------------------------------------------
    @property
    def threshold(self) -> float:
        return self._settings.threshold

    @property
    def settings(self) -> TriageSettings:
        return self._settings

    def set_settings(self, settings: TriageSettings) -> None:
        """Apply new worklist settings; a scope-ranking or age-range change re-sorts every row."""
        if settings == self._settings:
            return
        if dataclasses.replace(settings, threshold=self._settings.threshold) == self._settings:
            self.set_threshold(settings.threshold)
            return
        self.beginResetModel()
        self._settings = settings
        self._summary = None
        self._sort_keys = [self._static_sort_keys(r) for r in self._rows]
        self.endResetModel()
        self.settingsChanged.emit()
        self.thresholdChanged.emit(settings.threshold)

    def set_threshold(self, value: float) -> None:
        """Relabel live: the label, type and bar columns depend on the threshold."""
        value = float(value)
        if value == self._settings.threshold:
            return
        self._settings = dataclasses.replace(self._settings, threshold=value)
        self._summary = None
        if self._rows:
            # Only the label and type texts change. The bar column's sort value does not, so
            # it is left out: a dataChanged there would make the proxy re-sort every row.
            # Views repaint the bars (threshold tick, colour) on ``thresholdChanged``.
            # Qt's proxy re-checks order and filter of each changed row even so (~0.15 s for
            # 10,000 rows, measured): acceptable for a deliberate user action.
            top = self.index(0, Column.LABEL)
            bottom = self.index(len(self._rows) - 1, Column.LIKELY_TYPE)
            self.dataChanged.emit(top, bottom, _THRESHOLD_ROLES)
        self.thresholdChanged.emit(value)

    def summary(self) -> Summary:
        """Counts at the current threshold; kept up to date incrementally as rows arrive."""
        if self._summary is None:
            self._summary = summarize(self._rows, self._settings)
        return self._summary

    # -- the reader's calls (site calibration) ----------------------------------------------------
    @property
    def reads(self) -> dict[str, Read]:
        return self._reads

    def set_reads(self, reads: dict[str, Read]) -> None:
        self._reads = dict(reads)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.READ), self.index(len(self._rows) - 1, Column.READ)
            )

    def read_of(self, result: TriageResult) -> str:
        call = self._reads.get(str(result.path))
        return str(call) if call is not None else ""

    def set_read(self, result: TriageResult, call: Read | None) -> None:
        """Record (or with None, clear) the reader's call on ``result``'s image."""
        key = str(result.path)
        if call is None:
            self._reads.pop(key, None)
        else:
            self._reads[key] = call
        row = self.row_of(result)
        if row >= 0:
            idx = self.index(row, Column.READ)
            self.dataChanged.emit(idx, idx)

    def results(self) -> list[TriageResult]:
        return list(self._rows)

    def result(self, row: int) -> TriageResult:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        return self._haystacks[row]

    def row_of(self, result: TriageResult) -> int:
        for i, r in enumerate(self._rows):
            if r is result:
                return i
        return -1

    def append(self, results: Sequence[TriageResult]) -> None:
        if not results:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(results) - 1)
        self._rows.extend(results)
        self._haystacks.extend(search_haystack(r) for r in results)
        self._sort_keys.extend(self._static_sort_keys(r) for r in results)
        if self._summary is not None:
            self._summary = self._summary + summarize(results, self._settings)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._haystacks.clear()
        self._sort_keys.clear()
        self._summary = None
        self.endResetModel()

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _N_COLUMNS

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(column)
            return f"{tip}\n{HEADER_MENU_HINT}" if tip else HEADER_MENU_HINT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Hot path (tens of thousands of calls per second while a scan fills the table): plain
        # ints and tuple lookups, no enum construction, unhandled roles rejected first. The
        # proxy's sorted insertion asks for SORT_ROLE most, so it is answered from a cache.
        if role == SORT_ROLE:
            row, col = index.row(), index.column()
            if 0 <= row < len(self._sort_keys) and 0 <= col < _N_COLUMNS:
                key = self._sort_keys[row][col]
                if key is not None:
                    return key
                if _COLUMNS[col] is Column.READ:
                    return self.read_of(self._rows[row])
                return self._sort_value(self._rows[row], _COLUMNS[col])
            return None
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < _N_COLUMNS):
            return None
        result = self._rows[row]
        column = _COLUMNS[col]
        if role == _DISPLAY:
            if column is Column.READ:
                return self.read_of(result)
            return cell_text(result, column, self._settings)
        if role == RESULT_ROLE:
            return result
        if role == PROBABILITY_ROLE:
            return wl.probability(result, self._settings) if result.ok else None
        if role == _TOOLTIP:
            return self._tooltip(result, column)
        if role == _DECORATION:
            if column is Column.FILE and (result.flags or not result.ok):
                return self._icon(critical=not result.ok)
            return None
        if role == _FOREGROUND:
            if not result.ok and column in (Column.FILE, Column.LABEL, Column.STATUS):
                return _ERROR_BRUSH
            if not wl.in_scope(result, self._settings):
                return _SCOPE_BRUSH if column is Column.LABEL else _MUTED_BRUSH
            if column is Column.FLAGS and result.flags:
                return _WARNING_BRUSH
            return None
        if role == _FONT:
            if column is Column.LABEL and wl.is_above(result, self._settings):
                return _BOLD
            return None
        if role == _ALIGNMENT and column is Column.PROBABILITY:
            return _RIGHT
        return None

    def _icon(self, critical: bool) -> QIcon:
        """Warning / error marker for the file column (made once, from the current style)."""
        key = "critical" if critical else "warning"
        icon = self._icons.get(key)
        if icon is None:
            app = QApplication.instance()
            st = app.style() if isinstance(app, QApplication) else None
            pixmap = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if critical
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            icon = st.standardIcon(pixmap) if st is not None else QIcon()
            self._icons[key] = icon
        return icon

    def _static_sort_keys(self, result: TriageResult) -> tuple[Any, ...]:
        """Sort values that do not depend on the threshold; None where they do (type)."""
        return tuple(
            None if c is Column.LIKELY_TYPE else self._sort_value(result, c) for c in _COLUMNS
        )

    def _sort_value(self, result: TriageResult, column: Column) -> Any:
        if column is Column.READ:
            return None  # depends on the reads: computed when asked
        if column in (Column.PROBABILITY, Column.LABEL):
            return wl.risk_sort_value(result, self._settings)
        if column is Column.FILE:
            return result.path.name.lower()
        if column is Column.FLAGS:
            return len(result.flags)
        return cell_text(result, column, self._settings).lower()

    def _tooltip(self, result: TriageResult, column: Column) -> str | None:
        if column is Column.FILE:
            return printable(str(result.path))
        if column is Column.STATUS or not result.ok:
            return status_text(result)
        if not wl.in_scope(result, self._settings):
            return (
                "Out of scope: "
                + wl.scope_reason_text(result, self._settings)
                + ". Not ranked; the probability is shown for reference only."
            )
        if column is Column.FLAGS and result.flags:
            return "Treat this score with caution: " + cell_text(result, column, self._settings)
        return None


class WorklistProxy(QSortFilterProxyModel):
    """Filter (all / above threshold / flagged / out of scope / errors) + search; sorted in
    worklist order by default (ranked by risk, then out of scope, then errors)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = FilterMode.ALL
        self._query = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self.sort(Column.PROBABILITY, Qt.SortOrder.DescendingOrder)

    def setSourceModel(self, model: QAbstractTableModel) -> None:
        old = self.sourceModel()
        if isinstance(old, WorklistModel):
            old.thresholdChanged.disconnect(self._on_threshold)
        super().setSourceModel(model)
        if isinstance(model, WorklistModel):
            model.thresholdChanged.connect(self._on_threshold)

    def worklist(self) -> WorklistModel:
        model = self.sourceModel()
        assert isinstance(model, WorklistModel)
        return model

    @property
    def mode(self) -> FilterMode:
        return self._mode

    def set_mode(self, mode: FilterMode) -> None:
        if mode != self._mode:
            self.beginFilterChange()
            self._mode = mode
            self.endFilterChange()

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        text = text.strip()
        if text != self._query:
            self.beginFilterChange()
            self._query = text
            self.endFilterChange()

    def _on_threshold(self, _value: float) -> None:
        """The model does not announce sort/filter changes on a threshold move (too costly for
        every view); only this proxy knows whether its filter or sort column depends on it."""
        if self._mode is FilterMode.ABOVE_THRESHOLD:
            self.beginFilterChange()
            self.endFilterChange()
        if self.sortColumn() == Column.LIKELY_TYPE:
            self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, WorklistModel) or source_parent.isValid():
            return True
        result = model.result(source_row)
        if not matches_filter(result, self._mode, model.settings):
            return False
        return not self._query or matches_search(model.haystack(source_row), self._query)

    def result_at(self, proxy_row: int) -> TriageResult | None:
        if not 0 <= proxy_row < self.rowCount():
            return None
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.worklist().result(source.row())

    def proxy_row_of(self, result: TriageResult) -> int:
        source_row = self.worklist().row_of(result)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.worklist().index(source_row, 0)).row()

    def visible_results(self) -> Iterable[TriageResult]:
        for row in range(self.rowCount()):
            r = self.result_at(row)
            if r is not None:
                yield r


class ProbabilityDelegate(QStyledItemDelegate):
    """Paints P(pneumonia) as a bar with the threshold marked, coloured above/below it."""

    def __init__(self, model: WorklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        result = index.data(RESULT_ROLE)
        if not isinstance(result, TriageResult) or not result.ok:
            super().paint(painter, option, index)
            return
        prob = float(wl.probability(result, self._model.settings) or 0.0)
        text = format_percent(prob)
        opt = option  # no initStyleOption: it would query every role of the model per cell
        widget = opt.widget
        st = widget.style() if widget is not None else None
        if st is not None:  # selection / hover background only
            st.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        threshold = self._model.threshold
        ranked = wl.group_of(result, self._model.settings) is wl.Group.IN_SCOPE
        above = ranked and float(prob) >= threshold
        rect = QRectF(opt.rect).adjusted(4, 5, -4, -5)
        text_w = min(46.0, rect.width() * 0.45)
        bar = QRectF(rect.left(), rect.top(), max(4.0, rect.width() - text_w - 6), rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.track_color(opt.palette))
        painter.drawRoundedRect(bar, 3, 3)
        fill = QRectF(bar)
        fill.setWidth(max(2.0, bar.width() * min(max(float(prob), 0.0), 1.0)))
        if not ranked:  # out of scope: greyed, the probability is secondary
            painter.setBrush(style.OUT_OF_SCOPE_COLOR)
        else:
            painter.setBrush(style.RISK_HIGH if above else style.RISK_LOW)
        painter.drawRoundedRect(fill, 3, 3)
        tick_x = bar.left() + bar.width() * threshold
        painter.setPen(QPen(opt.palette.text().color(), 1.5))
        painter.drawLine(tick_x, bar.top() - 2, tick_x, bar.bottom() + 2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = (
            opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        )
        painter.setPen(text_color if ranked else style.OUT_OF_SCOPE_COLOR)
        if above:
            font = QFont(opt.font)
            font.setBold(True)
            painter.setFont(font)
        text_rect = QRectF(bar.right() + 4, rect.top() - 4, text_w + 2, rect.height() + 8)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()


def band_color(prob: float | None, threshold: float) -> QColor:
    """Colour of a probability relative to the threshold (shared with the details panel)."""
    if prob is None:
        return style.ERROR_COLOR
    return style.RISK_HIGH if prob >= threshold else style.RISK_LOW
