"""Outlier exposure: images the model was *not* made for, to train and measure its scope output.

Sources (all uint8 grey, squashed to the input size with the app's own loader + preprocessing):

* adult chest films (``adult-cxr/*``), split by patient: a part for training, a part held aside to
  measure the adult share kept out;
* real non-chest radiographs from ``dicom/**/non_chest``: one anatomy set for training (hip, dental),
  the others (tibia, veterinary limb, canine thorax) held aside; adult chest DICOMs held aside;
* non-radiographs made here: matplotlib's bundled sample photographs and MRI slice, rendered
  documents, screenshots and plots, noise, blank fields, gradients and shapes;
* transforms of in-scope films that make them out of scope (``scope_breaking``): rotated 90/180/270
  degrees, inverted, a crop of one lung.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.model.preprocess import squash_resize
from training.config import MissingDataError, require_dir

log = logging.getLogger("cxr-train")

#: Non-chest DICOM anatomies used in training; every other non_chest file is held aside.
TRAIN_NON_CHEST = ("RG2_", "dental")


@dataclass
class OutlierSets:
    """uint8 (N, H, W) arrays; ``train`` mixes every training source, the rest are held aside."""

    train: np.ndarray
    train_kind: list[str]
    adult_heldout: np.ndarray
    nonchest_heldout: np.ndarray
    adult_chest_dicom: np.ndarray
    synthetic_heldout: np.ndarray


def _load_gray(path: Path, size: tuple[int, int]) -> np.ndarray | None:
    """The app's loader (DICOM LUTs, inversion, colour) then the model's squash, as uint8."""
    from inference.core.types import LoadedImage
    from inference.imaging.loader import try_load

    img = try_load(path, max_side=max(size) * 2)
    if not isinstance(img, LoadedImage):
        log.warning("outlier source unreadable: %s (%s)", path, img.message)
        return None
    px = np.clip(
        img.pixels.astype(np.float32) * (255.0 if img.pixels.dtype != np.uint8 else 1.0), 0, 255
    )
    return squash_resize(px.astype(np.uint8), size)


def _patient_split(meta_csv: Path, held_fraction: float, seed: int) -> set[str]:
    """Image ids (file stems) whose patient is held aside (hash of patient id: stable,
    seed-dependent). The sources name their images by ``image_id`` (MHH) or ``file`` (NIH)."""
    held = set()
    with open(meta_csv, newline="") as f:
        for row in csv.DictReader(f):
            image = row.get("image_id") or Path(row.get("file") or "").stem
            if not image or "patient_id" not in row:
                raise ValueError(f"{meta_csv}: rows need patient_id and image_id or file")
            h = hashlib.sha256(f"{seed}:{row['patient_id']}".encode()).digest()[0] / 255.0
            if h < held_fraction:
                held.add(image)
    return held


#: Adult sources the classifier's own run uses for outlier exposure (model 2.0.0 was trained with
#: these; the other adult sources in ``adult-cxr`` serve the scope gate, ``cxr-train gate``).
FIT_ADULT_SOURCES = ("mhh-covid19",)


def load_adult(
    root: Path,
    size: tuple[int, int],
    held_fraction: float = 0.2,
    seed: int = 0,
    sources: tuple[str, ...] | None = FIT_ADULT_SOURCES,
) -> tuple[np.ndarray, np.ndarray]:
    """(train, held-aside) adult chest films from the ``root/<source>/images`` folders (all when
    ``sources`` is None), patient-disjoint. A named source that is missing fails loudly."""
    train, held = [], []
    if sources is not None:
        missing = [s for s in sources if not (Path(root) / s / "images").is_dir()]
        if missing:
            raise MissingDataError(f"adult source(s) {missing} not found under {root}")
    folders = sorted(p for p in Path(root).glob("*") if (p / "images").is_dir())
    for ds in [p for p in folders if sources is None or p.name in sources]:
        meta = ds / "metadata.csv"
        held_ids = _patient_split(meta, held_fraction, seed) if meta.is_file() else set()
        for path in sorted((ds / "images").iterdir()):
            arr = _load_gray(path, size)
            if arr is None:
                continue
            (held if path.stem in held_ids else train).append(arr)
    empty = np.zeros((0, *size), np.uint8)
    return (np.stack(train) if train else empty), (np.stack(held) if held else empty)


def load_dicom_outliers(
    root: Path, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(train non-chest, held-aside non-chest, held-aside adult chest) from ``root`` (dicom/)."""
    tr, held, chest = [], [], []
    for path in sorted(Path(root).rglob("*.dcm")):
        arr = _load_gray(path, size)
        if arr is None:
            continue
        if "non_chest" in path.parts:
            (tr if any(k in path.name for k in TRAIN_NON_CHEST) else held).append(arr)
        else:
            chest.append(arr)
    empty = np.zeros((0, *size), np.uint8)

    def st(a: list) -> np.ndarray:
        return np.stack(a) if a else empty

    return st(tr), st(held), st(chest)


