"""Class-activation heatmaps: normalise the model's low-resolution CAM and overlay it on the image.

What the numbers mean. The model's ``cam`` output is the pneumonia logit's contribution of each
cell of a coarse grid (14x14 for a 224 input): positive = evidence for pneumonia, negative =
evidence against. Because the model input is the whole image squashed to a square (no crop, no
padding), the grid covers the entire original image, so it is stretched over the full image with
no offset. ``normalize_cam`` keeps only the positive evidence (negatives clip to 0) and divides by
a robust maximum (the 99th percentile of the positive cells) so a single extreme cell cannot wash
out the rest. The map is therefore *relative within one image*: it shows where the model looked,
not how sure it is; the probability says that. A map with no positive evidence stays all zero.

Colours: ``turbo`` (a rainbow-like but perceptually smoother map), chosen because none of its
colours is grey, so the overlay cannot be mistaken for image content; low values are transparent.
"""

from __future__ import annotations

from functools import cache

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
