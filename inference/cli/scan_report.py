"""What ``cxr-triage scan`` prints: the closing summary and, without --csv/--json, the worklist."""

from __future__ import annotations

from collections.abc import Sequence

from inference.core.i18n import _, format_number, ngettext
from inference.core.safe_text import visible
from inference.core.types import TriageResult
from inference.model.session import ModelSession
from inference.triage import worklist as wl
from inference.triage.worklist import TriageSettings


def summary_lines(
    results: Sequence[TriageResult],
    settings: TriageSettings,
    elapsed_s: float,
    session: ModelSession,
) -> list[str]:
    """The closing summary; its counts are ``inference.triage.worklist.summarize``'s, as in the viewer."""
    s = wl.summarize(results, settings)
    failed = [r for r in results if not r.ok]
    rate = len(results) / elapsed_s if elapsed_s > 0 else 0.0
    ranked = s.in_scope if not settings.rank_out_of_scope else s.scored
    scanned = ngettext(
        "Scanned %(n)s file in %(seconds)s s (%(rate)s images/s) on %(device)s (%(provider)s), "
        "model %(version)s",
        "Scanned %(n)s files in %(seconds)s s (%(rate)s images/s) on %(device)s (%(provider)s), "
        "model %(version)s",
        len(results),
    ) % {
        "n": format_number(len(results)),
        "seconds": format_number(elapsed_s, 1),
        "rate": format_number(rate, 1),
        "device": session.device_label,
        "provider": session.provider,
        "version": session.contract.version,
    }
    counts = _("ranked %(ranked)s, out of scope %(out)s, unreadable %(errors)s") % {
        "ranked": format_number(ranked),
        "out": format_number(s.out_of_scope),
        "errors": format_number(s.errors),
    }
    lines = [
        scanned,
        f"  {s.line()} ({settings.operating_point_text()})",
        f"  {counts}",
    ]
    if settings.rank_out_of_scope:
        lines.append(f"  ! {wl.ranking_note(settings)}")
    lines += [f"  ! {note}" for note in session.fallback_notes]
    lines += [
        "  "
        + _("failed: %(file)s: %(reason)s")
        % {"file": visible(r.path), "reason": visible(shown_error(r))}
        for r in sorted(failed, key=lambda r: r.index)
    ]
    return lines


def shown_error(result: TriageResult) -> str:
    """Why a file has no score, for the terminal: its failure title and message."""
    return wl.status_text(result)


def worklist_lines(results: Sequence[TriageResult], settings: TriageSettings) -> list[str]:
    """Plain-text worklist for the terminal when no --csv/--json is given: ranked images first,
    then the out-of-scope ones with their reason (unreadable files are in the summary)."""
    lines = []
    groups = wl.breakdown(results, settings)
    for rank, r in enumerate(groups[wl.Group.IN_SCOPE], start=1):
        flags = wl.flags_text(r.flags)
        kind = wl.likely_type(r, settings)
        lines.append(
            f"{rank:5d}  {wl.probability(r, settings):6.3f}  {wl.label_text(r, settings)}"
            + (f" ({wl.word(kind)})" if kind else "")
            + f"  {visible(r.path)}"
            + (f"  [{visible(flags)}]" if flags else "")
        )
    if groups[wl.Group.OUT_OF_SCOPE]:
        lines.append("  " + _("out of scope (not ranked):"))
        for r in groups[wl.Group.OUT_OF_SCOPE]:
            lines.append(
                f"      -  {visible(r.path)}: {visible(wl.scope_reason_text(r, settings))}"
            )
    return lines
