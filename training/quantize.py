"""int8 model for the CPU: onnxruntime static QDQ quantisation, calibrated on training films, with
per-channel weights, kept only where it holds against the float model.

Parity is measured here, on the validation and the shifted validation children: AUC within 0.003,
the same label for >= 99% of validation images at the shipped threshold, and the displayed heatmap
correlated >= 0.98 with the float model's. The figures go into the int8 file's contract
(``cxr.quantization``); a model that misses them is not written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from pathlib import Path

import numpy as np
import onnx

from inference.model.contract import INPUT_NAME, ModelContract
from inference.model.heatmap import body_grid, display_heat
from inference.model.onnx_metadata import QUANTIZATION, RECIPE, json_value, read_metadata
from inference.model.preprocess import model_plane, preprocess, squash_resize
from training.acquisition import shifted_copy
from training.data import read_gray
from training.evaluate import select_samples
from training.heatmap_report import run_onnx, training_samples
from training.metrics import roc_auc
from training.onnx_metadata import save_model, set_metadata

log = logging.getLogger("cxr-train")
LIMITS = {"auc_drop": 0.003, "label_agreement": 0.99, "heatmap_corr": 0.98}


class _Reader:
    """onnxruntime CalibrationDataReader over preprocessed training films, batches of 16."""

    def __init__(self, images: list[np.ndarray], size: tuple[int, int]) -> None:
        self._batches = [
            {INPUT_NAME: np.stack([preprocess(im, size) for im in images[i : i + 16]])}
            for i in range(0, len(images), 16)
        ]
        self._it = iter(self._batches)

    def get_next(self) -> dict | None:
        return next(self._it, None)

    def rewind(self) -> None:
        self._it = iter(self._batches)


def parity(float_model: Path, int8_model: Path, data: Path) -> dict:
    """The three figures, on the validation split and its shifted copy."""
    meta = read_metadata(float_model)
    contract = ModelContract.from_metadata(meta)
    size = contract.input_size
    samples = select_samples(meta, data, "val")
    y = np.array([s.label > 0 for s in samples])
    val = [read_gray(s.path) for s in samples]
    seed = int(json_value(meta, RECIPE, {}).get("shift_seed", 1234))
    shifted = list(shifted_copy(np.stack([squash_resize(im, size) for im in val]), seed))
    out: dict = {}
    for name, images in (("validation", val), ("shifted_validation", shifted)):
        f, q = run_onnx(float_model, images, size), run_onnx(int8_model, images, size)
        entry = {
            "auc_float": round(roc_auc(y, f["prob"]), 4),
            "auc_int8": round(roc_auc(y, q["prob"]), 4),
            "label_agreement": round(
                float(
                    ((f["prob"] >= contract.threshold) == (q["prob"] >= contract.threshold)).mean()
                ),
                4,
            ),
            "max_prob_diff": round(float(np.abs(f["prob"] - q["prob"]).max()), 4),
        }
        if name == "validation":
            corr = []
            for im, cf, cq in zip(images, f["cam"], q["cam"], strict=True):
                body = body_grid(model_plane(im, size), contract.cam_size)
                hf = display_heat(cf, contract.cam_scale, body, contract.cam_floor).ravel()
                hq = display_heat(cq, contract.cam_scale, body, contract.cam_floor).ravel()
                if hf.std() < 1e-6 or hq.std() < 1e-6:
                    corr.append(1.0 if np.allclose(hf, hq, atol=0.02) else 0.0)
                else:
                    corr.append(float(np.corrcoef(hf, hq)[0, 1]))
            entry["heatmap_corr_mean"] = round(float(np.mean(corr)), 4)
            entry["heatmap_corr_p05"] = round(float(np.percentile(corr, 5)), 4)
        out[name] = entry
    v, s = out["validation"], out["shifted_validation"]
    out["holds"] = bool(
        v["auc_float"] - v["auc_int8"] <= LIMITS["auc_drop"]
        and s["auc_float"] - s["auc_int8"] <= LIMITS["auc_drop"]
        and v["label_agreement"] >= LIMITS["label_agreement"]
        and v["heatmap_corr_mean"] >= LIMITS["heatmap_corr"]
    )
    out["limits"] = LIMITS
    return out


def quantize(float_model: Path, data: Path, out: Path, n_calibration: int = 320) -> dict:
    """Write ``out`` (int8 QDQ) when parity holds; return the parity figures either way."""
    from onnxruntime.quantization import QuantFormat, QuantType, quant_pre_process, quantize_static

    meta = read_metadata(float_model)
    contract = ModelContract.from_metadata(meta)
    samples = training_samples(meta, data)
    rng = np.random.default_rng(0)
    picked = [samples[i] for i in sorted(rng.permutation(len(samples))[:n_calibration])]
    reader = _Reader([read_gray(s.path) for s in picked], contract.input_size)
    with tempfile.TemporaryDirectory() as tmp:
        pre, q = Path(tmp) / "pre.onnx", Path(tmp) / "int8.onnx"
        quant_pre_process(str(float_model), str(pre), skip_symbolic_shape=True)
        quantize_static(
            str(pre),
            str(q),
            reader,
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            # 7-bit weights: u8s8 products cannot saturate on CPUs without VNNI (AVX2 only,
            # e.g. AMD EPYC or an old laptop), where full-range int8 drifted from the float model
            reduce_range=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            # the backbone only: the heads (linear, softmax, CAM, scope) stay float, so the
            # probabilities still sum to one and the CAM keeps its precision
            op_types_to_quantize=["Conv", "Add", "Relu"],
        )
        figures = parity(float_model, q, data)
        log.info("int8 parity: %s", json.dumps(figures))
        if not figures["holds"]:
            log.warning("int8 model not written: parity does not hold")
            return figures
        model = onnx.load(str(q))
        quantization = {
            "format": "int8 static QDQ, per-channel weights (onnxruntime)",
            "float_sha256": hashlib.sha256(Path(float_model).read_bytes()).hexdigest(),
            "calibration_images": len(picked),
            "parity": figures,
        }
        set_metadata(model, {**meta, QUANTIZATION: quantization})
        save_model(model, out, check=False)
    return figures
