"""Heatmaps a clinician can believe, measured (the absolute CAM scale itself is fixed earlier, by
``heatmap_scale.py``).

* ``heatmap_report``: on the validation images, with the app's own display code — mean displayed
  heat on films the model calls normal vs pneumonia, the share of heat outside the body outline
  (before and after the app's masking), per-image agreement of the overlay between the ONNX model
  and the PyTorch checkpoint — and a contact sheet of 24 validation films (normal, bacterial,
  viral at low, middle and high probability) rendered as the app renders them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from inference.model.contract import INPUT_NAME, OUTPUT_CAM, OUTPUT_PNEUMONIA, ModelContract
from inference.model.heatmap import (
    TRANSPARENT_BELOW,
    absolute_heat,
    blend,
    body_grid,
    display_heat,
    upsample_cam,
)
from inference.model.onnx_metadata import read_metadata
from inference.model.preprocess import model_plane, preprocess
from training.config import SHARED_DATA
from training.data import CLASSES, Sample, patient_of, read_gray
from training.evaluate import run_split, select_samples

log = logging.getLogger("cxr-train")
FULL_RES = SHARED_DATA / "kermany-fullres"


def run_onnx(model: Path, images: list[np.ndarray], size: tuple[int, int]) -> dict[str, np.ndarray]:
    """P(pneumonia) and the raw CAM of each image, with the app's preprocessing (CPU)."""
    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    probs, cams = [], []
    for i in range(0, len(images), 64):
        x = np.stack([preprocess(im, size) for im in images[i : i + 64]])
        p, c = sess.run([OUTPUT_PNEUMONIA, OUTPUT_CAM], {INPUT_NAME: x})
        probs.append(p)
        cams.append(c)
    return {"prob": np.concatenate(probs), "cam": np.concatenate(cams)}


def training_samples(meta: dict[str, str], data: Path) -> list[Sample]:
    """The training part of the run's split (validation children excluded)."""
    return run_split(meta, data)[0]


def _torch_cams(checkpoint: Path, images: list[np.ndarray], size: tuple[int, int]) -> np.ndarray:
    import torch

    from training.model import CXRNet, ExportWrapper

    ck = torch.load(checkpoint, map_location="cpu", weights_only=False)
    net = CXRNet(len(CLASSES), tuple(ck["config"]["widths"]))
    net.load_state_dict(ck["model"])
    wrapper = ExportWrapper(net.eval(), 1.0).eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(images), 64):
            x = torch.from_numpy(np.stack([preprocess(im, size) for im in images[i : i + 64]]))
            out.append(wrapper(x)[2].numpy())
    return np.concatenate(out)


def lung_fields_of(lungs: Path, planes: list[np.ndarray]) -> list:
    """The app's lung analysis (mask and check) of each [0, 1] model plane."""
    from inference.model.lung_fields import LungSession

    return LungSession.load(lungs).analyse_planes(planes)


def lung_heat_figures(
    cams: np.ndarray, fields: list, called: np.ndarray, contract: ModelContract
) -> dict:
    """Where the heat is, at 56 px, against the lung fields as drawn (the outline on the contact
    sheet: soft mask >= 0.5) and against their core (soft mask >= 0.99, the hull without the
    soft edge): the model's own positive evidence, and the heat the app displays."""
    from inference.model.lung_fields import mask_on

    side = 56
    sums = {k: 0.0 for k in ("model_in", "model_core", "model", "shown_in", "shown_core", "shown")}
    visible_normal = []
    for cam, f, c in zip(cams, fields, called, strict=True):
        soft = mask_on(f, (side, side))
        outline, core = (soft >= 0.5).astype(np.float32), (soft >= 0.99).astype(np.float32)
        pos = upsample_cam(np.maximum(cam, 0) / max(float(cam.max()), 1e-6), (side, side))
        shown = upsample_cam(
            display_heat(cam, contract.cam_scale, f.mask, contract.cam_floor), (side, side)
        )
        for name, heat in (("model", pos), ("shown", shown)):
            sums[name] += float(heat.sum())
            sums[f"{name}_in"] += float((heat * outline).sum())
            sums[f"{name}_core"] += float((heat * core).sum())
        if not c:
            visible_normal.append(bool((shown > TRANSPARENT_BELOW).any()))

    def share(a: str, b: str) -> float:
        return round(sums[a] / max(sums[b], 1e-9), 4)

    return {
        "model_positive_evidence_inside_lungs": share("model_in", "model"),
        "displayed_heat_inside_lungs": share("shown_in", "shown"),
        "displayed_heat_inside_lung_core": share("shown_core", "shown"),
        "normal_calls_with_any_visible_heat_lungs": round(float(np.mean(visible_normal)), 4)
        if visible_normal
        else 0.0,
        "lung_check_failed_share": round(
            float(np.mean([f.problem is not None for f in fields])), 4
        ),
    }


