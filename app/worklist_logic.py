"""What the worklist shows for each result, as pure functions (no Qt) so it is tested directly.

The table model, the filter proxy, the CSV and the PDF report all read their text from here, so a
row says the same thing everywhere and the label always follows the operating point the user chose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from inference.pipeline import label_for
from inference.types import FLAG_LABELS, FailureKind, Flag, TriageResult

PNEUMONIA = "pneumonia"
NORMAL = "normal"
NO_VALUE = "—"


class Column(IntEnum):
    """Table columns, in display order. Risk comes first because the list is triaged by it."""

    FILE = 0
    PROBABILITY = 1
    LABEL = 2
    LIKELY_TYPE = 3
    FLAGS = 4
    STATUS = 5
    PATIENT = 6
    STUDY_DATE = 7


COLUMN_TITLES: dict[Column, str] = {
    Column.FILE: "File",
    Column.PROBABILITY: "P(pneumonia)",
    Column.LABEL: "Label",
    Column.LIKELY_TYPE: "Likely type",
    Column.FLAGS: "Flags",
    Column.STATUS: "Status",
    Column.PATIENT: "Patient",
    Column.STUDY_DATE: "Study date",
}


# Columns the worklist always shows (the user cannot hide them: the table is triaged by them).
REQUIRED_COLUMNS: frozenset[Column] = frozenset({Column.FILE, Column.PROBABILITY, Column.LABEL})
# Optional columns, least useful first: dropped in this order when the worklist is too narrow.
# Flags and the likely type stay longest (safety warnings, model output); the status text of an
# error row is also in the label (short), the tooltip and the details panel.
HIDE_ORDER: tuple[Column, ...] = (
    Column.STUDY_DATE,
    Column.PATIENT,
    Column.STATUS,
    Column.LIKELY_TYPE,
    Column.FLAGS,
)


def columns_to_hide(widths: dict[Column, int], available: int, file_min: int) -> set[Column]:
    """Which optional columns to hide so the rest fit ``available`` pixels without scrolling.

    ``widths`` are the fixed columns' widths; the file column takes what is left and needs at
    least ``file_min``. Columns go in ``HIDE_ORDER`` until the row fits (or only required remain).
    """
    shown = {c: w for c, w in widths.items() if c is not Column.FILE}
    hidden: set[Column] = set()
    for column in HIDE_ORDER:
        if sum(shown.values()) + file_min <= available:
            break
        if column in shown:
            del shown[column]
            hidden.add(column)
    return hidden


class FilterMode(StrEnum):
    """Which rows the worklist shows."""

    ALL = "all"
    ABOVE_THRESHOLD = "above_threshold"
    FLAGGED = "flagged"
    ERRORS = "errors"


FILTER_TITLES: dict[FilterMode, str] = {
    FilterMode.ALL: "All images",
    FilterMode.ABOVE_THRESHOLD: "Above threshold",
    FilterMode.FLAGGED: "Flagged",
    FilterMode.ERRORS: "Errors",
}

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


def label_at(result: TriageResult, threshold: float) -> str | None:
    """The predicted label at ``threshold``; None for a file that has no score."""
    if not result.ok or result.pneumonia_prob is None:
        return None
    return label_for(result.pneumonia_prob, threshold)


def is_above(result: TriageResult, threshold: float) -> bool:
    return label_at(result, threshold) == PNEUMONIA


def likely_type_at(result: TriageResult, threshold: float) -> str | None:
    """Bacterial/viral only when the image is above the threshold, from the class probabilities.

    Recomputed here (not taken from the pipeline) because the user may move the threshold after the
    scan: an image that drops below it must lose its subtype too.
    """
    if not is_above(result, threshold):
        return None
    subtypes = {k: v for k, v in result.class_probs.items() if k != NORMAL}
    if subtypes:
        return max(subtypes, key=lambda k: subtypes[k])
    return result.likely_type


def format_percent(p: float | None, decimals: int = 0) -> str:
    """A probability as a percentage, e.g. 0.873 -> '87%'. Never rounds 0.996 up to a false 100%."""
    if p is None:
        return NO_VALUE
    value = 100.0 * min(max(float(p), 0.0), 1.0)
    text = f"{value:.{decimals}f}"
    if float(text) >= 100.0 and value < 100.0:
        return f">{99.9 if decimals else 99:.{decimals}f}%"
    if float(text) <= 0.0 and value > 0.0:
        return f"<{0.1 if decimals else 1:.{decimals}f}%"
    return f"{text}%"


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


def patient_text(metadata: dict[str, str]) -> str:
    """'NAME (ID)', either alone, or empty. DICOM names use '^' between parts."""
    name = metadata.get("patient_name", "").replace("^", " ").strip()
    pid = metadata.get("patient_id", "").strip()
    if name and pid:
        return f"{name} ({pid})"
    return name or pid


def study_date_text(metadata: dict[str, str]) -> str:
    """DICOM YYYYMMDD as YYYY-MM-DD; anything else as given."""
    raw = metadata.get("study_date", "").strip()
    if len(raw) == 8 and raw.isdigit():
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return raw


def risk_sort_value(result: TriageResult) -> float:
    """Sort value for the probability column: errors below every scored image."""
    if result.ok and result.pneumonia_prob is not None:
        return float(result.pneumonia_prob)
    return -1.0


def cell_text(result: TriageResult, column: Column, threshold: float) -> str:
    """The text of one cell; the single source for the table, CSV and report."""
    if column is Column.FILE:
        return result.path.name
    if column is Column.PROBABILITY:
        return format_percent(result.pneumonia_prob) if result.ok else NO_VALUE
    if column is Column.LABEL:
        if result.error is not None:  # the short reason, so it shows without scrolling right
            return FAILURE_TITLES.get(result.error.kind, "error").lower()
        return label_at(result, threshold) or NO_VALUE
    if column is Column.LIKELY_TYPE:
        return likely_type_at(result, threshold) or ""
    if column is Column.FLAGS:
        return flags_text(result.flags)
    if column is Column.STATUS:
        return status_text(result)
    if column is Column.PATIENT:
        return patient_text(result.metadata)
    if column is Column.STUDY_DATE:
        return study_date_text(result.metadata)
    raise ValueError(f"unknown column {column!r}")


def matches_filter(result: TriageResult, mode: FilterMode, threshold: float) -> bool:
    if mode is FilterMode.ALL:
        return True
    if mode is FilterMode.ABOVE_THRESHOLD:
        return is_above(result, threshold)
    if mode is FilterMode.FLAGGED:
        return bool(result.flags)
    if mode is FilterMode.ERRORS:
        return not result.ok
    raise ValueError(f"unknown filter {mode!r}")


def search_haystack(result: TriageResult) -> str:
    """Lower-cased text the search box looks through (computed once per row and cached)."""
    parts = [
        str(result.path),
        patient_text(result.metadata),
        result.metadata.get("patient_id", ""),
        result.metadata.get("accession_number", ""),
        study_date_text(result.metadata),
        flags_text(result.flags),
        status_text(result),
    ]
    return "\n".join(parts).lower()


def matches_search(haystack: str, query: str) -> bool:
    """Every whitespace-separated word of ``query`` must occur (case-insensitive)."""
    return all(word in haystack for word in query.lower().split())


@dataclass(frozen=True)
class Summary:
    """Counts for the status line and the report's first page."""

    total: int
    scored: int
    above: int
    flagged: int
    errors: int

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.total + other.total,
            self.scored + other.scored,
            self.above + other.above,
            self.flagged + other.flagged,
            self.errors + other.errors,
        )


def summarize(results: Iterable[TriageResult], threshold: float) -> Summary:
    total = scored = above = flagged = errors = 0
    for r in results:
        total += 1
        if r.ok:
            scored += 1
            above += is_above(r, threshold)
        else:
            errors += 1
        flagged += bool(r.flags)
    return Summary(total, scored, above, flagged, errors)


def class_breakdown(result: TriageResult) -> list[tuple[str, float]]:
    """Class probabilities, most likely first, for the details panel and the report."""
    return sorted(result.class_probs.items(), key=lambda kv: -kv[1])
