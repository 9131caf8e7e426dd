"""What a training run sets up before its first step: seeds, the device, class weights, and the
optimiser with its schedule (AdamW, linear warm-up then cosine through LambdaLR) and the EMA copy
of the weights that is evaluated and shipped."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import torch
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from training.config import TrainConfig
from training.model import CXRNet


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def lr_factor(step: int, total: int, warmup: int) -> float:
    """Linear warm-up, then cosine to 2% of the base rate (for LambdaLR)."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(total - warmup, 1)
    return 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


def class_weights(labels: np.ndarray, k: int) -> torch.Tensor:
    """Balanced weights (N / (K * n_c)): each class contributes equally to the loss."""
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    w = len(labels) / (k * np.maximum(counts, 1))
    return torch.tensor(w, dtype=torch.float32)


def ema_of(net: CXRNet, decay: float) -> AveragedModel:
    """The exponential moving average of ``net``'s weights and buffers."""
    return AveragedModel(net, multi_avg_fn=get_ema_multi_avg_fn(decay), use_buffers=True)


@dataclass
class Optimisation:
    """The optimiser, its per-step schedule and the step counts they were built for."""

    opt: torch.optim.AdamW
    sched: torch.optim.lr_scheduler.LambdaLR
    steps_per_epoch: int


def build_optimisation(net: CXRNet, cfg: TrainConfig, n_train: int) -> Optimisation:
    """AdamW over ``net`` and a LambdaLR for ``cfg.epochs`` epochs of ``n_train`` films."""
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps_per_epoch = max(1, n_train // cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    warmup = int(cfg.warmup_epochs * steps_per_epoch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: lr_factor(step, total_steps, warmup)
    )
    return Optimisation(opt, sched, steps_per_epoch)
