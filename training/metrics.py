"""Binary and multi-class metrics (scikit-learn) with patient-level bootstrap intervals, the
operating-point rule and the expected calibration error."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn import metrics as skm

from inference.triage.site_metrics import (
    threshold_for_sensitivity as site_threshold_for_sensitivity,
)


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve (scikit-learn); NaN when only one class is present."""
    y = np.asarray(y).astype(bool)
    if y.all() or not y.any():
        return float("nan")
    return float(skm.roc_auc_score(y, np.asarray(score, dtype=np.float64)))


def roc_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate, thresholds), thresholds descending."""
    fpr, tpr, thr = skm.roc_curve(np.asarray(y).astype(bool), score, drop_intermediate=False)
    return fpr, tpr, thr


def pr_curve(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(recall, precision) over descending thresholds, starting at recall 0, precision 1."""
    precision, recall, _ = skm.precision_recall_curve(np.asarray(y).astype(bool), score)
    return recall[::-1], precision[::-1]


def binary_metrics(y: np.ndarray, score: np.ndarray, threshold: float) -> dict[str, float]:
    """AUC and the confusion-derived metrics at ``threshold`` (positive = pneumonia)."""
    y = np.asarray(y).astype(bool)
    pred = np.asarray(score) >= threshold
    tn, fp, fn, tp = (int(v) for v in skm.confusion_matrix(y, pred, labels=[False, True]).ravel())
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
    """The highest threshold whose sensitivity is at least ``target`` (fewest false alarms),
    halfway to the next lower score so float noise between PyTorch and onnxruntime cannot push it
    to the wrong side. The same rule the app uses for a site's operating point (one function)."""
    return site_threshold_for_sensitivity(score, y, target)


def confusion_matrix(y: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    return skm.confusion_matrix(np.asarray(y), np.asarray(pred), labels=list(range(k)))


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
