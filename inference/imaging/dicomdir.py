"""The instances a DICOMDIR index lists, for the folder walk (``inference.imaging.walk``)."""

from __future__ import annotations

import os
from pathlib import Path

from inference.core.file_access import open_regular
from inference.core.i18n import N_, Message
from inference.core.types import FailureKind, LoadError, LoadFailure


def read_dicomdir(path: Path) -> list[Path | LoadFailure]:
    """The instances a DICOMDIR references, in its order (LoadFailures for damage/missing files).

    ``pydicom.fileset.FileSet`` drops records whose file is missing, so the records are also
    checked here: a missing file is reported, and a file whose name differs only in case (a CD
    written with upper-case IDs, mounted with lower-case names) is still found.
    """
    from pydicom import dcmread  # deferred: pydicom is slow to import
    from pydicom.fileset import FileSet

    try:
        with open_regular(path) as fh:
            ds = dcmread(fh)
    except Exception as exc:  # a damaged index must not stop the scan; the walk still finds files
        detail = (
            exc.reason if isinstance(exc, LoadError) else Message(N_("damaged or not a DICOMDIR"))
        )
        return [
            LoadFailure(
                path,
                FailureKind.CORRUPT,
                Message(N_("cannot read this DICOMDIR index: %(detail)s"), detail=detail),
            )
        ]
    try:
        found = [Path(inst.path) for inst in FileSet(ds)]
    except Exception:  # e.g. a record naming a folder: resolve the records one by one below
        found = []
    out: list[Path | LoadFailure] = list(found)
    known = {os.path.normcase(p) for p in found}
    for record in ds.get("DirectoryRecordSequence", []):
        ref = record.get("ReferencedFileID")
        if not ref:
            continue
        parts = [str(ref)] if isinstance(ref, str) else [str(p) for p in ref]
        if any(p in ("", ".", "..") for p in parts):
            continue
        expected = path.parent.joinpath(*parts)
        if os.path.normcase(expected) in known:
            continue
        known.add(os.path.normcase(expected))
        actual = expected if os.path.lexists(expected) else None  # the walk says what it is
        actual = actual or _find_ignoring_case(path.parent, parts)
        out.append(
            actual
            if actual is not None
            else LoadFailure(
                expected, FailureKind.NOT_FOUND, Message(N_("listed in the DICOMDIR but missing"))
            )
        )
    return out


def _find_ignoring_case(root: Path, parts: list[str]) -> Path | None:
    current = root
    for part in parts:
        try:
            match = next(
                (e.name for e in os.scandir(current) if e.name.casefold() == part.casefold()), None
            )
        except OSError:
            return None
        if match is None:
            return None
        current = current / match
    return current if os.path.lexists(current) else None
