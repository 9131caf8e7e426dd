"""The training loop: patient-grouped split, acquisition-shift augmentation, outlier exposure for the
scope output, class weighting, AdamW + warm-up/cosine (LambdaLR), EMA weights, model selection on a
shifted copy of the validation split, resumable checkpoints every epoch; then calibration, operating
point and scope threshold on the shifted validation, Mahalanobis reference and ONNX export.

The pieces live beside it: ``fit_data.py`` (films, outliers, one batch), ``fit_setup.py`` (seeds,
optimiser, schedule, EMA), ``checkpoints.py`` (best / last, resume), ``finalize.py`` (calibration,
scope, export). This module holds the epoch loop and the two entry points.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from training.augment import AugmentConfig
from training.checkpoints import LoopState, RunState, resume, save_best, save_last
from training.config import TrainConfig
from training.data import CLASSES, Sample
from training.finalize import finalize
from training.fit_data import TrainData, make_batch, prepare_data
from training.fit_setup import (
    build_optimisation,
    class_weights,
    ema_of,
    pick_device,
    seed_everything,
)
from training.model import CXRNet, count_flops
from training.predict import evaluate_logits, predict

log = logging.getLogger("cxr-train")


class Trainer:
    def __init__(self, cfg: TrainConfig) -> None:
        cfg.require_inputs()  # before anything is written: a missing data folder names itself
        self.cfg = cfg
        self.out = Path(cfg.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.device = pick_device(cfg.device)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        seed_everything(cfg.seed)
        self.data: TrainData | None = None

    def prepare_data(self) -> TrainData:
        self.data = prepare_data(self.cfg, self.out)
        return self.data

    # -- per-epoch evaluation -----------------------------------------------------------------
    def epoch_metrics(self, net: CXRNet) -> dict[str, float]:
        data = self.data
        assert data is not None
        val_logits, _, val_scope = predict(net, data.val_x, self.device)
        sh_logits, _, sh_scope = predict(net, data.shift_x, self.device)
        _, _, adult_scope = predict(net, data.outliers.adult_heldout, self.device)
        vm = evaluate_logits(val_logits, data.val_y)
        sm = evaluate_logits(sh_logits, data.val_y)
        return {
            "val_loss": vm["loss"],
            "val_acc": vm["acc"],
            "val_auc": vm["auc"],
            "shift_loss": sm["loss"],
            "shift_acc": sm["acc"],
            "shift_auc": sm["auc"],
            "val_scope_out": float((val_scope < 0.5).mean()),
            "shift_scope_out": float((sh_scope < 0.5).mean()),
            "adult_heldout_out": float((adult_scope < 0.5).mean())
            if len(adult_scope)
            else float("nan"),
        }

    # -- training -----------------------------------------------------------------------------
    def fit(self) -> Path:
        cfg = self.cfg
        data = self.prepare_data()
        net = CXRNet(len(CLASSES), cfg.widths).to(self.device)
        ema = ema_of(net, cfg.ema_decay)
        log.info(
            "model: %.3f GFLOP/image, %.2f M parameters, device %s",
            count_flops(net, cfg.input_size) / 1e9,
            sum(p.numel() for p in net.parameters()) / 1e6,
            self.device,
        )
        optim = build_optimisation(net, cfg, len(data.train_x))
        weights = class_weights(data.train_y, len(CLASSES)).to(self.device)
        gen = torch.Generator().manual_seed(cfg.seed)
        rng = np.random.default_rng(cfg.seed)
        run = RunState(net, ema, optim.opt, optim.sched, gen, rng)
        aug = AugmentConfig()
        state = LoopState()
        last = self.out / "last.pt"
        if cfg.resume and last.is_file():
            state = resume(last, run, self.device)

        for epoch in range(state.start_epoch, cfg.epochs):
            t0 = time.time()
            net.train()
            order = torch.randperm(len(data.train_x), generator=gen).numpy()
            run_loss = run_scope = run_correct = seen = 0.0
            for b in range(optim.steps_per_epoch):
                idx = np.sort(order[b * cfg.batch_size : (b + 1) * cfg.batch_size])
                x, y, scope_y = make_batch(data, cfg, idx, rng, gen, aug, self.device)
                logits, feats, _ = net(x)
                n_in = len(idx)
                loss_cls = F.cross_entropy(
                    logits[:n_in], y, weight=weights, label_smoothing=cfg.label_smoothing
                )
                loss_scope = F.binary_cross_entropy_with_logits(net.scope_logit(feats), scope_y)
                loss = loss_cls + cfg.scope_weight * loss_scope
                optim.opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                optim.opt.step()
                optim.sched.step()
                ema.update_parameters(net)
                run_loss += float(loss_cls.item()) * n_in
                run_scope += float(loss_scope.item()) * n_in
                run_correct += int((logits[:n_in].argmax(1) == y).sum().item())
                seen += n_in
            em = self.epoch_metrics(ema.module)
            rec = {
                "epoch": epoch + 1,
                "train_loss": run_loss / seen,
                "train_scope_loss": run_scope / seen,
                "train_acc": run_correct / seen,
                **em,
                "lr": optim.opt.param_groups[0]["lr"],
                "seconds": time.time() - t0,
            }
            state.history.append(rec)
            improved = self._select(state, em, epoch)
            if improved:
                save_best(self.out / "best.pt", ema, cfg, epoch)
            _log_epoch(rec, em, cfg.epochs, improved)
            save_last(last, run, state, epoch, cfg)
            (self.out / "history.json").write_text(json.dumps(state.history, indent=1))
            if cfg.stop_after is not None and epoch + 1 >= cfg.stop_after:
                log.info(
                    "stopping after epoch %d as asked (--stop-after); resume with --resume",
                    epoch + 1,
                )
                return last
            if epoch - state.best_epoch >= cfg.patience:
                log.info(
                    "early stop: no shifted-validation AUC gain for %d epochs (best epoch %d)",
                    cfg.patience,
                    state.best_epoch + 1,
                )
                break

        best = torch.load(self.out / "best.pt", map_location=self.device, weights_only=False)
        net.load_state_dict(best["model"])
        return self.finalize(net, state.history, state.best_epoch + 1)

    @staticmethod
    def _select(state: LoopState, em: dict[str, float], epoch: int) -> bool:
        """Model selection on the shifted validation (the site we have not seen): a better AUC,
        or the same AUC with a lower loss. Updates ``state`` when the epoch is the new best."""
        improved = em["shift_auc"] > state.best_auc + 1e-4 or (
            abs(em["shift_auc"] - state.best_auc) <= 1e-4 and em["shift_loss"] < state.best_loss
        )
        if improved:
            state.best_auc, state.best_loss = em["shift_auc"], em["shift_loss"]
            state.best_epoch = epoch
        return improved

    def finalize(self, net: CXRNet, history: list[dict], best_epoch: int) -> Path:
        """Calibration, scope, OOD and the ONNX export of ``net`` (see ``finalize.py``)."""
        assert self.data is not None
        return finalize(net, self.data, self.cfg, self.out, self.device, history, best_epoch)


def _log_epoch(rec: dict, em: dict[str, float], epochs: int, improved: bool) -> None:
    log.info(
        "epoch %2d/%d  train loss %.4f scope %.4f acc %.3f | val AUC %.4f loss %.4f | "
        "shifted AUC %.4f loss %.4f %s| out of scope: val %.3f shifted %.3f adult %.3f | "
        "lr %.2e  %.0fs",
        rec["epoch"],
        epochs,
        rec["train_loss"],
        rec["train_scope_loss"],
        rec["train_acc"],
        em["val_auc"],
        em["val_loss"],
        em["shift_auc"],
        em["shift_loss"],
        "* " if improved else "",
        em["val_scope_out"],
        em["shift_scope_out"],
        em["adult_heldout_out"],
        rec["lr"],
        rec["seconds"],
    )


def export_run(run: Path, out: Path | None = None) -> Path:
    """Calibrate and export the best checkpoint of a (possibly unfinished) run."""
    best = torch.load(Path(run) / "best.pt", map_location="cpu", weights_only=False)
    cfg = TrainConfig.from_json(best["config"])
    cfg.device = "cpu"
    trainer = Trainer(cfg)
    trainer.out = Path(run)
    trainer.prepare_data()
    net = CXRNet(len(CLASSES), cfg.widths)
    net.load_state_dict(best["model"])
    hist_file = Path(run) / "history.json"
    history = json.loads(hist_file.read_text()) if hist_file.is_file() else []
    path = trainer.finalize(net, history, int(best["epoch"]) + 1)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        path.replace(out)
        path = out
    return path


def train(cfg: TrainConfig) -> Path:
    return Trainer(cfg).fit()


__all__ = ["Sample", "Trainer", "train"]
