"""``cxr-train heatmap-scale``: the model's absolute CAM scale, fixed once from training films.

* ``fit_cam_scale``: the CAM value shown as full colour, the median over training films with
  pneumonia of each film's strongest evidence;
* ``fit_cam_floor``: the value shown as no colour, the level 75% of training normal films stay
  below;
* ``write_cam_scale``: both into the contract (``cxr.cam_scale``, ``cxr.cam_floor``) of a **new**
  file. The exported model is read, never rewritten, so every stage of ``make model`` has one
  input and one output and a stage run twice gives the same result.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import onnx

from inference.model.contract import ModelContract
from inference.model.onnx_metadata import meta_key, read_metadata
from training.data import read_gray
from training.heatmap_report import run_onnx, training_samples
from training.onnx_metadata import save_model, update_metadata

log = logging.getLogger("cxr-train")


def scaled_path(model: Path) -> Path:
    """Where the stage writes by default: ``cxr-triage.onnx`` -> ``cxr-triage-scaled.onnx``."""
    model = Path(model)
    return model.with_name(f"{model.stem}-scaled{model.suffix}")


def _peaks(cams: np.ndarray) -> np.ndarray:
    """Each film's strongest positive evidence (99th percentile of its positive CAM cells)."""
    out = []
    for cam in cams:
        pos = cam[cam > 0]
        out.append(float(np.percentile(pos, 99.0)) if pos.size else 0.0)
    return np.array(out)


def fit_cam_scale(cams: np.ndarray, is_pneumonia: np.ndarray) -> float:
    """Full colour: the median over pneumonia films of each film's strongest evidence."""
    peaks = _peaks(cams[np.asarray(is_pneumonia, bool)])
    peaks = peaks[peaks > 0]
    if not len(peaks):
        raise ValueError("no positive evidence on any pneumonia film: cannot fix a scale")
    return round(float(np.median(peaks)), 5)


def fit_cam_floor(cams: np.ndarray, is_pneumonia: np.ndarray, share: float = 0.75) -> float:
    """No colour: the level that ``share`` of normal films' strongest evidence stays below, so
    most normal films show nothing (local evidence a normal film commonly has is not a finding)."""
    peaks = _peaks(cams[~np.asarray(is_pneumonia, bool)])
    return round(float(np.percentile(peaks, 100 * share)), 5) if len(peaks) else 0.0


def write_cam_scale(
    model: Path, data: Path, out: Path | None = None, limit: int | None = 1500
) -> tuple[Path, float]:
    """Fit the scale on (up to ``limit``) training films of ``model``'s run and write ``model``
    with it to ``out`` (default ``scaled_path(model)``); returns (out, scale)."""
    model = Path(model)
    out = scaled_path(model) if out is None else Path(out)
    if out.resolve() == model.resolve():
        raise ValueError(f"{out}: the heatmap scale is written to a new file, not into {model}")
    meta = read_metadata(model)
    contract = ModelContract.from_metadata(meta)
    samples = training_samples(meta, data)
    if limit and len(samples) > limit:
        rng = np.random.default_rng(0)
        samples = [samples[i] for i in sorted(rng.permutation(len(samples))[:limit])]
    res = run_onnx(model, [read_gray(s.path) for s in samples], contract.input_size)
    is_pneumonia = np.array([s.label > 0 for s in samples])
    scale = fit_cam_scale(res["cam"], is_pneumonia)
    floor = min(fit_cam_floor(res["cam"], is_pneumonia), 0.8 * scale)
    proto = onnx.load(str(model))
    entries = update_metadata(proto, {meta_key("cam_scale"): scale, meta_key("cam_floor"): floor})
    ModelContract.from_metadata(entries)  # still a valid contract
    save_model(proto, out, check=False)
    log.info(
        "CAM scale %.4f, floor %.4f from %d training films of %s, written to %s",
        scale,
        floor,
        len(samples),
        model,
        out,
    )
    return out, scale