# -- non-radiographs made here ------------------------------------------------------------------
def _sample_photos() -> list[np.ndarray]:
    """Grey versions of matplotlib's bundled sample images (photographs, an MRI slice, terrain)."""
    try:
        import matplotlib
    except ImportError:  # pragma: no cover
        return []
    base = Path(matplotlib.get_data_path()) / "sample_data"
    out = []
    for name in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png"):
        p = base / name
        if p.is_file():
            im = cv2.imdecode(np.fromfile(str(p), np.uint8), cv2.IMREAD_GRAYSCALE)
            if im is not None:
                out.append(im)
    mri = base / "s1045.ima.gz"
    if mri.is_file():
        raw = np.frombuffer(gzip.decompress(mri.read_bytes()), np.uint16)
        if raw.size == 256 * 256:
            im = raw.reshape(256, 256).astype(np.float32)
            out.append(np.clip(im / max(im.max(), 1) * 255, 0, 255).astype(np.uint8))
    for name in ("jacksboro_fault_dem.npz", "topobathy.npz"):
        p = base / name
        if p.is_file():
            with np.load(p) as z:
                arr = z[z.files[0]].astype(np.float32)
            arr = (arr - arr.min()) / max(float(np.ptp(arr)), 1e-6) * 255
            out.append(arr.astype(np.uint8))
    return out


