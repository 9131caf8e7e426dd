"""Where exports may go (Qt-free): never inside a folder being triaged.

Writing reports next to the images would mix them into the next scan and break the promise never
to write into the user's image folders, so defaults skip those folders and choices are checked.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from inference.core.output_files import is_inside, scan_roots

__all__ = [
    "default_export_dir",
    "default_filename",
    "deidentified_format",
    "documents_dir",
    "is_inside",
    "scan_roots",
    "with_extension",
    "writable_dir",
]


def default_export_dir(candidates: Sequence[Path | None], forbidden: Iterable[Path]) -> Path:
    """The first existing candidate outside every forbidden folder, else the temp folder."""
    forbidden = list(forbidden)
    for c in candidates:
        if c is not None and str(c) and c.is_dir() and not is_inside(c, forbidden):
            return c
    return Path(tempfile.gettempdir())


def documents_dir() -> Path:
    """The user's Documents folder when it exists (the Qt layer may pass its own answer)."""
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def default_filename(kind: str, extension: str, now: datetime | None = None) -> str:
    """E.g. 'cxr-triage-worklist-20250101-0930.csv'."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    safe_kind = re.sub(r"[^A-Za-z0-9._-]+", "-", kind).strip("-") or "export"
    return f"cxr-triage-{safe_kind}-{stamp}.{extension.lstrip('.')}"


def with_extension(path: Path, extension: str) -> Path:
    """Append the extension when the user typed a name without it."""
    ext = "." + extension.lstrip(".")
    return path if path.suffix.lower() == ext.lower() else path.with_name(path.name + ext)


def writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


def deidentified_format(name: str, chosen_filter: str) -> str:
    """'csv' or 'pdf' for Export De-identified: the extension typed wins, else the file type
    chosen in the dialog, else the PDF report."""
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".pdf"):
        return suffix[1:]
    return "csv" if chosen_filter.lower().startswith("csv") else "pdf"
