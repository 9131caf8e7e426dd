"""Selection in the worklist and the image preview: which row is current, its image, the heatmap
overlay. Composed into ``MainWindow``; the current row and the image on screen go into the
``TriageState``, and a scan that ends puts the top row back if the program chose the current one."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

from app.core.settings import AppSettings
from app.state.triage_state import TriageState
from app.viewer.details_panel import DetailsPanel
from app.viewer.display_image import DisplayImage, make_overlay
from app.viewer.image_loader import ImageLoader, ViewerImage
from app.viewer.image_view import ImageView
from app.worklist.worklist_logic import status_text
from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_proxy import WorklistProxy
from inference.core.types import TriageResult
from inference.model.heatmap import result_heat

log = logging.getLogger(__name__)


class PreviewController(QObject):
    """The current row and what the image pane and the details panel show for it."""

    imageShown = Signal(object)  # TriageResult whose full-resolution image is now displayed
    overlayVisibleChanged = Signal(bool)  # for the Heatmap action's check mark
    relativeChanged = Signal(bool)  # for the Relative Heatmap action's check mark

    def __init__(
        self,
        state: TriageState,
        settings: AppSettings,
        model: WorklistModel,
        proxy: WorklistProxy,
        table: QTableView,
        loader: ImageLoader,
        view: ImageView,
        details: DetailsPanel,
        wl_label: QLabel,
    ) -> None:
        super().__init__(table)
        self.state, self.settings = state, settings
        self.model, self.proxy, self.table, self.loader = model, proxy, table, loader
        self.view, self.details, self.wl_label = view, details, wl_label
        self._auto_selecting = False
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        proxy.rowsInserted.connect(self._ensure_selection)
        proxy.layoutChanged.connect(self._keep_current_visible)
        proxy.modelReset.connect(self._ensure_selection)
        loader.loaded.connect(self._on_image_loaded)
        loader.failed.connect(self._on_image_failed)
        view.overlayVisibilityChanged.connect(self.sync_overlay_controls)
        details.overlayToggled.connect(self.set_overlay_visible)
        details.opacityChanged.connect(self.set_overlay_opacity)
        state.events.scan.connect(self._on_scan)

    # -- the current row --------------------------------------------------------------------------
    def _ensure_selection(self, *_args: object) -> None:
        """Select the top row when rows appear and nothing is selected yet."""
        if self.proxy.rowCount() and not self.table.selectionModel().currentIndex().isValid():
            self.select_row(0, auto=True)

    def _keep_current_visible(self, *_args: object) -> None:
        current = self.table.selectionModel().currentIndex()
        if current.isValid():
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)
        else:
            self._ensure_selection()

    def _on_scan(self, what: str) -> None:
        if what == "finished" and self.state.auto_selected and self.proxy.rowCount():
            self.select_row(0, auto=True)  # rows sorted in above it while scanning

    def select_row(self, proxy_row: int, auto: bool = False) -> None:
        """Make ``proxy_row`` current; ``auto`` marks a selection the user did not make."""
        index = self.proxy.index(proxy_row, 0)
        if index.isValid():
            self._auto_selecting = auto
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._auto_selecting = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = self.proxy.result_at(current.row()) if current.isValid() else None
        if not self.state.select(result, auto=self._auto_selecting):
            return
        state = self.state
        self.details.show_result(result, state.settings, state.reference_threshold)
        self.details.set_read(self.model.read_of(result) if result else "", result is not None)
        self.details.set_overlay_available(
            result is not None and result.cam is not None and not self.loader.no_heatmap(result)
        )
        if result is None:
            self.view.clear(self.tr("No image selected."))
            return
        if not result.ok:
            note = self.tr("This file could not be scored.")
            self.view.clear(f"{result.path.name}\n\n{note}\n{status_text(result)}")
            return
        if not self.loader.request(result):
            self._show_preview(result)

    def _show_preview(self, result: TriageResult) -> None:
        """Show the scan's small thumbnail at once while the full image decodes."""
        thumb = result.thumbnail
        if thumb is None:
            self.view.clear(self.tr("Loading…"))
            return
        if thumb.ndim == 3:
            thumb = thumb.mean(axis=2).astype("uint8")
        display = DisplayImage(
            path=result.path,
            base=thumb,
            values=thumb,
            default_window=(127.5, 255.0),
            span=(0.0, 255.0),
            invert_values=False,
            has_raw=False,
            original_size=thumb.shape[:2],
        )
        heat = None if self.loader.no_heatmap(result) else result_heat(result, self.loader.relative)
        overlay = make_overlay(heat, display.shape) if heat is not None else None
        self.state.set_shown_full(None)
        self.view.set_image(display, overlay)
        self.wl_label.setText(self.tr("preview (loading full resolution…)"))

    def _on_image_loaded(self, result: TriageResult, image: ViewerImage) -> None:
        if result is not self.state.current:
            return
        self.view.set_image(image.display, image.overlay)
        self.state.set_shown_full(result)
        self.details.set_overlay_available(image.overlay is not None)
        self.imageShown.emit(result)
        self.loader.prefetch(self._neighbour(+1))

    def _on_image_failed(self, result: TriageResult, message: str) -> None:
        if result is self.state.current:
            note = self.tr("Cannot display this image: %1").replace("%1", message)
            self.view.clear(f"{result.path.name}\n\n{note}")

    def _neighbour(self, step: int) -> TriageResult | None:
        current = self.table.selectionModel().currentIndex()
        if not current.isValid():
            return None
        r = self.proxy.result_at(current.row() + step)
        return r if r is not None and r.ok else None

    # -- the heatmap overlay ----------------------------------------------------------------------
    def set_overlay_visible(self, visible: bool) -> None:
        self.view.set_overlay_visible(bool(visible))
        self.settings.overlay_visible = bool(visible)
        self.sync_overlay_controls(bool(visible))

    def set_relative_heatmap(self, relative: bool) -> None:
        """Switch between the model's fixed heatmap scale and the per-image study view."""
        relative = bool(relative)
        self.settings.relative_heatmap = relative
        self.relativeChanged.emit(relative)
        self.details.legend.set_relative(relative)
        if self.loader.relative == relative:
            return
        self.loader.relative = relative
        self.loader.clear()  # cached overlays were drawn on the other scale
        current = self.state.current
        if current is not None:  # redraw the shown image on the new scale
            self._show_preview(current)
            self.loader.request(current)

    def toggle_overlay(self) -> None:
        self.set_overlay_visible(not self.view.overlay_visible)

    def sync_overlay_controls(self, visible: bool) -> None:
        self.overlayVisibleChanged.emit(visible)
        self.details.set_overlay_checked(visible)

    def set_overlay_opacity(self, opacity: float) -> None:
        self.view.set_overlay_opacity(opacity)
        self.settings.overlay_opacity = opacity
