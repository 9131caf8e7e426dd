"""The picture a site looks at before accepting a calibration: ROC curve with the chosen operating
point, and the reliability of the probabilities before and after the site temperature (matplotlib,
rendered to PNG bytes so the CLI writes it and the viewer shows it). Its words and numbers are in
the current language, chosen when it is drawn."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from inference.core.i18n import _, format_number, ngettext
from inference.triage.site_metrics import rates_at, reliability, roc_points
from inference.triage.site_profile import SiteProfile
from inference.triage.site_reads import Read
from inference.triage.site_temperature import apply_temperature

if TYPE_CHECKING:
    from matplotlib.figure import Figure

RELIABILITY_BINS = 10


def calibration_figure(
    scores: Sequence[float], calls: Sequence[Read], profile: SiteProfile, dpi: int = 96
) -> Figure:
    """The two plots as a matplotlib Figure (not rendered yet), worded in the current language."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    keep = [c is not Read.UNSURE for c in calls]
    p = np.array([s for s, k in zip(scores, keep, strict=True) if k], dtype=np.float64)
    y = np.array([c is Read.PNEUMONIA for c, k in zip(calls, keep, strict=True) if k], bool)
    q = apply_temperature(p, profile.temperature)
    fig = Figure(figsize=(9.0, 4.0), dpi=dpi)
    ax1, ax2 = fig.subplots(1, 2)
    fpr, tpr = roc_points(q, y)
    auc = format_number(profile.figures["auc"], 3)
    ax1.plot(fpr, tpr, color="#3b6ea5", lw=2, label=_("this site (AUC %(auc)s)") % {"auc": auc})
    op = rates_at(q, y, profile.threshold)
    point = _("operating point: sens %(sens)s, spec %(spec)s") % {
        "sens": format_number(op["sensitivity"], 2),
        "spec": format_number(op["specificity"], 2),
    }
    ax1.plot([1 - op["specificity"]], [op["sensitivity"]], "o", color="#e8702a", ms=9, label=point)
    ax1.axhline(profile.target_sensitivity, color="#999999", ls=":", lw=1)
    ax1.plot([0, 1], [0, 1], color="#cccccc", lw=1)
    roc_title = ngettext(
        "ROC on %(n)s read image", "ROC on %(n)s read images", profile.n_images
    ) % {"n": format_number(profile.n_images)}
    ax1.set(xlabel=_("1 − specificity"), ylabel=_("sensitivity"), xlim=(0, 1), ylim=(0, 1.02),
            title=roc_title)  # fmt: skip
    ax1.legend(loc="lower right", fontsize=8)
    for probs, colour, name in (
        (p, "#999999", _("model as shipped")),
        (q, "#e8702a", _("site-calibrated")),
    ):
        pts = reliability(probs, y, RELIABILITY_BINS)
        xs = [pt[0] for pt in pts]
        ax2.plot(xs, [pt[1] for pt in pts], "o-", color=colour, label=name)
    ax2.plot([0, 1], [0, 1], color="#cccccc", lw=1)
    ax2.set(xlabel=_("predicted P(pneumonia)"), ylabel=_("share read as pneumonia"), xlim=(0, 1),
            ylim=(0, 1), title=_("reliability (%(n)s bins)") % {"n": RELIABILITY_BINS})  # fmt: skip
    ax2.legend(loc="upper left", fontsize=8)
    ticks = FuncFormatter(lambda value, _pos: format_number(value, 1))
    for ax in (ax1, ax2):
        ax.xaxis.set_major_formatter(ticks)
        ax.yaxis.set_major_formatter(ticks)
    fig.tight_layout()
    return fig


def calibration_png(
    scores: Sequence[float], calls: Sequence[Read], profile: SiteProfile, dpi: int = 96
) -> bytes:
    fig = calibration_figure(scores, calls, profile, dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
