"""Kermany-layout datasets: discovery, labels, patient-grouped split, and a decoded in-memory cache.

Images are read with the same preprocessing functions the app uses (inference.model.preprocess), so the
pixels the model trains on are the pixels it sees in the clinic.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.model.preprocess import squash_resize
from training.config import MissingDataError

log = logging.getLogger(__name__)

CLASSES = ("normal", "bacterial", "viral")
IMAGE_SUFFIXES = {".jpeg", ".jpg", ".png", ".bmp", ".tif", ".tiff"}
_PERSON = re.compile(r"(person\d+)_", re.IGNORECASE)
_IM = re.compile(r"((?:NORMAL2-)?IM-\d+)-\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Sample:
    path: Path
    label: int  # index into CLASSES
    group: str  # patient identifier: no group is on both sides of a split
    sha256: str


def label_from_path(path: Path) -> int:
    """Class from the folder (NORMAL / PNEUMONIA) and, for pneumonia, the file name's subtype."""
    folder = path.parent.name.upper()
    name = path.name.lower()
    if folder == "NORMAL":
        return 0
    if folder == "PNEUMONIA":
        if "virus" in name:
            return 2
        if "bacteria" in name:
            return 1
        raise ValueError(f"pneumonia image without bacteria/virus in its name: {path}")
    if folder in {"BACTERIAL", "BACTERIA"}:
        return 1
    if folder in {"VIRAL", "VIRUS"}:
        return 2
    raise ValueError(f"unknown class folder {path.parent.name!r} for {path}")


def patient_of(path: Path) -> str:
    """Patient id from a Kermany file name (``personN_...`` or ``IM-xxxx-yyyy``); else the stem."""
    m = _PERSON.search(path.name) or _IM.search(path.name)
    return m.group(1).lower() if m else path.stem.lower()


def discover(root: Path, split: str = "train") -> list[Sample]:
    """All images under ``root/split/CLASS/``, sorted, with labels, patient groups and hashes."""
    base = Path(root) / split
    if not base.is_dir():
        raise MissingDataError(f"no '{split}' folder under {root}")
    samples = []
    for path in sorted(base.glob("*/*")):
        if path.suffix.lower() not in IMAGE_SUFFIXES or path.name.startswith("."):
            continue
        try:
            label = label_from_path(path)
        except ValueError as exc:
            log.warning("skipping %s", exc)
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        samples.append(Sample(path, label, patient_of(path), digest))
    if not samples:
        raise MissingDataError(f"no images found under {base}/<CLASS>/")
    return samples


def merge_duplicate_groups(samples: list[Sample]) -> list[Sample]:
    """Give byte-identical files one group, so duplicates can never straddle the split."""
    parent: dict[str, str] = {}

    def find(g: str) -> str:
        while parent.setdefault(g, g) != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    by_hash: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_hash[s.sha256].append(s)
    for dupes in by_hash.values():
        for other in dupes[1:]:
            a, b = find(dupes[0].group), find(other.group)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [Sample(s.path, s.label, find(s.group), s.sha256) for s in samples]


def grouped_split(
    samples: list[Sample], val_fraction: float = 0.15, seed: int = 0
) -> tuple[list[Sample], list[Sample]]:
    """Patient-grouped, class-stratified split: each group goes wholly to train or to validation.

    Groups are stratified by their majority class so each class keeps about ``val_fraction`` of
    its images in validation.
    """
    samples = merge_duplicate_groups(samples)
    groups: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        groups[s.group].append(s)
    rng = np.random.default_rng(seed)
    val_groups: set[str] = set()
    by_class: dict[int, list[str]] = defaultdict(list)
    for g, members in sorted(groups.items()):
        majority = int(np.bincount([m.label for m in members], minlength=len(CLASSES)).argmax())
        by_class[majority].append(g)
    for _, names in sorted(by_class.items()):
        order = rng.permutation(len(names))
        total = sum(len(groups[n]) for n in names)
        taken = 0
        for i in order:
            if taken >= val_fraction * total:
                break
            val_groups.add(names[i])
            taken += len(groups[names[i]])
    train = [s for s in samples if s.group not in val_groups]
    val = [s for s in samples if s.group in val_groups]
    return train, val


def manifest_sha256(samples: list[Sample]) -> str:
    """Hash of (relative name, label, content hash) of every sample: identifies the training data."""
    h = hashlib.sha256()
    for s in sorted(samples, key=lambda s: (s.path.parent.name, s.path.name)):
        h.update(f"{s.path.parent.name}/{s.path.name}\t{s.label}\t{s.sha256}\n".encode())
    return h.hexdigest()


def read_gray(path: Path) -> np.ndarray:
    """Decode to 2-D uint8 grey. (Training data is plain 8-bit JPEG; the app's loader handles the rest.)"""
    buf = np.fromfile(str(path), dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    if img is None:
        raise ValueError(f"cannot decode {path}")
    return img


def load_arrays(
    samples: list[Sample], size: tuple[int, int], cache_dir: Path | None = None
) -> np.ndarray:
    """Decode and squash every sample to ``size`` as uint8 (N, H, W), cached on disk by content hash."""
    key = hashlib.sha256(json.dumps([size, [s.sha256 for s in samples]]).encode()).hexdigest()[:16]
    cache = Path(cache_dir) / f"images-{size[0]}x{size[1]}-{key}.npy" if cache_dir else None
    if cache is not None and cache.is_file():
        arr = np.load(cache)
        if arr.shape == (len(samples), *size):
            return arr
    arr = np.zeros((len(samples), *size), dtype=np.uint8)
    for i, s in enumerate(samples):
        arr[i] = squash_resize(read_gray(s.path), size)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp.npy")
        np.save(tmp, arr)
        tmp.replace(cache)
    return arr
