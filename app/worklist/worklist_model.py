"""The triage table: a list model of TriageResults, a filter/sort proxy and a probability delegate.

Cell text comes from ``app.worklist.worklist_logic`` (and ``inference.triage.worklist``) so the table, the CSV and the PDF agree. Sorting uses
plain numbers and strings in ``SORT_ROLE`` so Qt compares them in C++ (no Python ``lessThan``),
which keeps inserting thousands of rows into a sorted view cheap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
)

from app.core import style
from app.worklist.worklist_logic import (
    Column,
    Summary,
    cell_text,
    column_title,
    search_haystack,
    status_text,
    summarize,
)
from app.worklist.worklist_tips import (
    caution_tip,
    header_menu_hint,
    header_tip,
    out_of_scope_tip,
)
from app.worklist.worklist_words import word
from inference.core.safe_text import printable
from inference.core.types import TriageResult
from inference.triage import worklist as wl
from inference.triage.site_reads import Read
from inference.triage.study_groups import StudyIndex
from inference.triage.worklist import TriageSettings

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RESULT_ROLE = Qt.ItemDataRole.UserRole + 2
PROBABILITY_ROLE = Qt.ItemDataRole.UserRole + 3  # float or None, for the delegate
# Sorting ascending uses its own role so that the groups (ranked, out of scope, unreadable) stay
# in that order whichever way a column is sorted: only the order *within* a group reverses.
SORT_ASC_ROLE = Qt.ItemDataRole.UserRole + 4
UNREAD = "unread"  # an extra filter of the viewer: rows without the reader's own call

_Index = QModelIndex | QPersistentModelIndex
_COLUMNS = tuple(Column)
_N_COLUMNS = len(_COLUMNS)
_RISK = (Column.PROBABILITY, Column.LABEL)  # the columns sorted by risk
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


class WorklistModel(QAbstractTableModel):
    """Rows are TriageResults in arrival order; the proxy does sorting and filtering."""

    thresholdChanged = Signal(float)
    settingsChanged = Signal()
    readsChanged = Signal()

    def __init__(self, threshold: float = 0.5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TriageResult] = []
        self._haystacks: list[str] = []
        self._sort_keys: list[tuple[Any, ...]] = []
        self._settings = TriageSettings(threshold=float(threshold))
        self._summary: Summary | None = None
        self._icons: dict[str, QIcon] = {}
        self._reads: dict[str, Read] = {}  # the reader's own calls, by image path
        self._studies: StudyIndex | None = None  # set: a study's images stay together

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
        old = self._settings
        if dataclasses.replace(settings, threshold=old.threshold, point=old.point) == old:
            # only the threshold and the operating point saying what it is: relabel, no re-sort
            self._settings = dataclasses.replace(old, point=settings.point)
            self.set_threshold(settings.threshold)
            if settings.point != old.point:
                self.settingsChanged.emit()
            return
        self.beginResetModel()
        self._settings = settings
        self._summary = None
        if self._studies is not None:
            self._studies.rebuild(self._rows, settings)
        self._sort_keys = [self._static_sort_keys(r) for r in self._rows]
        self._haystacks = [search_haystack(r, settings) for r in self._rows]
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
        self.readsChanged.emit()

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
        self.readsChanged.emit()

    def read_count(self) -> int:
        """How many rows of this worklist carry the reader's call ("N of M read")."""
        return sum(1 for r in self._rows if str(r.path) in self._reads)

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
        self._haystacks.extend(search_haystack(r, self._settings) for r in results)
        rose = self._studies.add(results, self._settings, first) if self._studies else []
        self._sort_keys.extend(self._static_sort_keys(r) for r in results)
        if self._summary is not None:
            self._summary = self._summary + summarize(results, self._settings)
        self.endInsertRows()
        for row in rose:  # an earlier image's study got a riskier image: it moves up with it
            self._sort_keys[row] = self._static_sort_keys(self._rows[row])
            self.dataChanged.emit(self.index(row, _RISK[0]), self.index(row, _RISK[1]))

    @property
    def group_by_study(self) -> bool:
        return self._studies is not None

    def set_group_by_study(self, on: bool) -> None:
        """Keep each patient's study together inside its group (``inference.triage.study_groups``)."""
        if on == self.group_by_study:
            return
        self.beginResetModel()
        self._studies = StudyIndex().rebuild(self._rows, self._settings) if on else None
        self._sort_keys = [self._static_sort_keys(r) for r in self._rows]
        self.endResetModel()

    def retranslate(self) -> None:
        """The language changed: headers, cells and the search text follow (no re-sort: the
        order never depends on the words)."""
        self._haystacks = [search_haystack(r, self._settings) for r in self._rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _N_COLUMNS - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, _N_COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last, [_DISPLAY, _TOOLTIP])

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._haystacks.clear()
        self._sort_keys.clear()
        self._studies = StudyIndex() if self._studies is not None else None
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
            return column_title(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip, hint = header_tip(column), header_menu_hint()
            return f"{tip}\n{hint}" if tip else hint
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Hot path (tens of thousands of calls per second while a scan fills the table): plain
        # ints and tuple lookups, no enum construction, unhandled roles rejected first. The
        # proxy's sorted insertion asks for SORT_ROLE most, so it is answered from a cache.
        if role in (SORT_ROLE, SORT_ASC_ROLE):
            row, col = index.row(), index.column()
            if 0 <= row < len(self._sort_keys) and 0 <= col < _N_COLUMNS:
                key = self._sort_keys[row][col]
                if key is None:
                    result, column = self._rows[row], _COLUMNS[col]
                    if column is Column.READ:
                        key = self.read_of(result)
                    else:
                        key = self._sort_value(result, column)
                return self._grouped_key(row, col, key, role == SORT_ASC_ROLE)
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
                return word(self.read_of(result))
            return cell_text(result, column, self._settings)
        if role == RESULT_ROLE:
            return result
        if role == PROBABILITY_ROLE:
            ranked = result.ok and wl.group_of(result, self._settings) is wl.Group.IN_SCOPE
            return wl.probability(result, self._settings) if ranked else None
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

    def _grouped_key(self, row: int, col: int, key: Any, ascending: bool) -> Any:
        """``key`` placed inside its row's group so that either sort order keeps the groups
        ranked, out of scope, unreadable (top to bottom)."""
        result = self._rows[row]
        group = int(wl.group_of(result, self._settings))
        rank = group if ascending else 2 - group
        if _COLUMNS[col] in (Column.PROBABILITY, Column.LABEL):
            if self._studies is not None:
                return self._studies.sort_text(result, self._settings, not ascending)
            if not ascending:
                return key  # risk_sort_value is already grouped for the default order
            p = float(result.pneumonia_prob or 0.0) if group != int(wl.Group.ERROR) else 0.0
            return group * 10.0 + p + result.index * 1e-13
        if isinstance(key, str):
            return f"{rank}{key}"
        return rank * 1_000_000 + int(key)

    def _static_sort_keys(self, result: TriageResult) -> tuple[Any, ...]:
        """Sort values that do not depend on the threshold; None where they do (type)."""
        return tuple(
            None if c is Column.LIKELY_TYPE else self._sort_value(result, c) for c in _COLUMNS
        )

    def _sort_value(self, result: TriageResult, column: Column) -> Any:
        if column is Column.READ:
            return None  # depends on the reads: computed when asked
        if column in (Column.PROBABILITY, Column.LABEL):
            if self._studies is not None:
                return self._studies.sort_text(result, self._settings)
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
            return out_of_scope_tip(wl.scope_reason_text(result, self._settings))
        if column is Column.FLAGS and result.flags:
            return caution_tip(cell_text(result, column, self._settings))
        return None
