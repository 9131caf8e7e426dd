"""The worklist's words in the reader's language (gettext, no Qt).

``inference.triage.worklist`` decides what a row says and says it in English, the language of the
CSV, the JSON and the command line. The viewer shows the same words translated: this module marks
every English word inference can put in a cell (labels, likely types, flags, failure titles, short
scope reasons, filters) and translates it where it is shown. The decisions stay in inference; only
the words change, so a row still reads the same as its export, in the reader's language. When
inference marks its own words, the msgids are the same English and nothing here changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from inference.core.i18n import N_, _, format_number, ngettext
from inference.core.types import FLAG_LABELS, Flag, TriageResult
from inference.triage import worklist as wl
from inference.triage.worklist import FAILURE_TITLES, FILTER_TITLES, FilterMode, Summary

#: Every English word inference can put in a worklist cell, marked for extraction. The test
#: ``test_every_inference_word_is_marked`` fails when inference gains one that is not here.
WORDS = frozenset(
    {
        # labels, likely types, classes (the model's class names)
        N_("pneumonia"),
        N_("normal"),
        N_("bacterial"),
        N_("viral"),
        N_("out of scope"),
        N_("error"),
        N_("No score"),
        N_("OK"),
        N_("unsure"),  # a reader's own call (inference.triage.site_reads.Read)
        # flags (inference.core.types.FLAG_LABELS)
        N_("colour image"),
        N_("low resolution"),
        N_("unlike training images"),
        N_("unusual bit depth"),
        N_("unusual photometric"),
        N_("not a chest study"),
        N_("low contrast"),
        N_("multi-frame: frame 1 scored"),
        N_("lungs not seen / cut off"),
        N_("looks like an adult"),
        N_("1-bit black and white"),
        # failure titles (inference.triage.worklist.FAILURE_TITLES)
        N_("Not found"),
        N_("Unreadable"),
        N_("Empty file"),
        N_("Not an image"),
        N_("Truncated"),
        N_("Corrupt"),
        N_("Too large"),
        N_("Unsupported"),
        N_("Not an image DICOM"),
        N_("Cancelled"),
        N_("Model error"),
        N_("Internal error"),
        # short scope reasons (inference.triage.scope_rules.SHORT_REASONS and the age words)
        N_("not a radiograph"),
        N_("colour photo"),
        N_("1-bit image"),
        N_("not a chest film"),
        N_("lateral view"),
        N_("blank image"),
        N_("looks adult"),
        N_("lungs not seen"),
        N_("unlike training films"),
        N_("adult"),
        N_("older child"),
        # filters (inference.triage.worklist.FILTER_TITLES)
        N_("All images"),
        N_("Above threshold"),
        N_("Flagged"),
        N_("Out of scope"),
        N_("Errors"),
    }
)


def word(english: str) -> str:
    """One of inference's words in the current language (unknown words stay as they are)."""
    return _(english) if english else english


def failure_title(result: TriageResult) -> str:
    kind = result.error.kind if result.error is not None else None
    return word(FAILURE_TITLES.get(kind, "error")) if kind is not None else ""


def label_text(result: TriageResult, settings: wl.TriageSettings) -> str:
    """``wl.label_text`` in the reader's language: pneumonia / normal / out of scope: <reason> /
    the error kind. Built from the same decisions (scope, label, short reason)."""
    if result.error is not None:
        return failure_title(result).lower()
    if not result.ok:
        return wl.NO_VALUE
    if not wl.in_scope(result, settings):
        reason = _("out of scope: {reason}").format(reason=word(wl.short_reason(result, settings)))
        p = wl.probability(result, settings)
        if settings.rank_out_of_scope and p is not None:
            return f"{word(wl.label_for(p, settings.threshold))} ({reason})"
        return reason
    return word(wl.label(result, settings) or "") or wl.NO_VALUE


def likely_type_text(result: TriageResult, settings: wl.TriageSettings) -> str:
    return word(wl.likely_type(result, settings) or "")


def flags_text(flags: Iterable[Flag]) -> str:
    """``wl.flags_text`` translated, in the same (stable) order."""
    return ", ".join(word(FLAG_LABELS.get(f, str(f))) for f in sorted(flags, key=str))


def status_text(result: TriageResult) -> str:
    """'OK' or why the file has no score; the error's own detail stays as the reader got it."""
    if result.error is not None:
        return _("{title}: {message}").format(
            title=failure_title(result), message=result.error.message
        )
    return word(wl.status_text(result))


def filter_title(mode: FilterMode) -> str:
    return word(FILTER_TITLES[mode])


def class_name(name: str) -> str:
    """A model class ('pneumonia', 'bacterial') as a title: 'Pneumonia' / 'Pneumonie'."""
    text = word(name)
    return text[:1].upper() + text[1:]


def summary_text(summary: Summary, ranked_anyway: bool = False) -> str:
    """``Summary.line()`` in the reader's language, with the language's number separators:
    '12 images · 3 at or above threshold · 1 out of scope'."""
    n = format_number
    parts = [
        ngettext("{n} image", "{n} images", summary.total).format(n=n(summary.total)),
        _("{n} at or above threshold").format(n=n(summary.above)),
    ]
    if summary.out_of_scope:
        out = _("{n} out of scope").format(n=n(summary.out_of_scope))
        parts.append(out + (_(" (ranked anyway: site setting)") if ranked_anyway else ""))
    if summary.flagged:
        parts.append(_("{n} flagged").format(n=n(summary.flagged)))
    if summary.errors:
        parts.append(_("{n} unreadable").format(n=n(summary.errors)))
    return " · ".join(parts)


def read_note(read: int, total: int) -> str:
    """'3 of 40 read' (the reader's own calls on this worklist)."""
    return _("{read} of {total} read").format(read=format_number(read), total=format_number(total))
