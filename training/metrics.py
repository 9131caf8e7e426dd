"""Binary and multi-class metrics with bootstrap intervals, in plain numpy (no sklearn needed)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve via the rank-sum (Mann-Whitney U) statistic, ties averaged."""
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    s = np.asarray(score)[order]
    ranks = np.empty(len(s), dtype=np.float64)
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i : j + 1] = (i + j) / 2.0 + 1.0
        i = j + 1
    r = np.empty_like(ranks)
    r[order] = ranks
    return float((r[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def roc_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate, thresholds), thresholds descending."""
    y = np.asarray(y).astype(bool)
    order = np.argsort(-np.asarray(score), kind="mergesort")
    s, yy = np.asarray(score)[order], y[order]
    distinct = np.r_[np.where(np.diff(s))[0], len(s) - 1]
    tps = np.cumsum(yy)[distinct]
    fps = (distinct + 1) - tps
    tpr = np.r_[0.0, tps / max(y.sum(), 1)]
    fpr = np.r_[0.0, fps / max((~y).sum(), 1)]
    return fpr, tpr, np.r_[np.inf, s[distinct]]


def pr_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(recall, precision) over descending thresholds."""
    y = np.asarray(y).astype(bool)
    order = np.argsort(-np.asarray(score), kind="mergesort")
    yy = y[order]
    tp = np.cumsum(yy)
    precision = tp / np.arange(1, len(yy) + 1)
    recall = tp / max(y.sum(), 1)
    return np.r_[0.0, recall], np.r_[1.0, precision]


def binary_metrics(y: np.ndarray, score: np.ndarray, threshold: float) -> dict[str, float]:
    """AUC and the confusion-derived metrics at ``threshold`` (positive = pneumonia)."""
    y = np.asarray(y).astype(bool)
    pred = np.asarray(score) >= threshold
    tp = int((pred & y).sum())
    tn = int((~pred & ~y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    sens = tp / max(tp + fn, 1)
    spec = tn / max(tn + fp, 1)
    prec = tp / max(tp + fp, 1)
    f1 = 2 * prec * sens / max(prec + sens, 1e-12)
    return {
        "auc": roc_auc(y, score),
        "accuracy": (tp + tn) / max(len(y), 1),
        "sensitivity": sens,
        "specificity": spec,
        "precision": prec,
        "f1": f1,
    }


def bootstrap_ci(
    y: np.ndarray,
    score: np.ndarray,
    fn: Callable[[np.ndarray, np.ndarray], dict[str, float]],
    n_boot: int = 1000,
    seed: int = 0,
    groups: np.ndarray | None = None,
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals; resamples patients (``groups``) when given, since images of one
    child are correlated."""
    rng = np.random.default_rng(seed)
    y, score = np.asarray(y), np.asarray(score)
    if groups is None:
        groups = np.arange(len(y))
    uniq, inv = np.unique(groups, return_inverse=True)
    members = [np.where(inv == g)[0] for g in range(len(uniq))]
    draws: dict[str, list[float]] = {}
    for _ in range(n_boot):
        pick = rng.integers(0, len(uniq), len(uniq))
        idx = np.concatenate([members[p] for p in pick])
        if len(np.unique(y[idx])) < 2:
            continue
        for k, v in fn(y[idx], score[idx]).items():
            draws.setdefault(k, []).append(v)
    return {
        k: (float(np.nanpercentile(v, 2.5)), float(np.nanpercentile(v, 97.5)))
        for k, v in draws.items()
    }


def threshold_for_sensitivity(y: np.ndarray, score: np.ndarray, target: float = 0.95) -> float:
    """The highest threshold whose sensitivity is at least ``target`` (fewest false alarms).

    The threshold sits halfway between the last positive it must keep and the next lower score,
    not on that positive's score itself, so float noise between PyTorch and onnxruntime (~1e-6)
    cannot push it to the wrong side.
    """
    y = np.asarray(y).astype(bool)
    score = np.asarray(score, dtype=np.float64)
    pos = np.sort(score[y])[::-1]
    if len(pos) == 0:
        return 0.5
    k = int(np.ceil(target * len(pos)))  # need at least k positives at or above the threshold
    keep = float(pos[min(k, len(pos)) - 1])
    below = score[score < keep]
    thr = (keep + float(below.max())) / 2 if len(below) else keep
    return float(np.clip(thr, 1e-4, 1 - 1e-4))


def confusion_matrix(y: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (np.asarray(y), np.asarray(pred)), 1)
    return m


def calibration_bins(
    y: np.ndarray, prob: np.ndarray, bins: int = 10
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean predicted, observed frequency, count) per bin, and expected calibration error."""
    y, prob = np.asarray(y, dtype=float), np.asarray(prob, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    mean_p = np.array([prob[idx == b].mean() if (idx == b).any() else np.nan for b in range(bins)])
    freq = np.array([y[idx == b].mean() if (idx == b).any() else np.nan for b in range(bins)])
    count = np.bincount(idx, minlength=bins)
    ok = count > 0
    ece = float(np.sum(count[ok] * np.abs(mean_p[ok] - freq[ok])) / max(count.sum(), 1))
    return mean_p, freq, count, ece
