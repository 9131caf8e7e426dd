"""Pagination and content of the batch PDF report, without Qt (so it is unit-tested directly)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.worklist_logic import (
    Summary,
    flags_text,
    format_percent,
    label_at,
    likely_type_at,
    patient_text,
    status_text,
    study_date_text,
)
from inference.report_csv import sort_by_risk
from inference.types import TriageResult


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


def paginate(n_rows: int, first_page: int, per_page: int) -> list[range]:
    """Row ranges per page: the first page holds fewer rows (the summary sits above them).

    Always at least one page, so an empty worklist still produces a report with its summary.
    """
    if first_page < 0 or per_page < 1:
        raise ValueError("page capacities must be positive")
    pages = [range(0, min(n_rows, first_page))]
    start = pages[0].stop
    while start < n_rows:
        pages.append(range(start, min(n_rows, start + per_page)))
        start += per_page
    return pages


def page_count(n_rows: int, first_page: int, per_page: int) -> int:
    return 1 + max(0, math.ceil((n_rows - first_page) / per_page))


def summary_lines(summary: Summary, info: ReportInfo) -> list[tuple[str, str]]:
    custom = abs(info.threshold - info.default_threshold) > 1e-9
    threshold = format_percent(info.threshold, 1) + (
        f" (custom; model default {format_percent(info.default_threshold, 1)})"
        if custom
        else " (model default)"
    )
    return [
        ("Images", str(summary.total)),
        ("Scored", str(summary.scored)),
        ("At or above threshold", str(summary.above)),
        ("Flagged", str(summary.flagged)),
        ("Could not be read", str(summary.errors)),
        ("Operating threshold", threshold),
    ]


def provenance_lines(info: ReportInfo) -> list[tuple[str, str]]:
    when = (info.generated or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [
        ("Generated", when),
        ("Model", f"{info.model_name} {info.model_version}"),
        ("Model sha256", info.model_sha256[:16] + ("…" if len(info.model_sha256) > 16 else "")),
        ("Device", info.device),
    ]
    if info.sources:
        shown = ", ".join(info.sources[:3]) + (" …" if len(info.sources) > 3 else "")
        lines.append(("Source", shown))
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


def row_text(rank: int, result: TriageResult, threshold: float) -> RowText:
    detail = " · ".join(
        x for x in (patient_text(result.metadata), study_date_text(result.metadata)) if x
    )
    label = label_at(result, threshold)
    subtype = likely_type_at(result, threshold)
    verdict = "" if label is None else (f"{label} ({subtype})" if subtype else label)
    return RowText(
        rank=str(rank),
        file=result.path.name,
        detail=detail,
        probability=format_percent(result.pneumonia_prob, 1) if result.ok else "—",
        verdict=verdict,
        label=label or "",
        subtype=subtype or "",
        above=label == "pneumonia",
        flags=flags_text(result.flags),
        status="" if result.ok else status_text(result),
        ok=result.ok,
    )


def ordered(results: Sequence[TriageResult]) -> list[TriageResult]:
    """Report order: highest risk first, failures last (the same order as the CSV)."""
    return sort_by_risk(results)
