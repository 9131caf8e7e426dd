"""A decoded image prepared for the viewer, built off the GUI thread (no Qt here).

The worker turns a full-resolution ``LoadedImage`` into uint8 display pixels once, keeps the values
that window/level operates on, and drops the float copy it no longer needs, so the LRU cache holds
as many images as possible and the GUI thread only paints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from app.viewer.windowing import Window, apply_window, auto_window, to_uint8, value_span
from inference.core.types import Flag, LoadedImage
from inference.model.heatmap import colorize, upsample_cam

OVERLAY_MAX_SIDE = 512  # the heatmap is smooth: a small RGBA scaled up by the view looks the same
PYRAMID_MIN_SIDE = 640  # stop halving below this: a fitted view is rarely smaller


@dataclass(frozen=True)
class Level:
    """One resolution of the image: 1/``factor`` of the full size."""

    factor: int
    base: np.ndarray
    values: np.ndarray


def build_levels(base: np.ndarray, values: np.ndarray) -> list[Level]:
    """Full resolution plus halvings (area-averaged) while the longer side stays >= 640 px.

    The view paints the smallest level that still has a pixel per screen pixel: a fitted 7 MP
    radiograph is drawn from a ~1 MP copy, so painting and re-windowing stay cheap on the GUI
    thread.
    """
    levels = [Level(1, base, values)]
    factor = 2
    while max(base.shape[:2]) // factor >= PYRAMID_MIN_SIDE:
        size = (max(1, base.shape[1] // factor), max(1, base.shape[0] // factor))
        small_base = cv2.resize(base, size, interpolation=cv2.INTER_AREA)
        if values is base:
            small_values = small_base
        else:
            small_values = cv2.resize(values, size, interpolation=cv2.INTER_AREA)
        levels.append(Level(factor, small_base, small_values))
        factor *= 2
    return levels


@dataclass
class DisplayImage:
    """Display pixels and window/level state source for one image."""

    path: Path
    base: np.ndarray  # uint8 (h, w): the loader's own rendering (VOI LUT / windowing applied),
    # or (h, w, 3) RGB for a colour photo, shown as it is (the model still gets its grey)
    values: np.ndarray  # what window/level maps: raw modality values, or ``base`` for 8-bit images
    default_window: Window
    span: tuple[float, float]
    invert_values: bool  # raw values need inverting to show bright bones (MONOCHROME1 / INVERSE)
    has_raw: bool
    original_size: tuple[int, int]
    reduced_factor: int = 1
    bit_depth: int = 8
    format: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    flags: set[Flag] = field(default_factory=set)
    levels: list[Level] = field(default_factory=list)  # [full, 1/2, 1/4, ...]; filled if empty

    def __post_init__(self) -> None:
        if not self.levels:
            self.levels = [Level(1, self.base, self.values)]

    @property
    def colour(self) -> bool:
        return self.base.ndim == 3

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.base.shape[0]), int(self.base.shape[1])

    @property
    def nbytes(self) -> int:
        seen: set[int] = set()
        total = 0
        for level in self.levels:
            for a in (level.base, level.values):
                if id(a) not in seen:
                    seen.add(id(a))
                    total += a.nbytes
        return int(total)

    def level_for_zoom(self, zoom: float) -> int:
        """Index of the smallest level that still has at least one pixel per screen pixel."""
        best = 0
        for i, level in enumerate(self.levels):
            if 1.0 / level.factor >= zoom:
                best = i
        return best

    def render(self, window: Window | None, invert: bool, level: int = 0) -> np.ndarray:
        """uint8 pixels of a level for a window (None: the loader's rendering), maybe inverted."""
        lv = self.levels[level]
        if window is None:
            return np.ascontiguousarray(255 - lv.base) if invert else lv.base
        return apply_window(lv.values, window, invert=invert ^ self.invert_values)


def make_display_image(img: LoadedImage) -> DisplayImage:
    """Convert a loaded image for display. Runs in a worker: it touches every pixel.

    A colour photo (``display_rgb``) is shown in colour; window/level then acts on its 8-bit
    channels like on an 8-bit grey image."""
    base = to_uint8(img.pixels)
    rgb = img.display_rgb
    if rgb is not None and rgb.shape[:2] == base.shape and rgb.dtype == np.uint8:
        base = rgb
    if img.raw is not None and img.raw.shape == base.shape:
        values = np.ascontiguousarray(img.raw, dtype=np.float32)
        window = img.default_window or auto_window(values)
        span = value_span(values)
        invert_values, has_raw = bool(img.invert_raw), True
    else:
        values = base
        window, span, invert_values, has_raw = (127.5, 255.0), (0.0, 255.0), False, False
    return DisplayImage(
        path=img.path,
        base=base,
        values=values,
        default_window=(float(window[0]), float(window[1])),
        span=span,
        invert_values=invert_values,
        has_raw=has_raw,
        original_size=img.original_size,
        reduced_factor=img.reduced_factor,
        bit_depth=img.bit_depth,
        format=img.format,
        metadata=dict(img.metadata),
        flags=set(img.flags),
        levels=build_levels(base, values),
    )


def overlay_size(image_shape: tuple[int, int], max_side: int = OVERLAY_MAX_SIDE) -> tuple[int, int]:
    """(h, w) of the overlay bitmap: the image's aspect ratio, at most ``max_side``."""
    h, w = image_shape
    scale = min(1.0, max_side / max(h, w, 1))
    return max(1, round(h * scale)), max(1, round(w * scale))


def make_overlay(cam: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """RGBA uint8 heatmap at a reduced size with the image's aspect ratio; the view scales it.

    The CAM covers the whole (squashed) model input, so stretching it over the whole image is the
    correct geometric inverse of the preprocessing.
    """
    heat = upsample_cam(np.asarray(cam, dtype=np.float32), overlay_size(image_shape))
    return np.ascontiguousarray(colorize(heat, 1.0))
