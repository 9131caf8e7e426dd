"""The site temperature: how a clinic's reads rescale the model's probabilities (pure numpy).

``p' = sigmoid(logit(p) / T)`` on the model's logit, monotone, so the ranking never changes. The fit
minimises the reads' log loss within bounds the caller gives (for a provisional profile,
``inference.triage.site_profile.temperature_bounds``). The worklist's per-row display uses the
scalar twin ``inference.triage.operating_point.calibrated``.
"""

from __future__ import annotations

import math

import numpy as np

from inference.triage.site_profile import TEMPERATURE_RANGE

_EPS = 1e-6


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
