"""Train, validate and export the lung-field model (``cxr-train lungs``).

Children's thoraxes are smaller and rounder than the adults' in the masks, and pneumonia fills a
lung with dense shadow that a net trained on normal films leaves out of the lung. So training uses
heavy scale / aspect / position changes and paints synthetic opacities (consolidation blobs,
effusion from the base, a whited-out lung) inside the masks while keeping the mask unchanged:
"lung" is the region, whatever its density. Validation: Dice on held-out films of each source,
and each source left out entirely (train on one, test on the other).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
from torch.nn import functional as F

from inference.model.lung_contract import (
    LUNG_INPUT,
    LUNG_OUTPUT,
    LUNG_OUTPUT_SIZE,
    LUNG_PLANE_SIZE,
    LungContract,
)
from training.acquisition import acquisition_augment
from training.config import SHARED_DATA
from training.lung_data import LungSet, load_all, subset
from training.lung_model import LungExport, LungNet

log = logging.getLogger("cxr-train")


@dataclass
class LungConfig:
    data: Path = SHARED_DATA / "lung-masks"
    out: Path = Path("runs/lungs")
    epochs: int = 60
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 0
    holdout: float = 0.15  # share of each source held out for its Dice
    train_sources: tuple[str, ...] = ("jsrt", "openist")
    threads: int | None = None
    version: str = "1.0.0"


# -- augmentation ---------------------------------------------------------------------------------
def _affine(img: np.ndarray, masks: np.ndarray, rng: np.random.Generator):
    """Scale 0.55-1.15 (children's chests fill less of the film), aspect 0.75-1.35 (rounder),
    rotation +-10 degrees, shift +-12%; the border is a dark constant or the edge repeated."""
    h, w = img.shape
    scale = rng.uniform(0.55, 1.15)
    aspect = rng.uniform(0.75, 1.35)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-10, 10), scale)
    m[0, :] *= aspect
    m[0, 2] += (1 - aspect) * w / 2 + rng.uniform(-0.12, 0.12) * w
    m[1, 2] += rng.uniform(-0.12, 0.12) * h
    if rng.random() < 0.5:
        border = {"borderMode": cv2.BORDER_CONSTANT, "borderValue": int(rng.uniform(0, 60))}
    else:
        border = {"borderMode": cv2.BORDER_REPLICATE}
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, **border)
    mk = np.stack(
        [
            cv2.warpAffine(c, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
            for c in masks
        ]
    )  # fmt: skip
    return out, mk


def _blob(shape: tuple[int, int], box: tuple[int, int, int, int], rng: np.random.Generator):
    """A soft irregular patch (a few overlapping ellipses, blurred) inside a bounding box."""
    y0, y1, x0, x1 = box
    patch = np.zeros(shape, np.float32)
    for _ in range(int(rng.integers(1, 4))):
        cy, cx = rng.uniform(y0, y1), rng.uniform(x0, x1)
        ay = rng.uniform(0.15, 0.5) * (y1 - y0)
        ax = rng.uniform(0.2, 0.6) * (x1 - x0)
        cv2.ellipse(
            patch, (int(cx), int(cy)), (max(2, int(ax)), max(2, int(ay))),
            rng.uniform(0, 180), 0, 360, 1.0, -1,
        )  # fmt: skip
    return cv2.GaussianBlur(patch, (0, 0), rng.uniform(2.0, 6.0))


def paint_opacity(img: np.ndarray, masks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pneumonia-like density inside a lung (uint8 film, masks unchanged): a consolidation blob,
    an effusion rising from the base with a meniscus, or a whited-out lung."""
    out = img.astype(np.float32)
    level = float(np.percentile(out, rng.uniform(80, 97)))
    for ch in rng.permutation(2)[: int(rng.integers(1, 3))]:
        lung = masks[ch].astype(np.uint8)
        ys, xs = np.nonzero(lung)
        if len(ys) < 20:
            continue
        y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
        kind = rng.random()
        if kind < 0.6:
            patch = _blob(img.shape, (y0, y1, x0, x1), rng)
        elif kind < 0.85:
            top = y1 - rng.uniform(0.15, 0.6) * (y1 - y0)
            yy, xx = np.mgrid[: img.shape[0], : img.shape[1]]
            curve = top - 0.15 * (y1 - y0) * ((xx - (x0 + x1) / 2) / max(x1 - x0, 1)) ** 2
            patch = cv2.GaussianBlur((yy > curve).astype(np.float32), (0, 0), 2.0)
        else:
            patch = np.ones(img.shape, np.float32)
        near = cv2.dilate(lung, np.ones((5, 5), np.uint8)).astype(np.float32)
        near = cv2.GaussianBlur(near, (0, 0), 1.5)
        alpha = patch * near * rng.uniform(0.5, 1.0)
        texture = rng.normal(0, rng.uniform(2, 8), img.shape).astype(np.float32)
        out = out * (1 - alpha) + (level + texture) * alpha
    return np.clip(out, 0, 255).astype(np.uint8)


def training_pair(img: np.ndarray, masks: np.ndarray, rng: np.random.Generator):
    """One augmented (image u8 224, masks (2, 224, 224) u8) pair."""
    masks = masks[:2]
    if rng.random() < 0.6:
        img = paint_opacity(img, masks, rng)
    img, masks = _affine(img, masks, rng)
    if rng.random() < 0.5:
        img = img[:, ::-1]
        masks = masks[::-1, :, ::-1]  # flip swaps the image-left and image-right lungs
    if rng.random() < 0.7:
        img = acquisition_augment(np.ascontiguousarray(img), rng)
    return np.ascontiguousarray(img), np.ascontiguousarray(masks)


def to_inputs(images: np.ndarray) -> np.ndarray:
    """uint8 (N, 224, 224) model planes -> (N, 1, 64, 64) lung inputs (the app's lung_input)."""
    from inference.model.lung_fields import lung_input

    return np.stack([lung_input(im.astype(np.float32) / 255.0) for im in images])


def to_targets(masks: np.ndarray) -> np.ndarray:
    """(N, 2, 224, 224) u8 -> (N, 2, 32, 32) float share of each lung pixel (area averaging)."""
    h, w = LUNG_OUTPUT_SIZE
    return np.stack(
        [
            np.stack([cv2.resize(c.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA)
                      for c in m[:2]])
            for m in masks
        ]
    )  # fmt: skip


# -- metrics ------------------------------------------------------------------------------------
def dice(pred: np.ndarray, target: np.ndarray) -> float:
    p, t = pred.astype(bool), target.astype(bool)
    denom = p.sum() + t.sum()
    return 1.0 if denom == 0 else 2.0 * float((p & t).sum()) / float(denom)


def evaluate(net: LungNet, data: LungSet, contract: LungContract) -> dict[str, dict[str, float]]:
    """Dice per source of the raw lung output and of the hull mask the app uses, both lungs."""
    from inference.model.lung_fields import analyse

    probs = predict(net, to_inputs(data.images))
    targets = to_targets(data.masks) >= 0.5
    out: dict[str, dict[str, float]] = {}
    for src in sorted(set(data.source)):
        raw, hull, check = [], [], []
        for i in np.flatnonzero(data.source == src):
            union_t = targets[i].any(axis=0)
            raw.append(dice((probs[i] >= contract.threshold).any(axis=0), union_t))
            fields = analyse(probs[i], contract)
            hull.append(dice(_hull_union(probs[i], contract), union_t))
            check.append(fields.problem is None)
        out[src] = {
            "n": len(raw),
            "dice": round(float(np.mean(raw)), 4),
            "dice_hull": round(float(np.mean(hull)), 4),
            "check_passed": round(float(np.mean(check)), 4),
        }
    return out


def _hull_union(prob: np.ndarray, contract: LungContract) -> np.ndarray:
    from inference.model.lung_fields import _hull, _largest

    return np.maximum(
        *[_hull(_largest((prob[c] >= contract.threshold).astype(np.uint8))) for c in range(2)]
    ).astype(bool)


@torch.no_grad()
def predict(net: LungNet, inputs: np.ndarray, batch: int = 128) -> np.ndarray:
    net.eval()
    outs = [
        torch.sigmoid(net(torch.from_numpy(inputs[i : i + batch]))).numpy()
        for i in range(0, len(inputs), batch)
    ]
    return np.concatenate(outs) if outs else np.zeros((0, 2, *LUNG_OUTPUT_SIZE), np.float32)


# -- fit ----------------------------------------------------------------------------------------
def holdout_split(data: LungSet, fraction: float, seed: int) -> np.ndarray:
    """True for held-out films: a fixed share of each source (by a seeded hash of the name)."""
    import hashlib

    return np.array(
        [hashlib.sha256(f"{seed}:{n}".encode()).digest()[0] / 255.0 < fraction for n in data.names]
    )


def fit(cfg: LungConfig, resume: bool = False) -> tuple[LungNet, dict]:
    """Train on ``cfg.train_sources`` minus the held-out share; checkpoint every epoch."""
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    data = load_all(cfg.data)
    held = holdout_split(data, cfg.holdout, cfg.seed)
    train = subset(data, ~held & np.isin(data.source, cfg.train_sources))
    net = LungNet()
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = max(1, len(train.images) // cfg.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=cfg.lr, total_steps=cfg.epochs * steps, pct_start=0.1
    )
    start, history = 0, []
    ckpt = out / "last.pt"
    if resume and ckpt.is_file():
        state = torch.load(ckpt, map_location="cpu", weights_only=True)
        net.load_state_dict(state["net"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        start = int(state["epoch"]) + 1
        history = json.loads((out / "history.json").read_text())
        log.info("lungs: resumed after epoch %d", start)
    for epoch in range(start, cfg.epochs):
        rng = np.random.default_rng([cfg.seed, epoch])
        order = rng.permutation(len(train.images))
        net.train()
        t0, total = time.time(), 0.0
        for s in range(steps):
            idx = order[s * cfg.batch_size : (s + 1) * cfg.batch_size]
            pairs = [training_pair(train.images[i], train.masks[i], rng) for i in idx]
            x = torch.from_numpy(to_inputs(np.stack([p[0] for p in pairs])))
            y = torch.from_numpy(to_targets(np.stack([p[1] for p in pairs])))
            logits = net(x)
            prob = torch.sigmoid(logits)
            inter = (prob * y).sum(dim=(2, 3))
            soft_dice = 1 - (2 * inter + 1) / (prob.sum(dim=(2, 3)) + y.sum(dim=(2, 3)) + 1)
            loss = F.binary_cross_entropy_with_logits(logits, y) + soft_dice.mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss)
        history.append({"epoch": epoch, "loss": total / steps, "seconds": time.time() - t0})
        log.info("lungs epoch %d/%d loss %.4f (%.1fs)", epoch + 1, cfg.epochs, total / steps,
                 time.time() - t0)  # fmt: skip
        torch.save(
            {"net": net.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
             "epoch": epoch},
            ckpt,
        )  # fmt: skip
        (out / "history.json").write_text(json.dumps(history))
    contract = LungContract(version=cfg.version)
    report = {
        "train_sources": list(cfg.train_sources),
        "n_train": len(train.images),
        "held_out": evaluate(net, subset(data, held), contract),
        "left_out": {
            s: v
            for s, v in evaluate(net, subset(data, ~np.isin(data.source, cfg.train_sources)),
                                 contract).items()
        }
        if not np.isin(data.source, cfg.train_sources).all()
        else {},
    }  # fmt: skip
    (out / "report.json").write_text(json.dumps(report, indent=1))
    torch.save(net.state_dict(), out / "lungs.pt")
    log.info("lungs: %s", json.dumps(report))
    return net, report


def export(net: LungNet, contract: LungContract, path: Path) -> None:
    """ONNX with a dynamic batch and the contract in its metadata; checked against PyTorch."""
    import onnx
    import onnxruntime as ort

    from training.onnx_metadata import set_metadata

    net.eval()
    wrapper = LungExport(net).eval()
    x = torch.randn(2, 1, *LUNG_PLANE_SIZE)
    path = Path(path)
    tmp = path.with_suffix(".tmp.onnx")
    torch.onnx.export(
        wrapper, (x,), str(tmp), input_names=[LUNG_INPUT], output_names=[LUNG_OUTPUT],
        dynamic_axes={LUNG_INPUT: {0: "n"}, LUNG_OUTPUT: {0: "n"}}, opset_version=17,
        dynamo=False,
    )  # fmt: skip
    model = onnx.load(str(tmp))
    set_metadata(model, contract.to_metadata())
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    tmp.unlink()
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run([LUNG_OUTPUT], {LUNG_INPUT: x.numpy()})[0]
    with torch.no_grad():
        want = wrapper(x).numpy()
    err = float(np.abs(got - want).max())
    if err > 1e-4:
        raise RuntimeError(f"ONNX and PyTorch lung outputs differ by {err}")
    log.info("lungs: exported %s (max |onnx - torch| %.1e)", path, err)


def contract_with(cfg: LungConfig, report: dict, check: dict | None = None) -> LungContract:
    from inference.model.lung_contract import LungCheck

    return dataclasses.replace(
        LungContract(version=cfg.version),
        sources=tuple(cfg.train_sources),
        val_metrics=report,
        check=LungCheck(**check) if check else LungCheck(),
    )
