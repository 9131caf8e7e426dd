"""Saving and restoring the window's layout and view preferences between sessions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.window.layout_sizes import first_run_geometry, geometry_fits
from app.worklist.worklist_logic import Column


def restore_layout(window: Any) -> None:
    """Geometry (kept on screen), dock and toolbar state, splitter, columns, overlay, theme."""
    s = window.settings
    geometry = s.geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    available = window.screen().availableGeometry()
    if geometry is None or not geometry_fits(window.geometry(), available):
        window.setGeometry(first_run_geometry(available))
    state = s.window_state()
    if state is not None:
        window.restoreState(state)
    splitter = s.splitter_state()
    if splitter is not None:
        window.splitter.restoreState(splitter)
    header = s.header_state()
    if header is not None:
        window.table.horizontalHeader().restoreState(header)
        window.worklist_panel.auto_fit_columns = False  # the user's saved columns win
        window.table.sortByColumn(Column.PROBABILITY, Qt.SortOrder.DescendingOrder)
    opacity = s.overlay_opacity
    window.view.set_overlay_opacity(opacity)
    window.details.set_opacity(opacity)
    visible = s.overlay_visible
    window.view.set_overlay_visible(visible)
    window.preview.sync_overlay_controls(visible)
    window.theme_actions[s.theme].setChecked(True)
    if s.relative_heatmap:
        window.preview.set_relative_heatmap(True)
    window.scanning.rebuild_recent_menu()


def save_layout(window: Any) -> None:
    window.settings.save_layout(
        window.saveGeometry(),
        window.saveState(),
        window.splitter.saveState(),
        window.table.horizontalHeader().saveState(),
    )
    window.settings.sync()
