"""The operating point in use, decided in one place (Qt-free).

Four things can set the threshold: the model's contract, a site profile (which also brings a
temperature for the probabilities), a custom threshold the user chose (kept by the viewer per
model, or ``scan --threshold``), and the CLI's ``--model-default``, which drops the profile.
``resolve`` turns them into the threshold, the temperature, where they came from, and the ONE
sentence that the status bar, the details panel, the About box, the CSV, the JSON and the PDF all
print. ``inference.triage.worklist.TriageSettings`` is built from it; nothing else composes that text,
so the viewer and the CLI cannot describe the same state in two ways.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from inference.core.i18n import _, format_percent
from inference.triage.site_profile import SiteSource

if TYPE_CHECKING:
    from inference.model.contract import ModelContract
    from inference.triage.site_profile import SiteProfile

#: A custom threshold this close to the default is the default (float noise from a spin box).
SAME_THRESHOLD = 1e-9
_EPS = 1e-6


class Origin(StrEnum):
    """Where the threshold in use came from."""

    MODEL = "model"
    SITE = "site"
    CUSTOM_OVER_MODEL = "custom over model"
    CUSTOM_OVER_SITE = "custom over site"


@dataclass(frozen=True)
class OperatingPoint:
    """Threshold and temperature in use, their origin, and the text every surface prints (worded
    at use, in the language of the moment)."""

    threshold: float
    temperature: float
    origin: Origin
    default_threshold: float  # what "reset" goes back to: the site's, else the model's
    model_threshold: float
    source: SiteSource | None = None

    @property
    def custom(self) -> bool:
        return self.origin in (Origin.CUSTOM_OVER_MODEL, Origin.CUSTOM_OVER_SITE)

    @property
    def provisional(self) -> bool:
        return self.source is not None and self.source.provisional

    @property
    def text(self) -> str:
        """The one sentence every surface prints."""
        t = percent(self.threshold)
        if self.origin is Origin.CUSTOM_OVER_MODEL or (self.custom and self.source is None):
            return _("custom threshold %(threshold)s (model default %(model)s)") % {
                "threshold": t,
                "model": percent(self.model_threshold),
            }
        if self.origin is Origin.CUSTOM_OVER_SITE and self.source is not None:
            return _(
                "custom threshold %(threshold)s on probabilities calibrated by the %(site)s "
                "(site threshold %(default)s)"
            ) % {
                "threshold": t,
                "site": self.source.text(),
                "default": percent(self.default_threshold),
            }
        if self.origin is Origin.SITE and self.source is not None:
            return _("%(site)s (threshold %(threshold)s)") % {
                "site": self.source.text(),
                "threshold": t,
            }
        return _("model default operating point (threshold %(threshold)s)") % {"threshold": t}

    @property
    def short_text(self) -> str:
        """The same in a few words, for a narrow status bar: the threshold, where it came from,
        and PROVISIONAL for a small-sample site fit (``text`` has the rest)."""
        provisional, site = self.provisional, self.source is not None
        if self.origin is Origin.CUSTOM_OVER_SITE and site:  # the same cases as ``text``
            words = (
                _("threshold %(threshold)s (custom; PROVISIONAL site calibration)")
                if provisional
                else _("threshold %(threshold)s (custom; site calibration)")
            )
        elif self.custom:
            words = _("threshold %(threshold)s (custom)")
        elif self.origin is Origin.SITE and site:
            words = (
                _("threshold %(threshold)s (PROVISIONAL site)")
                if provisional
                else _("threshold %(threshold)s (site)")
            )
        else:
            words = _("threshold %(threshold)s (model)")
        return words % {"threshold": percent(self.threshold)}


def percent(p: float) -> str:
    """A threshold as every surface shows it: one decimal, the language's separators."""
    return format_percent(p, 1)


def resolve(
    contract: ModelContract | float,
    profile: SiteProfile | None = None,
    custom: float | None = None,
    *,
    model_default: bool = False,
) -> OperatingPoint:
    """The operating point from the model contract (or its threshold), the site profile, a custom
    threshold and ``--model-default`` (which ignores the profile). A custom threshold equal to
    the default is no custom threshold."""
    model_t = float(contract if isinstance(contract, int | float) else contract.threshold)
    site = None if model_default else profile
    default = float(site.threshold) if site is not None else model_t
    temperature = float(site.temperature) if site is not None else 1.0
    source = (
        SiteSource(site.created, int(site.n_images), bool(site.provisional))
        if site is not None
        else None
    )
    if custom is not None and abs(float(custom) - default) > SAME_THRESHOLD:
        t = float(custom)
        origin = Origin.CUSTOM_OVER_MODEL if site is None else Origin.CUSTOM_OVER_SITE
    elif site is not None:
        t, origin = default, Origin.SITE
    else:
        t, origin = default, Origin.MODEL
    return OperatingPoint(t, temperature, origin, default, model_t, source)


def calibrated(p: float | None, temperature: float) -> float | None:
    """P(pneumonia) through a site temperature on the model's logit (monotone: the ranking
    never changes). Profiles keep T in [0.05, 20], where nothing here can overflow."""
    if p is None or temperature == 1.0:
        return p
    p = min(max(float(p), _EPS), 1 - _EPS)
    z = math.log(p / (1 - p)) / temperature
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def consistent_classes(
    class_probs: Mapping[str, float], p_model: float | None, temperature: float
) -> dict[str, float]:
    """Class probabilities that agree with the P(pneumonia) shown: with a site temperature the
    headline moves, so 'normal' becomes its complement and the pneumonia classes keep their
    split but sum to it. The breakdown never contradicts the headline."""
    probs = {k: float(v) for k, v in class_probs.items()}
    shown = calibrated(p_model, temperature)
    normal = "normal"
    if temperature == 1.0 or shown is None or normal not in probs or len(probs) < 2:
        return probs
    others = {k: v for k, v in probs.items() if k != normal}
    total = sum(others.values())
    out = {normal: 1.0 - shown}
    for k, v in others.items():
        out[k] = shown * (v / total if total > 0 else 1.0 / len(others))
    return out
