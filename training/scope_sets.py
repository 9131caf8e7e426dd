"""The image sets the scope gate is fitted and judged on, all as uint8 (N, 224, 224) model planes.

* children: the Kermany train split's patient-grouped train part (positives), and its validation
  part three ways: plain, **mild** (one training-time acquisition change each: a new site as it
  would really send films) and **harsh** (the shifted validation copy: a stress report only);
* adults by source (MHH Germany, NIH USA, JSRT Japan, OpenIST teaching file), each kept apart so
  one source can be left out;
* other: non-chest radiographs (MURA upper limbs, children's hands, non-chest DICOMs), made-up
  non-radiographs, and children's films made out of scope (rotated, inverted, one lung).

Every source has a style (format, bit depth, borders, text). So that the gate cannot learn the
style instead of the anatomy, positives and negatives go through the same acquisition changes,
and adults also appear re-encoded the way the Kermany files were (squashed, 8-bit JPEG).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from training.acquisition import acquisition_augment, shift_image, shifted_copy
from training.config import MissingDataError
from training.data import discover, grouped_split, load_arrays
from training.outliers import _load_gray, load_dicom_outliers, scope_breaking, synthetic_outliers

log = logging.getLogger("cxr-train")

SIZE = (224, 224)
#: Adult sources: name -> image folder under the shared data root (all must exist).
ADULT_SOURCES = {
    "mhh": "adult-cxr/mhh-covid19/images",
    "nih": "adult-cxr/nih-cxr14/images",
    "jsrt": "lung-masks/jsrt/images",
    "openist": "lung-masks/openist/images",
}
NON_CHEST_SOURCES = {
    "mura": "non-chest/mura-upper-limb/images",
    "hands": "non-chest/hands-children/images",
}


@dataclass
class ScopeSets:
    child_train: np.ndarray
    child_val: np.ndarray
    child_val_mild: np.ndarray
    child_val_harsh: np.ndarray
    child_val_y: np.ndarray  # class index per validation child (0 normal, 1 bacterial, 2 viral)
    adults: dict[str, np.ndarray] = field(default_factory=dict)
    other: dict[str, np.ndarray] = field(default_factory=dict)


def _folder(root: Path, rel: str) -> np.ndarray:
    folder = Path(root) / rel
    if not folder.is_dir():
        raise MissingDataError(f"scope data folder missing: {folder} (the gate needs every source)")
    planes, seen = [], set()
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".dcm"}:
            continue
        arr = _load_gray(path, SIZE)
        if arr is None:
            continue
        key = cv2.resize(arr, (16, 16), interpolation=cv2.INTER_AREA).tobytes()
        if key in seen:  # deduplicate by content (the same film saved twice)
            continue
        seen.add(key)
        planes.append(arr)
    if not planes:
        raise MissingDataError(f"no readable images in {folder}")
    return np.stack(planes)


def mild_copy(images: np.ndarray, seed: int) -> np.ndarray:
    """Each image through one training-time acquisition change (fixed seed)."""
    rng = np.random.default_rng(seed)
    return np.stack([acquisition_augment(im, rng) for im in images])


def kermany_style(images: np.ndarray, seed: int) -> np.ndarray:
    """Re-encoded the way the Kermany 224 files were: 8-bit JPEG of the squashed film."""
    rng = np.random.default_rng(seed)
    out = []
    for im in images:
        q = int(rng.integers(70, 96))
        ok, buf = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, q])
        out.append(cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else im)
    return np.stack(out)


def harsh_copy(images: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([shift_image(im, rng) for im in images])


def build(
    kermany: Path,
    shared: Path,
    seed: int = 0,
    val_fraction: float = 0.15,
    shift_seed: int = 1234,
    cache_dir: Path | None = Path(".cache"),
) -> ScopeSets:
    """Every set, loudly failing on a missing folder (a run elsewhere must not train silently on
    less data)."""
    samples = discover(kermany, "train")
    train_s, val_s = grouped_split(samples, val_fraction, seed)
    child_train = load_arrays(train_s, SIZE, cache_dir)
    child_val = load_arrays(val_s, SIZE, cache_dir)
    sets = ScopeSets(
        child_train=child_train,
        child_val=child_val,
        child_val_mild=mild_copy(child_val, shift_seed + 1),
        child_val_harsh=shifted_copy(child_val, shift_seed),
        child_val_y=np.array([s.label for s in val_s], dtype=np.int64),
    )
    for name, rel in ADULT_SOURCES.items():
        sets.adults[name] = _folder(shared, rel)
    for name, rel in NON_CHEST_SOURCES.items():
        sets.other[name] = _folder(shared, rel)
    nc_train, nc_held, _chest = load_dicom_outliers(shared / "dicom", SIZE)
    sets.other["dicom_non_chest"] = np.concatenate([nc_train, nc_held])
    syn, _ = synthetic_outliers(600, SIZE, seed)
    sets.other["made_up"] = syn
    rng = np.random.default_rng(seed + 7)
    pick = rng.choice(len(child_train), 600, replace=False)
    sets.other["child_made_out"] = np.stack([scope_breaking(child_train[i], rng) for i in pick])
    log.info(
        "scope sets: children %d train / %d val; adults %s; other %s",
        len(child_train),
        len(child_val),
        {k: len(v) for k, v in sets.adults.items()},
        {k: len(v) for k, v in sets.other.items()},
    )
    return sets
