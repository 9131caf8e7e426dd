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
    nurse understands. Empty: in scope. Unreadable files have no scope (they are errors)."""
    if result.error is not None:
        return []
    meta = result.metadata
    reasons: list[tuple[ScopeReason, str]] = []
    modality = meta.get("modality", "").strip().upper()
    if modality and modality not in RADIOGRAPH_MODALITIES | NON_CHEST_RADIOGRAPHS:
        reasons.append((ScopeReason.NOT_RADIOGRAPH, f"not a radiograph (modality {modality})"))
    if Flag.COLOUR in result.flags:
        reasons.append((ScopeReason.COLOUR, "colour image: a photo, not a radiograph"))
    if Flag.BILEVEL in result.flags:
        reasons.append(
            (ScopeReason.BILEVEL, "1-bit black-and-white image: no grey levels, not a radiograph")
        )
    body = meta.get("body_part", "").strip()
    described = " ".join(meta.get(k, "") for k in ("study_description", "protocol_name"))
    if modality in NON_CHEST_RADIOGRAPHS:
        reasons.append((ScopeReason.NOT_CHEST, f"not a chest study (modality {modality})"))
    elif Flag.NOT_CHEST in result.flags:
        reasons.append((ScopeReason.NOT_CHEST, f"not a chest study (body part {body or '?'})"))
    elif not body and (word := other_body_part(described)) is not None:
        reasons.append((ScopeReason.NOT_CHEST, f"not a chest study ({word})"))
    view = meta.get("view_position", "").strip()
    if view and _LATERAL.match(view):
        reasons.append(
            (ScopeReason.LATERAL, f"lateral view ({view}); the model reads frontal films")
        )
    age = result.age_years
    if age is not None and age > age_range[1]:
        who = "adult" if age >= ADULT_YEARS else "older child"
        reasons.append(
            (
                ScopeReason.AGE,
                f"{who} ({age:.0f} years); the model was made for children up to "
                f"{age_range[1]:.0f} years",
            )
        )
    if Flag.LOW_CONTRAST in result.flags:
        reasons.append((ScopeReason.BLANK, "nearly blank image (almost no contrast)"))
    if Flag.ADULT_LIKE in result.flags and not any(c is ScopeReason.AGE for c, _ in reasons):
        reasons.append(
            (
                ScopeReason.ADULT_LIKE,
                "looks like an adult's chest film; the model was made for young children",
            )
        )
    if Flag.LUNGS_NOT_SEEN in result.flags:
        problem = result.lungs.problem if result.lungs is not None else None
        detail = PROBLEM_TEXT.get(problem, "") if problem is not None else ""
        reasons.append(
            (
                ScopeReason.LUNGS_NOT_SEEN,
                "lungs not seen or cut off"
                + (f" ({detail})" if detail else "")
                + "; the model reads frontal chest films showing both lungs",
            )
        )
    if Flag.OUT_OF_DISTRIBUTION in result.flags and not reasons:
        reasons.append(
            (
                ScopeReason.UNLIKE_TRAINING,
                "not like the training images (frontal chest films of young children)",
            )
        )
    return reasons


#: Table-sized words for each reason (the full reason is in the tooltip, details and exports).
SHORT_REASONS: dict[ScopeReason, str] = {
    ScopeReason.NOT_RADIOGRAPH: "not a radiograph",
    ScopeReason.COLOUR: "colour photo",
    ScopeReason.BILEVEL: "1-bit image",
    ScopeReason.NOT_CHEST: "not a chest film",
    ScopeReason.LATERAL: "lateral view",
    ScopeReason.BLANK: "blank image",
    ScopeReason.ADULT_LIKE: "looks adult",
    ScopeReason.LUNGS_NOT_SEEN: "lungs not seen",
    ScopeReason.UNLIKE_TRAINING: "unlike training films",
}
