"""``cxr-triage calibrate READS``: fit a site operating point from images a reader has read.

READS is a CSV (path, call) or a folder laid out as NORMAL/ and PNEUMONIA/. The read images are
scored with the model (out-of-scope and unreadable ones are left out and counted), a temperature
and a threshold are fitted (``inference.triage.site_calibration``), the figures and intervals printed,
and the profile saved in the user's settings folder, where every later scan picks it up.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from inference.cli.console import Interrupts, write
from inference.core.i18n import _
from inference.core.output_files import atomic_write_bytes, output_problem, resolved, scan_roots
from inference.core.safe_text import printable, visible
from inference.model.session import CPU, ModelLoadError, ModelSession
from inference.triage import worklist as wl
from inference.triage.pipeline import PipelineOptions, triage
from inference.triage.settings_schema import ProfileError
from inference.triage.site_calibration import fit_profile
from inference.triage.site_profile import describe, profile_path
from inference.triage.site_reads import load_reads, reads_from_csv, reads_from_folders, scored_reads

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser(
        "calibrate",
        help=_("fit this site's operating point from images a reader has read"),
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cal.add_argument("reads", type=Path, nargs="?", metavar="READS",
                     help=_("CSV (path, call) or a folder with NORMAL/ and PNEUMONIA/ "
                     "(default: the reads marked in the viewer)"))  # fmt: skip
    cal.add_argument("--sensitivity", type=float, default=0.95,
                     help=_("sensitivity the threshold must keep (default 0.95)"))  # fmt: skip
    cal.add_argument("--model", type=Path, help=_("ONNX model (default: the bundled one)"))
    cal.add_argument("--plot", type=Path, metavar="PNG", help=_("write the ROC/reliability plot"))
    cal.add_argument("--out", type=Path, metavar="JSON",
                     help=_("where to save the profile (default: the user's settings folder, "
                     "where scans pick it up)"))  # fmt: skip
    cal.add_argument("--dry-run", action="store_true", help=_("fit and print, save nothing"))
    cal.add_argument("--cpu", action="store_true", help=_("run on the CPU even if a GPU exists"))


def outputs_problem(args: argparse.Namespace, reads: Iterable[str]) -> str | None:
    """``--out`` and ``--plot`` through the one output guard: regular files only, never into a
    folder of the images just read (nor over the reads file itself)."""
    folder = [args.reads] if args.reads is not None and args.reads.is_dir() else []
    roots = scan_roots([Path(p) for p in reads] + folder)
    targets = [(n, p) for n, p in (("--out", args.out), ("--plot", args.plot)) if p is not None]
    if len(targets) == 2 and resolved(args.out) == resolved(args.plot):
        return _("--out and --plot name the same file")
    for name, path in targets:
        if args.reads is not None and resolved(path) == resolved(args.reads):
            return _("%(name)s %(path)s is the reads file itself") % {"name": name, "path": path}
        problem = output_problem(path, name, roots)
        if problem:
            return problem
    return None


def run_calibrate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        session = ModelSession.load(args.model, providers=[CPU] if args.cpu else None)
    except ModelLoadError as exc:
        write(err, _("cxr-triage calibrate: error: %(exc)s\n") % {"exc": exc})
        return EXIT_USAGE
    try:
        if args.reads is None:
            from inference.triage.site_reads import reads_path

            reads = load_reads(reads_path(session.model_id))
        elif args.reads.is_dir():
            reads = reads_from_folders(args.reads)
        else:
            reads = reads_from_csv(args.reads)
    except (OSError, ProfileError, UnicodeDecodeError) as exc:
        write(
            err, _("cxr-triage calibrate: error: cannot read the reads: %(exc)s\n") % {"exc": exc}
        )
        return EXIT_USAGE
    if not reads:
        write(err, _("cxr-triage calibrate: error: no reads found (pneumonia / normal calls)\n"))
        return EXIT_USAGE
    problem = outputs_problem(args, reads)
    if problem:  # before scoring: nothing is created, nothing written into the read images
        write(err, _("cxr-triage calibrate: error: %(visible)s\n") % {"visible": visible(problem)})
        return EXIT_USAGE
    settings = wl.TriageSettings.from_contract(session.contract)
    with Interrupts() as interrupts:
        results = list(
            triage(
                [Path(p) for p in reads],
                session,
                PipelineOptions(thumbnail_size=0),
                interrupts.token,
            )
        )
        if interrupts.token.cancelled:
            write(err, _("\ninterrupted: nothing saved\n"))
            return interrupts.exit_code
    scores, calls, left_out = scored_reads(reads, results, lambda r: wl.in_scope(r, settings))
    try:
        profile = fit_profile(
            scores,
            calls,
            model_sha256=session.model_id,
            model_version=session.contract.version,
            target_sensitivity=args.sensitivity,
        )
    except ValueError as exc:
        write(err, _("cxr-triage calibrate: error: %(exc)s\n") % {"exc": exc})
        return EXIT_FAILED
    lines = describe(profile)
    if left_out:
        lines.append(f"  {left_out} read image(s) left out (unsure, unreadable or out of scope)")
    if args.plot:
        from inference.export.calibration_plot import calibration_png

        atomic_write_bytes(args.plot, calibration_png(scores, calls, profile))
        lines.append(f"  plot: {args.plot}")
    if not args.dry_run:
        target = profile.save(args.out or profile_path(session.model_id))
        lines.append(f"  saved: {target} (every later scan with this model uses it; delete the "
                     "file to go back to the model default)")  # fmt: skip
    write(out, "".join(printable(line) + "\n" for line in lines))
    return EXIT_OK


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="cxr-triage")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    import sys

    return run_calibrate(args, sys.stdout, sys.stderr)
