"""The training loop: patient-grouped split, augmentation, class weighting, AdamW + warmup/cosine,
early stopping on validation AUC, resumable checkpoints; then calibration, operating point, OOD
reference and ONNX export of the best epoch.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from training.augment import AugmentConfig, augment, standardize_torch
from training.calibrate import fit_temperature, softmax
from training.config import TrainConfig
from training.data import CLASSES, Sample, discover, grouped_split, load_arrays, manifest_sha256
from training.metrics import binary_metrics, bootstrap_ci, threshold_for_sensitivity
from training.model import CXRNet, count_flops
from training.ood import fit_ood

log = logging.getLogger("cxr-train")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def to_input(batch_u8: np.ndarray, device: torch.device) -> torch.Tensor:
    """uint8 (N, H, W) -> float (N, 1, H, W) in [0, 1] on ``device``."""
    return torch.from_numpy(batch_u8).to(device).float().div_(255.0).unsqueeze(1)


@torch.no_grad()
def predict(
    net: CXRNet, images: np.ndarray, device: torch.device, batch: int = 128
) -> tuple[np.ndarray, np.ndarray]:
    """Logits and embeddings, with exactly the app's preprocessing (no augmentation)."""
    net.eval()
    logits, embs = [], []
    for i in range(0, len(images), batch):
        x = standardize_torch(to_input(images[i : i + batch], device))
        lg, _, emb = net(x)
        logits.append(lg.float().cpu().numpy())
        embs.append(emb.float().cpu().numpy())
    return np.concatenate(logits), np.concatenate(embs)


def lr_at(step: int, total: int, warmup: int, base: float) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(total - warmup, 1)
    return base * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0))))


def class_weights(labels: np.ndarray, k: int) -> torch.Tensor:
    """Balanced weights (N / (K * n_c)): each class contributes equally to the loss."""
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    w = len(labels) / (k * np.maximum(counts, 1))
    return torch.tensor(w, dtype=torch.float32)


