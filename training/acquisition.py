"""Acquisition shift: how the same child's film looks after another machine, another processing
chain, another export. Two sets of transforms on uint8 (H, W) images:

* ``acquisition_augment`` — random, moderate, used in training on every image (in and out of scope,
  so the scope output cannot use the artefacts themselves as a cue).
* ``shift_image`` / ``shifted_copy`` — a *different and stronger* set, applied with a fixed seed to
  the validation children to make the "shifted validation" that chooses the epoch, the temperature
  and the threshold. Some of its transforms (CLAHE, S-curves, collimation frames, a different
  marker font, heavy down-sampling) never appear in training, as at a new site.

Geometric jitter (rotation, zoom, shift, aspect) lives in training.augment, on tensors.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_MARKER_TEXT = ("L", "R", "AP", "PA", "SUPINE", "PORTABLE", "ERECT", "1", "2", "MOBILE")


def _jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - OpenCV always encodes a uint8 plane
        return img
    out = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    return out if out is not None else img


def _unsharp(img: np.ndarray, sigma: float, amount: float) -> np.ndarray:
    f = img.astype(np.float32)
    blur = cv2.GaussianBlur(f, (0, 0), sigma)
    return np.clip(f + amount * (f - blur), 0, 255).astype(np.uint8)


def _window(img: np.ndarray, lo_q: float, hi_q: float) -> np.ndarray:
    lo, hi = np.percentile(img, [lo_q * 100, hi_q * 100])
    if hi - lo < 8:
        return img
    f = (img.astype(np.float32) - lo) * (255.0 / (hi - lo))
    return np.clip(f, 0, 255).astype(np.uint8)


def _curve(img: np.ndarray, gamma: float, s: float) -> np.ndarray:
    """Gamma then a sigmoid S-curve of strength ``s`` (0 = none): a processing look-up table."""
    x = np.arange(256, dtype=np.float32) / 255.0
    y = x**gamma
    if s > 0:
        k = 4.0 + 8.0 * s
        sig = 1.0 / (1.0 + np.exp(-k * (y - 0.5)))
        lo, hi = 1.0 / (1.0 + np.exp(k * 0.5)), 1.0 / (1.0 + np.exp(-k * 0.5))
        y = (sig - lo) / (hi - lo)
    lut = np.clip(y * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return cv2.LUT(img, lut)


def _resample(img: np.ndarray, factor: float) -> np.ndarray:
    h, w = img.shape
    small = cv2.resize(
        img, (max(8, int(w * factor)), max(8, int(h * factor))), interpolation=cv2.INTER_AREA
    )
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _markers(
    img: np.ndarray, rng: np.random.Generator, n: int, font: int, scale: tuple[float, float]
) -> np.ndarray:
    """Burned-in side markers, labels and bright tags near the edges, as on real films."""
    out = img.copy()
    h, w = out.shape
    for _ in range(n):
        text = str(rng.choice(_MARKER_TEXT))
        sc = float(rng.uniform(*scale)) * w / 224.0
        thick = max(1, round(sc * 1.5))
        (tw, th), _ = cv2.getTextSize(text, font, sc, thick)
        edge = rng.integers(4)
        x = int(rng.uniform(2, max(3, w - tw - 2)))
        y = int(rng.uniform(th + 2, max(th + 3, h - 2)))
        if edge == 0:
            y = int(rng.uniform(th + 2, th + 2 + 0.15 * h))
        elif edge == 1:
            y = int(rng.uniform(h - 0.15 * h, h - 2))
        elif edge == 2:
            x = int(rng.uniform(2, 2 + 0.12 * w))
        else:
            x = int(rng.uniform(max(2, w - tw - 2 - 0.12 * w), max(3, w - tw - 2)))
        value = int(rng.uniform(190, 256))
        if rng.random() < 0.3:  # a tag: bright box with dark text
            cv2.rectangle(out, (x - 2, y - th - 2), (x + tw + 2, y + 3), value, -1)
            cv2.putText(out, text, (x, y), font, sc, int(rng.uniform(0, 60)), thick, cv2.LINE_AA)
        else:
            cv2.putText(out, text, (x, y), font, sc, value, thick, cv2.LINE_AA)
    return out


@dataclass(frozen=True)
class AcquisitionConfig:
    """Probabilities and ranges of the training-time acquisition transforms."""

    p_window: float = 0.3
    p_unsharp: float = 0.3
    p_jpeg: float = 0.35
    p_resample: float = 0.25
    p_markers: float = 0.35
    p_noise: float = 0.2
    jpeg_quality: tuple[int, int] = (35, 95)
    unsharp_amount: tuple[float, float] = (0.3, 1.2)
    resample: tuple[float, float] = (0.45, 0.85)


def acquisition_augment(
    img: np.ndarray, rng: np.random.Generator, cfg: AcquisitionConfig = AcquisitionConfig()
) -> np.ndarray:
    """One random, moderate acquisition change of a uint8 (H, W) film (training)."""
    out = img
    if rng.random() < cfg.p_window:
        out = _window(out, rng.uniform(0.0, 0.08), rng.uniform(0.92, 1.0))
    if rng.random() < cfg.p_unsharp:
        out = _unsharp(out, rng.uniform(1.0, 3.0), rng.uniform(*cfg.unsharp_amount))
    if rng.random() < cfg.p_resample:
        out = _resample(out, rng.uniform(*cfg.resample))
    if rng.random() < cfg.p_markers:
        out = _markers(out, rng, int(rng.integers(1, 4)), cv2.FONT_HERSHEY_SIMPLEX, (0.35, 0.8))
    if rng.random() < cfg.p_noise:
        sigma = rng.uniform(2.0, 8.0)
        out = np.clip(out + rng.normal(0, sigma, out.shape), 0, 255).astype(np.uint8)
    if rng.random() < cfg.p_jpeg:
        out = _jpeg(out, int(rng.integers(*cfg.jpeg_quality)))
    return out


def _geometry(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stronger framing change: rotation, zoom/crop off-centre, aspect stretch, collimation."""
    h, w = img.shape
    ang = rng.uniform(-12, 12)
    zoom = rng.uniform(0.88, 1.3)
    aspect = rng.uniform(0.85, 1.18)
    m = cv2.getRotationMatrix2D((w / 2 + rng.uniform(-0.08, 0.08) * w, h / 2), ang, zoom)
    m[0, :] *= aspect
    m[0, 2] += (1 - aspect) * w / 2
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.3:  # collimation: a dark frame of unequal widths
        t, b = (int(rng.uniform(0, 0.08) * h) for _ in range(2))
        lft, r = (int(rng.uniform(0, 0.08) * w) for _ in range(2))
        level = int(rng.uniform(0, 40))
        out = out.copy()
        out[:t], out[h - b :], out[:, :lft], out[:, w - r :] = level, level, level, level
    return out


