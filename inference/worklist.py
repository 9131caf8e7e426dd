"""What the worklist says about each result: scope, label, likely type, flags, order and counts.

The one place these are decided (like napari's ``components/viewer_model.py``: state and rules with
no Qt). The CLI, the CSV and JSON writers, the PDF report and the viewer all call it, so a row reads
the same everywhere and follows the operating point in ``TriageSettings``. ``TriageResult`` holds
facts only (probabilities, CAM, flags, metadata); everything here is derived from them.

Scope: a result is *in scope* when nothing says the model was not made for it. Out-of-scope
results are never labelled pneumonia or normal and sort after every in-scope result, in their own
group, unless a site explicitly chose to rank them (``rank_out_of_scope``, stated on every export).
Unreadable files are a third group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from inference.lung_fields import PROBLEM_TEXT
from inference.operating_point import OperatingPoint, calibrated, resolve
from inference.types import FLAG_LABELS, FailureKind, Flag, TriageResult

if TYPE_CHECKING:
    from inference.contract import ModelContract
    from inference.site_calibration import SiteProfile

PNEUMONIA = "pneumonia"
NORMAL = "normal"
OUT_OF_SCOPE = "out of scope"
IN_SCOPE = "in scope"
ERROR = "error"
NO_VALUE = "—"
#: Age range of the training children when a model's contract does not give one (Kermany: 1-5 y).
DEFAULT_AGE_RANGE_YEARS = (0.0, 6.0)
ADULT_YEARS = 18.0


class Group(IntEnum):
    """Sections of the worklist, in display order."""

    IN_SCOPE = 0
    OUT_OF_SCOPE = 1
    ERROR = 2


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


@dataclass(frozen=True)
class TriageSettings:
    """The user's choices that the worklist follows. Built from the one operating-point resolver
    (``inference.operating_point.resolve``) by ``from_contract`` / ``from_point``."""

    threshold: float
    rank_out_of_scope: bool = False
    age_range_years: tuple[float, float] = DEFAULT_AGE_RANGE_YEARS
    # A site profile's temperature on the model's logit (shown probabilities are calibrated for
    # the site), and the resolver's text for the operating point ('' only for bare settings).
    temperature: float = 1.0
    site: str = ""

    @classmethod
    def from_point(
        cls, point: OperatingPoint, contract: ModelContract, rank_out_of_scope: bool = False
    ) -> TriageSettings:
        return cls(
            threshold=point.threshold,
            rank_out_of_scope=rank_out_of_scope,
            age_range_years=tuple(contract.age_range_years),  # type: ignore[arg-type]
            temperature=point.temperature,
            site=point.text,
        )

    @classmethod
    def from_contract(
        cls,
        contract: ModelContract,
        threshold: float | None = None,
        rank_out_of_scope: bool = False,
        profile: SiteProfile | None = None,
    ) -> TriageSettings:
        """The model's operating point, a site profile's (when given), or an explicit threshold
        (which wins over both: the user asked for it), as ``operating_point.resolve`` decides."""
        point = resolve(contract, profile, threshold)
        return cls.from_point(point, contract, rank_out_of_scope)

    def operating_point_text(self) -> str:
        """What the threshold is, for exports and the status bar (the resolver's text)."""
        return self.site or resolve(self.threshold).text


def probability(result: TriageResult, settings: TriageSettings) -> float | None:
    """P(pneumonia) as shown: the model's, or calibrated for this site by its profile."""
    return calibrated(result.pneumonia_prob, settings.temperature)


# -- scope ----------------------------------------------------------------------------------------
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
        problem = getattr(getattr(result, "lungs", None), "problem", None)
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


def in_scope(result: TriageResult, settings: TriageSettings) -> bool:
    return result.error is None and not scope_reasons(result, settings.age_range_years)


def shows_heatmap(result: TriageResult, settings: TriageSettings) -> bool:
    """Heat is drawn only where the model was made for the image: never for an out-of-scope or
    unreadable file (the viewer, the PDF, ``scan --heatmaps`` and training's reports ask here)."""
    return result.ok and result.cam is not None and in_scope(result, settings)


def group_of(result: TriageResult, settings: TriageSettings) -> Group:
    if not result.ok:
        return Group.ERROR
    if settings.rank_out_of_scope or in_scope(result, settings):
        return Group.IN_SCOPE
    return Group.OUT_OF_SCOPE


# -- label, type --------------------------------------------------------------------------------
def label_for(probability: float, threshold: float) -> str:
    """Pneumonia at or above the operating point, normal below it."""
    return PNEUMONIA if probability >= threshold else NORMAL


def label(result: TriageResult, settings: TriageSettings) -> str | None:
    """pneumonia / normal for a ranked image; None for an out-of-scope or unreadable one."""
    p = probability(result, settings)
    if group_of(result, settings) is not Group.IN_SCOPE or p is None:
        return None
    return label_for(p, settings.threshold)


def is_above(result: TriageResult, settings: TriageSettings) -> bool:
    return label(result, settings) == PNEUMONIA


def likely_type(result: TriageResult, settings: TriageSettings) -> str | None:
    """Bacterial/viral only for an image labelled pneumonia, from the class probabilities."""
    if not is_above(result, settings):
        return None
    subtypes = {k: v for k, v in result.class_probs.items() if k != NORMAL}
    return max(subtypes, key=lambda k: subtypes[k]) if subtypes else None


def scope_text(result: TriageResult, settings: TriageSettings) -> str:
    """'in scope', 'out of scope' or 'error' (the CSV/JSON ``scope`` column)."""
    if not result.ok:
        return ERROR
    return IN_SCOPE if in_scope(result, settings) else OUT_OF_SCOPE


def scope_reason_text(result: TriageResult, settings: TriageSettings) -> str:
    return "; ".join(text for _, text in scope_reasons(result, settings.age_range_years))


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


def short_reason(result: TriageResult, settings: TriageSettings) -> str:
    """The first reason in a few words: fits a table cell."""
    reasons = scope_reasons(result, settings.age_range_years)
    if not reasons:
        return ""
    code, text = reasons[0]
    if code is ScopeReason.AGE:
        return text.split(" (")[0]  # "adult" / "older child"
    return SHORT_REASONS.get(code, text.split(" (")[0])


FAILURE_TITLES: dict[FailureKind, str] = {
    FailureKind.NOT_FOUND: "Not found",
    FailureKind.UNREADABLE: "Unreadable",
    FailureKind.EMPTY: "Empty file",
    FailureKind.NOT_AN_IMAGE: "Not an image",
    FailureKind.TRUNCATED: "Truncated",
    FailureKind.CORRUPT: "Corrupt",
    FailureKind.TOO_LARGE: "Too large",
    FailureKind.UNSUPPORTED: "Unsupported",
    FailureKind.NON_IMAGE_DICOM: "Not an image DICOM",
    FailureKind.CANCELLED: "Cancelled",
    FailureKind.MODEL_ERROR: "Model error",
    FailureKind.INTERNAL: "Internal error",
}


def label_text(result: TriageResult, settings: TriageSettings) -> str:
    """The label cell everywhere: pneumonia / normal / 'out of scope: <reason>' / the error kind."""
    if result.error is not None:
        return FAILURE_TITLES.get(result.error.kind, "error").lower()
    if not result.ok:
        return NO_VALUE
    if not in_scope(result, settings):
        reason = f"{OUT_OF_SCOPE}: {short_reason(result, settings)}"
        p = probability(result, settings)
        if settings.rank_out_of_scope and p is not None:
            return f"{label_for(p, settings.threshold)} ({reason})"
        return reason
    return label(result, settings) or NO_VALUE


def flags_text(flags: Iterable[Flag]) -> str:
    """Human words for the flags, stable order."""
    return ", ".join(FLAG_LABELS.get(f, str(f)) for f in sorted(flags, key=str))


def status_text(result: TriageResult) -> str:
    """'OK' or the reason the file has no score, in words a clinician can act on."""
    if result.error is not None:
        title = FAILURE_TITLES.get(result.error.kind, str(result.error.kind))
        return f"{title}: {result.error.message}"
    if result.pneumonia_prob is None:
        return "No score"
    return "OK"


# -- order ---------------------------------------------------------------------------------------
def sort_key(result: TriageResult, settings: TriageSettings) -> tuple[int, float, int]:
    """Group first (in scope, out of scope, errors), then highest probability, then scan order."""
    group = group_of(result, settings)
    prob = result.pneumonia_prob if group is not Group.ERROR and result.pneumonia_prob else 0.0
    return (int(group), -float(prob), result.index)


def risk_sort_value(result: TriageResult, settings: TriageSettings) -> float:
    """One number that orders like ``sort_key`` (descending) for a table's sort role, ties broken
    by scan order as ``sort_key`` does (a 1e-13 step per index: far below any real difference
    between two float32 probabilities, so only exact ties are affected)."""
    group = group_of(result, settings)
    tie = result.index * 1e-13
    if group is Group.ERROR:
        return -3.0 - tie
    p = float(result.pneumonia_prob or 0.0)
    return (p if group is Group.IN_SCOPE else p - 2.0) - tie


def ordered(results: Iterable[TriageResult], settings: TriageSettings) -> list[TriageResult]:
    return sorted(results, key=lambda r: sort_key(r, settings))


# -- counts --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """Counts for the status line, the CLI, the JSON and the report's first page.

    ``above`` and ``flagged`` count ranked (in-scope) images only; ``out_of_scope`` those kept out.
    """

    total: int = 0
    scored: int = 0
    in_scope: int = 0
    above: int = 0
    out_of_scope: int = 0
    flagged: int = 0
    errors: int = 0

    def __add__(self, other: Summary) -> Summary:
        return Summary(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.total,
            self.scored,
            self.in_scope,
            self.above,
            self.out_of_scope,
            self.flagged,
            self.errors,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "images": self.total,
            "scored": self.scored,
            "in_scope": self.in_scope,
            "above_threshold": self.above,
            "out_of_scope": self.out_of_scope,
            "flagged": self.flagged,
            "errors": self.errors,
        }

    def line(self) -> str:
        """One line for the CLI and the viewer's summary label."""
        parts = [f"{self.total} images", f"{self.above} at or above threshold"]
        if self.out_of_scope:
            parts.append(f"{self.out_of_scope} out of scope")
        if self.flagged:
            parts.append(f"{self.flagged} flagged")
        if self.errors:
            parts.append(f"{self.errors} unreadable")
        return " · ".join(parts)


def summarize(results: Iterable[TriageResult], settings: TriageSettings) -> Summary:
    total = scored = n_in = above = out = flagged = errors = 0
    for r in results:
        total += 1
        if not r.ok:
            errors += 1
            continue
        scored += 1
        if in_scope(r, settings):
            n_in += 1
        else:
            out += 1
        group = group_of(r, settings)
        if group is Group.IN_SCOPE:
            above += is_above(r, settings)
            flagged += bool(r.flags)
    return Summary(total, scored, n_in, above, out, flagged, errors)


# -- filters -------------------------------------------------------------------------------------
class FilterMode(StrEnum):
    """Which rows the worklist shows."""

    ALL = "all"
    ABOVE_THRESHOLD = "above_threshold"
    FLAGGED = "flagged"
    OUT_OF_SCOPE = "out_of_scope"
    ERRORS = "errors"


FILTER_TITLES: dict[FilterMode, str] = {
    FilterMode.ALL: "All images",
    FilterMode.ABOVE_THRESHOLD: "Above threshold",
    FilterMode.FLAGGED: "Flagged",
    FilterMode.OUT_OF_SCOPE: "Out of scope",
    FilterMode.ERRORS: "Errors",
}


def matches_filter(result: TriageResult, mode: FilterMode, settings: TriageSettings) -> bool:
    if mode is FilterMode.ALL:
        return True
    if mode is FilterMode.ABOVE_THRESHOLD:
        return is_above(result, settings)
    if mode is FilterMode.FLAGGED:  # cautions on ranked images (as counted in the summary)
        return group_of(result, settings) is Group.IN_SCOPE and bool(result.flags)
    if mode is FilterMode.OUT_OF_SCOPE:
        return result.ok and not in_scope(result, settings)
    if mode is FilterMode.ERRORS:
        return not result.ok
    raise ValueError(f"unknown filter {mode!r}")


def ranking_note(settings: TriageSettings) -> str:
    """The line every export carries about how out-of-scope images were handled."""
    if settings.rank_out_of_scope:
        return (
            "Out-of-scope images were RANKED with the others (site setting): their labels are not "
            "validated."
        )
    return "Out-of-scope images are listed after the ranked images, without a label."


def breakdown(results: Sequence[TriageResult], settings: TriageSettings) -> dict[Group, list]:
    """Results split into their groups, each in worklist order (for reports with sections)."""
    out: dict[Group, list] = {g: [] for g in Group}
    for r in ordered(results, settings):
        out[group_of(r, settings)].append(r)
    return out
