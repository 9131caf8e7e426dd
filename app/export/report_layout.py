"""Pagination and content of the batch PDF report, without Qt (so it is unit-tested directly).

Every word is in the reader's language (gettext ``_()`` at the time the report is written, numbers
with the language's separators); file names, IDs and the model's hash stay as they are."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.worklist import worklist_words as words
from app.worklist.worklist_logic import (
    Summary,
    format_percent,
    patient_text,
    status_text,
    study_date_text,
)
from inference.core.i18n import _, current_language, format_number
from inference.core.safe_text import printable
from inference.core.types import TriageResult
from inference.export.deidentify import NOTICE as DEIDENTIFIED_NOTICE
from inference.export.deidentify import deidentify
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.worklist import Group, TriageSettings, ranks


@dataclass(frozen=True)
class ReportInfo:
    """Provenance printed on the report's first page."""

    model_name: str
    model_version: str
    model_sha256: str
    device: str
    threshold: float
    default_threshold: float
    sources: tuple[str, ...] = ()
    generated: datetime | None = None
    rank_out_of_scope: bool = False
    age_range_years: tuple[float, float] = wl.DEFAULT_AGE_RANGE_YEARS
    temperature: float = 1.0  # site calibration (1.0: none)
    site: str = ""  # the site profile's provenance, '' for the model default
    reads: tuple[tuple[str, str], ...] = ()  # the reader's calls, by image path
    worklist_status: str = "complete"  # or "incomplete: 40 of 62 scanned, cancelled"
    status_shown: str = ""  # the same in the reader's language ('' → the English status)
    deidentified: bool = False  # a copy for sharing: see ``for_sharing``

    @property
    def incomplete(self) -> bool:
        return self.worklist_status != "complete"

    @property
    def settings(self) -> TriageSettings:
        return TriageSettings(
            self.threshold,
            self.rank_out_of_scope,
            self.age_range_years,
            self.temperature,
            # the resolver's text; a bare ReportInfo (tests) resolves it from the two thresholds
            self.site or resolve(self.default_threshold, custom=self.threshold).text,
        )


def for_sharing(
    results: Sequence[TriageResult], info: ReportInfo
) -> tuple[list[TriageResult], ReportInfo]:
    """For a de-identified report: the results' de-identified copies (``inference.export.
    deidentify``), the reads re-keyed to them and no scanned folders; otherwise unchanged."""
    if not info.deidentified:
        return list(results), info
    rows, reads = deidentify(results, dict(info.reads))
    return rows, dataclasses.replace(info, sources=(), reads=tuple(reads.items()))


def summary_lines(summary: Summary, info: ReportInfo) -> list[tuple[str, str]]:
    threshold = format_percent(info.threshold, 1)  # what it is: the "Operating point" row
    n = format_number
    images = n(summary.total)
    if info.incomplete:
        images += " " + _("(incomplete: scan stopped)")
    ranked = summary.scored if info.rank_out_of_scope else summary.in_scope
    return [
        (_("Images"), images),
        (_("Ranked (in scope)"), n(ranked)),
        (_("At or above threshold"), n(summary.above)),
        (_("Out of scope"), n(summary.out_of_scope)),
        (_("Flagged"), n(summary.flagged)),
        (_("Could not be read"), n(summary.errors)),
        (_("Operating threshold"), threshold),
        (_("Operating point"), info.settings.operating_point_text()),
        (_("Scope"), _("out-of-scope images ranked (site setting)") if info.rank_out_of_scope
         else _("out-of-scope images listed apart")),
    ]  # fmt: skip


#: The report's date and time per language: day first in fr / pt / es, ISO in English.
DATE_FORMATS = {"fr": "%d/%m/%Y %H:%M", "pt": "%d/%m/%Y %H:%M", "es": "%d/%m/%Y %H:%M"}


def date_text(when: datetime, lang: str | None = None) -> str:
    """``when`` as the reader's language writes a date: '2026-12-01 15:30' (en),
    '01/12/2026 15:30' (fr, pt, es); numbers only, so no month name needs a translation."""
    return when.strftime(DATE_FORMATS.get(lang or current_language(), "%Y-%m-%d %H:%M"))


def provenance_lines(info: ReportInfo) -> list[tuple[str, str]]:
    when = date_text(info.generated or datetime.now())
    lines = [
        (_("Generated"), when),
        (_("Model"), f"{info.model_name} {info.model_version}"),
        (_("Model sha256"), info.model_sha256[:16] + ("…" if len(info.model_sha256) > 16 else "")),
        (_("Device"), info.device),
    ]
    if info.sources:
        shown = ", ".join(info.sources[:3]) + (" …" if len(info.sources) > 3 else "")
        lines.append((_("Source"), shown))
    if info.deidentified:
        lines.append((_("Shared copy"), _(DEIDENTIFIED_NOTICE)))
    return lines


