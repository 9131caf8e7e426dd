"""The radiograph view: fit / zoom / pan / 1:1, window/level by right-drag, invert, heatmap overlay.

Thin Qt: pixels arrive ready (``DisplayImage`` built on a worker), window arithmetic lives in
``app.viewer.windowing``; this class only turns them into pixmaps and handles the mouse. The heatmap is a
small RGBA pixmap stretched over the image by the scene transform, so changing its opacity is free.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from app.viewer.display_image import DisplayImage
from app.viewer.qt_convert import rgb_qimage
from app.viewer.windowing import Window, describe_window, drag_window

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
WHEEL_STEP = 1.2


class ImageView(QGraphicsView):
    """Shows one DisplayImage with an optional heatmap; emits what changed for the toolbar."""

    windowChanged = Signal(str)  # readout text
    zoomChanged = Signal(float)  # view scale (1.0 = one image pixel per screen pixel)
    overlayVisibilityChanged = Signal(bool)
    invertChanged = Signal(bool)
    stepRequested = Signal(int)  # Up/Down on the image: previous/next worklist row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor(12, 12, 14))
        self.setAcceptDrops(False)  # drops go to the main window (open folder)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)

        # Scene coordinates are full-resolution image pixels; each item scales its own bitmap.
        self._image_item = QGraphicsPixmapItem()
        self._image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._overlay_item = QGraphicsPixmapItem()
        self._overlay_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._overlay_item.setZValue(1)
        self.scene().addItem(self._image_item)
        self.scene().addItem(self._overlay_item)
        self._image_item.setVisible(False)
        self._level = 0

        self._display: DisplayImage | None = None
        self._pixels: np.ndarray | None = None  # keeps the QImage's shared buffer alive
        self._window: Window | None = None
        self._invert = False
        self._overlay_visible = True
        self._overlay_opacity = 0.45
        self._has_overlay = False
        self._fit_mode = True
        self._message = self.welcome_text()
        self._welcome = True  # the message is the welcome text: it follows the language
        self._wl_start: tuple[QPointF, Window] | None = None
        self._pending_window: Window | None = None
        self._rewindow_timer = QTimer(self)
        self._rewindow_timer.setSingleShot(True)
        self._rewindow_timer.setInterval(0)  # coalesce a burst of mouse moves into one render
        self._rewindow_timer.timeout.connect(self._apply_pending_window)

    # -- content ---------------------------------------------------------------------------------
    @property
    def display(self) -> DisplayImage | None:
        return self._display

    def set_message(self, text: str) -> None:
        """Text shown when there is no image (empty worklist, loading, or why it failed)."""
        self._message, self._welcome = text, False
        self.viewport().update()

    def welcome_text(self) -> str:
        return self.tr("Open a folder (Ctrl+O) or drop images here to start.")

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: the welcome text and the W/L and zoom readouts follow (other
        messages come from the window, which sets them again)."""
        if event.type() == QEvent.Type.LanguageChange:
            if self._welcome:
                self._message = self.welcome_text()
            if self._display is not None:
                self.windowChanged.emit(self.window_text())
                self.zoomChanged.emit(self.zoom())  # the readout's percent sign moves ("43 %")
            self.viewport().update()
        super().changeEvent(event)

    def clear(self, message: str | None = None) -> None:
        """No image: show ``message`` centred, no scroll bars, empty readouts."""
        self._display = None
        self._pixels = None
        self._image_item.setVisible(False)
        self._image_item.setPixmap(QPixmap())
        self._overlay_item.setPixmap(QPixmap())
        self._has_overlay = False
        self.resetTransform()
        self.scene().setSceneRect(QRectF(0, 0, 1, 1))
        if message is not None:
            self._message, self._welcome = message, False
        self.windowChanged.emit("")
        self.zoomChanged.emit(0.0)
        self.viewport().update()

    def set_image(
        self, display: DisplayImage, overlay: np.ndarray | None, keep_view: bool = False
    ) -> None:
        """Show a new image (window reset to its default rendering, invert kept)."""
        same_size = self._display is not None and self._display.shape == display.shape
        self._display = display
        self._window = None
        h, w = display.shape
        self.scene().setSceneRect(QRectF(0, 0, w, h))
        if not (keep_view and same_size) or self._fit_mode:
            self._fit_transform()
        self._level = display.level_for_zoom(self._device_zoom())
        self._render()
        self.set_overlay(overlay)
        self._image_item.setVisible(True)
        if not (keep_view and same_size) or self._fit_mode:
            self.zoomChanged.emit(self.zoom())
        self.windowChanged.emit(self.window_text())
        self.viewport().update()

    def set_overlay(self, overlay: np.ndarray | None) -> None:
        """RGBA heatmap at any size; it is stretched over the image."""
        if overlay is None or self._display is None:
            self._overlay_item.setPixmap(QPixmap())
            self._has_overlay = False
        else:
            pix = QPixmap.fromImage(rgb_qimage(overlay))
            self._overlay_item.setPixmap(pix)
            h, w = self._display.shape
            self._overlay_item.setTransform(
                QTransform.fromScale(w / max(1, pix.width()), h / max(1, pix.height()))
            )
            self._has_overlay = True
        self._sync_overlay()

    @property
    def has_overlay(self) -> bool:
        return self._has_overlay

    # -- overlay -----------------------------------------------------------------------------------
    @property
    def overlay_visible(self) -> bool:
        return self._overlay_visible

    def set_overlay_visible(self, visible: bool) -> None:
        if visible != self._overlay_visible:
            self._overlay_visible = visible
            self._sync_overlay()
            self.overlayVisibilityChanged.emit(visible)

    def toggle_overlay(self) -> None:
        self.set_overlay_visible(not self._overlay_visible)

    @property
    def overlay_opacity(self) -> float:
        return self._overlay_opacity

    def set_overlay_opacity(self, opacity: float) -> None:
        self._overlay_opacity = min(max(float(opacity), 0.0), 1.0)
        self._sync_overlay()

    def overlay_shown(self) -> bool:
        """True when a heatmap is actually drawn (present, toggled on, not fully transparent)."""
        return self._has_overlay and self._overlay_item.isVisible()

    def _sync_overlay(self) -> None:
        self._overlay_item.setOpacity(self._overlay_opacity)
        self._overlay_item.setVisible(self._has_overlay and self._overlay_visible)

    # -- window / level, invert -----------------------------------------------------------------
    @property
    def window(self) -> Window | None:
        return self._window

    def window_text(self) -> str:
        if self._display is None:
            return ""
        return describe_window(self._window)

    def set_window(self, window: Window | None) -> None:
        self._window = window
        self._render()
        self.windowChanged.emit(self.window_text())

    def reset_window(self) -> None:
        self.set_window(None)

    @property
    def inverted(self) -> bool:
        return self._invert

    def set_inverted(self, invert: bool) -> None:
        if invert != self._invert:
            self._invert = invert
            self._render()
            self.invertChanged.emit(invert)

    def rendered_pixels(self) -> np.ndarray | None:
        """Full-resolution uint8 pixels as shown (window and invert applied); for export/tests."""
        if self._display is None:
            return None
        return self._display.render(self._window, self._invert)

    @property
    def level(self) -> int:
        """Index of the pyramid level being painted (0 = full resolution)."""
        return self._level

    def _render(self) -> None:
        """Render only the level on screen: a fitted view re-windows ~1 MP, not the full image."""
        if self._display is None:
            return
        pixels = self._display.render(self._window, self._invert, self._level)
        self._pixels = pixels
        self._image_item.setPixmap(QPixmap.fromImage(rgb_qimage(pixels, copy=False)))
        h, w = self._display.shape
        self._image_item.setTransform(
            QTransform.fromScale(w / pixels.shape[1], h / pixels.shape[0])
        )

    def _device_zoom(self) -> float:
        return self.zoom() * self.devicePixelRatioF()

    def _update_level(self) -> None:
        if self._display is None:
            return
        level = self._display.level_for_zoom(self._device_zoom())
        if level != self._level:
            self._level = level
            self._render()

    def _apply_pending_window(self) -> None:
        if self._pending_window is not None:
            self.set_window(self._pending_window)
            self._pending_window = None

    # -- zoom ------------------------------------------------------------------------------------
    def zoom(self) -> float:
        return float(self.transform().m11())

    def fit(self) -> None:
        """Whole image in the view (and keep fitting as the window is resized)."""
        self._fit_mode = True
        if self._display is None:
            return
        self._fit_transform()
        self._update_level()
        self.zoomChanged.emit(self.zoom())

    def _fit_transform(self) -> None:
        self.resetTransform()
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        """One image pixel per screen pixel, centred where the view was."""
        self._fit_mode = False
        centre = self.mapToScene(self.viewport().rect().center())
        self.setTransform(QTransform())
        self.centerOn(centre)
        self._update_level()
        self.zoomChanged.emit(self.zoom())

    def zoom_by(self, factor: float) -> None:
        if self._display is None:
            return
        current = self.zoom()
        target = min(max(current * factor, MIN_ZOOM), MAX_ZOOM)
        if target == current:
            return
        self._fit_mode = False
        self.scale(target / current, target / current)
        self._update_level()
        self.zoomChanged.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(WHEEL_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode and self._display is not None:
            self.fit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.fit()
        else:
            super().mouseDoubleClickEvent(event)

    # -- right-drag window/level ---------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton and self._display is not None:
            start = self._window or self._display.default_window
            self._wl_start = (event.position(), start)
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._wl_start is not None and self._display is not None:
            origin, start = self._wl_start
            delta = event.position() - origin
            self._pending_window = drag_window(start, delta.x(), delta.y(), self._display.span)
            self._rewindow_timer.start()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton and self._wl_start is not None:
            self._wl_start = None
            self._apply_pending_window()
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        event.accept()  # right button is window/level, not a menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down move through the worklist even after a click on the image (left/right and
        the rest still pan): the reader never has to click back into the table."""
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == Qt.KeyboardModifier.NoModifier:
            self.stepRequested.emit(1 if key == Qt.Key.Key_Down else -1)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # -- empty state ---------------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.hasFocus():  # visible keyboard focus: a highlight frame inside the view
            painter.save()
            painter.resetTransform()
            painter.setPen(QPen(self.palette().highlight().color(), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.viewport().rect()).adjusted(1.5, 1.5, -1.5, -1.5))
            painter.restore()
        if self._display is not None or not self._message:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor(170, 174, 182))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.drawText(
            self.viewport().rect().adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self._message,
        )
        painter.restore()
