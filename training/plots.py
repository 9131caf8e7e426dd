"""Evaluation figures with matplotlib (Agg backend: works headless)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from training.metrics import calibration_bins, pr_curve, roc_curve


def _save(fig: plt.Figure, path: Path, dpi: int = 110) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def plot_history(history: list[dict], path: Path) -> Path | None:
    """Loss and accuracy per epoch, train vs validation."""
    if not history:
        return None
    ep = [h["epoch"] for h in history]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    a.plot(ep, [h["train_loss"] for h in history], "o-", label="train (augmented, weighted)")
    a.plot(ep, [h["val_loss"] for h in history], "o-", label="validation")
    a.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
    a.legend()
    b.plot(ep, [h["train_acc"] for h in history], "o-", label="train accuracy (3-class)")
    b.plot(ep, [h["val_acc"] for h in history], "o-", label="validation accuracy (3-class)")
    b.plot(ep, [h["val_auc"] for h in history], "s--", label="validation AUC (pneumonia)")
    b.set(xlabel="epoch", title="Accuracy / AUC", ylim=(0.5, 1.0))
    b.legend(loc="lower right")
    for ax in (a, b):
        ax.grid(alpha=0.3)
    return _save(fig, path)


def plot_roc(y: np.ndarray, p: np.ndarray, auc: float, threshold: float, path: Path) -> Path:
    fpr, tpr, _ = roc_curve(y, p)
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot(fpr, tpr, lw=2, label=f"AUC {auc:.3f}")
    ax.plot([0, 1], [0, 1], ":", color="grey")
    pred = p >= threshold
    sens = (pred & y).sum() / max(y.sum(), 1)
    spec = (~pred & ~y).sum() / max((~y).sum(), 1)
    ax.plot([1 - spec], [sens], "o", color="crimson", label=f"threshold {threshold:.3f}")
    ax.set(xlabel="1 - specificity", ylabel="sensitivity", title="ROC (pneumonia vs normal)")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    return _save(fig, path)


def plot_pr(y: np.ndarray, p: np.ndarray, path: Path) -> Path:
    rec, prec = pr_curve(y, p)
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot(rec, prec, lw=2)
    ax.axhline(y.mean(), ls=":", color="grey", label=f"prevalence {y.mean():.2f}")
    ax.set(
        xlabel="recall (sensitivity)", ylabel="precision", title="Precision-recall", ylim=(0, 1.02)
    )
    ax.legend(loc="lower left")
    ax.grid(alpha=0.3)
    return _save(fig, path)


def plot_calibration(y: np.ndarray, p: np.ndarray, path: Path) -> tuple[Path, float]:
    mean_p, freq, count, ece = calibration_bins(y, p)
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ok = count > 0
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfect")
    ax.plot(mean_p[ok], freq[ok], "o-", label=f"model (ECE {ece:.3f})")
    ax.set(xlabel="predicted P(pneumonia)", ylabel="observed frequency", title="Calibration")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    return _save(fig, path), ece


def plot_confusion(cm: np.ndarray, classes: list[str], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(4.6, 4.0))
    ax.imshow(cm, cmap="Blues")
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(
                j,
                i,
                str(cm[i, j]),
                ha="center",
                va="center",
                color="white" if cm[i, j] > cm.max() / 2 else "black",
            )
    ax.set(
        xticks=range(len(classes)),
        yticks=range(len(classes)),
        xticklabels=classes,
        yticklabels=classes,
        xlabel="predicted",
        ylabel="true",
        title="Confusion (3 classes)",
    )
    return _save(fig, path)


def plot_worst(items: list[tuple[np.ndarray, np.ndarray, str]], path: Path) -> Path | None:
    """Grid of (grey image, heatmap in [0, 1] at image size, caption)."""
    if not items:
        return None
    cols = min(4, len(items))
    rows = int(np.ceil(len(items) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.1 * cols, 3.3 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, (img, heat, caption) in zip(axes.ravel(), items, strict=False):
        ax.imshow(img, cmap="gray")
        ax.imshow(np.ma.masked_less(heat, 0.15), cmap="inferno", alpha=0.45, vmin=0, vmax=1)
        ax.set_title(caption, fontsize=8)
    fig.suptitle(
        "Largest errors at the operating point (heatmap = evidence for pneumonia)", fontsize=10
    )
    return _save(fig, path, dpi=80)
