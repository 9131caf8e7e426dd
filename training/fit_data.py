"""The films a training run reads, decoded once: the patient-grouped split, the shifted copy of the
validation children used for model selection, the outlier sets for the scope output; and one
training batch made from them (in-scope films plus outliers, acquisition-changed and augmented)."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from training.acquisition import acquisition_augment, shifted_copy
from training.augment import AugmentConfig, augment, standardize_torch
from training.config import TrainConfig
from training.data import Sample, discover, grouped_split, load_arrays, manifest_sha256
from training.outliers import OutlierSets, build_outliers, scope_breaking
from training.predict import to_input

log = logging.getLogger("cxr-train")


@dataclass
class TrainData:
    manifest: str
    train_s: list[Sample]
    val_s: list[Sample]
    train_x: np.ndarray  # uint8 (N, H, W)
    val_x: np.ndarray
    train_y: np.ndarray  # class index per film
    val_y: np.ndarray
    shift_x: np.ndarray  # the validation children through the fixed-seed acquisition shift
    outliers: OutlierSets
    adult_idx: np.ndarray  # rows of outliers.train that are adult films
    other_idx: np.ndarray  # ... and the rest


def prepare_data(cfg: TrainConfig, out: Path) -> TrainData:
    """Decode the run's films and outliers; writes ``out/split.json`` (which films validate)."""
    samples = discover(cfg.data, cfg.split)
    if cfg.limit:
        rng = np.random.default_rng(cfg.seed)
        samples = [samples[i] for i in sorted(rng.permutation(len(samples))[: cfg.limit])]
    manifest = manifest_sha256(samples)
    train_s, val_s = grouped_split(samples, cfg.val_fraction, cfg.seed)
    overlap = {s.group for s in train_s} & {s.group for s in val_s}
    assert not overlap, f"patients on both sides of the split: {sorted(overlap)[:5]}"
    t0 = time.time()
    train_x = load_arrays(train_s, cfg.input_size, cfg.cache_dir)
    val_x = load_arrays(val_s, cfg.input_size, cfg.cache_dir)
    train_y = np.array([s.label for s in train_s], dtype=np.int64)
    val_y = np.array([s.label for s in val_s], dtype=np.int64)
    # The same children through a different, stronger set of acquisition changes (fixed seed).
    shift_x = shifted_copy(val_x, cfg.shift_seed)
    outliers = build_outliers(cfg.adult_data, cfg.dicom_data, cfg.input_size, cfg.seed)
    kinds = np.array(outliers.train_kind)
    log.info(
        "data: %d train / %d val images (%d / %d patients), classes train %s val %s, decoded in %.1fs",
        len(train_s),
        len(val_s),
        len({s.group for s in train_s}),
        len({s.group for s in val_s}),
        np.bincount(train_y, minlength=3).tolist(),
        np.bincount(val_y, minlength=3).tolist(),
        time.time() - t0,
    )
    split = {
        "manifest_sha256": manifest,
        "val": sorted(f"{s.path.parent.name}/{s.path.name}" for s in val_s),
    }
    (out / "split.json").write_text(json.dumps(split, indent=1))
    return TrainData(
        manifest, train_s, val_s, train_x, val_x, train_y, val_y, shift_x, outliers,
        np.where(kinds == "adult")[0], np.where(kinds != "adult")[0],
    )  # fmt: skip


def pick_outlier(data: TrainData, rng: np.random.Generator) -> int:
    """Adults (the hardest, nearest outliers) half the time; the rest uniformly."""
    if len(data.adult_idx) and (rng.random() < 0.55 or not len(data.other_idx)):
        return int(data.adult_idx[rng.integers(len(data.adult_idx))])
    return int(data.other_idx[rng.integers(len(data.other_idx))])


def make_batch(
    data: TrainData,
    cfg: TrainConfig,
    idx: np.ndarray,
    rng: np.random.Generator,
    gen: torch.Generator,
    aug: AugmentConfig,
    device: torch.device,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """In-scope films + outliers, acquisition-changed and augmented; (x, class y, scope y)."""
    imgs = [acquisition_augment(data.train_x[i], rng) for i in idx]
    n_out = cfg.outliers_per_batch
    pool = data.outliers.train
    for _ in range(n_out):
        if len(pool) == 0 or rng.random() < 0.3:  # a film made out of scope
            src = data.train_x[int(rng.integers(len(data.train_x)))]
            imgs.append(acquisition_augment(scope_breaking(src, rng), rng))
        else:
            imgs.append(acquisition_augment(pool[pick_outlier(data, rng)], rng))
    x = augment(to_input(np.stack(imgs), torch.device("cpu")), aug, gen)
    x = standardize_torch(x).to(device)
    y = torch.from_numpy(data.train_y[idx]).to(device)
    scope_y = torch.cat([torch.ones(len(idx)), torch.zeros(n_out)]).to(device)
    return x, y, scope_y
