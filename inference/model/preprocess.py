"""Model preprocessing shared by training and the app, so both see identical pixels.

The Kermany 224 training set was made by squashing each original to 224x224 without keeping the
aspect ratio, so the app squashes originals the same way. Intensities are standardised per image
(zero mean, unit variance), which makes the model less sensitive to exposure and to the scanner's
grey-level mapping than a fixed mean/std would.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Identifier stored in the model metadata; bump if the recipe below changes.
PREPROCESSING_ID = "gray-squash-area-zscore-v1"
DEFAULT_INPUT_SIZE = (224, 224)  # (height, width)
_CLIP = 5.0


def to_unit_float(gray: np.ndarray) -> np.ndarray:
    """Map a 2-D grey image of any integer or float dtype to float32 in [0, 1].

    Integer images are scaled by the range of their dtype (uint16 by its actual maximum bit depth
    is the loader's job: it should already have applied windowing); floats are assumed in [0, 1].
    """
    if gray.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {gray.shape}")
    if gray.dtype == np.uint8:
        return gray.astype(np.float32) * (1.0 / 255.0)
    if gray.dtype == np.uint16:
        return gray.astype(np.float32) * (1.0 / 65535.0)
    if np.issubdtype(gray.dtype, np.bool_):
        return gray.astype(np.float32)
    out = np.asarray(gray, dtype=np.float32)
    return np.clip(np.nan_to_num(out, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def squash_resize(gray: np.ndarray, size: tuple[int, int] = DEFAULT_INPUT_SIZE) -> np.ndarray:
    """Resize to ``size`` (height, width) ignoring the aspect ratio, area-averaging when shrinking."""
    h, w = size
    if gray.shape == (h, w):
        return gray
    shrinking = gray.shape[0] >= h and gray.shape[1] >= w
    interp = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(gray, (w, h), interpolation=interp)


def standardize(x: np.ndarray) -> np.ndarray:
    """Per-image z-score, clipped to +-5 so a few saturated pixels cannot dominate."""
    x = x.astype(np.float32, copy=False)
    mean = float(x.mean())
    std = float(x.std())
    out = (x - mean) / max(std, 1e-3)
    return np.clip(out, -_CLIP, _CLIP, out=out)


def model_plane(gray: np.ndarray, size: tuple[int, int] = DEFAULT_INPUT_SIZE) -> np.ndarray:
    """The squashed (H, W) float32 [0, 1] image the model standardises; any grey dtype.

    Same values as ``squash_resize(to_unit_float(gray))`` (to float rounding, ~1e-7): uint8 is
    resized first and the small result scaled, so a full-size image is converted once and needs
    no full-size clip/NaN pass (8-bit has no NaN).
    """
    if gray.dtype != np.uint8:
        return squash_resize(to_unit_float(gray), size)
    out = squash_resize(gray.astype(np.float32), size)
    out *= np.float32(1.0 / 255.0)
    return out


def preprocess(gray: np.ndarray, size: tuple[int, int] = DEFAULT_INPUT_SIZE) -> np.ndarray:
    """Turn a display-ready grey image (bright bones) into the model input, shape (1, H, W) float32."""
    return standardize(model_plane(gray, size))[None, :, :]
