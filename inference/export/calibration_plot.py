"""The picture a site looks at before accepting a calibration: ROC curve with the chosen operating
point, and the reliability of the probabilities before and after the site temperature (matplotlib,
rendered to PNG bytes so the CLI writes it and the viewer shows it)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np

from inference.triage.site_metrics import rates_at, reliability, roc_points
from inference.triage.site_profile import SiteProfile
from inference.triage.site_reads import Read
from inference.triage.site_temperature import apply_temperature


def calibration_png(
    scores: Sequence[float], calls: Sequence[Read], profile: SiteProfile, dpi: int = 96
) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    keep = [c is not Read.UNSURE for c in calls]
    p = np.array([s for s, k in zip(scores, keep, strict=True) if k], dtype=np.float64)
    y = np.array([c is Read.PNEUMONIA for c, k in zip(calls, keep, strict=True) if k], bool)
    q = apply_temperature(p, profile.temperature)
    fig = Figure(figsize=(9.0, 4.0), dpi=dpi)
    ax1, ax2 = fig.subplots(1, 2)
    fpr, tpr = roc_points(q, y)
    ax1.plot(fpr, tpr, color="#3b6ea5", lw=2, label=f"this site (AUC {profile.figures['auc']:.3f})")
    op = rates_at(q, y, profile.threshold)
    ax1.plot([1 - op["specificity"]], [op["sensitivity"]], "o", color="#e8702a", ms=9,
             label=f"operating point: sens {op['sensitivity']:.2f}, spec {op['specificity']:.2f}")  # fmt: skip
    ax1.axhline(profile.target_sensitivity, color="#999999", ls=":", lw=1)
    ax1.plot([0, 1], [0, 1], color="#cccccc", lw=1)
    ax1.set(xlabel="1 − specificity", ylabel="sensitivity", xlim=(0, 1), ylim=(0, 1.02),
            title=f"ROC on {profile.n_images} read images")  # fmt: skip
    ax1.legend(loc="lower right", fontsize=8)
    for probs, colour, name in (
        (p, "#999999", "model as shipped"),
        (q, "#e8702a", "site-calibrated"),
    ):
        pts = reliability(probs, y)
        ax2.plot([a for a, _, _ in pts], [b for _, b, _ in pts], "o-", color=colour, label=name)
    ax2.plot([0, 1], [0, 1], color="#cccccc", lw=1)
    ax2.set(xlabel="predicted P(pneumonia)", ylabel="share read as pneumonia", xlim=(0, 1),
            ylim=(0, 1), title="reliability (10 bins)")  # fmt: skip
    ax2.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