def _document(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    h, w = size[0] * 2, size[1] * 2
    bg = int(rng.uniform(200, 256))
    img = np.full((h, w), bg, np.uint8)
    y = int(rng.uniform(15, 40))
    while y < h - 10:
        n = int(rng.integers(5, 40))
        text = "".join(
            rng.choice(list("abcdefghijklmnopqrstuvwxyz0123456789 .,:")) for _ in range(n)
        )
        cv2.putText(
            img,
            text,
            (int(rng.uniform(5, 40)), y),
            int(rng.integers(0, 8)),
            float(rng.uniform(0.4, 1.0)),
            int(rng.uniform(0, 80)),
            1,
            cv2.LINE_AA,
        )
        y += int(rng.uniform(14, 36))
    return img


def _screenshot(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    h, w = size[0] * 2, size[1] * 2
    img = np.full((h, w), int(rng.uniform(30, 250)), np.uint8)
    for _ in range(int(rng.integers(3, 15))):
        x0, y0 = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        x1, y1 = int(x0 + rng.uniform(20, w / 2)), int(y0 + rng.uniform(10, h / 3))
        cv2.rectangle(
            img, (x0, y0), (x1, y1), int(rng.uniform(0, 256)), -1 if rng.random() < 0.6 else 2
        )
        if rng.random() < 0.6:
            cv2.putText(
                img,
                "File Edit View Help OK Cancel"[: int(rng.integers(3, 28))],
                (x0 + 3, y0 + 14),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.45,
                int(rng.uniform(0, 256)),
                1,
            )
    return img


def _plot(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    h, w = size[0] * 2, size[1] * 2
    img = np.full((h, w), 255, np.uint8)
    cv2.line(img, (30, h - 30), (w - 10, h - 30), 0, 1)
    cv2.line(img, (30, 10), (30, h - 30), 0, 1)
    for _ in range(int(rng.integers(1, 4))):
        ys = np.cumsum(rng.normal(0, 8, 60)) + h / 2
        pts = np.stack([np.linspace(32, w - 12, 60), np.clip(ys, 12, h - 32)], 1).astype(np.int32)
        cv2.polylines(img, [pts], False, int(rng.uniform(0, 160)), int(rng.integers(1, 3)))
    return img


def _texture(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    h, w = size
    kind = int(rng.integers(5))
    if kind == 0:  # blank or nearly blank field
        return np.clip(rng.normal(rng.uniform(0, 255), rng.uniform(0, 4), size), 0, 255).astype(
            np.uint8
        )
    if kind == 1:  # white or coloured noise
        n = rng.normal(0, 1, (h // int(rng.choice([1, 4, 16])) or 1, w // 1 or 1))
        n = cv2.resize(n.astype(np.float32), (w, h))
        return np.clip((n - n.min()) / max(float(np.ptp(n)), 1e-6) * 255, 0, 255).astype(np.uint8)
    if kind == 2:  # gradient
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = rng.uniform(0, np.pi * 2)
        g = np.cos(a) * xx + np.sin(a) * yy
        return ((g - g.min()) / max(float(np.ptp(g)), 1e-6) * 255).astype(np.uint8)
    img = np.full(size, int(rng.uniform(0, 256)), np.uint8)
    for _ in range(int(rng.integers(2, 12))):  # shapes
        c = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        if rng.random() < 0.5:
            cv2.circle(img, c, int(rng.uniform(5, w / 3)), int(rng.uniform(0, 256)), -1)
        else:
            cv2.ellipse(
                img,
                c,
                (int(rng.uniform(5, w / 3)), int(rng.uniform(5, h / 3))),
                rng.uniform(0, 180),
                0,
                360,
                int(rng.uniform(0, 256)),
                -1,
            )
    if kind == 4:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1, 8))
    return img


def _photo_crop(photo: np.ndarray, rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    h, w = photo.shape
    fh, fw = rng.uniform(0.4, 1.0), rng.uniform(0.4, 1.0)
    ch, cw = max(16, int(h * fh)), max(16, int(w * fw))
    y, x = int(rng.uniform(0, h - ch + 1)), int(rng.uniform(0, w - cw + 1))
    crop = photo[y : y + ch, x : x + cw]
    if rng.random() < 0.3:
        crop = 255 - crop
    return crop


def synthetic_outliers(n: int, size: tuple[int, int], seed: int) -> tuple[np.ndarray, list[str]]:
    """``n`` non-radiographs (photos, documents, screenshots, plots, textures), squashed, uint8."""
    rng = np.random.default_rng(seed)
    photos = _sample_photos()
    makers = ["document", "screenshot", "plot", "texture", "photo"]
    out, kinds = [], []
    for _ in range(n):
        kind = makers[int(rng.integers(len(makers)))]
        if kind == "photo" and photos:
            im = _photo_crop(photos[int(rng.integers(len(photos)))], rng, size)
        elif kind == "document":
            im = _document(rng, size)
        elif kind == "screenshot":
            im = _screenshot(rng, size)
        elif kind == "plot":
            im = _plot(rng, size)
        else:
            kind = "texture"
            im = _texture(rng, size)
        out.append(squash_resize(im, size))
        kinds.append(kind)
    return np.stack(out), kinds


def scope_breaking(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An in-scope film made out of scope: rotated 90/180/270, inverted, or one lung cropped."""
    kind = int(rng.integers(4))
    if kind == 0:
        out = np.rot90(img, int(rng.integers(1, 4))).copy()
    elif kind == 1:
        out = 255 - img
    elif kind == 2:  # one lung (or a quarter of the film) zoomed to fill the frame
        h, w = img.shape
        fh, fw = rng.uniform(0.35, 0.55), rng.uniform(0.3, 0.5)
        y = int(rng.uniform(0, h * (1 - fh)))
        x = int(rng.uniform(0, w * (1 - fw)))
        out = cv2.resize(img[y : y + int(h * fh), x : x + int(w * fw)], (w, h))
    else:  # rotated and inverted
        out = 255 - np.rot90(img, int(rng.integers(1, 4)))
    return np.ascontiguousarray(out)


def build_outliers(
    adult_root: Path | None,
    dicom_root: Path | None,
    size: tuple[int, int],
    seed: int = 0,
    n_synthetic: int = 600,
) -> OutlierSets:
    """Every outlier set for training and measurement. A root of None leaves that source out; a
    root that is given but missing raises MissingDataError (a run elsewhere must not quietly train
    without its adult films)."""
    empty = np.zeros((0, *size), np.uint8)
    adult_tr, adult_held = (
        load_adult(require_dir(adult_root, "adult outlier folder"), size, seed=seed)
        if adult_root is not None
        else (empty, empty)
    )
    nc_tr, nc_held, chest = (
        load_dicom_outliers(require_dir(dicom_root, "DICOM outlier folder"), size)
        if dicom_root is not None
        else (empty, empty, empty)
    )
    syn, syn_kind = synthetic_outliers(n_synthetic, size, seed)
    syn_held, _ = synthetic_outliers(max(50, n_synthetic // 6), size, seed + 9999)
    parts = [adult_tr, nc_tr, syn]
    kinds = ["adult"] * len(adult_tr) + ["non_chest"] * len(nc_tr) + syn_kind
    train = np.concatenate([p for p in parts if len(p)]) if any(len(p) for p in parts) else empty
    log.info(
        "outliers: train %d (adult %d, non-chest radiographs %d, made %d); held aside: adult %d, "
        "non-chest %d, adult chest DICOM %d, made %d",
        len(train),
        len(adult_tr),
        len(nc_tr),
        len(syn),
        len(adult_held),
        len(nc_held),
        len(chest),
        len(syn_held),
    )
    return OutlierSets(train, kinds, adult_held, nc_held, chest, syn_held)
