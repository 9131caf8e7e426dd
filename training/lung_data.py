"""Lung-field training data: adult films with manual lung masks from two sources, on the app's pixels.

Each film goes through the app's own loader and the classifier's model plane (224 px squash), so
the lung model sees exactly what the app hands it. Masks become two positional channels:
the lung on the image's left and the lung on the image's right (for a PA film the patient's right
and left lung). A positional split keeps horizontal flips honest (flip = swap channels).

Sources (``../shared/data/lung-masks``):

* ``jsrt``: 247 PA films, SCR masks 150 = right lung (image left), 200 = left lung, 250 = heart.
* ``openist``: 275 normal PA films with one binary lung mask (255 = lung), split into the two lungs
  by connected component and side.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.model.lung_contract import LUNG_PLANE_SIZE
from inference.model.preprocess import DEFAULT_INPUT_SIZE, model_plane
from training.config import MissingDataError

log = logging.getLogger("cxr-train")

SOURCES = ("jsrt", "openist")


@dataclass
class LungSet:
    """``images`` uint8 (N, 224, 224) model planes; ``masks`` uint8 (N, 3, 224, 224) in {0, 1}:
    lung on the image left, lung on the image right, heart (all zero where unknown);
    ``has_heart`` marks films whose heart label is real (JSRT)."""

    images: np.ndarray
    masks: np.ndarray
    has_heart: np.ndarray
    source: np.ndarray
    names: list[str]


def _plane_u8(path: Path) -> np.ndarray | None:
    from inference.core.types import LoadedImage
    from inference.imaging.loader import try_load

    img = try_load(path, max_side=2 * max(DEFAULT_INPUT_SIZE))
    if not isinstance(img, LoadedImage):
        log.warning("lung film unreadable: %s (%s)", path, getattr(img, "message", img))
        return None
    unit = model_plane(img.pixels, DEFAULT_INPUT_SIZE)
    return np.rint(np.clip(unit, 0, 1) * 255).astype(np.uint8)


def _mask_plane(mask: np.ndarray) -> np.ndarray:
    h, w = DEFAULT_INPUT_SIZE
    return cv2.resize(mask.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)


def split_lungs(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One binary lung mask -> (image-left lung, image-right lung) by component centroid side."""
    n, labels, stats, cents = cv2.connectedComponentsWithStats(binary.astype(np.uint8), 8)
    left = np.zeros(binary.shape, np.uint8)
    right = np.zeros(binary.shape, np.uint8)
    mid = binary.shape[1] / 2.0
    for i in range(1, n):
        if stats[i, cv2.CC_STAT_AREA] < 0.002 * binary.size:
            continue
        (left if cents[i][0] < mid else right)[labels == i] = 1
    return left, right


def load_source(root: Path, source: str) -> LungSet:
    """Every film of one source with its masks; raises if the folder is missing (no silent skip)."""
    folder = Path(root) / source
    if not (folder / "images").is_dir() or not (folder / "masks").is_dir():
        raise MissingDataError(f"lung-mask source '{source}' not found under {folder}")
    images, masks, names = [], [], []
    for img_path in sorted((folder / "images").iterdir()):
        mask_path = folder / "masks" / (img_path.stem + ".png")
        if not mask_path.is_file():
            raise FileNotFoundError(f"no mask for {img_path}")
        plane = _plane_u8(img_path)
        raw = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
        if plane is None or raw is None:
            continue
        m = _mask_plane(raw)
        out = np.zeros((3, *m.shape), np.uint8)
        if source == "jsrt":
            out[0] = m == 150
            out[1] = m == 200
            out[2] = m == 250
        else:
            out[0], out[1] = split_lungs(m > 127)
        images.append(plane)
        masks.append(out)
        names.append(f"{source}/{img_path.name}")
    log.info("lung masks: %s %d films", source, len(images))
    n = len(images)
    return LungSet(
        np.stack(images),
        np.stack(masks),
        np.full(n, source == "jsrt"),
        np.array([source] * n),
        names,
    )


def load_all(root: Path, sources: tuple[str, ...] = SOURCES) -> LungSet:
    parts = [load_source(root, s) for s in sources]
    return LungSet(
        np.concatenate([p.images for p in parts]),
        np.concatenate([p.masks for p in parts]),
        np.concatenate([p.has_heart for p in parts]),
        np.concatenate([p.source for p in parts]),
        [n for p in parts for n in p.names],
    )


def subset(data: LungSet, keep: np.ndarray) -> LungSet:
    idx = np.flatnonzero(keep)
    return LungSet(
        data.images[idx],
        data.masks[idx],
        data.has_heart[idx],
        data.source[idx],
        [data.names[i] for i in idx],
    )


def to_lung_size(plane: np.ndarray) -> np.ndarray:
    """A (..., 224, 224) array reduced to the lung model's plane by area averaging (float32)."""
    h, w = LUNG_PLANE_SIZE
    return cv2.resize(plane.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA)
