"""Worklist exports (CSV for spreadsheets, JSON for scripts), sorted by risk and written atomically.

Atomic: the text goes to a temporary file in the destination folder, is fsynced, then renamed over
the target with ``os.replace``, so a crash or a full disk leaves the old file or the new one,
never half a worklist. The CSV is UTF-8 with a byte-order mark so spreadsheet programs show
accented patient names correctly (read it back with ``encoding="utf-8-sig"``); text cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) are prefixed with an apostrophe.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inference.types import TriageResult

CSV_COLUMNS = (
    "rank",
    "file",
    "path",
    "patient_id",
    "patient_name",
    "study_date",
    "pneumonia_probability",
    "label",
    "likely_type",
    "p_normal",
    "p_bacterial",
    "p_viral",
    "flags",
    "ood_score",
    "error",
    "threshold",
    "model_version",
)
CSV_ENCODING = "utf-8-sig"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sort_by_risk(results: Iterable[TriageResult]) -> list[TriageResult]:
    """Highest pneumonia probability first; ties and failures in scan order; failures last."""
    items = list(results)
    scored = [r for r in items if r.ok]
    failed = [r for r in items if not r.ok]
    scored.sort(key=lambda r: (-(r.pneumonia_prob or 0.0), r.index))
    failed.sort(key=lambda r: r.index)
    return scored + failed


def _safe_text(value: str) -> str:
    """Neutralise spreadsheet formula injection from file names and DICOM tags."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _num(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def flags_text(result: TriageResult) -> str:
    return ";".join(sorted(str(f) for f in result.flags))


def error_text(result: TriageResult) -> str:
    return "" if result.error is None else f"{result.error.kind}: {result.error.message}"


def csv_row(
    rank: int, result: TriageResult, threshold: float, model_version: str
) -> dict[str, str]:
    """One worklist line; every value a string, empty when unknown."""
    meta = result.metadata
    probs = result.class_probs
    return {
        "rank": str(rank),
        "file": _safe_text(result.path.name),
        "path": _safe_text(str(result.path)),
        "patient_id": _safe_text(meta.get("patient_id", "")),
        "patient_name": _safe_text(meta.get("patient_name", "")),
        "study_date": _safe_text(meta.get("study_date", "")),
        "pneumonia_probability": _num(result.pneumonia_prob),
        "label": result.label or "",
        "likely_type": result.likely_type or "",
        "p_normal": _num(probs.get("normal")),
        "p_bacterial": _num(probs.get("bacterial")),
        "p_viral": _num(probs.get("viral")),
        "flags": flags_text(result),
        "ood_score": _num(result.ood_score, 3),
        "error": _safe_text(error_text(result)),
        "threshold": _num(threshold),
        "model_version": model_version,
    }


def csv_text(results: Iterable[TriageResult], threshold: float, model_version: str) -> str:
    """The whole worklist as CSV text, sorted by risk (rank 1 = highest probability)."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for rank, result in enumerate(sort_by_risk(list(results)), start=1):
        writer.writerow(csv_row(rank, result, threshold, model_version))
    return buf.getvalue()


def result_dict(rank: int, result: TriageResult, heatmap: Path | None = None) -> dict[str, Any]:
    """JSON-ready description of one result (no pixels: the CAM is in the heatmap PNG)."""
    return {
        "rank": rank,
        "index": result.index,
        "file": result.path.name,
        "path": str(result.path),
        "format": result.format,
        "original_size": list(result.original_size) if result.original_size else None,
        "metadata": dict(result.metadata),
        "pneumonia_probability": result.pneumonia_prob,
        "label": result.label,
        "likely_type": result.likely_type,
        "class_probabilities": dict(result.class_probs),
        "flags": sorted(str(f) for f in result.flags),
        "ood_score": result.ood_score,
        "error": None
        if result.error is None
        else {"kind": str(result.error.kind), "message": result.error.message},
        "decode_ms": round(result.decode_ms, 2),
        "infer_ms": round(result.infer_ms, 2),
        "heatmap": str(heatmap) if heatmap is not None else None,
    }


def json_text(
    results: Iterable[TriageResult],
    threshold: float,
    model: Mapping[str, Any],
    summary: Mapping[str, Any] | None = None,
    heatmaps: Mapping[int, Path] | None = None,
) -> str:
    """Worklist plus provenance (model, threshold, time) as indented JSON, sorted by risk."""
    heatmaps = heatmaps or {}
    ordered = sort_by_risk(list(results))
    doc = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "assistive_notice": "Triage aid only: not a diagnosis. A clinician reads every image.",
        "threshold": threshold,
        "model": dict(model),
        "summary": dict(summary or {}),
        "results": [
            result_dict(rank, r, heatmaps.get(r.index)) for rank, r in enumerate(ordered, start=1)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a fsynced temp file in the same folder and os.replace."""
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)


def write_csv(
    target: Path, results: Sequence[TriageResult], threshold: float, model_version: str
) -> None:
    atomic_write_bytes(target, csv_text(results, threshold, model_version).encode(CSV_ENCODING))


def write_json(
    target: Path,
    results: Sequence[TriageResult],
    threshold: float,
    model: Mapping[str, Any],
    summary: Mapping[str, Any] | None = None,
    heatmaps: Mapping[int, Path] | None = None,
) -> None:
    text = json_text(results, threshold, model, summary, heatmaps)
    atomic_write_bytes(target, text.encode("utf-8"))
