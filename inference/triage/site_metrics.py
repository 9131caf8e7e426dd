"""How the model does on a site's reads (pure numpy): the threshold that keeps a sensitivity, the
rates at a threshold, AUC, calibration error and the points of the reliability and ROC plots.

Used by the site fit (``inference.triage.site_calibration``), its plot
(``inference.export.calibration_plot``) and training's own threshold (``training/metrics.py``).
"""

from __future__ import annotations

import math

import numpy as np


def threshold_for_sensitivity(p: np.ndarray, y: np.ndarray, target: float) -> float:
    """The highest threshold with sensitivity >= ``target``, halfway to the next lower score."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    pos = np.sort(p[y])[::-1]
    if len(pos) == 0:
        return 0.5
    k = math.ceil(target * len(pos))
    keep = float(pos[min(k, len(pos)) - 1])
    below = p[p < keep]
    t = (keep + float(below.max())) / 2 if len(below) else keep
    return float(np.clip(t, 1e-4, 1 - 1e-4))


def rates_at(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Sensitivity, specificity and the share flagged when scores ``p`` are cut at ``threshold``."""
    p, y = np.asarray(p), np.asarray(y, bool)
    pred = p >= threshold
    tp, fn = int((pred & y).sum()), int((~pred & y).sum())
    tn, fp = int((~pred & ~y).sum()), int((pred & ~y).sum())
    return {
        "sensitivity": tp / max(tp + fn, 1),
        "specificity": tn / max(tn + fp, 1),
        "flagged_share": float(pred.mean()) if len(p) else 0.0,
    }


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (rank statistic, ties averaged)."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = p[order]
    i = 0
    while i < len(sp):
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / max(len(p), 1))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed share, count) per non-empty bin: the reliability plot."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    return [(float(p[idx == b].mean()), float(y[idx == b].mean()), int((idx == b).sum()))
            for b in range(bins) if (idx == b).any()]  # fmt: skip


def roc_points(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate) from the strictest threshold down."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    order = np.argsort(-p, kind="mergesort")
    tp = np.cumsum(y[order])
    fp = np.cumsum(~y[order])
    return (np.r_[0.0, fp / max((~y).sum(), 1)], np.r_[0.0, tp / max(y.sum(), 1)])
