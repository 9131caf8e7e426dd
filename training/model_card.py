"""Write resources/models/MODEL_CARD.md from the model's own metadata and an evaluation run, so the
card's numbers are always the shipped model's numbers."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import onnx

from inference.contract import ModelContract


def _ci(metrics: dict, key: str) -> str:
    lo, hi = metrics.get("ci95", {}).get(key, [float("nan")] * 2)
    return f"{metrics[key]:.3f} ({lo:.3f}–{hi:.3f})"


def write_card(model: Path, evaluation: Path, out_dir: Path, command: str) -> Path:
    meta = {p.key: p.value for p in onnx.load(str(model), load_external_data=False).metadata_props}
    contract = ModelContract.from_metadata(meta)
    recipe = json.loads(meta.get("cxr.recipe", "{}"))
    history = json.loads(meta.get("cxr.training_history", "[]"))
    ev = json.loads((evaluation / "metrics.json").read_text())
    vm = contract.val_metrics
    figs = out_dir / "figures"
    figs.mkdir(parents=True, exist_ok=True)
    rel = {}
    for name, src in ev.get("figures", {}).items():
        dst = figs / Path(src).name
        shutil.copyfile(src, dst)
        rel[name] = f"figures/{dst.name}"
    sha = hashlib.sha256(model.read_bytes()).hexdigest()
    rows = "\n".join(
        f"| {k} | {_ci(ev, k)} |"
        for k in ("auc", "sensitivity", "specificity", "precision", "f1", "accuracy")
    )
    cm = ev["confusion_3class"]
    cm_rows = "\n".join(
        f"| **{c}** | " + " | ".join(str(v) for v in row) + " |"
        for c, row in zip(ev["classes"], cm, strict=True)
    )
    img = "\n".join(f"![{k}]({v})" for k, v in rel.items())
    text = f"""# Model card: {contract.name} v{contract.version}

**Assistive triage — not a diagnosis.** The model orders a worklist; a clinician reads every image.

| | |
|---|---|
| file | `cxr-triage.onnx` ({model.stat().st_size / 1e6:.1f} MB), sha256 `{sha}` |
| architecture | small residual CNN, global-average-pool + linear head (CAM is a graph output); {recipe.get("widths")} channels, input {contract.input_size[0]}x{contract.input_size[1]} grey, about 0.52 GFLOP/image, 0.9 M parameters |
| outputs | calibrated P(pneumonia) = 1 − P(normal); P(normal, bacterial, viral); 14x14 pneumonia CAM; 192-d embedding |
| preprocessing | `{contract.preprocessing}`: grey, squash to {contract.input_size[0]}x{contract.input_size[1]} ignoring aspect ratio (as the training data was made), INTER_AREA, per-image z-score clipped to ±5 |
| calibration | temperature {contract.temperature:.3f} (fitted on validation by NLL, applied inside the graph) |
| operating point | threshold {contract.threshold:.4f} on P(pneumonia): the highest with sensitivity ≥ 0.95 on validation |
| out-of-distribution | Mahalanobis distance of the embedding to the training set; flag above {contract.ood.threshold if contract.ood else float("nan"):.1f} (1.1 × the {contract.ood.percentile if contract.ood else 0:g}th percentile of training images) |
| training data | Kermany et al. 2018 pediatric chest X-rays, official *train* split at 224x224 (1341 normal, 3875 pneumonia), manifest sha256 `{contract.data_manifest_sha256[:16]}…` |

## Intended use and limits
{contract.intended_use}

- Trained on one hospital's pediatric (1–5 years) AP films (Guangzhou Women and Children's Medical Center).
  Adults, lateral views, other hospitals' processing, portable ICU films and other pathologies were not
  seen: expect lower performance there; images unlike the training set are flagged, not refused.
- The bacterial/viral split is a weak signal (3-class accuracy {vm.get("class_accuracy_3way", float("nan")):.2f} on validation); show it as "likely type" only.
- The official Kermany *test* split was held back and not used for any choice.
- Validation images come from the same source as training: the intervals below describe this source,
  not a new clinic. Re-check the operating point locally before relying on it.

## Validation (patient-grouped split of train)
{vm.get("split")}: {ev["n"]} images ({ev["n_pneumonia"]} pneumonia) from {ev["n_patients"]} patients; no child
and no byte-identical file is on both sides. Metrics at the shipped threshold, with 95% intervals from
{1000} patient-level bootstrap resamples (the threshold was chosen on these same images, so the
sensitivity is optimistic by construction):

| metric | value (95% CI) |
|---|---|
{rows}
| expected calibration error | {ev["ece"]:.3f} |

3-class confusion (rows: truth, columns: prediction):

| | {" | ".join(ev["classes"])} |
|---|{"---|" * len(ev["classes"])}
{cm_rows}

Training stopped at epoch {vm.get("best_epoch")} of {len(history)} run (early stopping on validation AUC).

{img}

## Reproduce
```bash
{command}
```
Seeded (seed {recipe.get("seed")}); CPU runs are reproducible up to floating-point non-determinism of
multi-threaded kernels. Recipe: AdamW (lr {recipe.get("lr")}, weight decay {recipe.get("weight_decay")}),
batch {recipe.get("batch_size")}, 1 warm-up epoch then cosine decay, class-balanced cross-entropy with label
smoothing {recipe.get("label_smoothing")}, augmentation: rotation ±8°, scale 0.9–1.12, shift ±6%, gamma,
contrast, brightness, blur, noise; no left/right flip (laterality is anatomical).

## Licence and attribution
Weights trained by the CXR Triage project on data by Kermany, Zhang, Goldbaum (2018), Mendeley Data v2,
CC BY 4.0.
"""
    out = out_dir / "MODEL_CARD.md"
    out.write_text(text, encoding="utf-8")
    return out
