"""What ``cxr-triage scan`` prints: the closing summary and, without --csv/--json, the worklist."""

from __future__ import annotations

from collections.abc import Sequence

from inference.core.safe_text import visible
from inference.core.types import TriageResult
from inference.export.worklist_files import error_text
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
    lines = [
        f"Scanned {len(results)} file(s) in {elapsed_s:.1f} s ({rate:.1f} images/s) on "
        f"{session.device_label} ({session.provider}), model {session.contract.version}",
        f"  {s.line()} ({settings.operating_point_text()})",
        f"  ranked {s.in_scope if not settings.rank_out_of_scope else s.scored}, "
        f"out of scope {s.out_of_scope}, unreadable {s.errors}",
    ]
    if settings.rank_out_of_scope:
        lines.append(f"  ! {wl.ranking_note(settings)}")
    lines += [f"  ! {note}" for note in session.fallback_notes]
    lines += [
        f"  failed: {visible(r.path)}: {visible(error_text(r))}"
        for r in sorted(failed, key=lambda r: r.index)
    ]
    return lines


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
            + (f" ({kind})" if kind else "")
            + f"  {visible(r.path)}"
            + (f"  [{visible(flags)}]" if flags else "")
        )
    if groups[wl.Group.OUT_OF_SCOPE]:
        lines.append("  out of scope (not ranked):")
        for r in groups[wl.Group.OUT_OF_SCOPE]:
            lines.append(
                f"      -  {visible(r.path)}: {visible(wl.scope_reason_text(r, settings))}"
            )
    return lines
