"""A reader's own calls on images (pneumonia / normal / unsure), kept for site calibration (Qt-free).

Reads come from the viewer (saved as JSON in the user's data folder), from a CSV a tool wrote,
or from a folder laid out as NORMAL/ and PNEUMONIA/. The JSON and the CSV are input anyone can
edit, so both are read with a size cap and validated (``inference.triage.settings_schema``): a field of
a million characters, a 1 GB file, a folder where an image belongs or Latin-1 bytes each give one
line naming the file, never a traceback or a scan of thousands of unrelated images.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from inference.core.i18n import N_, _
from inference.core.output_files import atomic_write_text
from inference.triage import settings_schema as schema
from inference.triage.settings_schema import ProfileError, plain
from inference.triage.site_profile import user_dir

#: A reads file holds at most this much (about 150,000 reads with long paths).
READS_MAX_BYTES = 32 * 1024 * 1024
MAX_PATH_CHARS = 4096


class Read(StrEnum):
    """A reader's own call on an image."""

    PNEUMONIA = "pneumonia"
    NORMAL = "normal"
    UNSURE = "unsure"


#: The calls as words (the values stay English in the reads file): shown through ``_()``.
READ_WORDS = (N_("pneumonia"), N_("normal"), N_("unsure"))


def reads_path(model_sha256: str) -> Path:
    return user_dir("data") / "reads" / f"reads-{model_sha256[:16]}.json"


def parse_read(text: str) -> Read | None:
    """'pneumonia', 'PNEUMONIA', 'p', '1', 'yes' ... -> Read; None for anything unclear."""
    t = text.strip().lower()
    if t in {"pneumonia", "p", "1", "yes", "positive", "abnormal", "bacteria", "virus", "viral",
             "bacterial"}:  # fmt: skip
        return Read.PNEUMONIA
    if t in {"normal", "n", "0", "no", "negative"}:
        return Read.NORMAL
    if t in {"unsure", "u", "?", "unknown"}:
        return Read.UNSURE
    return None


def reads_from_doc(doc: Any) -> dict[str, Read]:
    """The reads of a parsed reads file, every entry checked; ValueError names the bad one."""
    doc = schema.expect_object(doc, "the reads file")
    schema.refuse_unknown(doc, {"model_sha256", "reads", "version"})
    schema.string(doc, "model_sha256", 128, required=False)
    schema.version(doc, "version", 1)
    raw = schema.expect_object(doc.get("reads", {}), "reads")
    out: dict[str, Read] = {}
    for key, value in raw.items():
        if not key or len(key) > MAX_PATH_CHARS:
            raise ValueError(
                _("the image path %(shown)s is empty or too long") % {"shown": schema.shown(key)}
            )
        try:
            out[key] = Read(value)
        except ValueError:
            raise ValueError(
                _("the read %(shown)s of %(shown2)s is not one of pneumonia, normal, unsure")
                % {"shown": schema.shown(value), "shown2": schema.shown(key)}
            ) from None
    return out


def load_reads(path: Path) -> dict[str, Read]:
    """Reads kept for one model ({image path: call}); empty when there are none yet."""
    if not Path(path).exists():
        return {}
    text = schema.read_text(Path(path), READS_MAX_BYTES, "reads file")
    try:
        return reads_from_doc(schema.parse_json(text))
    except ValueError as exc:
        raise ProfileError(
            _("the reads file %(plain)s is damaged: %(exc)s")
            % {"plain": plain(str(path)), "exc": exc}
        ) from None


def save_reads(path: Path, reads: Mapping[str, Read], model_sha256: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    doc = {"model_sha256": model_sha256, "reads": {k: str(v) for k, v in sorted(reads.items())}}
    atomic_write_text(Path(path), json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def _csv_rows(path: Path) -> list[list[str]]:
    text = schema.read_text(Path(path), READS_MAX_BYTES, "reads CSV")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        raise ProfileError(
            _("the reads CSV %(plain)s, line %(line_num)s: %(value)s")
            % {
                "plain": plain(str(path)),
                "line_num": reader.line_num,
                "value": schema.shown(str(exc))[1:-1],
            }
        ) from None


def reads_from_csv(path: Path) -> dict[str, Read]:
    """A CSV with a path column and a call column (header names 'path'/'file' and
    'call'/'read'/'label'; without a header, the first two columns). Unclear calls are skipped;
    a folder where an image belongs is refused (calibration reads images, not trees)."""
    out: dict[str, Read] = {}
    rows = _csv_rows(path)
    if not rows:
        return out
    head = [c.strip().lower() for c in rows[0]]
    p_col = next((head.index(n) for n in ("path", "file", "image") if n in head), None)
    c_col = next((head.index(n) for n in ("call", "read", "label", "truth") if n in head), None)
    first = 2 if p_col is not None and c_col is not None else 1
    body = rows[1:] if first == 2 else rows
    p_col, c_col = (0, 1) if p_col is None or c_col is None else (p_col, c_col)
    base = Path(path).parent
    for line, row in enumerate(body, start=first):
        if len(row) <= max(p_col, c_col) or not row[p_col].strip():
            continue
        call = parse_read(row[c_col])
        if call is None:
            continue
        name = row[p_col].strip()
        where = f"the reads CSV {plain(str(path))}, line {line}"
        if len(name) > MAX_PATH_CHARS or "\0" in name:
            raise ProfileError(
                _("%(where)s: the path %(shown)s is not a file name")
                % {"where": where, "shown": schema.shown(name)}
            )
        p = Path(name)
        p = p if p.is_absolute() else (base / p).resolve()
        if p.is_dir():
            raise ProfileError(
                _(
                    "%(where)s: %(shown)s is a folder; list image files, or pass a folder with NORMAL/ and PNEUMONIA/ as READS"
                )
                % {"where": where, "shown": schema.shown(name)}
            )
        out[str(p)] = call
    return out


def reads_from_folders(root: Path) -> dict[str, Read]:
    """Images laid out as ROOT/NORMAL/... and ROOT/PNEUMONIA/... (any depth below them)."""
    out: dict[str, Read] = {}
    for sub in sorted(Path(root).iterdir()):
        call = parse_read(sub.name) if sub.is_dir() else None
        if call is None or call is Read.UNSURE:
            continue
        for f in sorted(sub.rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                out[str(f.resolve())] = call
    return out


def scored_reads(
    reads: Mapping[str, Read], results: Iterable[Any], in_scope: Any
) -> tuple[list[float], list[Read], int]:
    """Pair reads with scored, in-scope results by path; returns scores, calls and how many reads
    were left out (unreadable, out of scope, unsure or not in the results)."""
    scores, calls, matched = [], [], 0
    for r in results:
        call = reads.get(str(r.path)) or reads.get(str(Path(r.path).resolve()))
        if call is None:
            continue
        matched += 1
        if call is Read.UNSURE or not r.ok or not in_scope(r):
            continue
        scores.append(float(r.pneumonia_prob))
        calls.append(call)
    return scores, calls, len(reads) - len(calls)


__all__ = [
    "ProfileError",
    "Read",
    "load_reads",
    "parse_read",
    "reads_from_csv",
    "reads_from_folders",
    "reads_path",
    "save_reads",
    "scored_reads",
]
