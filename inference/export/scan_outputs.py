"""What ``cxr-triage scan`` writes, checked before the scan and reported exactly after it.

Every output (``--csv``, ``--json``, ``--heatmaps``, ``--log``) goes through the one guard of
``inference.core.output_files`` with the scanned folders as forbidden roots, before the model is even
loaded. After the scan each worklist file is written on its own, so a full disk that stops the
JSON after the CSV was written says so instead of "could not write the worklist".
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from inference.core.i18n import _
from inference.core.os_errors import os_reason
from inference.core.output_files import (
    containing_root,
    inside_root,
    output_problem,
    resolved,
    scan_roots,
)
from inference.core.safe_text import visible
from inference.core.types import TriageResult
from inference.export.heatmap_files import heatmap_dir_problem
from inference.imaging.walk import source_problem

#: Images per model batch; above this memory grows with nothing gained (100000 used 4.2 GiB).
MAX_BATCH_SIZE = 512
_NO_MASK = np.zeros((0, 0), np.uint8)
_NO_MASK.setflags(write=False)


def forbidden_roots(args: argparse.Namespace) -> list[Path]:
    """The scanned folders, unless the user explicitly allowed writing into them."""
    return [] if args.allow_write_into_source else scan_roots(args.sources)


def log_problem(args: argparse.Namespace) -> str | None:
    """Why ``--log`` cannot be used (checked before the log is opened: a pipe would block it)."""
    if args.log is None:
        return None
    return output_problem(args.log, "--log", scan_roots(args.sources))  # never into the images


def check_outputs(args: argparse.Namespace) -> str | None:
    """Why the sources or the requested outputs are unsafe or impossible, or None when fine."""
    for source in args.sources:
        problem = source_problem(source)
        if problem:
            return problem
    roots = forbidden_roots(args)
    hint = "" if args.allow_write_into_source else _(" (or pass --allow-write-into-source)")
    files = [(name, p) for name, p in (("--csv", args.csv), ("--json", args.json)) if p]
    if args.csv and args.json and resolved(args.csv) == resolved(args.json):
        return _("--csv and --json name the same file")
    for name, path in files:
        problem = output_problem(path, name, roots)
        if problem:
            return problem + (hint if inside_root(path, roots) is not None else "")
    if args.heatmaps:
        problem = heatmap_dir_problem(args.heatmaps, roots)
        if problem:
            inside = containing_root(Path(args.heatmaps), roots) is not None
            return problem + (hint if inside else "")
    return log_problem(args)


def batch_size(text: str) -> int:
    """``--batch-size``: a whole number from 1 to MAX_BATCH_SIZE (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not an integer: %(text)r") % {"text": text}) from None
    if not 1 <= value <= MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(
            _("must be from 1 to %(max)s, got %(value)s") % {"max": MAX_BATCH_SIZE, "value": value}
        )
    return value


def for_worklist(result: TriageResult, keep_heat: bool) -> TriageResult:
    """Keep only what the CLI's worklist needs of a result (about 0.5 kB instead of 16 kB): the
    CAMs, body shares, lung mask and thumbnail go; the heat map stays only for ``--heatmaps``
    (the heatmap writer holds its own copy). The lung check's verdict stays, for scope."""
    result.thumbnail = None
    result.cam_raw = None
    result.body = None
    if not keep_heat:
        result.cam = None
    if result.lungs is not None and getattr(result.lungs, "mask", None) is not None:
        result.lungs = dataclasses.replace(result.lungs, mask=_NO_MASK)
    return result


def write_worklists(
    targets: Sequence[tuple[str, Path | None, Callable[[Path], None]]],
) -> tuple[list[str], str | None]:
    """Write each (name, path, writer) in turn; returns what was written and, after the first
    failure, one line saying exactly what was and was not written (None when all were)."""
    written: list[str] = []
    wanted = [(n, p, w) for n, p, w in targets if p is not None]
    for i, (name, path, writer) in enumerate(wanted):
        try:
            writer(path)
        except OSError as exc:
            if written:
                done = _("; written: %(files)s") % {"files": ", ".join(written)}
            else:
                done = _("; nothing was written")
            rest = [f"{n} {visible(p)}" for n, p, _w in wanted[i + 1 :]]
            skipped = _("; not attempted: %(files)s") % {"files": ", ".join(rest)} if rest else ""
            failed = _("could not write %(file)s: %(reason)s (the file is left as it was)") % {
                "file": f"{name} {visible(path)}",
                "reason": os_reason(exc),
            }
            return written, failed + done + skipped
        written.append(_("%(file)s (complete)") % {"file": f"{name} {visible(path)}"})
    return written, None
