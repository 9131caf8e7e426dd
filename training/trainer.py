"""The training loop: patient-grouped split, acquisition-shift augmentation, outlier exposure for the
scope output, class weighting, AdamW + warm-up/cosine (LambdaLR), EMA weights, model selection on a
shifted copy of the validation split, resumable checkpoints every epoch; then calibration, operating
point and scope threshold on the shifted validation, Mahalanobis reference and ONNX export.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from training.acquisition import acquisition_augment, shifted_copy
from training.augment import AugmentConfig, augment, standardize_torch
from training.calibrate import fit_temperature, softmax
from training.config import TrainConfig
from training.data import CLASSES, Sample, discover, grouped_split, load_arrays, manifest_sha256
from training.metrics import (
    binary_metrics,
    bootstrap_ci,
    calibration_bins,
    threshold_for_sensitivity,
)
from training.model import CXRNet, count_flops
from training.ood import fit_ood
from training.outliers import build_outliers, scope_breaking
from training.predict import evaluate_logits, predict, to_input
from training.scope import evaluate_scope, scope_threshold_for

log = logging.getLogger("cxr-train")


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
        # The same children through a different, stronger set of acquisition changes (fixed seed).
        self.shift_x = shifted_copy(self.val_x, cfg.shift_seed)
        self.outliers = build_outliers(cfg.adult_data, cfg.dicom_data, cfg.input_size, cfg.seed)
        kinds = np.array(self.outliers.train_kind)
        self._adult_idx = np.where(kinds == "adult")[0]
        self._other_idx = np.where(kinds != "adult")[0]
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

    # -- one training batch -------------------------------------------------------------------
    def make_batch(
        self, idx: np.ndarray, rng: np.random.Generator, gen: torch.Generator, aug: AugmentConfig
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """In-scope films + outliers, acquisition-changed and augmented; (x, class y, scope y)."""
        cfg = self.cfg
        imgs = [acquisition_augment(self.train_x[i], rng) for i in idx]
        n_out = cfg.outliers_per_batch
        pool = self.outliers.train
        for _ in range(n_out):
            if len(pool) == 0 or rng.random() < 0.3:  # a film made out of scope
                src = self.train_x[int(rng.integers(len(self.train_x)))]
                imgs.append(acquisition_augment(scope_breaking(src, rng), rng))
            else:
                imgs.append(acquisition_augment(pool[self._pick_outlier(rng)], rng))
        x = augment(to_input(np.stack(imgs), torch.device("cpu")), aug, gen)
        x = standardize_torch(x).to(self.device)
        y = torch.from_numpy(self.train_y[idx]).to(self.device)
        scope_y = torch.cat([torch.ones(len(idx)), torch.zeros(n_out)]).to(self.device)
        return x, y, scope_y

    def _pick_outlier(self, rng: np.random.Generator) -> int:
        """Adults (the hardest, nearest outliers) half the time; the rest uniformly."""
        if len(self._adult_idx) and (rng.random() < 0.55 or not len(self._other_idx)):
            return int(self._adult_idx[rng.integers(len(self._adult_idx))])
        return int(self._other_idx[rng.integers(len(self._other_idx))])

    # -- per-epoch evaluation -----------------------------------------------------------------
    def epoch_metrics(self, net: CXRNet) -> dict[str, float]:
        val_logits, _, val_scope = predict(net, self.val_x, self.device)
        sh_logits, _, sh_scope = predict(net, self.shift_x, self.device)
        _, _, adult_scope = predict(net, self.outliers.adult_heldout, self.device)
        vm = evaluate_logits(val_logits, self.val_y)
        sm = evaluate_logits(sh_logits, self.val_y)
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
        self.prepare_data()
        net = CXRNet(len(CLASSES), cfg.widths).to(self.device)
        ema = AveragedModel(net, multi_avg_fn=get_ema_multi_avg_fn(cfg.ema_decay), use_buffers=True)
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
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda step: lr_factor(step, total_steps, warmup)
        )
        gen = torch.Generator().manual_seed(cfg.seed)
        rng = np.random.default_rng(cfg.seed)
        aug = AugmentConfig()
        history: list[dict] = []
        best_auc, best_loss, best_epoch, start_epoch = -1.0, float("inf"), -1, 0

        last = self.out / "last.pt"
        if cfg.resume and last.is_file():
            ck = torch.load(last, map_location=self.device, weights_only=False)
            net.load_state_dict(ck["model"])
            ema.load_state_dict(ck["ema"])
            opt.load_state_dict(ck["optimizer"])
            sched.load_state_dict(ck["scheduler"])
            gen.set_state(ck["generator"])
            rng.bit_generator.state = ck["np_rng"]
            history, start_epoch = ck["history"], ck["epoch"] + 1
            best_auc, best_loss, best_epoch = ck["best_auc"], ck["best_loss"], ck["best_epoch"]
            log.info("resumed from %s at epoch %d", last, start_epoch + 1)

        for epoch in range(start_epoch, cfg.epochs):
            t0 = time.time()
            net.train()
            order = torch.randperm(len(self.train_x), generator=gen).numpy()
            run_loss = run_scope = run_correct = seen = 0.0
            for b in range(steps_per_epoch):
                idx = np.sort(order[b * cfg.batch_size : (b + 1) * cfg.batch_size])
                x, y, scope_y = self.make_batch(idx, rng, gen, aug)
                logits, feats, _ = net(x)
                n_in = len(idx)
                loss_cls = F.cross_entropy(
                    logits[:n_in], y, weight=weights, label_smoothing=cfg.label_smoothing
                )
                loss_scope = F.binary_cross_entropy_with_logits(net.scope_logit(feats), scope_y)
                loss = loss_cls + cfg.scope_weight * loss_scope
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                sched.step()
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
                "lr": opt.param_groups[0]["lr"],
                "seconds": time.time() - t0,
            }
            history.append(rec)
            # Model selection on the shifted validation: the site we have not seen.
            improved = em["shift_auc"] > best_auc + 1e-4 or (
                abs(em["shift_auc"] - best_auc) <= 1e-4 and em["shift_loss"] < best_loss
            )
            if improved:
                best_auc, best_loss, best_epoch = em["shift_auc"], em["shift_loss"], epoch
                torch.save(
                    {"model": ema.module.state_dict(), "config": cfg.to_json(), "epoch": epoch},
                    self.out / "best.pt",
                )
            log.info(
                "epoch %2d/%d  train loss %.4f scope %.4f acc %.3f | val AUC %.4f loss %.4f | "
                "shifted AUC %.4f loss %.4f %s| out of scope: val %.3f shifted %.3f adult %.3f | "
                "lr %.2e  %.0fs",
                epoch + 1,
                cfg.epochs,
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
            torch.save(
                {
                    "model": net.state_dict(),
                    "ema": ema.state_dict(),
                    "optimizer": opt.state_dict(),
                    "scheduler": sched.state_dict(),
                    "generator": gen.get_state(),
                    "np_rng": rng.bit_generator.state,
                    "history": history,
                    "epoch": epoch,
                    "best_auc": best_auc,
                    "best_loss": best_loss,
                    "best_epoch": best_epoch,
                    "config": cfg.to_json(),
                },
                self.out / "last.tmp.pt",
            )
            (self.out / "last.tmp.pt").replace(last)
            (self.out / "history.json").write_text(json.dumps(history, indent=1))
            if cfg.stop_after is not None and epoch + 1 >= cfg.stop_after:
                log.info(
                    "stopping after epoch %d as asked (--stop-after); resume with --resume",
                    epoch + 1,
                )
                return last
            if epoch - best_epoch >= cfg.patience:
                log.info(
                    "early stop: no shifted-validation AUC gain for %d epochs (best epoch %d)",
                    cfg.patience,
                    best_epoch + 1,
                )
                break

        best = torch.load(self.out / "best.pt", map_location=self.device, weights_only=False)
        net.load_state_dict(best["model"])
        return self.finalize(net, history, best_epoch + 1)

    # -- calibration, operating point, scope, OOD, export -------------------------------------
    def _point_metrics(
        self, logits: np.ndarray, temperature: float, threshold: float, n_boot: int, name: str
    ) -> dict:
        probs = softmax(logits, temperature)
        p_pneu = 1.0 - probs[:, 0]
        y_bin = self.val_y > 0
        point = binary_metrics(y_bin, p_pneu, threshold)
        groups = np.array([s.group for s in self.val_s])
        ci = bootstrap_ci(
            y_bin,
            p_pneu,
            lambda y, s: binary_metrics(y, s, threshold),
            n_boot=n_boot,
            groups=groups,
        )
        return {
            "split": name,
            "n": len(y_bin),
            "n_pneumonia": int(y_bin.sum()),
            "n_patients": len(set(groups)),
            **{k: round(v, 4) for k, v in point.items()},
            "ece": round(calibration_bins(y_bin, p_pneu)[3], 4),
            "class_accuracy_3way": round(float((probs.argmax(1) == self.val_y).mean()), 4),
            "ci95": {k: [round(a, 4), round(b, 4)] for k, (a, b) in ci.items()},
        }

    def finalize(self, net: CXRNet, history: list[dict], best_epoch: int) -> Path:
        from training.export import export_onnx

        cfg = self.cfg
        val_logits, val_emb, val_scope = predict(net, self.val_x, self.device)
        sh_logits, sh_emb, sh_scope = predict(net, self.shift_x, self.device)
        # Temperature and operating point are fitted on the shifted validation (a new site).
        temperature = fit_temperature(sh_logits, self.val_y)
        sh_p = 1.0 - softmax(sh_logits, temperature)[:, 0]
        threshold = threshold_for_sensitivity(self.val_y > 0, sh_p, cfg.target_sensitivity)
        shifted = self._point_metrics(
            sh_logits,
            temperature,
            threshold,
            500,
            f"shifted copy of the validation split (acquisition transforms, seed {cfg.shift_seed})",
        )
        val = self._point_metrics(
            val_logits,
            temperature,
            threshold,
            500,
            f"patient-grouped {cfg.val_fraction:.0%} of {cfg.split} (seed {cfg.seed})",
        )
        # Mahalanobis second opinion and the scope threshold under the combined rule.
        _, train_emb, _ = predict(net, self.train_x, self.device)
        ood = fit_ood(train_emb)
        o = self.outliers
        sets = {
            "adult_heldout": o.adult_heldout,
            "non_chest_heldout": o.nonchest_heldout,
            "adult_chest_dicom": o.adult_chest_dicom,
            "made_outliers_heldout": o.synthetic_heldout,
        }
        preds = {k: predict(net, v, self.device) for k, v in sets.items()}
        # The Mahalanobis cut must not reject the validation children under acquisition shift
        # either: raise it above their own 99.5th percentile when the training-set cut is lower.
        val_d, sh_d = ood.distance(val_emb), ood.distance(sh_emb)
        floor = 1.05 * max(float(np.percentile(val_d, 99.5)), float(np.percentile(sh_d, 99.5)))
        if floor > ood.threshold:
            log.info(
                "Mahalanobis threshold raised %.2f -> %.2f (shifted validation)",
                ood.threshold,
                floor,
            )
            ood = dataclasses.replace(ood, threshold=round(floor, 4))
        val_ood = val_d > ood.threshold
        sh_ood = sh_d > ood.threshold
        scope_t = scope_threshold_for(
            [val_scope, sh_scope],
            [val_ood, sh_ood],
            [cfg.target_scope_kept, cfg.target_scope_kept_shifted],
        )
        scope_metrics = {
            "threshold": round(scope_t, 5),
            "rule": "out of scope if scope_prob < threshold or Mahalanobis distance > ood.threshold",
            "in_scope_kept_out": {
                "validation": round(evaluate_scope(val_scope, val_ood, scope_t), 4),
                "shifted_validation": round(evaluate_scope(sh_scope, sh_ood, scope_t), 4),
                "validation_mahalanobis_only": round(float(val_ood.mean()), 4),
            },
            "outliers_kept_out": {},
            "outlier_counts": {},
            "adult_heldout_note": "adult films of patients held aside from the one training "
            "hospital (Hannover Medical School, COVID-19 admissions); other hospitals will differ",
        }
        for k, (_, emb, sc) in preds.items():
            flag = ood.distance(emb) > ood.threshold if len(emb) else np.zeros(0, bool)
            scope_metrics["outliers_kept_out"][k] = round(evaluate_scope(sc, flag, scope_t), 4)
            scope_metrics["outliers_kept_out"][k + "_scope_output_only"] = round(
                evaluate_scope(sc, None, scope_t), 4
            )
            scope_metrics["outlier_counts"][k] = len(sc)
        val_metrics = {
            **{k: v for k, v in val.items()},
            "threshold": threshold,
            "temperature": temperature,
            "best_epoch": best_epoch,
            "selection": "EMA weights; epoch, temperature and threshold chosen on the shifted validation",
            "shifted": shifted,
            "scope": scope_metrics,
        }
        log.info(
            "calibration: T=%.3f  threshold=%.4f (sensitivity >= %.2f on the shifted validation)",
            temperature,
            threshold,
            cfg.target_sensitivity,
        )
        for name, m in (("validation", val), ("shifted validation", shifted)):
            log.info("%s: %s", name, json.dumps({k: v for k, v in m.items() if k != "ci95"}))
        log.info("scope: %s", json.dumps(scope_metrics))
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
            scope_threshold=scope_t,
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
