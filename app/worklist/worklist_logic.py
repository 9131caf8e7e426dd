"""The worklist *table*: columns, widths, cell text and search, as pure functions (no Qt).

What a row says (label, scope, type, flags, order, counts) is decided in ``inference.worklist``,
which the CLI, CSV, JSON and PDF use too; this module only lays it out in columns.
"""

from __future__ import annotations

from enum import IntEnum

from inference import worklist as wl
from inference.output_files import printable
from inference.types import TriageResult
from inference.worklist import (
    FAILURE_TITLES,
    FILTER_TITLES,
    NO_VALUE,
    NORMAL,
    PNEUMONIA,
    FilterMode,
    Summary,
    TriageSettings,
    flags_text,
    matches_filter,
    status_text,
    summarize,
)

__all__ = [
    "COLUMN_TITLES",
    "FAILURE_TITLES",
    "FILTER_TITLES",
    "NORMAL",
    "NO_VALUE",
    "PNEUMONIA",
    "Column",
    "FilterMode",
    "Summary",
    "TriageSettings",
    "cell_text",
    "flags_text",
    "matches_filter",
    "status_text",
    "summarize",
]
# Scope reasons do not depend on the threshold: the search text uses fixed default settings.
_NO_SETTINGS = TriageSettings(threshold=0.5)


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
    READ = 8  # the reader's own call (site calibration)


COLUMN_TITLES: dict[Column, str] = {
    Column.FILE: "File",
    Column.PROBABILITY: "P(pneumonia)",
    Column.LABEL: "Label",
    Column.LIKELY_TYPE: "Likely type",
    Column.FLAGS: "Flags",
    Column.STATUS: "Status",
    Column.PATIENT: "Patient",
    Column.STUDY_DATE: "Study date",
    Column.READ: "Your read",
}


# Columns the worklist always shows (the user cannot hide them: the table is triaged by them).
REQUIRED_COLUMNS: frozenset[Column] = frozenset({Column.FILE, Column.PROBABILITY, Column.LABEL})
# Optional columns, least useful first: dropped in this order when the worklist is too narrow.
# Flags and the likely type stay longest (safety warnings, model output); the status text of an
# error row is also in the label (short), the tooltip and the details panel.
HIDE_ORDER: tuple[Column, ...] = (
    Column.READ,
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


def cell_text(
    result: TriageResult, column: Column, settings: TriageSettings, read: str = ""
) -> str:
    """The text of one cell; labels, scope and type come from ``inference.worklist``."""
    if column is Column.FILE:
        return printable(result.path.name)
    if column is Column.PROBABILITY:
        return format_percent(wl.probability(result, settings)) if result.ok else NO_VALUE
    if column is Column.LABEL:
        return wl.label_text(result, settings)
    if column is Column.LIKELY_TYPE:
        return wl.likely_type(result, settings) or ""
    if column is Column.FLAGS:
        return flags_text(result.flags)
    if column is Column.STATUS:
        return status_text(result)
    if column is Column.PATIENT:
        return patient_text(result.metadata)
    if column is Column.STUDY_DATE:
        return study_date_text(result.metadata)
    if column is Column.READ:
        return read
    raise ValueError(f"unknown column {column!r}")


def search_haystack(result: TriageResult) -> str:
    """Lower-cased text the search box looks through (computed once per row and cached)."""
    parts = [
        printable(str(result.path)),
        patient_text(result.metadata),
        result.metadata.get("patient_id", ""),
        result.metadata.get("accession_number", ""),
        study_date_text(result.metadata),
        flags_text(result.flags),
        status_text(result),
        wl.scope_reason_text(result, _NO_SETTINGS),
    ]
    return "\n".join(parts).lower()


def matches_search(haystack: str, query: str) -> bool:
    """Every whitespace-separated word of ``query`` must occur (case-insensitive)."""
    return all(word in haystack for word in query.lower().split())


def class_breakdown(result: TriageResult) -> list[tuple[str, float]]:
    """Class probabilities, most likely first, for the details panel and the report."""
    return sorted(result.class_probs.items(), key=lambda kv: -kv[1])
