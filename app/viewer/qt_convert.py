"""numpy <-> QImage conversions. QImage (not QPixmap) is safe to build on worker threads."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def gray_qimage(a: np.ndarray, copy: bool = True) -> QImage:
    """A (h, w) uint8 array as a Grayscale8 QImage.

    With ``copy=False`` the QImage shares the array's memory: the caller must keep the array alive
    as long as the image (the viewer does, to re-window without an extra copy).
    """
    a = np.ascontiguousarray(a, dtype=np.uint8)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {a.shape}")
    h, w = a.shape
    img = QImage(a.data, w, h, a.strides[0], QImage.Format.Format_Grayscale8)
    return img.copy() if copy else img


def rgb_qimage(a: np.ndarray, copy: bool = True) -> QImage:
    """(h, w, 3) uint8 RGB or (h, w, 4) RGBA as a QImage; grey is accepted too.

    ``copy=False`` shares the array's memory, as for ``gray_qimage``.
    """
    a = np.ascontiguousarray(a, dtype=np.uint8)
    if a.ndim == 2:
        return gray_qimage(a, copy)
    if a.ndim != 3 or a.shape[2] not in (3, 4):
        raise ValueError(f"expected (h, w, 3|4), got shape {a.shape}")
    h, w, c = a.shape
    fmt = QImage.Format.Format_RGB888 if c == 3 else QImage.Format.Format_RGBA8888
    img = QImage(a.data, w, h, a.strides[0], fmt)
    return img.copy() if copy else img


def qimage_to_rgb(img: QImage) -> np.ndarray:
    """A QImage as an (h, w, 3) uint8 RGB array (for tests and PNG checks)."""
    conv = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = conv.width(), conv.height(), conv.bytesPerLine()
    buf = np.frombuffer(conv.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)
    return buf[:, : w * 3].reshape(h, w, 3).copy()
