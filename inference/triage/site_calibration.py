"""Site calibration: a clinic fits its own operating point from images it has read (Qt-free).

A reader marks images pneumonia / normal / unsure. From the read images that are in scope this
module fits (1) a temperature for the model's probabilities, so that "80%" means about 80% at this
site, and (2) the highest threshold that keeps the chosen sensitivity (default 0.95), with
bootstrap intervals and a plain warning when the sample is too small for them to mean much.
The result is a ``SiteProfile`` (``inference.triage.site_profile``): a small JSON file tied to the model's sha256, applied to every
later scan (CLI and viewer) and named on every export. A profile made for another model is refused.

Probabilities: the site temperature ``T`` acts on the model's logit, ``p' = sigmoid(logit(p)/T)``;
the profile's threshold is on that calibrated scale. Both are monotone, so the ranking never changes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np

# The profile file and the reads live in their own modules; their names stay importable here.
from inference.triage.settings_schema import ProfileError
from inference.triage.site_profile import (
    PROFILE_VERSION,
    PROVISIONAL_TEMPERATURE,
    TEMPERATURE_RANGE,
    USEFUL_HALF_WIDTH,
    SiteProfile,
    describe,
    load_active_profile,
    profile_path,
    sample_size_note,
    set_aside,
    user_dir,
)
from inference.triage.site_reads import (
    Read,
    load_reads,
    parse_read,
    reads_from_csv,
    reads_from_folders,
    reads_path,
    save_reads,
    scored_reads,
)

_EPS = 1e-6

__all__ = [
    "PROFILE_VERSION",
    "USEFUL_HALF_WIDTH",
    "ProfileError",
    "Read",
    "SiteProfile",
    "apply_temperature",
    "describe",
    "fit_profile",
    "load_active_profile",
    "load_reads",
    "parse_read",
    "profile_path",
    "reads_from_csv",
    "reads_from_folders",
    "reads_path",
    "sample_size_note",
    "save_reads",
    "scored_reads",
    "set_aside",
    "user_dir",
]


# -- fitting ---------------------------------------------------------------------------------------
def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def apply_temperature(p: np.ndarray | float, temperature: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logit(p) / float(temperature)))


def fit_temperature(
    p: np.ndarray,
    y: np.ndarray,
    lo: float = TEMPERATURE_RANGE[0],
    hi: float = TEMPERATURE_RANGE[1],
) -> float:
    """Temperature minimising the binary NLL of ``sigmoid(logit(p)/T)`` (golden-section on log T)."""
    z, y = logit(p), np.asarray(y, dtype=np.float64)

    def nll(t: float) -> float:
        q = np.clip(1.0 / (1.0 + np.exp(-z / t)), _EPS, 1 - _EPS)
        return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())

    a, b = math.log(lo), math.log(hi)
    g = (math.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    for _ in range(80):
        if nll(math.exp(c)) < nll(math.exp(d)):
            b = d
        else:
            a = c
        c, d = b - g * (b - a), a + g * (b - a)
    return float(math.exp((a + b) / 2))


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


def operating_point(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
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


def fit_profile(
    scores: Sequence[float],
    calls: Sequence[Read],
    *,
    model_sha256: str,
    model_version: str,
    target_sensitivity: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    today: date | None = None,
) -> SiteProfile:
    """Fit temperature and threshold from read, in-scope images (unsure reads are left out)."""
    pairs = [(float(s), c) for s, c in zip(scores, calls, strict=True) if c is not Read.UNSURE]
    if isinstance(target_sensitivity, bool) or not 0.5 <= target_sensitivity < 1.0:
        raise ValueError(f"target sensitivity {target_sensitivity} must be in [0.5, 1)")
    p = np.array([s for s, _ in pairs], dtype=np.float64)
    y = np.array([c is Read.PNEUMONIA for _, c in pairs], bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos < 5 or n_neg < 5:
        raise ValueError(
            f"at least 5 pneumonia and 5 normal reads are needed to fit anything (have {n_pos} "
            f"and {n_neg})"
        )
    warning = sample_size_note(n_pos, n_neg, target_sensitivity)
    # a small sample may be perfectly separated: its NLL keeps falling as T -> 0 (every score
    # 100% or <1%), so a provisional profile's temperature is held near the model's own
    bounds = PROVISIONAL_TEMPERATURE if warning else TEMPERATURE_RANGE
    temperature = fit_temperature(p, y, *bounds)
    q = apply_temperature(p, temperature)
    threshold = threshold_for_sensitivity(q, y, target_sensitivity)
    point = operating_point(q, y, threshold)
    figures = {
        "auc": round(auc(p, y), 4),
        "sensitivity": round(point["sensitivity"], 4),
        "specificity": round(point["specificity"], 4),
        "ece_before": round(expected_calibration_error(p, y), 4),
        "ece_after": round(expected_calibration_error(q, y), 4),
    }
    rng = np.random.default_rng(seed)
    boot: dict[str, list[float]] = {"threshold": [], "sensitivity": [], "specificity": []}
    for _ in range(n_boot):
        idx = rng.integers(0, len(p), len(p))
        yb, pb = y[idx], p[idx]
        if yb.all() or not yb.any():
            continue
        qb = apply_temperature(pb, fit_temperature(pb, yb, *bounds))
        boot["threshold"].append(threshold_for_sensitivity(qb, yb, target_sensitivity))
        op = operating_point(qb, yb, threshold)  # the fitted threshold on resampled sites
        boot["sensitivity"].append(op["sensitivity"])
        boot["specificity"].append(op["specificity"])
    intervals = {
        k: [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)]
        for k, v in boot.items()
        if v
    }
    return SiteProfile(
        model_sha256=model_sha256,
        model_version=model_version,
        created=(today or date.today()).isoformat(),
        n_images=len(p),
        n_pneumonia=n_pos,
        n_normal=n_neg,
        target_sensitivity=target_sensitivity,
        threshold=round(threshold, 6),
        temperature=float(np.clip(round(temperature, 5), *bounds)),
        figures=figures,
        intervals=intervals,
        warning=warning,
    )