def evaluate_logits(logits: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    probs = softmax(logits)
    y_bin = labels > 0
    p_pneu = 1.0 - probs[:, 0]
    lt = torch.from_numpy(logits)
    loss = float(F.cross_entropy(lt, torch.from_numpy(labels)).item())
    return {
        "loss": loss,
        "acc": float((probs.argmax(1) == labels).mean()),
        "acc_binary": float(((p_pneu >= 0.5) == y_bin).mean()),
        "auc": binary_metrics(y_bin, p_pneu, 0.5)["auc"],
    }


class Trainer:
    def __init__(self, cfg: TrainConfig) -> None:
        self.cfg = cfg
        self.out = Path(cfg.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.device = pick_device(cfg.device)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        seed_everything(cfg.seed)

    # -- data ---------------------------------------------------------------------------------
    def prepare_data(self) -> None:
        cfg = self.cfg
        samples = discover(cfg.data, cfg.split)
        if cfg.limit:
            rng = np.random.default_rng(cfg.seed)
            samples = [samples[i] for i in sorted(rng.permutation(len(samples))[: cfg.limit])]
        self.manifest = manifest_sha256(samples)
        self.train_s, self.val_s = grouped_split(samples, cfg.val_fraction, cfg.seed)
        overlap = {s.group for s in self.train_s} & {s.group for s in self.val_s}
        assert not overlap, f"patients on both sides of the split: {sorted(overlap)[:5]}"
        t0 = time.time()
        self.train_x = load_arrays(self.train_s, cfg.input_size, cfg.cache_dir)
        self.val_x = load_arrays(self.val_s, cfg.input_size, cfg.cache_dir)
        self.train_y = np.array([s.label for s in self.train_s], dtype=np.int64)
        self.val_y = np.array([s.label for s in self.val_s], dtype=np.int64)
        log.info(
            "data: %d train / %d val images (%d / %d patients), classes train %s val %s, decoded in %.1fs",
            len(self.train_s),
            len(self.val_s),
            len({s.group for s in self.train_s}),
            len({s.group for s in self.val_s}),
            np.bincount(self.train_y, minlength=3).tolist(),
            np.bincount(self.val_y, minlength=3).tolist(),
            time.time() - t0,
        )
        split = {
            "manifest_sha256": self.manifest,
            "val": sorted(f"{s.path.parent.name}/{s.path.name}" for s in self.val_s),
        }
        (self.out / "split.json").write_text(json.dumps(split, indent=1))

    # -- training -----------------------------------------------------------------------------
    def fit(self) -> Path:
        cfg = self.cfg
        self.prepare_data()
        net = CXRNet(len(CLASSES), cfg.widths).to(self.device)
        log.info(
            "model: %.3f GFLOP/image, %.2f M parameters, device %s",
            count_flops(net, cfg.input_size) / 1e9,
            sum(p.numel() for p in net.parameters()) / 1e6,
            self.device,
        )
        opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        weights = class_weights(self.train_y, len(CLASSES)).to(self.device)
        steps_per_epoch = max(1, len(self.train_x) // cfg.batch_size)
        total_steps = steps_per_epoch * cfg.epochs
        warmup = int(cfg.warmup_epochs * steps_per_epoch)
        gen = torch.Generator().manual_seed(cfg.seed)
        aug = AugmentConfig()
        history: list[dict] = []
        best_auc, best_loss, best_epoch, start_epoch = -1.0, float("inf"), -1, 0

        last = self.out / "last.pt"
        if cfg.resume and last.is_file():
            ck = torch.load(last, map_location=self.device, weights_only=False)
            net.load_state_dict(ck["model"])
            opt.load_state_dict(ck["optimizer"])
            gen.set_state(ck["generator"])
            history, start_epoch = ck["history"], ck["epoch"] + 1
            best_auc, best_loss, best_epoch = ck["best_auc"], ck["best_loss"], ck["best_epoch"]
            log.info("resumed from %s at epoch %d", last, start_epoch + 1)

        for epoch in range(start_epoch, cfg.epochs):
            t0 = time.time()
            net.train()
            order = torch.randperm(len(self.train_x), generator=gen).numpy()
            run_loss = run_correct = seen = 0
            for b in range(steps_per_epoch):
                step = epoch * steps_per_epoch + b
                for g in opt.param_groups:
                    g["lr"] = lr_at(step, total_steps, warmup, cfg.lr)
                idx = np.sort(order[b * cfg.batch_size : (b + 1) * cfg.batch_size])
                x = augment(to_input(self.train_x[idx], torch.device("cpu")), aug, gen).to(
                    self.device
                )
                x = standardize_torch(x)
                y = torch.from_numpy(self.train_y[idx]).to(self.device)
                logits, _, _ = net(x)
                loss = F.cross_entropy(
                    logits, y, weight=weights, label_smoothing=cfg.label_smoothing
                )
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                run_loss += float(loss.item()) * len(idx)
                run_correct += int((logits.argmax(1) == y).sum().item())
                seen += len(idx)
            val_logits, _ = predict(net, self.val_x, self.device)
            vm = evaluate_logits(val_logits, self.val_y)
            rec = {
                "epoch": epoch + 1,
                "train_loss": run_loss / seen,
                "train_acc": run_correct / seen,
                "val_loss": vm["loss"],
                "val_acc": vm["acc"],
                "val_auc": vm["auc"],
                "lr": opt.param_groups[0]["lr"],
                "seconds": time.time() - t0,
            }
            history.append(rec)
            improved = vm["auc"] > best_auc + 1e-4 or (
                abs(vm["auc"] - best_auc) <= 1e-4 and vm["loss"] < best_loss
            )
            if improved:
                best_auc, best_loss, best_epoch = vm["auc"], vm["loss"], epoch
                torch.save(
                    {"model": net.state_dict(), "config": cfg.to_json(), "epoch": epoch},
                    self.out / "best.pt",
                )
            log.info(
                "epoch %2d/%d  train loss %.4f acc %.3f | val loss %.4f acc %.3f AUC %.4f %s| lr %.2e  %.0fs",
                epoch + 1,
                cfg.epochs,
                rec["train_loss"],
                rec["train_acc"],
                vm["loss"],
                vm["acc"],
                vm["auc"],
                "* " if improved else "",
                rec["lr"],
                rec["seconds"],
            )
            torch.save(
                {
                    "model": net.state_dict(),
                    "optimizer": opt.state_dict(),
                    "generator": gen.get_state(),
                    "history": history,
                    "epoch": epoch,
                    "best_auc": best_auc,
                    "best_loss": best_loss,
                    "best_epoch": best_epoch,
                    "config": cfg.to_json(),
                },
                last,
            )
            (self.out / "history.json").write_text(json.dumps(history, indent=1))
            if cfg.stop_after is not None and epoch + 1 >= cfg.stop_after:
                log.info(
                    "stopping after epoch %d as asked (--stop-after); resume with --resume",
                    epoch + 1,
                )
                return last
            if epoch - best_epoch >= cfg.patience:
                log.info(
                    "early stop: no validation AUC gain for %d epochs (best epoch %d)",
                    cfg.patience,
                    best_epoch + 1,
                )
                break

        best = torch.load(self.out / "best.pt", map_location=self.device, weights_only=False)
        net.load_state_dict(best["model"])
        return self.finalize(net, history, best_epoch + 1)

    # -- calibration, operating point, OOD, export --------------------------------------------
    def finalize(self, net: CXRNet, history: list[dict], best_epoch: int) -> Path:
        from training.export import export_onnx

        cfg = self.cfg
        val_logits, _ = predict(net, self.val_x, self.device)
        temperature = fit_temperature(val_logits, self.val_y)
        probs = softmax(val_logits, temperature)
        p_pneu = 1.0 - probs[:, 0]
        y_bin = self.val_y > 0
        threshold = threshold_for_sensitivity(y_bin, p_pneu, cfg.target_sensitivity)
        point = binary_metrics(y_bin, p_pneu, threshold)
        groups = np.array([s.group for s in self.val_s])
        ci = bootstrap_ci(
            y_bin, p_pneu, lambda y, s: binary_metrics(y, s, threshold), n_boot=1000, groups=groups
        )
        val_metrics = {
            "split": f"patient-grouped {cfg.val_fraction:.0%} of {cfg.split} (seed {cfg.seed})",
            "n": len(y_bin),
            "n_pneumonia": int(y_bin.sum()),
            "n_patients": len(set(groups)),
            "threshold": threshold,
            "temperature": temperature,
            "best_epoch": best_epoch,
            **{k: round(v, 4) for k, v in point.items()},
            "ci95": {k: [round(a, 4), round(b, 4)] for k, (a, b) in ci.items()},
            "class_accuracy_3way": round(float((probs.argmax(1) == self.val_y).mean()), 4),
        }
        _, train_emb = predict(net, self.train_x, self.device)
        ood = fit_ood(train_emb)
        log.info(
            "calibration: T=%.3f  threshold=%.4f (sensitivity >= %.2f on validation)",
            temperature,
            threshold,
            cfg.target_sensitivity,
        )
        log.info(
            "validation: %s", json.dumps({k: v for k, v in val_metrics.items() if k != "ci95"})
        )
        log.info("validation 95%% CI: %s", json.dumps(val_metrics["ci95"]))
        onnx_path = self.out / "cxr-triage.onnx"
        export_onnx(
            net.cpu(),
            onnx_path,
            cfg=cfg,
            temperature=temperature,
            threshold=threshold,
            val_metrics=val_metrics,
            ood=ood,
            manifest=self.manifest,
            history=history,
            parity_images=self.val_x[:8],
        )
        (self.out / "summary.json").write_text(
            json.dumps({"val_metrics": val_metrics, "config": cfg.to_json()}, indent=1)
        )
        log.info("exported %s", onnx_path)
        return onnx_path


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
