"""The worklist *table*: columns, widths, cell text and search, as pure functions (no Qt).

What a row says (label, scope, type, flags, order, counts) is decided in ``inference.triage.worklist``,
which the CLI, CSV, JSON and PDF use too; this module only lays it out in columns.
"""

from __future__ import annotations

from enum import IntEnum

from app.core.display_text import isolated, shown
from app.worklist import worklist_words as words
from inference.core import i18n
from inference.core.i18n import N_, _
from inference.core.safe_text import printable
from inference.core.types import TriageResult
from inference.triage import worklist as wl
from inference.triage.operating_point import consistent_classes
from inference.triage.worklist import (
    FAILURE_TITLES,
    FILTER_TITLES,
    NO_VALUE,
    NORMAL,
    PNEUMONIA,
    FilterMode,
    Summary,
    TriageSettings,
    matches_filter,
    summarize,
)
from inference.triage.worklist import flags_text as flags_text  # English: exports, the CLI

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
    "column_title",
    "flags_text",
    "matches_filter",
    "status_text",
    "summarize",
]


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


#: The English titles (marked for translation); the table shows ``column_title`` (translated).
#: Machine names never change with the language: ``Column`` members are the ids.
COLUMN_TITLES: dict[Column, str] = {
    Column.FILE: N_("File"),
    Column.PROBABILITY: N_("P(pneumonia)"),
    Column.LABEL: N_("Label"),
    Column.LIKELY_TYPE: N_("Likely type"),
    Column.FLAGS: N_("Flags"),
    Column.STATUS: N_("Status"),
    Column.PATIENT: N_("Patient"),
    Column.STUDY_DATE: N_("Study date"),
    Column.READ: N_("Your read"),
}


def column_title(column: Column) -> str:
    """A column's title in the reader's language."""
    return _(COLUMN_TITLES[column])


status_text = words.status_text  # the table's words, translated (inference's stay English)


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


def columns_to_hide(
    widths: dict[Column, int], available: int, file_min: int, keep: frozenset[Column] = frozenset()
) -> set[Column]:
    """Which optional columns to hide so the rest fit ``available`` pixels without scrolling.

    ``widths`` are the fixed columns' widths; the file column takes what is left and needs at
    least ``file_min``. Columns go in ``HIDE_ORDER`` until the row fits (or only required remain).
    """
    shown = {c: w for c, w in widths.items() if c is not Column.FILE}
    hidden: set[Column] = set()
    for column in HIDE_ORDER:  # ``keep``: columns the user relies on now (their reads)
        if sum(shown.values()) + file_min <= available:
            break
        if column in keep:
            continue
        if column in shown:
            del shown[column]
            hidden.add(column)
    return hidden


#: Columns that narrow (eliding their header; the header's tooltip has it whole) before they are
#: hidden: the safety warnings and, while reads exist, the reader's own call (``keep``).
SHRINK_BEFORE_HIDING: frozenset[Column] = frozenset({Column.FLAGS})
#: Columns a whole file name does not displace (see ``fit_widths``' ``file_want``).
WORTH_A_FILE_NAME: frozenset[Column] = SHRINK_BEFORE_HIDING | {Column.LIKELY_TYPE}
# Which shown columns give up width first when the row does not fit: the label (it elides on the
# right, whole in its tooltip and the details panel), the secondary columns, P(pneumonia) last.
SHRINK_ORDER: tuple[Column, ...] = (
    Column.LABEL,
    Column.STATUS,
    Column.PATIENT,
    Column.STUDY_DATE,
    Column.LIKELY_TYPE,
    Column.READ,
    Column.FLAGS,
    Column.PROBABILITY,
)


