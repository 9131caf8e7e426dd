"""Why the model was not made for an image: the scope rules (DICOM tags, flags from the image and
the models) and the words a nurse reads. Part of the worklist rules (``inference.triage.worklist``
re-exports every name); kept apart so each module stays small.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from inference.core.types import Flag, TriageResult
from inference.model.lung_fields import PROBLEM_TEXT

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
# "045Y" as in the DICOM tag, or "45 years" / "6 months" as the loader writes it.
# (a bare number, common in real files although the standard wants a unit, is read as years).
_AGE = re.compile(r"^\s*(\d{1,3})\s*([DWMY]?)[A-Z]*\s*$", re.IGNORECASE)
_NON_CHEST_WORDS = re.compile(
    r"\b(KNEE|HAND|WRIST|FINGER|FOOT|ANKLE|HIP|PELVIS|SKULL|HEAD|SPINE|C-?SPINE|L-?SPINE|ELBOW|"
    r"SHOULDER|FEMUR|TIBIA|FIBULA|HUMERUS|FOREARM|LEG|ARM|ABDOMEN|ABDO|DENTAL|TEETH|JAW|SINUS|"
    r"MAMMO\w*|BREAST)\b",
    re.IGNORECASE,
)
_CHEST_WORDS = re.compile(r"CHEST|THORA|LUNG|CXR|TORAX|BRUST|POITRINE|PECHO", re.IGNORECASE)


def age_years(metadata: dict[str, str]) -> float | None:
    """Patient age from PatientAge ("045Y", "006M", "45 years"), else birth date vs study date."""
    raw = metadata.get("patient_age", "")
    m = _AGE.match(raw.replace(" ", "")) if raw else None
    if m:
        n, unit = int(m.group(1)), (m.group(2) or "Y").upper()
        return n / {"D": 365.25, "W": 52.18, "M": 12.0, "Y": 1.0}[unit]
    birth, study = (
        _dicom_date(metadata.get("patient_birth_date")),
        _dicom_date(metadata.get("study_date")),
    )
    # 1900-01-01 and the like are placeholders (a "119-year-old" dental film): unknown age
    if birth and study and study >= birth and birth.year > 1900:
        return (study - birth).days / 365.25
    return None


def _dicom_date(raw: str | None) -> date | None:
    raw = (raw or "").strip().replace("-", "").replace(".", "")
    if len(raw) >= 8 and raw[:8].isdigit():
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        except ValueError:
            return None
    return None


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
    elif not body and _NON_CHEST_WORDS.search(described) and not _CHEST_WORDS.search(described):
        word = _NON_CHEST_WORDS.search(described).group(1).lower()  # type: ignore[union-attr]
        reasons.append((ScopeReason.NOT_CHEST, f"not a chest study ({word})"))
    view = meta.get("view_position", "").strip()
    if view and _LATERAL.match(view):
        reasons.append(
            (ScopeReason.LATERAL, f"lateral view ({view}); the model reads frontal films")
        )
    age = age_years(meta)
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
