"""Why the model was not made for an image: every scope decision, in one module. Pure functions.

Two steps, both here: ``model_scope_flags`` turns the models' read-outs (the scope output, the
Mahalanobis distance, the scope probe, the lung check) into flags against the contracts'
thresholds; ``scope_reasons`` turns those flags, the image's own flags and its DICOM tags into the
reasons a nurse reads. Part of the worklist rules (``inference.triage.worklist`` re-exports the
names it needs); kept apart so each module stays small.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from inference.core.i18n import N_, _, format_number, ngettext
from inference.core.types import Flag, TriageResult
from inference.imaging.body_part import other_body_part
from inference.model.lung_fields import PROBLEM_TEXT

if TYPE_CHECKING:
    from inference.model.contract import ModelContract
    from inference.model.lung_fields import LungFields

#: Age range of the training children when a model's contract does not give one (Kermany: 1-5 y).
DEFAULT_AGE_RANGE_YEARS = (0.0, 6.0)
ADULT_YEARS = 18.0


class ScopeReason(StrEnum):
    """Why the model was not made for an image. Stable codes (CSV/JSON); text from ``reason_text``."""

    NOT_RADIOGRAPH = "not_radiograph"
    COLOUR = "colour_image"
    BILEVEL = "bilevel_image"
    NOT_CHEST = "not_chest"
    LATERAL = "lateral_view"
    AGE = "age"
    BLANK = "blank_image"
    ADULT_LIKE = "adult_like"
    LUNGS_NOT_SEEN = "lungs_not_seen"
    UNLIKE_TRAINING = "unlike_training"


#: DICOM Modality values of projection radiographs (others: CT, MR, US, NM, XC photos, ...).
RADIOGRAPH_MODALITIES = frozenset({"CR", "DX", "DR", "RG", "OT", ""})
#: Radiograph modalities that are never chest films (mammography, dental).
NON_CHEST_RADIOGRAPHS = frozenset({"MG", "IO", "PX"})
_LATERAL = re.compile(r"^(LL|RL|LAT|LATERAL|LLD|RLD|LEFT LATERAL|RIGHT LATERAL)$", re.IGNORECASE)


def is_out_of_distribution(distance: float | None, threshold: float | None) -> bool:
    """The embedding is farther from the training set than almost every training image."""
    if distance is None or threshold is None:
        return False
    return not math.isfinite(distance) or distance > threshold


def model_scope_flags(
    contract: ModelContract,
    distance: float | None,
    scope: float | None,
    probe: Sequence[float] | None,
    lungs: LungFields | None,
) -> set[Flag]:
    """The contract's scope rule on one image's model read-outs: the scope output below its
    threshold or the Mahalanobis distance above its own (1.x: Mahalanobis only) is
    ``OUT_OF_DISTRIBUTION``; a scope probe whose P(child) is below its threshold says
    ``ADULT_LIKE`` (adult before other) or ``OUT_OF_DISTRIBUTION``; a failed lung check is
    ``LUNGS_NOT_SEEN``. ``probe`` is P(child, adult, other) in the probe's class order."""
    flags: set[Flag] = set()
    ood = contract.ood
    if ood is not None and is_out_of_distribution(distance, ood.threshold):
        flags.add(Flag.OUT_OF_DISTRIBUTION)
    if scope is not None and not (scope >= float(contract.scope_threshold or 0.0)):
        flags.add(Flag.OUT_OF_DISTRIBUTION)
    if lungs is not None and lungs.problem is not None:
        flags.add(Flag.LUNGS_NOT_SEEN)
    rule = contract.scope_probe
    if rule is not None and probe is not None and probe[0] < rule.threshold:
        adult = float(probe[1]) >= float(probe[2])
        flags.add(Flag.ADULT_LIKE if adult else Flag.OUT_OF_DISTRIBUTION)
    return flags


