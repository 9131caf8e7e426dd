"""The classifier's operating point for a new site, and writing the gated model file.

Temperature and threshold were fitted on the deliberately harsh shifted copy: on the held-back
test split that gave sensitivity 0.997, specificity 0.756 and ECE 0.081. Here they are fitted on
children as a new site would send them (the plain validation split plus its mild copy), and the
harsh copy stays a stress report.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np

from inference.model.onnx_metadata import json_value, meta_key, read_metadata
from training.calibrate import fit_temperature, softmax
from training.metrics import binary_metrics, calibration_bins, threshold_for_sensitivity
from training.onnx_metadata import save_model, update_metadata
from training.scope_gate import Gate


def logits_from(class_probs: np.ndarray, temperature: float) -> np.ndarray:
    """The model's logits (up to a per-image constant, which softmax ignores) from its
    calibrated class probabilities and the temperature already applied in the graph."""
    return np.log(np.clip(class_probs.astype(np.float64), 1e-12, 1.0)) * temperature


def operating_point(
    logit_sets: list[np.ndarray], label_sets: list[np.ndarray], target_sensitivity: float
) -> tuple[float, float]:
    """(temperature, threshold) fitted on the union of the given sets."""
    logits = np.concatenate(logit_sets)
    labels = np.concatenate(label_sets)
    t = fit_temperature(logits, labels)
    p = 1.0 - softmax(logits, t)[:, 0]
    return t, float(threshold_for_sensitivity(labels > 0, p, target_sensitivity))


def report(logits: np.ndarray, labels: np.ndarray, t: float, threshold: float) -> dict:
    p = 1.0 - softmax(logits, t)[:, 0]
    m = binary_metrics(labels > 0, p, threshold)
    _, _, _, ece = calibration_bins(labels > 0, p)
    return {k: round(float(v), 4) for k, v in {**m, "ece": ece}.items()}


def write_gated(
    src: Path,
    dst: Path,
    version: str,
    temperature: float,
    threshold: float,
    gate: Gate,
    extra_metrics: dict,
) -> None:
    """A new model file: the exported graph with the new temperature and the contract updated."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    found = False
    for init in model.graph.initializer:
        if init.name == "inv_t":
            init.CopyFrom(numpy_helper.from_array(np.array(1.0 / temperature, np.float32), "inv_t"))
            found = True
    if not found:
        raise ValueError(f"{src} has no 'inv_t' initializer: not a model exported by cxr-train")
    metrics = json_value(read_metadata(src), meta_key("val_metrics"), {})
    metrics.update(extra_metrics)
    update_metadata(
        model,
        {
            meta_key("version"): version,
            meta_key("temperature"): temperature,
            meta_key("threshold"): threshold,
            meta_key("scope_probe"): asdict(gate.probe),
            meta_key("scope_threshold"): gate.scope_threshold,
            meta_key("scope_rule"): (
                "out if scope_prob < scope_threshold or mahalanobis > ood.threshold or "
                "P(child) of the scope probe < its threshold or the lung check fails"
            ),
            meta_key("val_metrics"): metrics,
        },
    )
    save_model(model, dst)
