"""Checkpoints of a training run: ``best.pt`` (the EMA weights of the selected epoch, what is
exported) and ``last.pt`` (everything needed to continue exactly where a run stopped: weights,
EMA, optimiser, schedule, both random generators, history and the selection so far). ``last.pt``
is replaced atomically every epoch, so a stop at any moment leaves a usable one."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch.optim.swa_utils import AveragedModel

from training.config import TrainConfig
from training.model import CXRNet

log = logging.getLogger("cxr-train")


@dataclass
class LoopState:
    """Where the epoch loop stands: what was run and which epoch is best so far."""

    history: list[dict] = field(default_factory=list)
    start_epoch: int = 0
    best_auc: float = -1.0
    best_loss: float = float("inf")
    best_epoch: int = -1


@dataclass
class RunState:
    """Everything ``last.pt`` saves and restores besides the loop's own state."""

    net: CXRNet
    ema: AveragedModel
    opt: torch.optim.Optimizer
    sched: torch.optim.lr_scheduler.LRScheduler
    gen: torch.Generator
    rng: np.random.Generator


def resume(last: Path, run: RunState, device: torch.device) -> LoopState:
    """Restore ``run`` in place from ``last``; returns the loop state to continue from."""
    ck = torch.load(last, map_location=device, weights_only=False)
    run.net.load_state_dict(ck["model"])
    run.ema.load_state_dict(ck["ema"])
    run.opt.load_state_dict(ck["optimizer"])
    run.sched.load_state_dict(ck["scheduler"])
    run.gen.set_state(ck["generator"])
    run.rng.bit_generator.state = ck["np_rng"]
    state = LoopState(
        history=ck["history"],
        start_epoch=ck["epoch"] + 1,
        best_auc=ck["best_auc"],
        best_loss=ck["best_loss"],
        best_epoch=ck["best_epoch"],
    )
    log.info("resumed from %s at epoch %d", last, state.start_epoch + 1)
    return state


def save_best(path: Path, ema: AveragedModel, cfg: TrainConfig, epoch: int) -> None:
    torch.save({"model": ema.module.state_dict(), "config": cfg.to_json(), "epoch": epoch}, path)


def save_last(last: Path, run: RunState, state: LoopState, epoch: int, cfg: TrainConfig) -> None:
    """Write ``last`` through a temporary file beside it (atomic replace)."""
    tmp = last.with_name("last.tmp.pt")
    torch.save(
        {
            "model": run.net.state_dict(),
            "ema": run.ema.state_dict(),
            "optimizer": run.opt.state_dict(),
            "scheduler": run.sched.state_dict(),
            "generator": run.gen.get_state(),
            "np_rng": run.rng.bit_generator.state,
            "history": state.history,
            "epoch": epoch,
            "best_auc": state.best_auc,
            "best_loss": state.best_loss,
            "best_epoch": state.best_epoch,
            "config": cfg.to_json(),
        },
        tmp,
    )
    tmp.replace(last)