def scope_reasons(
    result: TriageResult, age_range: tuple[float, float] = DEFAULT_AGE_RANGE_YEARS
) -> list[tuple[ScopeReason, str]]:
    """Every reason the model was not made for this image, most basic first, each with a text a
    nurse understands, worded now in the current language (the code stays the same in every
    language). Empty: in scope. Unreadable files have no scope (they are errors)."""
    if result.error is not None:
        return []
    meta = result.metadata
    reasons: list[tuple[ScopeReason, str]] = []
    modality = meta.get("modality", "").strip().upper()
    if modality and modality not in RADIOGRAPH_MODALITIES | NON_CHEST_RADIOGRAPHS:
        text = _("not a radiograph (modality %(modality)s)") % {"modality": modality}
        reasons.append((ScopeReason.NOT_RADIOGRAPH, text))
    if Flag.COLOUR in result.flags:
        reasons.append((ScopeReason.COLOUR, _("colour image: a photo, not a radiograph")))
    if Flag.BILEVEL in result.flags:
        text = _("1-bit black-and-white image: no grey levels, not a radiograph")
        reasons.append((ScopeReason.BILEVEL, text))
    body = meta.get("body_part", "").strip()
    described = " ".join(meta.get(k, "") for k in ("study_description", "protocol_name"))
    if modality in NON_CHEST_RADIOGRAPHS:
        text = _("not a chest study (modality %(modality)s)") % {"modality": modality}
        reasons.append((ScopeReason.NOT_CHEST, text))
    elif Flag.NOT_CHEST in result.flags:
        text = _("not a chest study (body part %(part)s)") % {"part": body or "?"}
        reasons.append((ScopeReason.NOT_CHEST, text))
    elif not body and (word := other_body_part(described)) is not None:
        text = _("not a chest study (%(part)s)") % {"part": word}
        reasons.append((ScopeReason.NOT_CHEST, text))
    view = meta.get("view_position", "").strip()
    if view and _LATERAL.match(view):
        text = _("lateral view (%(view)s); the model reads frontal films") % {"view": view}
        reasons.append((ScopeReason.LATERAL, text))
    age = result.age_years
    if age is not None and age > age_range[1]:
        reasons.append((ScopeReason.AGE, age_text(age, age_range[1])))
    if Flag.LOW_CONTRAST in result.flags:
        reasons.append((ScopeReason.BLANK, _("nearly blank image (almost no contrast)")))
    if Flag.ADULT_LIKE in result.flags and not any(c is ScopeReason.AGE for c, _t in reasons):
        text = _("looks like an adult's chest film; the model was made for young children")
        reasons.append((ScopeReason.ADULT_LIKE, text))
    if Flag.LUNGS_NOT_SEEN in result.flags:
        problem = result.lungs.problem if result.lungs is not None else None
        detail = _(PROBLEM_TEXT[problem]) if problem in PROBLEM_TEXT else ""
        text = (
            _("lungs not seen or cut off (%(detail)s); the model reads frontal chest films "
              "showing both lungs") % {"detail": detail}
            if detail
            else _("lungs not seen or cut off; the model reads frontal chest films showing both "
                   "lungs")
        )  # fmt: skip
        reasons.append((ScopeReason.LUNGS_NOT_SEEN, text))
    if Flag.OUT_OF_DISTRIBUTION in result.flags and not reasons:
        text = _("not like the training images (frontal chest films of young children)")
        reasons.append((ScopeReason.UNLIKE_TRAINING, text))
    return reasons


def age_word(age: float) -> str:
    """'adult' or 'older child' in the current language (the short form of the age reason)."""
    return _("adult") if age >= ADULT_YEARS else _("older child")


def age_text(age: float, up_to: float) -> str:
    """The age reason: 'adult (34 years); the model was made for children up to 6 years'."""
    template = ngettext(
        "%(who)s (%(age)s years); the model was made for children up to %(limit)s year",
        "%(who)s (%(age)s years); the model was made for children up to %(limit)s years",
        round(up_to),
    )
    return template % {
        "who": age_word(age),
        "age": format_number(age),
        "limit": format_number(up_to),
    }


#: Table-sized words for each reason (the full reason is in the tooltip, details and exports);
#: marked here, translated by ``short_reason_text`` where shown.
SHORT_REASONS: dict[ScopeReason, str] = {
    ScopeReason.NOT_RADIOGRAPH: N_("not a radiograph"),
    ScopeReason.COLOUR: N_("colour photo"),
    ScopeReason.BILEVEL: N_("1-bit image"),
    ScopeReason.NOT_CHEST: N_("not a chest film"),
    ScopeReason.LATERAL: N_("lateral view"),
    ScopeReason.BLANK: N_("blank image"),
    ScopeReason.ADULT_LIKE: N_("looks adult"),
    ScopeReason.LUNGS_NOT_SEEN: N_("lungs not seen"),
    ScopeReason.UNLIKE_TRAINING: N_("unlike training films"),
}


def short_reason_text(code: ScopeReason, age: float | None = None) -> str:
    """A reason in a few words, in the current language: fits a table cell."""
    if code is ScopeReason.AGE:
        return age_word(age if age is not None else ADULT_YEARS)
    return _(SHORT_REASONS[code])
