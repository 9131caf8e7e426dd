"""Worklist exports (CSV for spreadsheets, JSON for scripts), in worklist order, written atomically.

Labels, scope and order come from ``inference.triage.worklist`` (the same text as the viewer and the PDF).

Atomic: the text goes to a temporary file in the destination folder, is fsynced, then renamed over
the target with ``os.replace``, so a crash or a full disk leaves the old file or the new one,
never half a worklist. The CSV is UTF-8 with a byte-order mark so spreadsheet programs show
accented patient names correctly (read it back with ``encoding="utf-8-sig"``); text cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) are prefixed with an apostrophe.

``deidentified=True`` (``scan --deidentify``, the viewer's Export De-identified) writes the copies
of ``inference.export.deidentify`` and says so first: the CSV's first line (before the header row)
and the JSON's first key are ``DEIDENTIFIED_NOTICE``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inference.core.i18n import english, readers_language
from inference.core.output_files import atomic_write_bytes
from inference.core.safe_text import printable, visible
from inference.core.types import TriageResult
from inference.export.deidentify import NOTICE as DEIDENTIFIED_NOTICE
from inference.export.deidentify import deidentify
from inference.triage import worklist as wl
from inference.triage.operating_point import consistent_classes
from inference.triage.worklist import TriageSettings, ranks

CSV_COLUMNS = (
    "rank",
    "group",
    "file",
    "path",
    "patient_id",
    "patient_name",
    "study_date",
    "pneumonia_probability",
    "model_probability",
    "model_output_unranked",
    "label",
    "scope",
    "scope_reason",
    "scope_reason_codes",
    "likely_type",
    "p_normal",
    "p_bacterial",
    "p_viral",
    "flags",
    "ood_score",
    "scope_score",
    "error",
    "threshold",
    "operating_point",
    "out_of_scope_ranked",
    "reader_call",
    "model_version",
    "worklist_status",
)
COMPLETE = "complete"  # ``worklist_status`` of a scan that ran to the end
CSV_ENCODING = "utf-8-sig"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


GROUP_NAMES = {
    wl.Group.IN_SCOPE: "ranked",
    wl.Group.OUT_OF_SCOPE: "out of scope",
    wl.Group.ERROR: "error",
}


def _safe_text(value: str) -> str:
    """Neutralise spreadsheet formula injection from file names and DICOM tags, write names that
    are not valid UTF-8 with backslash escapes (``printable``), and make control and bidi
    characters visible (``safe_text.visible``: a newline or U+202E cannot forge or reverse a cell)."""
    value = visible(printable(value))
    return "'" + value if value.startswith(_FORMULA_START) else value


def _num(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def flags_text(result: TriageResult) -> str:
    return ";".join(sorted(str(f) for f in result.flags))


def error_text(result: TriageResult) -> str:
    return "" if result.error is None else f"{result.error.kind}: {result.error.message}"


def shown_classes(result: TriageResult, settings: TriageSettings) -> dict[str, float]:
    """Class probabilities that agree with the P(pneumonia) shown under a site temperature."""
    return consistent_classes(result.class_probs, result.pneumonia_prob, settings.temperature)


def ranked_probability(result: TriageResult, settings: TriageSettings) -> float | None:
    """P(pneumonia) only for ranked rows: an out-of-scope image gets no number to sort by."""
    if wl.group_of(result, settings) is not wl.Group.IN_SCOPE:
        return None
    return wl.probability(result, settings)


def unranked_output(result: TriageResult, settings: TriageSettings) -> float | None:
    """The raw model output of an out-of-scope row, kept for audit only (not a score)."""
    if wl.group_of(result, settings) is not wl.Group.OUT_OF_SCOPE:
        return None
    return result.pneumonia_prob


def csv_row(
    rank: int | None,
    result: TriageResult,
    settings: TriageSettings,
    model_version: str,
    reads: Mapping[str, str] | None = None,
    status: str = COMPLETE,
) -> dict[str, str]:
    """One worklist line; every value a string, empty when unknown. ``status`` says whether
    the worklist is complete ("incomplete: 40 of 62 scanned, cancelled" otherwise)."""
    meta = result.metadata
    ranked = wl.group_of(result, settings) is wl.Group.IN_SCOPE
    probs = shown_classes(result, settings) if ranked else {}
    with readers_language():  # the cells a person reads; codes and names stay English
        reasons = wl.scope_reasons(result, settings.age_range_years)  # once: codes and words
        error, point = error_text(result), settings.operating_point_text()
    reason = "; ".join(text for _code, text in reasons)
    codes = [code for code, _text in reasons]
    return {
        "rank": "" if rank is None else str(rank),
        "group": GROUP_NAMES[wl.group_of(result, settings)],
        "file": _safe_text(result.path.name),
        "path": _safe_text(str(result.path)),
        "patient_id": _safe_text(meta.get("patient_id", "")),
        "patient_name": _safe_text(meta.get("patient_name", "")),
        "study_date": _safe_text(meta.get("study_date", "")),
        "pneumonia_probability": _num(ranked_probability(result, settings)),
        "model_probability": _num(result.pneumonia_prob if ranked else None),
        "model_output_unranked": _num(unranked_output(result, settings)),
        "label": _safe_text(wl.label_text(result, settings)) if result.ok else "",
        "scope": wl.scope_text(result, settings),
        "scope_reason": _safe_text(reason),
        "scope_reason_codes": ";".join(str(c) for c in codes),
        "likely_type": wl.likely_type(result, settings) or "",
        "p_normal": _num(probs.get("normal")),
        "p_bacterial": _num(probs.get("bacterial")),
        "p_viral": _num(probs.get("viral")),
        "flags": flags_text(result),
        "ood_score": _num(result.ood_score, 3),
        "scope_score": _num(result.scope_prob),
        "error": _safe_text(error),
        "threshold": _num(settings.threshold),
        "operating_point": point,
        "out_of_scope_ranked": "yes" if settings.rank_out_of_scope else "no",
        "reader_call": _safe_text(str((reads or {}).get(str(result.path), ""))),
        "model_version": model_version,
        "worklist_status": _safe_text(status),
    }


@english()  # read by programs: names, codes and numbers the same in every language; the
# scope reason, error message and operating point in the reader's language (``csv_row``)
def csv_text(
    results: Iterable[TriageResult],
    settings: TriageSettings,
    model_version: str,
    reads: Mapping[str, str] | None = None,
    status: str = COMPLETE,
    deidentified: bool = False,
) -> str:
    """The whole worklist as CSV text in worklist order (rank 1 = highest probability); when
    ``deidentified``, a one-cell notice line comes before the header row."""
    buf = io.StringIO(newline="")
    if deidentified:
        results, reads = deidentify(results, reads)
        csv.writer(buf, lineterminator="\r\n").writerow([DEIDENTIFIED_NOTICE])
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    ordered = wl.ordered(list(results), settings)
    for rank, result in zip(ranks(ordered, settings), ordered, strict=True):
        writer.writerow(csv_row(rank, result, settings, model_version, reads, status))
    return buf.getvalue()


def result_dict(
    rank: int | None,
    result: TriageResult,
    settings: TriageSettings,
    heatmap: Path | None = None,
    reads: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """JSON-ready description of one result (no pixels: the CAM is in the heatmap PNG)."""
    reasons = wl.scope_reasons(result, settings.age_range_years)
    return {
        "rank": rank,
        "group": GROUP_NAMES[wl.group_of(result, settings)],
        "index": result.index,
        "file": printable(result.path.name),
        "path": printable(str(result.path)),
        "format": result.format,
        "original_size": list(result.original_size) if result.original_size else None,
        "metadata": {k: printable(v) for k, v in result.metadata.items()},
        "pneumonia_probability": ranked_probability(result, settings),
        "model_probability": (
            result.pneumonia_prob if wl.group_of(result, settings) is wl.Group.IN_SCOPE else None
        ),
        "model_output_unranked": unranked_output(result, settings),
        "label": wl.label(result, settings),
        "label_text": wl.label_text(result, settings),
        "scope": wl.scope_text(result, settings),
        "scope_reasons": [{"code": str(code), "text": text} for code, text in reasons],
        "likely_type": wl.likely_type(result, settings),
        "class_probabilities": shown_classes(result, settings),
        "flags": sorted(str(f) for f in result.flags),
        "ood_score": result.ood_score,
        "scope_score": result.scope_prob,
        "error": None
        if result.error is None
        else {"kind": str(result.error.kind), "message": printable(result.error.message)},
        "decode_ms": round(result.decode_ms, 2),
        "infer_ms": round(result.infer_ms, 2),
        "heatmap": printable(str(heatmap)) if heatmap is not None else None,
        "reader_call": (
            str(reads[str(result.path)]) if reads and str(result.path) in reads else None
        ),
    }


@english()  # a file other programs read: the same in every language
def json_text(
    results: Iterable[TriageResult],
    settings: TriageSettings,
    model: Mapping[str, Any],
    extra_summary: Mapping[str, Any] | None = None,
    heatmaps: Mapping[int, Path] | None = None,
    reads: Mapping[str, str] | None = None,
    status: str = COMPLETE,
    deidentified: bool = False,
) -> str:
    """Worklist plus provenance (model, threshold, scope handling, time) as indented JSON; when
    ``deidentified``, the first key says so and no path is written (the model's neither; a
    heatmap is its file name, named after the row's pseudonym)."""
    heatmaps = heatmaps or {}
    items = list(results)
    head: dict[str, Any] = {}
    if deidentified:
        items, reads = deidentify(items, reads)
        model = {k: v for k, v in model.items() if k != "path"}
        # the heatmap's file name alone (its folder may name someone), and only when it is the
        # row's pseudonym (``scan --deidentify --heatmaps``), never an image's own name
        heatmaps = {
            r.index: Path(heatmaps[r.index].name)
            for r in items
            if r.index in heatmaps and heatmaps[r.index].name.startswith(f"{r.path.stem}_")
        }
        head = {"deidentified": DEIDENTIFIED_NOTICE}
    ordered = wl.ordered(items, settings)
    doc = {
        **head,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "assistive_notice": "Triage aid only: not a diagnosis. A clinician reads every image.",
        "worklist_status": printable(status),
        "threshold": settings.threshold,
        "operating_point": settings.operating_point_text(),
        "site_temperature": settings.temperature,
        "out_of_scope_ranked": settings.rank_out_of_scope,
        "ranking_note": wl.ranking_note(settings),
        "model": dict(model),
        "summary": {**wl.summarize(items, settings).as_dict(), **dict(extra_summary or {})},
        "results": [
            result_dict(rank, r, settings, heatmaps.get(r.index), reads)
            for rank, r in zip(ranks(ordered, settings), ordered, strict=True)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_csv(
    target: Path,
    results: Sequence[TriageResult],
    settings: TriageSettings,
    model_version: str,
    reads: Mapping[str, str] | None = None,
    status: str = COMPLETE,
    deidentified: bool = False,
) -> None:
    text = csv_text(results, settings, model_version, reads, status, deidentified)
    atomic_write_bytes(target, text.encode(CSV_ENCODING))


def write_json(
    target: Path,
    results: Sequence[TriageResult],
    settings: TriageSettings,
    model: Mapping[str, Any],
    extra_summary: Mapping[str, Any] | None = None,
    heatmaps: Mapping[int, Path] | None = None,
    reads: Mapping[str, str] | None = None,
    status: str = COMPLETE,
    deidentified: bool = False,
) -> None:
    text = json_text(results, settings, model, extra_summary, heatmaps, reads, status, deidentified)
    atomic_write_bytes(target, text.encode("utf-8"))
