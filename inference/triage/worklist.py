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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from inference.core.i18n import N_, _, format_number, ngettext
from inference.core.types import FLAG_LABELS, Flag, TriageResult
from inference.triage.operating_point import OperatingPoint, calibrated, resolve
from inference.triage.scope_rules import (  # re-exported: the worklist rules are one API
    ADULT_YEARS as ADULT_YEARS,
)
from inference.triage.scope_rules import (
    DEFAULT_AGE_RANGE_YEARS,
    scope_reasons,
    short_reason_text,
)
from inference.triage.scope_rules import (
    NON_CHEST_RADIOGRAPHS as NON_CHEST_RADIOGRAPHS,
)
from inference.triage.scope_rules import (
    RADIOGRAPH_MODALITIES as RADIOGRAPH_MODALITIES,
)
from inference.triage.scope_rules import SHORT_REASONS as SHORT_REASONS
from inference.triage.scope_rules import ScopeReason as ScopeReason
from inference.triage.words import (  # re-exported: the worklist rules are one API
    FAILURE_TITLES as FAILURE_TITLES,
)
from inference.triage.words import FILTER_TITLES as FILTER_TITLES
from inference.triage.words import SUBTYPE_WORDS as SUBTYPE_WORDS
from inference.triage.words import FilterMode as FilterMode
from inference.triage.words import filter_title as filter_title
from inference.triage.words import word

if TYPE_CHECKING:
    from inference.model.contract import ModelContract
    from inference.triage.site_profile import SiteProfile

# Codes (the CSV/JSON values); marked so that the words shown for them are translated (``word``).
PNEUMONIA = N_("pneumonia")
NORMAL = N_("normal")
OUT_OF_SCOPE = N_("out of scope")
IN_SCOPE = "in scope"
ERROR = N_("error")
NO_VALUE = "—"


class Group(IntEnum):
    """Sections of the worklist, in display order."""

    IN_SCOPE = 0
    OUT_OF_SCOPE = 1
    ERROR = 2


