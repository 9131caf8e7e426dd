"""The worklist's words: the codes it returns shown as the reader's words, the titles of
failures and filters. Marked with ``N_`` (the values stay English: CSV/JSON codes and keys),
translated with ``_()`` where shown, so a language switch reaches the next repaint.
Part of the worklist rules (``inference.triage.worklist`` re-exports every name here).
"""

from __future__ import annotations

from enum import StrEnum

from inference.core.i18n import N_, _
from inference.core.types import FailureKind

#: The model's pneumonia subtypes (class names in the contract), shown through ``word``.
SUBTYPE_WORDS = (N_("bacterial"), N_("viral"))


def word(code: str) -> str:
    """A code this module returns (a label, a class name) as the reader's word; '' stays ''."""
    return _(code) if code else code


#: Marked here, translated by ``failure_title`` where shown.
FAILURE_TITLES: dict[FailureKind, str] = {
    FailureKind.NOT_FOUND: N_("Not found"),
    FailureKind.UNREADABLE: N_("Unreadable"),
    FailureKind.EMPTY: N_("Empty file"),
    FailureKind.NOT_AN_IMAGE: N_("Not an image"),
    FailureKind.TRUNCATED: N_("Truncated"),
    FailureKind.CORRUPT: N_("Corrupt"),
    FailureKind.TOO_LARGE: N_("Too large"),
    FailureKind.UNSUPPORTED: N_("Unsupported"),
    FailureKind.NON_IMAGE_DICOM: N_("Not an image DICOM"),
    FailureKind.CANCELLED: N_("Cancelled"),
    FailureKind.MODEL_ERROR: N_("Model error"),
    FailureKind.INTERNAL: N_("Internal error"),
}


class FilterMode(StrEnum):
    """Which rows the worklist shows."""

    ALL = "all"
    ABOVE_THRESHOLD = "above_threshold"
    FLAGGED = "flagged"
    OUT_OF_SCOPE = "out_of_scope"
    ERRORS = "errors"


#: Marked here, translated by ``filter_title`` where shown.
FILTER_TITLES: dict[FilterMode, str] = {
    FilterMode.ALL: N_("All images"),
    FilterMode.ABOVE_THRESHOLD: N_("Above threshold"),
    FilterMode.FLAGGED: N_("Flagged"),
    FilterMode.OUT_OF_SCOPE: N_("Out of scope"),
    FilterMode.ERRORS: N_("Errors"),
}


def filter_title(mode: FilterMode) -> str:
    return _(FILTER_TITLES[mode])
