"""The scope threshold: how P(in scope) and the Mahalanobis second opinion combine into one rule,
and where to cut so that almost every in-scope child stays in (pure numpy, tested directly)."""

from __future__ import annotations

import numpy as np


def evaluate_scope(p_in: np.ndarray, ood_flag: np.ndarray | None, threshold: float) -> float:
    """Share of images kept out of scope by the combined rule (scope below threshold or OOD)."""
    if len(p_in) == 0:
        return float("nan")
    out = p_in < threshold
    if ood_flag is not None:
        out = out | ood_flag
    return float(out.mean())


def scope_threshold_for(
    p_in_sets: list[np.ndarray], ood_sets: list[np.ndarray], kept: float | list[float]
) -> float:
    """The highest scope threshold that keeps at least ``kept`` (one share, or one per set) of
    every in-scope set in scope under the combined rule (the Mahalanobis flags count against the
    budget)."""
    keeps = list(kept) if isinstance(kept, list | tuple) else [kept] * len(p_in_sets)
    best = 1.0
    for p, ood, kept in zip(p_in_sets, ood_sets, keeps, strict=True):
        budget = int(np.floor((1.0 - kept) * len(p))) - int(ood.sum())
        candidates = np.sort(p[~ood])
        if budget < 0 or len(candidates) == 0:
            t = float(candidates[0]) if len(candidates) else 0.5
        else:
            # out = p < t: with t = candidates[budget], exactly ``budget`` images fall below.
            t = float(candidates[min(budget, len(candidates) - 1)])
        best = min(best, t)
    return float(np.clip(best, 1e-4, 0.9))
