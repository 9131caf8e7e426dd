"""Site calibration: a clinic fits its own operating point from images it has read (Qt-free).

A reader marks images pneumonia / normal / unsure. From the read images that are in scope
``fit_profile`` fits (1) a temperature for the model's probabilities (``site_temperature``), so that
"80%" means about 80% at this site, and (2) the highest threshold that keeps the chosen sensitivity
(default 0.95, ``site_metrics``), with bootstrap intervals and a plain warning when the sample is
too small for them to mean much. The result is a ``SiteProfile`` (``site_profile``: a small JSON
file tied to the model's sha256, applied to every later scan and named on every export); the reads
themselves are kept by ``site_reads``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from inference.core.i18n import _, english
from inference.triage.site_metrics import (
    auc,
    expected_calibration_error,
    rates_at,
    threshold_for_sensitivity,
)
from inference.triage.site_profile import SiteProfile, sample_size_note, temperature_bounds
from inference.triage.site_reads import Read
from inference.triage.site_temperature import apply_temperature, fit_temperature


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
        raise ValueError(
            _("target sensitivity %(target_sensitivity)s must be in [0.5, 1)")
            % {"target_sensitivity": target_sensitivity}
        )
    p = np.array([s for s, _ in pairs], dtype=np.float64)
    y = np.array([c is Read.PNEUMONIA for _, c in pairs], bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos < 5 or n_neg < 5:
        raise ValueError(
            _(
                "at least 5 pneumonia and 5 normal reads are needed to fit anything (have %(n_pos)s and %(n_neg)s)"
            )
            % {"n_pos": n_pos, "n_neg": n_neg}
        )
    with english():  # stored in the profile file; screens word it again (``describe``)
        warning = sample_size_note(n_pos, n_neg, target_sensitivity)
    bounds = temperature_bounds(provisional=bool(warning))
    temperature = fit_temperature(p, y, *bounds)
    q = apply_temperature(p, temperature)
    threshold = threshold_for_sensitivity(q, y, target_sensitivity)
    point = rates_at(q, y, threshold)
    figures = {
        "auc": round(auc(p, y), 4),
        "sensitivity": round(point["sensitivity"], 4),
        "specificity": round(point["specificity"], 4),
        "ece_before": round(expected_calibration_error(p, y), 4),
        "ece_after": round(expected_calibration_error(q, y), 4),
    }
    rng = np.random.default_rng(seed)
    boot: dict[str, list[float]] = {"threshold": [], "sensitivity": [], "specificity": []}
    for _round in range(n_boot):
        idx = rng.integers(0, len(p), len(p))
        yb, pb = y[idx], p[idx]
        if yb.all() or not yb.any():
            continue
        qb = apply_temperature(pb, fit_temperature(pb, yb, *bounds))
        boot["threshold"].append(threshold_for_sensitivity(qb, yb, target_sensitivity))
        op = rates_at(qb, yb, threshold)  # the fitted threshold on resampled sites
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
