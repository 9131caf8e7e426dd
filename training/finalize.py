"""After the epochs: calibration and the operating point on the shifted validation, the
Mahalanobis reference, the scope threshold under the combined rule, the figures that go into the
model's contract, and the ONNX export (``RUN/cxr-triage.onnx``, written once, never rewritten)."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import numpy as np
import torch

from inference.model.contract import OODReference
from training.calibrate import fit_temperature, softmax
from training.config import TrainConfig
from training.fit_data import TrainData
from training.metrics import (
    binary_metrics,
    bootstrap_ci,
    calibration_bins,
    threshold_for_sensitivity,
)
from training.model import CXRNet
from training.ood import fit_ood
from training.predict import predict
from training.scope import evaluate_scope, scope_threshold_for

log = logging.getLogger("cxr-train")


def point_metrics(
    data: TrainData, logits: np.ndarray, temperature: float, threshold: float, n_boot: int,
    name: str,
) -> dict:  # fmt: skip
    """Metrics at the operating point on the validation children, with patient-bootstrap CIs."""
    probs = softmax(logits, temperature)
    p_pneu = 1.0 - probs[:, 0]
    y_bin = data.val_y > 0
    point = binary_metrics(y_bin, p_pneu, threshold)
    groups = np.array([s.group for s in data.val_s])
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
        "class_accuracy_3way": round(float((probs.argmax(1) == data.val_y).mean()), 4),
        "ci95": {k: [round(a, 4), round(b, 4)] for k, (a, b) in ci.items()},
    }


def scope_and_ood(
    net: CXRNet, data: TrainData, cfg: TrainConfig, device: torch.device,
    val: tuple[np.ndarray, np.ndarray], shifted: tuple[np.ndarray, np.ndarray],
) -> tuple[OODReference, float, dict]:  # fmt: skip
    """The Mahalanobis reference, the scope threshold and its figures. ``val`` and ``shifted``
    are (embeddings, scope probabilities) of the validation children and their shifted copy."""
    (val_emb, val_scope), (sh_emb, sh_scope) = val, shifted
    _, train_emb, _ = predict(net, data.train_x, device)
    ood = fit_ood(train_emb)
    o = data.outliers
    sets = {
        "adult_heldout": o.adult_heldout,
        "non_chest_heldout": o.nonchest_heldout,
        "adult_chest_dicom": o.adult_chest_dicom,
        "made_outliers_heldout": o.synthetic_heldout,
    }
    preds = {k: predict(net, v, device) for k, v in sets.items()}
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
    return ood, scope_t, scope_metrics


def finalize(
    net: CXRNet, data: TrainData, cfg: TrainConfig, out: Path, device: torch.device,
    history: list[dict], best_epoch: int,
) -> Path:  # fmt: skip
    """Calibrate, measure and export ``net``; returns ``out/cxr-triage.onnx``."""
    from training.export import export_onnx

    val_logits, val_emb, val_scope = predict(net, data.val_x, device)
    sh_logits, sh_emb, sh_scope = predict(net, data.shift_x, device)
    # Temperature and operating point are fitted on the shifted validation (a new site).
    temperature = fit_temperature(sh_logits, data.val_y)
    sh_p = 1.0 - softmax(sh_logits, temperature)[:, 0]
    threshold = threshold_for_sensitivity(data.val_y > 0, sh_p, cfg.target_sensitivity)
    shifted = point_metrics(
        data,
        sh_logits,
        temperature,
        threshold,
        500,
        f"shifted copy of the validation split (acquisition transforms, seed {cfg.shift_seed})",
    )
    val = point_metrics(
        data,
        val_logits,
        temperature,
        threshold,
        500,
        f"patient-grouped {cfg.val_fraction:.0%} of {cfg.split} (seed {cfg.seed})",
    )
    # Mahalanobis second opinion and the scope threshold under the combined rule.
    ood, scope_t, scope_metrics = scope_and_ood(
        net, data, cfg, device, (val_emb, val_scope), (sh_emb, sh_scope)
    )
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
    onnx_path = out / "cxr-triage.onnx"
    export_onnx(
        net.cpu(),
        onnx_path,
        cfg=cfg,
        temperature=temperature,
        threshold=threshold,
        val_metrics=val_metrics,
        ood=ood,
        manifest=data.manifest,
        history=history,
        scope_threshold=scope_t,
        parity_images=data.val_x[:8],
    )
    (out / "summary.json").write_text(
        json.dumps({"val_metrics": val_metrics, "config": cfg.to_json()}, indent=1)
    )
    log.info("exported %s", onnx_path)
    return onnx_path
