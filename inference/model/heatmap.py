"""Class-activation heatmaps: scale the model's low-resolution CAM and overlay it on the image.

What the numbers mean. The model's ``cam`` output is the pneumonia logit's contribution of each
cell of a coarse grid (14x14 for a 224 input): positive = evidence for pneumonia, negative =
evidence against. Because the model input is the whole image squashed to a square (no crop, no
padding), the grid covers the entire original image, so it is stretched over the full image with
no offset.

Two scales. **Absolute** (the default, ``absolute_heat``): positive evidence divided by one number
fixed by the model (``cam_scale`` in its contract, measured on the training images), so full
colour means the same strength of evidence on every film and a film the model calls normal shows
little or no colour. **Relative** (``normalize_cam``, for study only): divided by the image's own
robust maximum, so every film shows its strongest region in full colour whatever its score.
Where heat may show. With the lung-field model (``inference.model.lung_fields``), the displayed heat is
the evidence times a soft mask of the two lung fields (each lung's hull, slightly dilated: the lung
behind the heart and dense consolidation count, arms, neck, mediastinum and abdomen do not). Without
it (a custom model folder with no lung model), heat outside the body outline (``body_grid``) is
suppressed. The relative view shows the raw map, unmasked.

Colours: ``turbo`` (a rainbow-like but perceptually smoother map), chosen because none of its
colours is grey, so the overlay cannot be mistaken for image content; low values are transparent.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import cv2
import numpy as np

COLORMAP_NAME = "turbo"
ROBUST_PERCENTILE = 99.0
#: Heat below this is fully transparent in overlays: faint evidence is noise, not a finding.
TRANSPARENT_BELOW = 0.15
_EPS = 1e-6


def normalize_cam(cam: np.ndarray) -> np.ndarray:
    """Positive evidence only, divided by a robust maximum; float32 in [0, 1], same shape."""
    cam = np.nan_to_num(np.asarray(cam, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if cam.ndim != 2:
        raise ValueError(f"expected a 2-D CAM, got shape {cam.shape}")
    pos = np.maximum(cam, 0.0)
    positive = pos[pos > 0]
    if positive.size == 0:
        return np.zeros_like(pos)
    top = _percentile(positive, ROBUST_PERCENTILE)
    if top <= _EPS:
        return np.zeros_like(pos)
    return np.clip(pos / top, 0.0, 1.0).astype(np.float32, copy=False)


def absolute_heat(cam: np.ndarray, scale: float, floor: float = 0.0) -> np.ndarray:
    """Evidence on the model's fixed scale: 0 at ``floor`` (the level normal films commonly reach),
    1 at ``scale`` (a typical pneumonia film's strongest region), clipped to [0, 1]."""
    cam = np.nan_to_num(np.asarray(cam, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if cam.ndim != 2:
        raise ValueError(f"expected a 2-D CAM, got shape {cam.shape}")
    if not scale > max(floor, 0.0) + _EPS:
        raise ValueError(f"the CAM scale must be above its floor, got {scale} <= {floor}")
    lo = np.float32(max(floor, 0.0))
    return np.clip((cam - lo) * np.float32(1.0 / (scale - lo)), 0.0, 1.0)


#: Grey level (of the model plane, in [0, 1] after a 1-99% stretch) above which a pixel may be body.
BODY_LEVEL = 0.12


#: Side of the working image for the outline: 56 px is ample for a 14x14 CAM grid and 16x cheaper
#: than the 224-px model plane (the outline was a quarter of the per-image decode time).
BODY_WORK_SIZE = 56


def _body_mask_small(plane: np.ndarray) -> np.ndarray:
    x = cv2.resize(
        np.asarray(plane, dtype=np.float32), (BODY_WORK_SIZE, BODY_WORK_SIZE),
        interpolation=cv2.INTER_AREA,
    )  # fmt: skip
    lo, hi = np.percentile(x, [1.0, 99.0])
    if hi - lo < 1e-3:
        return np.ones(x.shape, bool)
    x = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
    x = cv2.GaussianBlur(x, (0, 0), 0.5)
    fg = (x > BODY_LEVEL).astype(np.uint8)
    fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    if n <= 1:
        return np.ones(x.shape, bool)
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (labels == largest).astype(np.uint8)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(np.concatenate(contours))
    mask = np.zeros_like(region)
    cv2.fillPoly(mask, [hull], 1)
    if mask.mean() < 0.2:  # implausibly small: do not trust it
        return np.ones(x.shape, bool)
    return mask.astype(bool)


def body_mask(plane: np.ndarray) -> np.ndarray:
    """The patient's outline on the model plane (H, W in [0, 1]): bool, True inside the body.

    Radiographs show the body brighter than the air around it. The plane (reduced to 56 px) is
    stretched between its 1st and 99th percentiles, thresholded low, closed, and the largest region
    kept and filled (so the dark lungs inside the ribs count as body); its convex hull smooths the
    outline. A film with no clear background (tightly collimated) comes out all body: nothing is
    suppressed then.
    """
    small = _body_mask_small(plane).astype(np.uint8)
    h, w = np.asarray(plane).shape[:2]
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)


def body_grid(plane: np.ndarray, grid: tuple[int, int]) -> np.ndarray:
    """Share of each CAM cell inside the body outline (float32 in [0, 1], shape ``grid``)."""
    mask = _body_mask_small(plane).astype(np.float32)
    return cv2.resize(mask, (grid[1], grid[0]), interpolation=cv2.INTER_AREA)


def display_heat(
    cam: np.ndarray, scale: float | None, mask: np.ndarray | None = None, floor: float = 0.0
) -> np.ndarray:
    """The heat the app shows: absolute when the model has a scale (relative for 1.x models),
    times a mask of where heat may be shown.

    ``mask`` is the lung fields' soft mask (uint8 0-255 or float in [0, 1], any finer grid: the
    heat is stretched onto it, so the result has the mask's shape), or, without a lung model,
    the share of each CAM cell inside the body outline (same shape as the CAM)."""
    heat = absolute_heat(cam, scale, floor) if scale else normalize_cam(cam)
    if mask is None:
        return heat.astype(np.float32, copy=False)
    m = np.asarray(mask)
    m = m.astype(np.float32) * np.float32(1.0 / 255.0) if m.dtype == np.uint8 else m
    m = np.clip(m.astype(np.float32, copy=False), 0.0, 1.0)
    if m.shape != heat.shape:
        heat = upsample_cam(heat, m.shape)
    return (heat * m).astype(np.float32, copy=False)


def result_heat(result: Any, relative: bool = False) -> np.ndarray | None:
    """The heat to draw for a ``TriageResult``: its displayed heat (absolute, inside the lung
    fields), or (``relative``, for study) the model's raw map scaled to the image's own maximum,
    unmasked: the study view shows everything the model looked at."""
    if relative and getattr(result, "cam_raw", None) is not None:
        return normalize_cam(result.cam_raw)
    return result.cam


def _percentile(values: np.ndarray, q: float) -> float:
    """``np.percentile(values, q)`` (linear method) for a small 1-D array, without its ~0.2 ms
    of per-call overhead, which was most of the per-image cost of normalising a 14x14 CAM."""
    v = np.sort(values.astype(np.float64, copy=False))
    pos = (v.size - 1) * (q / 100.0)
    lo = int(pos)
    if lo >= v.size - 1:
        return float(v[-1])
    return float(v[lo] + (v[lo + 1] - v[lo]) * (pos - lo))


def upsample_cam(cam: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Stretch a normalised CAM over an image of ``shape`` (h, w); float32 in [0, 1].

    Bicubic when enlarging (smooth blobs rather than 14x14 squares), area when shrinking. Values
    are clipped because bicubic overshoots slightly around strong edges.
    """
    h, w = int(shape[0]), int(shape[1])
    if h <= 0 or w <= 0:
        raise ValueError(f"invalid target shape {shape}")
    cam = np.asarray(cam, dtype=np.float32)
    if cam.ndim != 2:
        raise ValueError(f"expected a 2-D CAM, got shape {cam.shape}")
    if cam.shape == (h, w):
        return np.clip(cam, 0.0, 1.0)
    enlarging = h >= cam.shape[0] and w >= cam.shape[1]
    interp = cv2.INTER_CUBIC if enlarging else cv2.INTER_AREA
    out = cv2.resize(cam, (w, h), interpolation=interp)
    return np.clip(out, 0.0, 1.0, out=out)


@cache
def _lut() -> np.ndarray:
    ramp = np.arange(256, dtype=np.uint8).reshape(256, 1)
    bgr = cv2.applyColorMap(ramp, cv2.COLORMAP_TURBO).reshape(256, 3)
    lut = np.ascontiguousarray(bgr[:, ::-1])
    lut.setflags(write=False)
    return lut


def colormap_lut() -> np.ndarray:
    """The colour scale as a (256, 3) uint8 RGB table, index 0 = no evidence; for legends."""
    return _lut().copy()


def _alpha_ramp(heat: np.ndarray) -> np.ndarray:
    """0 below TRANSPARENT_BELOW, rising linearly to 1 at heat 1."""
    return np.clip((heat - TRANSPARENT_BELOW) / (1.0 - TRANSPARENT_BELOW), 0.0, 1.0)


_LEVELS = np.arange(256, dtype=np.float32) / 255.0


def _heat_index(heat: np.ndarray) -> np.ndarray:
    """Heat in [0, 1] quantised to the 256 colour-table entries (uint8, rounded, saturated)."""
    heat = np.asarray(heat, dtype=np.float32)
    if heat.ndim != 2:
        raise ValueError(f"expected a 2-D heat map, got shape {heat.shape}")
    heat = np.nan_to_num(heat, nan=0.0, posinf=1.0, neginf=0.0)
    return cv2.convertScaleAbs(np.clip(heat, 0.0, 1.0), alpha=255.0)


def colorize(heat: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    """RGBA uint8 overlay of a [0, 1] heat map; opacity grows with heat up to ``alpha``.

    Implemented as one 256-entry lookup (colour and opacity depend only on the quantised heat),
    so it is cheap enough to redo on every opacity-slider move at full image size.
    """
    idx = _heat_index(heat)
    table = np.empty((256, 1, 4), dtype=np.uint8)
    table[:, 0, :3] = _lut()
    a = float(np.clip(alpha, 0.0, 1.0))
    table[:, 0, 3] = np.rint(_alpha_ramp(_LEVELS) * (a * 255.0)).astype(np.uint8)
    return cv2.LUT(cv2.merge([idx] * 4), table)


def to_gray_u8(gray: np.ndarray) -> np.ndarray:
    """A display grey image (float in [0, 1], or uint8/uint16) as uint8."""
    gray = np.asarray(gray)
    if gray.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {gray.shape}")
    if gray.dtype == np.uint8:
        return gray
    if gray.dtype == np.uint16:
        return (gray >> 8).astype(np.uint8)
    g = np.clip(np.nan_to_num(gray.astype(np.float32, copy=False)), 0.0, 1.0)
    return cv2.convertScaleAbs(g, alpha=255.0)


def blend(gray: np.ndarray, heat: np.ndarray, opacity: float) -> np.ndarray:
    """RGB uint8 of the grey image with the heat overlay, for PNG export and reports.

    ``heat`` may be the low-resolution CAM (already normalised): it is upsampled to the image.
    Same colours and opacity ramp as ``colorize``.
    """
    g = to_gray_u8(gray)
    heat = np.asarray(heat, dtype=np.float32)
    if heat.shape != g.shape:
        heat = upsample_cam(heat, g.shape)
    idx = _heat_index(heat)
    colour = cv2.LUT(cv2.merge([idx] * 3), _lut().reshape(256, 1, 3))
    a = float(np.clip(opacity, 0.0, 1.0))
    weights = (_alpha_ramp(_LEVELS) * a).astype(np.float32).reshape(256, 1)
    w = cv2.LUT(idx, weights)
    return cv2.blendLinear(colour, cv2.merge([g] * 3), w, 1.0 - w)