@dataclass(frozen=True)
class RowText:
    """Text of one report row."""

    rank: str
    file: str
    detail: str
    probability: str
    verdict: str
    label: str
    subtype: str
    above: bool
    flags: str
    status: str
    ok: bool
    in_scope: bool = True
    scope_reason: str = ""


@dataclass(frozen=True)
class Section:
    """A heading row that opens a group of the report (out of scope, unreadable)."""

    group: Group
    count: int

    @property
    def title(self) -> str:
        count = format_number(self.count)
        if self.group is Group.OUT_OF_SCOPE:
            return _("Out of scope — not ranked ({n})").format(n=count)
        if self.group is Group.ERROR:
            return _("Could not be read ({n})").format(n=count)
        return _("Ranked by risk ({n})").format(n=count)

    @property
    def note(self) -> str:
        if self.group is Group.OUT_OF_SCOPE:
            return _(
                "The model was not made for these images (reason on each row), so they get no "
                "pneumonia probability; the raw model output is only in the CSV audit column."
            )
        if self.group is Group.ERROR:
            return _("These files produced no image; the reason is on each row.")
        return ""


def row_text(rank: int | None, result: TriageResult, settings: TriageSettings) -> RowText:
    detail = " · ".join(
        x for x in (patient_text(result.metadata), study_date_text(result.metadata)) if x
    )
    label = wl.label(result, settings)
    subtype = words.word(wl.likely_type(result, settings) or "")
    shown_label = words.word(label or "")
    verdict = "" if label is None else (f"{shown_label} ({subtype})" if subtype else shown_label)
    scoped = wl.in_scope(result, settings) if result.ok else True
    return RowText(
        rank="" if rank is None else str(rank),
        file=printable(result.path.name),
        detail=detail,
        probability=(  # out of scope: no number to compare with ranked images
            format_percent(wl.probability(result, settings), 1)
            if result.ok and wl.group_of(result, settings) is Group.IN_SCOPE
            else "—"
        ),
        verdict=verdict,
        label=words.label_text(result, settings) if result.ok else "",
        subtype=subtype,
        above=label == wl.PNEUMONIA,
        flags=words.flags_text(result.flags),
        status="" if result.ok else status_text(result),
        ok=result.ok,
        in_scope=scoped,
        scope_reason=wl.scope_reason_text(result, settings),  # inference words it
    )


ReportRow = tuple[int | None, TriageResult] | Section


def report_rows(results: Sequence[TriageResult], settings: TriageSettings) -> list[ReportRow]:
    """Worklist order (as the CSV), with a heading row before the out-of-scope and the
    unreadable groups: (rank or None, result) items and ``Section`` items."""
    ordered = wl.ordered(results, settings)
    out: list[ReportRow] = []
    current: Group | None = None
    counts = {g: 0 for g in Group}
    for r in ordered:
        counts[wl.group_of(r, settings)] += 1
    for rank, r in zip(ranks(ordered, settings), ordered, strict=True):
        group = wl.group_of(r, settings)
        if group != current and group is not Group.IN_SCOPE:
            out.append(Section(group, counts[group]))
        current = group
        out.append((rank, r))
    return out


def paginate_heights(
    heights: Sequence[float],
    first: float,
    rest: float,
    keep_with_next: Sequence[bool] = (),
) -> list[range]:
    """Row ranges per page, filled by the rows' heights: a row that does not fit in what is left
    of a page starts the next one. ``first`` is the height for rows below page 1's summary,
    ``rest`` on every later page. A row marked keep-with-next (a section heading) moves to the
    next page with the row after it, so no heading ends a page. A row taller than a whole page
    gets a page of its own; page 1 keeps only its summary when not even one row fits below it.
    Always at least one page, so an empty worklist still produces a report with its summary."""
    pages: list[range] = []
    start, room = 0, first
    i = 0
    while i < len(heights):
        need = heights[i]
        if i < len(keep_with_next) and keep_with_next[i] and i + 1 < len(heights):
            need += heights[i + 1]
        if need <= room + 1e-6 or (i == start and pages):  # fits, or first on a later page
            room -= heights[i]
            i += 1
        else:
            pages.append(range(start, i))
            start, room = i, rest
    pages.append(range(start, len(heights)))
    return pages