@dataclass(frozen=True)
class TriageSettings:
    """The user's choices that the worklist follows. Built from the one operating-point resolver
    (``inference.triage.operating_point.resolve``) by ``from_contract`` / ``from_point``."""

    threshold: float
    rank_out_of_scope: bool = False
    age_range_years: tuple[float, float] = DEFAULT_AGE_RANGE_YEARS
    # A site profile's temperature on the model's logit (shown probabilities are calibrated for
    # the site); a fixed operating-point text (settings rebuilt from a report, already worded);
    # the resolver's operating point, worded at use so a language switch reaches it.
    temperature: float = 1.0
    fixed_text: str = ""
    point: OperatingPoint | None = None

    @property
    def site(self) -> str:
        """The operating point's text in the current language ('' for bare settings)."""
        return self.point.text if self.point is not None else self.fixed_text

    @classmethod
    def from_point(
        cls, point: OperatingPoint, contract: ModelContract, rank_out_of_scope: bool = False
    ) -> TriageSettings:
        return cls(
            threshold=point.threshold,
            rank_out_of_scope=rank_out_of_scope,
            age_range_years=tuple(contract.age_range_years),  # type: ignore[arg-type]
            temperature=point.temperature,
            point=point,
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
        """What the threshold is, for exports and the status bar (the resolver's text, worded now)."""
        return self.site or resolve(self.threshold).text


def probability(result: TriageResult, settings: TriageSettings) -> float | None:
    """P(pneumonia) as shown: the model's, or calibrated for this site by its profile."""
    return calibrated(result.pneumonia_prob, settings.temperature)


def in_scope(result: TriageResult, settings: TriageSettings) -> bool:
    return result.error is None and not scope_reasons(result, settings.age_range_years)


def shows_heatmap(result: TriageResult, settings: TriageSettings) -> bool:
    """Heat is drawn only where the model was made for the image: never for an out-of-scope or
    unreadable file (the viewer, the PDF, ``scan --heatmaps`` and the clinic's Secondary Capture
    ask here)."""
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


def short_reason(result: TriageResult, settings: TriageSettings) -> str:
    """The first reason in a few words, in the current language: fits a table cell."""
    reasons = scope_reasons(result, settings.age_range_years)
    if not reasons:
        return ""
    return short_reason_text(reasons[0][0], result.age_years)


def failure_title(result: TriageResult) -> str:
    """Why an unreadable file has no score, as a title ('Truncated'); '' for a scored one."""
    if result.error is None:
        return ""
    return word(FAILURE_TITLES.get(result.error.kind, ERROR))


def label_text(result: TriageResult, settings: TriageSettings) -> str:
    """The label cell everywhere: pneumonia / normal / 'out of scope: <reason>' / the error kind,
    in the current language (the CSV/JSON write it inside ``i18n.english()``)."""
    if result.error is not None:
        return failure_title(result).lower()
    if not result.ok:
        return NO_VALUE
    if not in_scope(result, settings):
        reason = _("out of scope: %(reason)s") % {"reason": short_reason(result, settings)}
        p = probability(result, settings)
        if settings.rank_out_of_scope and p is not None:
            return f"{word(label_for(p, settings.threshold))} ({reason})"
        return reason
    return word(label(result, settings) or "") or NO_VALUE


def flags_text(flags: Iterable[Flag]) -> str:
    """Human words for the flags, stable order."""
    return ", ".join(word(FLAG_LABELS.get(f, str(f))) for f in sorted(flags, key=str))


def status_text(result: TriageResult) -> str:
    """'OK' or the reason the file has no score, in words a clinician can act on."""
    if result.error is not None:
        return _("%(title)s: %(message)s") % {
            "title": failure_title(result),
            "message": result.error.message,
        }
    if result.pneumonia_prob is None:
        return _("No score")
    return _("OK")


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
    """Worklist order (``sort_key``): ranked images by risk, then out of scope, then unreadable
    files; ties keep scan order. The CLI, the CSV/JSON, the PDF and the viewer all sort here."""
    return sorted(results, key=lambda r: sort_key(r, settings))


def ranks(rows: Sequence[TriageResult], settings: TriageSettings) -> list[int | None]:
    """Risk rank (1 = highest) of each ranked row of ``rows`` (in worklist order); None for
    out-of-scope and unreadable rows. The CSV, the JSON and the PDF number rows with it."""
    out: list[int | None] = []
    n = 0
    for r in rows:
        if group_of(r, settings) is Group.IN_SCOPE:
            n += 1
            out.append(n)
        else:
            out.append(None)
    return out


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

    def line(self, ranked_anyway: bool = False) -> str:
        """One line for the CLI and the viewer's summary label, in the current language:
        '12 images · 3 at or above threshold · 1 out of scope'."""
        n = format_number
        parts = [
            ngettext("%(n)s image", "%(n)s images", self.total) % {"n": n(self.total)},
            ngettext("%(n)s at or above threshold", "%(n)s at or above threshold", self.above)
            % {"n": n(self.above)},
        ]
        if self.out_of_scope:
            out = ngettext("%(n)s out of scope", "%(n)s out of scope", self.out_of_scope) % {
                "n": n(self.out_of_scope)
            }
            parts.append(out + (_(" (ranked anyway: site setting)") if ranked_anyway else ""))
        if self.flagged:
            parts.append(
                ngettext("%(n)s flagged", "%(n)s flagged", self.flagged) % {"n": n(self.flagged)}
            )
        if self.errors:
            parts.append(
                ngettext("%(n)s unreadable", "%(n)s unreadable", self.errors)
                % {"n": n(self.errors)}
            )
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
def matches_filter(result: TriageResult, mode: FilterMode, settings: TriageSettings) -> bool:
    if mode is FilterMode.ALL:
        return True
    if mode is FilterMode.ABOVE_THRESHOLD:
        return is_above(result, settings)
    if mode is FilterMode.FLAGGED:  # every row that shows a flag, ranked or out of scope
        return result.ok and bool(result.flags)
    if mode is FilterMode.OUT_OF_SCOPE:
        return result.ok and not in_scope(result, settings)
    if mode is FilterMode.ERRORS:
        return not result.ok
    raise ValueError(f"unknown filter {mode!r}")


def ranking_note(settings: TriageSettings) -> str:
    """The line every export carries about how out-of-scope images were handled."""
    if settings.rank_out_of_scope:
        return _(
            "Out-of-scope images were RANKED with the others (site setting): their labels are not "
            "validated."
        )
    return _("Out-of-scope images are listed after the ranked images, without a label.")


def breakdown(results: Sequence[TriageResult], settings: TriageSettings) -> dict[Group, list]:
    """Results split into their groups, each in worklist order (for reports with sections)."""
    out: dict[Group, list] = {g: [] for g in Group}
    for r in ordered(results, settings):
        out[group_of(r, settings)].append(r)
    return out
