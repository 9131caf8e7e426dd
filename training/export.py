"""ONNX export of the shipped graph, with the model contract in metadata_props and a parity check."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import onnx
import torch

from inference.model.contract import (
    INPUT_NAME,
    OUTPUT_NAMES_V2,
    SCOPE_RULE_EITHER,
    ModelContract,
    OODReference,
)
from inference.model.onnx_metadata import RECIPE, TRAINING_HISTORY
from inference.model.preprocess import PREPROCESSING_ID, preprocess
from training.config import TrainConfig
from training.data import CLASSES
from training.model import CXRNet, ExportWrapper
from training.onnx_metadata import set_metadata

log = logging.getLogger("cxr-train")

INTENDED_USE = (
    "Assistive triage of frontal pediatric chest radiographs (AP, ages about 1-5 years, as in the "
    "Kermany et al. 2018 data): orders a worklist by pneumonia likelihood. Not a diagnosis; not "
    "validated on adults, lateral views, or other populations. Its scope output flags images "
    "unlike that data (adults, other body parts, photographs); such images are not ranked."
)


def export_onnx(
    net: CXRNet,
    path: Path,
    *,
    cfg: TrainConfig,
    temperature: float,
    threshold: float,
    val_metrics: dict,
    ood: OODReference | None,
    manifest: str,
    history: list[dict],
    scope_threshold: float,
    parity_images: np.ndarray | None = None,
) -> Path:
    """Write ``path`` atomically; verify ONNX vs PyTorch on ``parity_images`` (uint8 N,H,W)."""
    net = net.eval().cpu()
    wrapper = ExportWrapper(net, temperature).eval()
    h, w = cfg.input_size
    dummy = torch.zeros(2, 1, h, w)
    tmp = path.with_suffix(".tmp.onnx")
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        wrapper,
        (dummy,),
        str(tmp),
        input_names=[INPUT_NAME],
        output_names=list(OUTPUT_NAMES_V2),
        dynamic_axes={INPUT_NAME: {0: "batch"}, **{o: {0: "batch"} for o in OUTPUT_NAMES_V2}},
        opset_version=17,
        dynamo=False,
    )
    model = onnx.load(str(tmp))
    with torch.no_grad():
        cam_shape = tuple(wrapper(dummy)[2].shape[1:])
    contract = ModelContract(
        version=cfg.model_version,
        input_size=(h, w),
        classes=CLASSES,
        preprocessing=PREPROCESSING_ID,
        threshold=float(threshold),
        temperature=float(temperature),
        cam_size=(int(cam_shape[0]), int(cam_shape[1])),
        data_manifest_sha256=manifest,
        val_metrics=val_metrics,
        ood=ood,
        intended_use=INTENDED_USE,
        scope_threshold=float(scope_threshold),
        scope_rule=SCOPE_RULE_EITHER if ood is not None else "out if scope_prob < scope_threshold",
    )
    contract.validate()
    set_metadata(
        model, {**contract.to_metadata(), TRAINING_HISTORY: history, RECIPE: cfg.to_json()}
    )
    model.producer_name = "cxr-train"
    model.doc_string = "CXR Triage pneumonia model. Assistive, not a diagnosis."
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(tmp))
    if parity_images is not None and len(parity_images):
        err = parity_check(wrapper, tmp, parity_images, (h, w))
        log.info("ONNX vs PyTorch max abs difference: %.2e", err)
        if err > 1e-4:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"ONNX output differs from PyTorch by {err:.2e} (> 1e-4)")
    tmp.replace(path)
    return path


def parity_check(
    wrapper: ExportWrapper, onnx_path: Path, images: np.ndarray, size: tuple[int, int]
) -> float:
    """Largest absolute difference over all outputs between onnxruntime and PyTorch."""
    import onnxruntime as ort

    batch = np.stack([preprocess(im, size) for im in images]).astype(np.float32)
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    got = sess.run(list(OUTPUT_NAMES_V2), {INPUT_NAME: batch})
    with torch.no_grad():
        ref = [t.numpy() for t in wrapper(torch.from_numpy(batch))]
    return float(max(np.abs(a - b).max() for a, b in zip(got, ref, strict=True)))
