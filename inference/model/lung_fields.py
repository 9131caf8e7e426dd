"""Lung fields: run the small lung model, turn its output into the heat mask and the lung check.

Why: heat on an arm, the neck or an ECG lead is never evidence of pneumonia, and a radiographer
who sees it turns the heatmap off. The displayed heat is the model's evidence times a soft mask
of the two lung fields. The mask is each lung's **convex hull**, dilated a little, so dense
consolidation (which a segmentation net tends to leave out) and the lung behind the heart count
as lung, while the mediastinum between the lungs, the neck, arms and abdomen do not.

The same output answers "are there two lung fields in this film?": a lateral, a hand, a photo and
a document have none, and a film that cuts a lung off cannot be read for pneumonia. The numbers
of that check are in the lung model's contract (measured on the training children).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.core.types import PROBLEM_TEXT, LungFields, LungProblem
from inference.model.lung_contract import (
    LUNG_INPUT,
    LUNG_OUTPUT,
    LUNG_PLANE_SIZE,
    LungContract,
    LungContractError,
)
from inference.model.preprocess import standardize

__all__ = ["PROBLEM_TEXT", "LungFields", "LungProblem", "LungSession", "analyse", "lung_input"]

#: Side of the soft lung mask kept per result (uint8): enough for a smooth edge once upsampled,
#: small enough for 50,000 results (1 kB each).
MASK_SIDE = 32


def lung_input(unit_plane: np.ndarray) -> np.ndarray:
    """The lung model's input (1, 64, 64) float32 from the classifier's [0, 1] model plane."""
    h, w = LUNG_PLANE_SIZE
    small = cv2.resize(np.asarray(unit_plane, np.float32), (w, h), interpolation=cv2.INTER_AREA)
    return standardize(small)[None, :, :]


def _largest(binary: np.ndarray) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return np.zeros_like(binary)
    k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return (labels == k).astype(np.uint8)


def _hull(region: np.ndarray) -> np.ndarray:
    out = np.zeros_like(region)
    if not region.any():
        return out
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.fillPoly(out, [cv2.convexHull(np.concatenate(contours))], 1)
    return out


def _edge_share(hull: np.ndarray) -> float:
    """Share of the hull's outline pixels that lie on the image border."""
    if not hull.any():
        return 0.0
    outline = hull - cv2.erode(hull, np.ones((3, 3), np.uint8), borderValue=0)
    border = np.zeros_like(hull)
    border[0, :], border[-1, :], border[:, 0], border[:, -1] = 1, 1, 1, 1
    return float((outline & border).sum()) / max(float(outline.sum()), 1.0)


def analyse(prob: np.ndarray, contract: LungContract) -> LungFields:
    """Mask and check from one image's lung output (2, H, W) of P(lung); H = W = 32 for the
    shipped model (any square size works: the numbers are shares of the plane)."""
    prob = np.nan_to_num(np.asarray(prob, np.float32), nan=0.0)
    hulls, areas, edges = [], [], []
    for ch in prob[:2]:
        hull = _hull(_largest((ch >= contract.threshold).astype(np.uint8)))
        hulls.append(hull)
        areas.append(float(hull.mean()))
        edges.append(_edge_share(hull))
    chk = contract.check
    problem = None
    if min(areas) < chk.min_lung_area:
        problem = LungProblem.NOT_SEEN
    elif max(edges) > chk.max_edge_share:
        problem = LungProblem.CUT_OFF
    elif sum(areas) < chk.min_total_area:
        problem = LungProblem.SMALL
    side = prob.shape[-1]
    r = max(1, round(contract.dilate_fraction * side))
    both = np.maximum(hulls[0], hulls[1])
    both = cv2.dilate(both, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
    soft = cv2.GaussianBlur(both.astype(np.float32), (0, 0), r / 2.0)
    small = cv2.resize(soft, (MASK_SIDE, MASK_SIDE), interpolation=cv2.INTER_AREA)
    mask = np.rint(np.clip(small, 0.0, 1.0) * 255.0).astype(np.uint8)
    return LungFields(mask, (areas[0], areas[1]), (edges[0], edges[1]), problem)


def mask_on(lungs: LungFields, shape: tuple[int, int]) -> np.ndarray:
    """The soft lung mask (float32 in [0, 1]) stretched over an image or grid of ``shape``."""
    h, w = int(shape[0]), int(shape[1])
    m = lungs.mask.astype(np.float32) * np.float32(1.0 / 255.0)
    interp = cv2.INTER_LINEAR if h >= MASK_SIDE else cv2.INTER_AREA
    return np.clip(cv2.resize(m, (w, h), interpolation=interp), 0.0, 1.0)


def outline(lungs: LungFields, shape: tuple[int, int]) -> list[np.ndarray]:
    """Contours (OpenCV point arrays, in ``shape`` pixels) of the lung mask, for drawing."""
    m = (mask_on(lungs, shape) >= 0.5).astype(np.uint8)
    contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return list(contours)


class LungModelError(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot load the lung model {path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LungSession:
    """The lung model on the CPU (it costs well under a millisecond per image)."""

    contract: LungContract
    path: Path
    sha256: str
    _session: object

    @classmethod
    def load(cls, path: Path, threads: int | None = None) -> LungSession:
        import onnxruntime as ort

        from inference.model.onnx_metadata import session_metadata
        from inference.model.ort_runtime import _check_and_hash, _session_options

        path = Path(path)
        try:
            sha = _check_and_hash(path)
        except Exception as exc:
            raise LungModelError(path, getattr(exc, "reason", str(exc))) from exc
        try:
            sess = ort.InferenceSession(
                str(path),
                sess_options=_session_options(threads, "CPUExecutionProvider"),
                providers=["CPUExecutionProvider"],
            )
        except Exception as exc:
            raise LungModelError(path, f"onnxruntime could not open it: {exc}") from exc
        try:
            contract = LungContract.from_metadata(session_metadata(sess))
        except LungContractError as exc:
            raise LungModelError(path, str(exc)) from exc
        return cls(contract, path, sha, sess)

    def run(self, batch: np.ndarray) -> np.ndarray:
        """(N, 1, 64, 64) float32 -> (N, 2, 32, 32) P(lung)."""
        feed = np.ascontiguousarray(batch, dtype=np.float32)
        return self._session.run([LUNG_OUTPUT], {LUNG_INPUT: feed})[0]  # type: ignore[attr-defined]

    def describe(self) -> str:
        return f"{self.contract.name} {self.contract.version} (sha256 {self.sha256[:12]})"

    def analyse_planes(
        self, planes: Sequence[np.ndarray], contract: LungContract | None = None, batch: int = 128
    ) -> list[LungFields]:
        """The lung fields of model planes ([0, 1] float, or uint8), in batches: the one loop
        training's reports, evaluation and the scope gate share. ``contract`` overrides the
        check's numbers (e.g. a loose one to measure the children's distributions)."""
        contract = contract or self.contract
        out: list[LungFields] = []
        for i in range(0, len(planes), batch):
            units = [
                p.astype(np.float32) * np.float32(1.0 / 255.0) if p.dtype == np.uint8 else p
                for p in planes[i : i + batch]
            ]
            probs = self.run(np.stack([lung_input(u) for u in units]))
            out += [analyse(p, contract) for p in probs]
        return out
