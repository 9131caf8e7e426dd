"""The worklist's filter/sort proxy: filters, search, the unread filter, and sorting that keeps
the groups (ranked, out of scope, unreadable) in order whichever way a column is sorted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.worklist.worklist_logic import (
    Column,
    FilterMode,
    live_haystack,
    matches_filter,
    matches_search,
)
from app.worklist.worklist_model import SORT_ASC_ROLE, SORT_ROLE, UNREAD, WorklistModel
from inference.core.types import TriageResult

_Index = QModelIndex | QPersistentModelIndex
_N_COLUMNS = len(Column)
translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def sort_description(column: Column, descending: bool) -> str:
    """What the sorted column's arrow means, in words (the reader's language)."""
    if column in (Column.PROBABILITY, Column.LABEL):
        way = (
            translate("Worklist", "highest risk first")
            if descending
            else translate("Worklist", "lowest risk first")
        )
    else:
        way = (
            translate("Worklist", "Z to A / largest first")
            if descending
            else translate("Worklist", "A to Z / smallest first")
        )
    return translate(
        "Worklist",
        "Sorted %1 (▼ / ▲), within each group: ranked images, then out of scope, then "
        "unreadable files. Click to reverse.",
    ).replace("%1", way)


class WorklistProxy(QSortFilterProxyModel):
    """Filter (all / above threshold / flagged / out of scope / errors) + search; sorted in
    worklist order by default (ranked by risk, then out of scope, then errors)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = FilterMode.ALL
        self._unread = False
        self._query = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self.sort(Column.PROBABILITY, Qt.SortOrder.DescendingOrder)

    def setSourceModel(self, model: QAbstractTableModel) -> None:
        old = self.sourceModel()
        if isinstance(old, WorklistModel):
            old.thresholdChanged.disconnect(self._on_threshold)
            old.readsChanged.disconnect(self._on_reads)
        super().setSourceModel(model)
        if isinstance(model, WorklistModel):
            model.thresholdChanged.connect(self._on_threshold)
            model.readsChanged.connect(self._on_reads)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort within groups: ranked, out of scope and unreadable rows never change places."""
        ascending = order == Qt.SortOrder.AscendingOrder
        self.setSortRole(SORT_ASC_ROLE if ascending else SORT_ROLE)
        super().sort(column, order)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _N_COLUMNS - 1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The sorted column says which way, in words in its tooltip (Qt's own arrow is
        ambiguous: some styles draw ▲ for descending)."""
        value = super().headerData(section, orientation, role)
        if orientation != Qt.Orientation.Horizontal or section != self.sortColumn():
            return value
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value} {'▼' if descending else '▲'}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sort_description(Column(section), descending)}\n{value or ''}".rstrip()
        return value

    def worklist(self) -> WorklistModel:
        model = self.sourceModel()
        assert isinstance(model, WorklistModel)
        return model

    @property
    def mode(self) -> FilterMode:
        return self._mode

    @property
    def unread_only(self) -> bool:
        return self._unread

    def set_mode(self, mode: FilterMode | str) -> None:
        """A worklist filter, or ``UNREAD``: rows without the reader's own call yet."""
        unread = mode == UNREAD
        mode = FilterMode.ALL if unread else FilterMode(mode)
        if mode != self._mode or unread != self._unread:
            self.beginFilterChange()
            self._mode, self._unread = mode, unread
            self.endFilterChange()

    def _on_reads(self) -> None:
        if self._unread:
            self.beginFilterChange()
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
        if self._mode is FilterMode.ABOVE_THRESHOLD or self._query:  # labels are searched too
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
        if self._unread and str(result.path) in model.reads:
            return False
        if not self._query:
            return True
        haystack = model.haystack(source_row) + live_haystack(result, model.settings)
        return matches_search(haystack, self._query)

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