def heatmap_report(
    model: Path,
    data: Path,
    out: Path,
    checkpoint: Path | None = None,
    sheet: Path | None = None,
    lungs: Path | None = None,
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    meta = read_metadata(model)
    contract = ModelContract.from_metadata(meta)
    if contract.cam_scale is None:
        raise ValueError(f"{model} has no cam_scale: run `cxr-train heatmap-scale` first")
    size, grid = contract.input_size, contract.cam_size
    samples = select_samples(meta, data, "val")
    images = [read_gray(s.path) for s in samples]
    res = run_onnx(model, images, size)
    called = res["prob"] >= contract.threshold
    planes = [model_plane(im, size) for im in images]
    bodies = [body_grid(p, grid) for p in planes]
    fields = lung_fields_of(lungs, planes) if lungs else None
    raw = [absolute_heat(c, contract.cam_scale, contract.cam_floor) for c in res["cam"]]
    shown = [
        display_heat(c, contract.cam_scale, b, contract.cam_floor)
        for c, b in zip(res["cam"], bodies, strict=True)
    ]
    mean_shown = np.array([h.mean() for h in shown])
    if fields is not None:
        shown_lungs = [
            display_heat(c, contract.cam_scale, f.mask, contract.cam_floor)
            for c, f in zip(res["cam"], fields, strict=True)
        ]
        mean_shown = np.array([h.mean() for h in shown_lungs])

    def outside_share(heats: list[np.ndarray]) -> float:
        total = sum(float(h.sum()) for h in heats)
        outside = sum(float((h * (1 - b)).sum()) for h, b in zip(heats, bodies, strict=True))
        return outside / total if total > 0 else 0.0

    report = {
        "model": str(model),
        "n": len(samples),
        "cam_scale": contract.cam_scale,
        "cam_floor": contract.cam_floor,
        "mean_heat_called_normal": round(float(mean_shown[~called].mean()), 5),
        "mean_heat_called_pneumonia": round(float(mean_shown[called].mean()), 5),
        "outside_body_share_model": round(outside_share(raw), 4),
        "outside_body_share_shown": round(outside_share(shown), 4),
        "share_of_normal_calls_with_any_visible_heat": round(
            float(np.mean([(h > 0.15).any() for h, c in zip(shown, called, strict=True) if not c])),
            4,
        ),
    }
    if fields is not None:
        report.update(lung_heat_figures(res["cam"], fields, called, contract))
    report["normal_to_pneumonia_ratio"] = round(
        report["mean_heat_called_normal"] / max(report["mean_heat_called_pneumonia"], 1e-9), 4
    )
    if checkpoint is not None and Path(checkpoint).is_file():
        ref = _torch_cams(Path(checkpoint), images, size)
        corr = []
        for a, b, body in zip(res["cam"], ref, bodies, strict=True):
            ha = display_heat(a, contract.cam_scale, body, contract.cam_floor).ravel()
            hb = display_heat(b, contract.cam_scale, body, contract.cam_floor).ravel()
            if ha.std() < 1e-6 and hb.std() < 1e-6:
                corr.append(1.0 if np.allclose(ha, hb, atol=1e-4) else 0.0)
            else:
                corr.append(float(np.corrcoef(ha, hb)[0, 1]))
        report["onnx_vs_pytorch_overlay_corr_min"] = round(float(np.nanmin(corr)), 5)
        report["onnx_vs_pytorch_overlay_corr_mean"] = round(float(np.nanmean(corr)), 6)
    (out / "heatmap_metrics.json").write_text(json.dumps(report, indent=1))
    if sheet is not None:
        report["contact_sheet"] = str(contact_sheet(model, contract, samples, res, sheet, lungs))
    for k, v in report.items():
        print(f"  {k:<44} {v}")
    return report


def _pick(samples: list[Sample], probs: np.ndarray, per_cell: int = 3) -> list[int]:
    """Indices: for each class, films at low (<0.2), middle (0.2-0.8) and high (>0.8) P."""
    chosen: list[int] = []
    rng = np.random.default_rng(0)
    for label in range(len(CLASSES)):
        for lo, hi in ((0.0, 0.2), (0.2, 0.8), (0.8, 1.01)):
            idx = [i for i, s in enumerate(samples) if s.label == label and lo <= probs[i] < hi]
            take = min(len(idx), per_cell)
            chosen += [int(v) for v in rng.choice(idx, take, replace=False)] if take else []
    return chosen[:24]


def contact_sheet(
    model: Path,
    contract: ModelContract,
    samples: list[Sample],
    res: dict,
    target: Path,
    lungs: Path | None = None,
) -> Path:
    """24 validation films with the app's overlay: originals (kermany-fullres) when the same child
    is there, else the 224-px training copy. Captions: truth, P(pneumonia), the model's call."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    full = {}
    if FULL_RES.is_dir():
        for p in FULL_RES.rglob("*.jpeg"):
            full.setdefault(patient_of(p), []).append(p)
    else:
        log.warning("contact sheet: %s not found, showing the 224-px training copies", FULL_RES)
    picks = _pick(samples, res["prob"])
    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    lung_session = None
    if lungs:
        from inference.model.lung_fields import LungSession

        lung_session = LungSession.load(lungs)  # once, not once per film
    fig, axes = plt.subplots(4, 6, figsize=(18, 13.5))
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i in zip(axes.ravel(), picks, strict=False):
        s = samples[i]
        originals = [p for p in full.get(s.group, []) if p.name == s.path.name]
        img = read_gray(originals[0]) if originals else read_gray(s.path)
        plane = model_plane(img, contract.input_size)
        sess_in = preprocess(img, contract.input_size)[None]
        prob, cam = sess.run([OUTPUT_PNEUMONIA, OUTPUT_CAM], {INPUT_NAME: sess_in})
        field = lung_session.analyse_planes([plane])[0] if lung_session else None
        mask = field.mask if field is not None else body_grid(plane, contract.cam_size)
        heat = display_heat(cam[0], contract.cam_scale, mask, contract.cam_floor)
        h, w = img.shape
        scale = 360 / max(h, w)
        small = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        rgb = blend(small, upsample_cam(heat, small.shape), 0.5)
        if field is not None:
            from inference.model.lung_fields import outline

            cv2.drawContours(rgb, outline(field, small.shape), -1, (255, 255, 255), 1, cv2.LINE_AA)
        ax.imshow(rgb)
        call = "pneumonia" if prob[0] >= contract.threshold else "normal"
        ax.set_title(
            f"{CLASSES[s.label]} · P={prob[0]:.2f} · called {call}", fontsize=10, color="black"
        )
    fig.suptitle(
        f"{contract.name} {contract.version}: heatmaps on validation films (fixed scale: no colour "
        f"up to {contract.cam_floor:.3g}, full colour at {contract.cam_scale:.3g}; "
        + (
            "heat shown only inside the lung fields, outlined in white)"
            if lungs
            else "nothing drawn outside the body outline)"
        ),
        fontsize=13,
    )
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=72)
    plt.close(fig)
    return target
