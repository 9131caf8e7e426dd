"""Window/level arithmetic for display, Qt-free and fast enough to run on every mouse move.

A window is ``(centre, width)`` in the image's value units: modality units for a DICOM's raw values,
0..255 for an 8-bit display image. ``apply_window`` uses OpenCV (multi-threaded, GIL released) so a
7-megapixel radiograph re-windows in a few milliseconds instead of tens with plain numpy.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from inference.core.i18n import _, format_number, format_percent

Window = tuple[float, float]  # (centre, width)

MIN_WIDTH_FRACTION = 1e-3  # narrowest window, as a fraction of the value span
DRAG_PIXELS_FOR_FULL_SPAN = 600.0  # dragging this many pixels moves the window by the full span


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    """Float image in [0, 1] (the loader's display pixels) to uint8, rounding, no copy if uint8."""
    if pixels.dtype == np.uint8:
        return pixels
    out = cv2.convertScaleAbs(np.clip(pixels, 0.0, 1.0).astype(np.float32, copy=False), alpha=255.0)
    return np.ascontiguousarray(out)


def value_span(values: np.ndarray) -> tuple[float, float]:
    """(min, max) of the values, from a subsample so it is cheap on large images."""
    if values.dtype == np.uint8:
        return 0.0, 255.0
    sample = values[:: max(1, values.shape[0] // 512), :: max(1, values.shape[1] // 512)]
    finite = sample[np.isfinite(sample)]
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def auto_window(values: np.ndarray, low_pct: float = 0.5, high_pct: float = 99.5) -> Window:
    """A robust default window (percentiles of a subsample) when the file gives none."""
    sample = values[:: max(1, values.shape[0] // 512), :: max(1, values.shape[1] // 512)]
    finite = sample[np.isfinite(sample)].astype(np.float64)
    if finite.size == 0:
        return 0.5, 1.0
    lo, hi = np.percentile(finite, [low_pct, high_pct])
    if hi <= lo:
        lo, hi = float(finite.min()), float(finite.max())
    if hi <= lo:
        hi = lo + 1.0
    return (float(lo) + float(hi)) / 2.0, float(hi) - float(lo)


def clamp_window(window: Window, span: tuple[float, float]) -> Window:
    """Keep the width positive and the centre within a span's reach, so a wild drag recovers."""
    lo, hi = span
    full = max(hi - lo, 1e-6)
    centre, width = window
    width = min(max(width, full * MIN_WIDTH_FRACTION), full * 4.0)
    centre = min(max(centre, lo - full), hi + full)
    return centre, width


def drag_window(start: Window, dx: float, dy: float, span: tuple[float, float]) -> Window:
    """The window after a right-drag of (dx, dy) screen pixels from ``start``.

    Right widens the window (less contrast), down raises the level (darker image), the usual PACS
    convention. The step scales with the image's value span so 8-bit and 16-bit images feel alike.
    """
    full = max(span[1] - span[0], 1e-6)
    step = full / DRAG_PIXELS_FOR_FULL_SPAN
    centre, width = start
    return clamp_window((centre + dy * step, width + dx * step), span)


def apply_window(values: np.ndarray, window: Window, invert: bool = False) -> np.ndarray:
    """Map ``values`` through a linear window to uint8 (bright = high value unless ``invert``)."""
    centre, width = window
    width = max(float(width), 1e-6)
    lo = float(centre) - width / 2.0
    scale = 255.0 / width
    if values.dtype == np.uint8:
        ramp = (np.arange(256, dtype=np.float32) - lo) * scale
        lut = np.clip(np.rint(ramp), 0, 255).astype(np.uint8)
        out = cv2.LUT(values, lut)
    else:
        src = values if values.dtype == np.float32 else values.astype(np.float32)
        clipped = cv2.max(src, lo)  # convertScaleAbs takes |x|: keep alpha*x+beta >= 0
        out = cv2.convertScaleAbs(clipped, alpha=scale, beta=-lo * scale)
    if invert:
        out = cv2.bitwise_not(out)
    return np.ascontiguousarray(out)


def describe_window(window: Window | None) -> str:
    """Short readout for the viewer's toolbar, in the reader's language (W/L stays: the DICOM
    abbreviation radiographers know in every language; the numbers use its separators)."""
    if window is None:
        return _("W/L: default")
    centre, width = window
    digits = 0 if max(abs(centre), abs(width)) >= 10 else 3
    return _("W {width} / L {centre}").format(
        width=format_number(width, digits), centre=format_number(centre, digits)
    )


def describe_zoom(zoom: float) -> str:
    """The zoom readout in the reader's language: 0.43 → '43%' (en), '43 %' (fr); '' with no
    image (a zoom of 0)."""
    return format_percent(zoom) if zoom > 0 else ""


def is_finite_window(window: Window) -> bool:
    return all(math.isfinite(v) for v in window) and window[1] > 0