def fit_widths(
    widths: dict[Column, int],
    available: int,
    file_min: int,
    keep: frozenset[Column] = frozenset(),
    label_min: int = 0,
    mins: dict[Column, int] | None = None,
    file_want: int = 0,
    worth_a_name: frozenset[Column] = frozenset(),
) -> tuple[set[Column], dict[Column, int]]:
    """Hidden columns and the widths of the shown fixed columns for ``available`` pixels.

    ``widths`` are the columns' preferred widths, ``mins`` the narrowest each may become (its
    header elided; default: its preferred width; the label's is ``label_min``). Secondary columns
    go first (``columns_to_hide``); the flags and the ``keep`` columns narrow instead, and so
    does the label, so that file names keep ``file_min`` and nothing scrolls sideways. Only when
    even the narrowest widths are too wide do those go too, in ``HIDE_ORDER``: the reader's own
    call before the flags (the details panel shows the reader's call). The status, patient and
    study date are shown only while the file column keeps ``file_want`` (a whole typical name):
    a wide screen shows names whole before it adds them; ``worth_a_name`` columns (the patient,
    once a row has one: a DICOM's UID file name says less) hold their place.
    """
    low = {c: min(w, (mins or {}).get(c, w)) for c, w in widths.items() if c is not Column.FILE}
    if Column.LABEL in low:
        low[Column.LABEL] = min(widths[Column.LABEL], label_min)
    hidden = columns_to_hide(widths, available, file_min, keep | SHRINK_BEFORE_HIDING)
    # the status, patient and study date also give way to a whole file name (the type does not)
    hidden |= columns_to_hide(widths, available, file_want, keep | WORTH_A_FILE_NAME | worth_a_name)
    for column in HIDE_ORDER:  # the last resort: not even the narrowest widths fit
        if sum(w for c, w in low.items() if c not in hidden) + file_min <= available:
            break
        if column in low:
            hidden.add(column)
    sized = {c: w for c, w in widths.items() if c is not Column.FILE and c not in hidden}
    over = sum(sized.values()) + file_min - available
    for column in SHRINK_ORDER:
        if over <= 0:
            break
        if column in sized:
            cut = min(over, sized[column] - low[column])
            sized[column] -= max(0, cut)
            over -= max(0, cut)
    return hidden, sized


def format_percent(p: float | None, decimals: int = 0) -> str:
    """A probability as a percentage in the reader's language, e.g. 0.873 -> '87%' ('87 %' in
    French). Never rounds 0.996 up to a false 100%."""
    if p is None:
        return NO_VALUE
    value = 100.0 * min(max(float(p), 0.0), 1.0)
    text = f"{value:.{decimals}f}"
    if float(text) >= 100.0 and value < 100.0:
        return ">" + i18n.format_percent(0.999 if decimals else 0.99, decimals)
    if float(text) <= 0.0 and value > 0.0:
        return "<" + i18n.format_percent(0.001 if decimals else 0.01, decimals)
    return i18n.format_percent(float(text) / 100.0, decimals)


def patient_text(metadata: dict[str, str]) -> str:
    """'NAME (ID)', either alone, or empty. DICOM names use '^' between parts."""
    # escaped and isolated: a bidi override in the name must not reorder the ID beside it
    name = isolated(metadata.get("patient_name", "").replace("^", " ").strip())
    pid = shown(metadata.get("patient_id", "").strip())
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
    """The text of one cell; labels, scope and type come from ``inference.triage.worklist``."""
    if column is Column.FILE:
        return shown(result.path.name)
    if column is Column.PROBABILITY:
        ranked = result.ok and wl.group_of(result, settings) is wl.Group.IN_SCOPE
        return format_percent(wl.probability(result, settings)) if ranked else NO_VALUE
    if column is Column.LABEL:
        return words.label_text(result, settings)
    if column is Column.LIKELY_TYPE:
        return words.likely_type_text(result, settings)
    if column is Column.FLAGS:
        return words.flags_text(result.flags)
    if column is Column.STATUS:
        return status_text(result)
    if column is Column.PATIENT:
        return patient_text(result.metadata)
    if column is Column.STUDY_DATE:
        return study_date_text(result.metadata)
    if column is Column.READ:
        return read
    raise ValueError(f"unknown column {column!r}")


def search_haystack(result: TriageResult, settings: TriageSettings) -> str:
    """Lower-cased text the search box looks through (computed once per row and cached). The
    scope reason follows ``settings`` (the model's age range), as the table and exports do."""
    parts = [
        printable(str(result.path)),
        patient_text(result.metadata),
        result.metadata.get("patient_id", ""),
        result.metadata.get("accession_number", ""),
        study_date_text(result.metadata),
        words.flags_text(result.flags),
        status_text(result),
        wl.scope_reason_text(result, settings),
    ]
    return "\n".join(parts).lower()


def live_haystack(result: TriageResult, settings: TriageSettings) -> str:
    """The searchable text that moves with the threshold: the label ("pneumonia", "normal", "out
    of scope: …") and the likely type. Not cached: computed when the search filters a row."""
    if not result.ok:
        return ""
    label, kind = words.label_text(result, settings), words.likely_type_text(result, settings)
    return f"\n{label}\n{kind}".lower()


def matches_search(haystack: str, query: str) -> bool:
    """Every whitespace-separated word of ``query`` must occur (case-insensitive)."""
    return all(word in haystack for word in query.lower().split())


def class_breakdown(result: TriageResult, settings: TriageSettings) -> list[tuple[str, float]]:
    """Class probabilities, most likely first, for the details panel and the report; with a site
    temperature they agree with the P(pneumonia) shown (``operating_point.consistent_classes``)."""
    probs = consistent_classes(result.class_probs, result.pneumonia_prob, settings.temperature)
    return sorted(probs.items(), key=lambda kv: -kv[1])