def shift_image(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The shifted-validation transform: framing change plus 2-4 strong processing changes."""
    out = _geometry(img, rng)
    ops = ["curve", "clahe", "unsharp", "jpeg", "noise", "blur", "resample", "markers"]
    chosen = rng.choice(len(ops), size=int(rng.integers(2, 5)), replace=False)
    for op in [ops[i] for i in sorted(chosen)]:
        if op == "curve":
            out = _curve(
                out, float(np.exp(rng.uniform(np.log(0.55), np.log(1.8)))), rng.uniform(0, 1)
            )
        elif op == "clahe":
            clahe = cv2.createCLAHE(clipLimit=float(rng.uniform(1.5, 4.0)), tileGridSize=(8, 8))
            out = clahe.apply(out)
        elif op == "unsharp":
            out = _unsharp(out, rng.uniform(2.0, 6.0), rng.uniform(1.0, 2.2))
        elif op == "jpeg":
            out = _jpeg(out, int(rng.integers(12, 40)))
        elif op == "noise":
            sigma = rng.uniform(6.0, 14.0)
            out = np.clip(out + rng.normal(0, sigma, out.shape), 0, 255).astype(np.uint8)
        elif op == "blur":
            out = cv2.GaussianBlur(out, (0, 0), rng.uniform(1.0, 2.0))
        elif op == "resample":
            out = _resample(out, rng.uniform(0.3, 0.5))
        elif op == "markers":
            out = _markers(out, rng, int(rng.integers(2, 5)), cv2.FONT_HERSHEY_COMPLEX, (0.5, 1.1))
    return out


def shifted_copy(images: np.ndarray, seed: int = 1234) -> np.ndarray:
    """The shifted validation set: every image through ``shift_image`` with a fixed seed."""
    rng = np.random.default_rng(seed)
    return np.stack([shift_image(im, rng) for im in images]) if len(images) else images.copy()
