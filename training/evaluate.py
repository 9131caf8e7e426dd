"""`cxr-train evaluate MODEL.onnx DATA_DIR`: metrics with patient-bootstrap 95% intervals and plots,
on the validation split, its shifted copy (``--split shifted``) or any DATA/split folder (e.g. the
official test split), with the share of images the model would keep out of scope.

Runs the exported ONNX model (what ships), not the PyTorch checkpoint.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import onnxruntime as ort

from inference.model.contract import INPUT_NAME, OUTPUT_NAMES, OUTPUT_NAMES_V2, ModelContract
from inference.model.heatmap import normalize_cam, upsample_cam
from inference.model.onnx_metadata import RECIPE, TRAINING_HISTORY, json_value, read_metadata
from inference.model.preprocess import preprocess, squash_resize
from training.acquisition import shifted_copy
from training.config import TrainConfig
from training.data import CLASSES, Sample, discover, grouped_split, read_gray
from training.metrics import binary_metrics, bootstrap_ci, confusion_matrix
from training.plots import (
    plot_calibration,
    plot_confusion,
    plot_history,
    plot_pr,
    plot_roc,
    plot_worst,
)

log = logging.getLogger("cxr-train")


def run_split(model_meta: dict[str, str], data: Path) -> tuple[list[Sample], list[Sample]]:
    """The training run's (training, validation) films, rebuilt from its recipe: the same films
    (``limit`` included) and the same patient-grouped split."""
    recipe = TrainConfig.from_json(json_value(model_meta, RECIPE, {}) or {})
    samples = discover(data, recipe.split)
    if recipe.limit:
        rng = np.random.default_rng(recipe.seed)
        samples = [samples[i] for i in sorted(rng.permutation(len(samples))[: recipe.limit])]
    return grouped_split(samples, recipe.val_fraction, recipe.seed)


def select_samples(model_meta: dict[str, str], data: Path, split: str) -> list[Sample]:
    """'val' (and 'shifted') rebuild the training run's patient-grouped validation split; else
    DATA/split."""
    if split in ("val", "shifted") and (Path(data) / "train").is_dir():
        return run_split(model_meta, data)[1]
    return discover(data, split)


def load_images(
    samples: list[Sample], contract: ModelContract, shift_seed: int | None = None
) -> list[np.ndarray]:
    """Grey images as the model will see them; with ``shift_seed``, the shifted validation copy
    (squashed to the input size, then the same fixed-seed acquisition transforms as training)."""
    if shift_seed is None:
        return [read_gray(s.path) for s in samples]
    squashed = np.stack([squash_resize(read_gray(s.path), contract.input_size) for s in samples])
    return list(shifted_copy(squashed, shift_seed))


def run_model(
    model: Path, images: list[np.ndarray], contract: ModelContract, batch: int = 64
) -> dict[str, np.ndarray]:
    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    names = list(OUTPUT_NAMES_V2 if contract.has_scope_output else OUTPUT_NAMES)
    outs: dict[str, list[np.ndarray]] = {k: [] for k in names}
    for i in range(0, len(images), batch):
        x = np.stack([preprocess(im, contract.input_size) for im in images[i : i + batch]])
        for k, v in zip(names, sess.run(names, {INPUT_NAME: x}), strict=True):
            outs[k].append(v)
    return {k: np.concatenate(v) for k, v in outs.items()}


def out_of_scope(
    res: dict[str, np.ndarray], contract: ModelContract, lungs_out: np.ndarray | None = None
) -> np.ndarray:
    """The contract's scope rule on raw outputs: scope output below its threshold, the
    Mahalanobis distance above its own (1.x models: Mahalanobis only), the scope probe's P(child)
    below its threshold (2.1+), and the lung check (when the lung model was run)."""
    out = np.zeros(len(res["pneumonia_prob"]), bool)
    if lungs_out is not None:
        out |= lungs_out
    if contract.scope_probe is not None:
        out |= (
            contract.scope_probe.probabilities(res["embedding"])[:, 0]
            < contract.scope_probe.threshold
        )
    if contract.ood is not None:
        out |= contract.ood.distance(res["embedding"]) > contract.ood.threshold
    if contract.has_scope_output and "scope_prob" in res:
        out |= res["scope_prob"] < float(contract.scope_threshold or 0.0)
    return out


def _lungs_out(lungs: Path | None, images: list[np.ndarray], contract: ModelContract):
    """The lung check on each image (None without a lung model)."""
    if lungs is None:
        return None
    from inference.model.lung_fields import LungSession
    from inference.model.preprocess import model_plane

    planes = [model_plane(im, contract.input_size) for im in images]
    fields = LungSession.load(lungs).analyse_planes(planes)
    return np.array([f.problem is not None for f in fields], bool)


def evaluate(
    model: Path,
    data: Path,
    split: str = "val",
    out: Path = Path("runs/evaluation"),
    threshold: float | None = None,
    n_boot: int = 1000,
    lungs: Path | None = None,
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    meta = read_metadata(model)
    contract = ModelContract.from_metadata(meta)
    thr = contract.threshold if threshold is None else float(threshold)
    samples = select_samples(meta, data, split)
    log.info(
        "evaluating %s on %d images (%s split of %s), threshold %.4f",
        model.name,
        len(samples),
        split,
        data,
        thr,
    )
    shift_seed = None
    if split == "shifted":
        shift_seed = int(json_value(meta, RECIPE, {}).get("shift_seed", 1234))
    images = load_images(samples, contract, shift_seed)
    res = run_model(model, images, contract)
    scope_out = out_of_scope(res, contract, _lungs_out(lungs, images, contract))
    labels = np.array([s.label for s in samples])
    y = labels > 0
    p = res["pneumonia_prob"]
    groups = np.array([s.group for s in samples])
    point = binary_metrics(y, p, thr)
    ci = bootstrap_ci(
        y, p, lambda yy, ss: binary_metrics(yy, ss, thr), n_boot=n_boot, groups=groups
    )
    cm = confusion_matrix(labels, res["class_probs"].argmax(1), len(CLASSES))

    figs = {}
    history = json_value(meta, TRAINING_HISTORY, [])
    figs["curves"] = plot_history(history, out / "curves.png")
    figs["roc"] = plot_roc(y, p, point["auc"], thr, out / "roc.png")
    figs["pr"] = plot_pr(y, p, out / "precision_recall.png")
    figs["calibration"], ece = plot_calibration(y, p, out / "calibration.png")
    figs["confusion"] = plot_confusion(cm, list(CLASSES), out / "confusion.png")
    wrong = np.where((p >= thr) != y)[0]
    worst = wrong[np.argsort(-np.abs(p[wrong] - thr))][:8]
    items = []
    for i in worst:
        img = images[i]
        heat = upsample_cam(normalize_cam(res["cam"][i]), img.shape[:2])  # as the app shows it
        truth = CLASSES[labels[i]]
        items.append((img, heat, f"{samples[i].path.name[:28]}\ntrue {truth}, P={p[i]:.2f}"))
    figs["worst_errors"] = plot_worst(items, out / "worst_errors.png")

    report = {
        "model": str(model),
        "model_version": contract.version,
        "data": str(data),
        "split": split,
        "n": len(y),
        "n_pneumonia": int(y.sum()),
        "n_patients": len(set(groups)),
        "threshold": thr,
        **{k: round(v, 4) for k, v in point.items()},
        "ci95": {k: [round(a, 4), round(b, 4)] for k, (a, b) in ci.items()},
        "ece": round(ece, 4),
        "class_accuracy_3way": round(float((res["class_probs"].argmax(1) == labels).mean()), 4),
        "out_of_scope_share": round(float(scope_out.mean()), 4),
        "confusion_3class": cm.tolist(),
        "classes": list(CLASSES),
        "figures": {k: str(v) for k, v in figs.items() if v},
    }
    (out / "metrics.json").write_text(json.dumps(report, indent=1))
    print(f"\n{model.name} on {len(y)} images ({int(y.sum())} pneumonia), threshold {thr:.4f}")
    for k in ("auc", "accuracy", "sensitivity", "specificity", "precision", "f1"):
        lo, hi = report["ci95"].get(k, [float("nan"), float("nan")])
        print(f"  {k:<12} {report[k]:.4f}  (95% CI {lo:.4f}-{hi:.4f})")
    print(f"  ECE          {ece:.4f}")
    print(f"  3-class acc  {report['class_accuracy_3way']:.4f}")
    print(f"  out of scope {report['out_of_scope_share']:.4f} (share of these images the model "
          "would keep out of the ranking)")  # fmt: skip
    print("  confusion (rows true, cols predicted: " + ", ".join(CLASSES) + ")")
    for name, row in zip(CLASSES, cm, strict=True):
        print(f"    {name:<10} " + " ".join(f"{v:5d}" for v in row))
    print(f"  figures and metrics.json in {out}")
    return report
