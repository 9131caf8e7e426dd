"""De-identified worklists, for sharing outside the clinic (e.g. with a district office).

What goes: patient names, patient IDs, birth dates, accession numbers, study UIDs, the
institution, free-text descriptions and every folder path. Only a short list of tags stays
(``KEPT_METADATA``: sex, age, study date, modality, body part, view), so a tag added to the loader
later cannot leak by default.

File names go too. Clinics often name exported films after the patient ("DOE_JOHN_chest.jpg"), and
no rule can tell a safe name from an identifying one, so each image is called ``image-`` plus the
first 12 hex digits of the SHA-256 of its full path, with its extension when that is an image
type's own (".dcm", ".jpeg"; any other dot is part of a name). The same file gets the
same name in every de-identified export (a district office can follow it from one report to the
next); the clinic matches a row back by rank and probability against its own identified export.

Heatmaps (``scan --deidentify --heatmaps``) are named after the same pseudonym
(``image-<12 hex>_heatmap.png``, ``heatmap_files.heatmap_name``) and carry no caption or text chunk.

Limits, said in the docs: pixels are not touched (text burned into a film stays, e.g. in the PDF
thumbnails and the heatmaps), and an unsalted hash of a path can be confirmed by someone who
guesses that exact path.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from inference.core.types import TriageResult
from inference.imaging.walk import IMAGE_EXTENSIONS, IMAGE_NAME_SUFFIXES

#: The one line every de-identified export starts with (CSV first line, JSON first key, PDF header).
NOTICE = (
    "DE-IDENTIFIED EXPORT: patient names, patient IDs, birth dates, accession numbers, study UIDs, "
    "institution and folder paths removed; file names replaced by a hash of the path."
)
#: Worklist metadata that stays (everything else in ``METADATA_KEYS`` is dropped).
KEPT_METADATA = (
    "patient_sex",
    "patient_age",
    "study_date",
    "modality",
    "body_part",
    "view_position",
)
HASH_DIGITS = 12
# Only an image type's own extension is kept: any other "extension" is part of a name ("x.Amara").
_KEPT_SUFFIXES = IMAGE_EXTENSIONS | IMAGE_NAME_SUFFIXES


def pseudonym(path: Path) -> str:
    """``image-<12 hex>.<ext>``: stable for a path, says nothing of the folder or the name."""
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()
    suffix = path.suffix.lower() if path.suffix.lower() in _KEPT_SUFFIXES else ""
    return f"image-{digest[:HASH_DIGITS]}{suffix}"


def scrub(message: str, path: Path, name: str) -> str:
    """An error message without the file's path, folder or name (a loader may quote them)."""
    for text in (str(path), str(path.parent), path.name, path.stem):
        if text and text not in (".", "/"):
            message = message.replace(text, name)
    return message


def deidentified(result: TriageResult) -> TriageResult:
    """A copy of ``result`` with a pseudonymous path and only ``KEPT_METADATA`` (pixels shared)."""
    name = pseudonym(result.path)
    error = result.error
    if error is not None:
        reason = error.reason.map_text(lambda text: scrub(text, result.path, name))
        error = dataclasses.replace(error, path=Path(name), reason=reason)
    meta = {k: v for k, v in result.metadata.items() if k in KEPT_METADATA}
    return dataclasses.replace(result, path=Path(name), metadata=meta, error=error)


def deidentify(
    results: Iterable[TriageResult], reads: Mapping[str, str] | None = None
) -> tuple[list[TriageResult], dict[str, str]]:
    """De-identified copies of ``results`` and the reader's calls re-keyed to their new names."""
    out: list[TriageResult] = []
    new_reads: dict[str, str] = {}
    for r in results:
        copy = deidentified(r)
        out.append(copy)
        if reads and str(r.path) in reads:
            new_reads[str(copy.path)] = str(reads[str(r.path)])
    return out, new_reads
