"""Headless triage: ``cxr-triage scan FOLDER --csv out.csv`` (no Qt; ``app.cli`` dispatches here).

Exit codes: 0 the scan completed (unreadable files are listed, not failed); 1 not a single image
could be scored; 2 usage, model, file-system or output errors, one line on stderr (every output is
checked before the scan starts); 130 Ctrl-C, 143 SIGTERM (the first signal stops after the current
batch and writes nothing, removing heatmaps already written; a second one stops at once).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from inference.cli.console import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    Interrupts,
    ProgressPrinter,
    error_line,
    format_progress,
    heatmap_note,
    interrupted_note,
    library_messages_to_log,
    warning_line,
    write,
)
from inference.cli.scan_report import summary_lines, worklist_lines
from inference.core.i18n import N_, _
from inference.core.os_errors import os_reason
from inference.core.safe_text import printable, visible
from inference.core.types import TriageResult
from inference.export.deidentify import deidentify
from inference.export.heatmap_files import HeatmapWriter
from inference.export.scan_outputs import (
    batch_size,
    check_outputs,
    for_worklist,
    forbidden_roots,
    log_problem,
    write_worklists,
)
from inference.export.worklist_files import (
    COMPLETE,
    DEIDENTIFIED_NOTICE,
    write_csv,
    write_json,
)
from inference.imaging.walk import ScanStats, scan_summary
from inference.model.session import CPU, ModelLoadError, ModelSession
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.pipeline import (
    FULL_RESOLUTION,
    PipelineOptions,
    Progress,
    triage,
)
from inference.triage.settings_schema import ProfileError
from inference.triage.site_profile import SiteProfile, load_active_profile
from inference.triage.site_reads import load_reads, reads_path
from inference.triage.worklist import TriageSettings

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "ProgressPrinter",
    "format_progress",
    "main",
]

SCAN_DESCRIPTION = N_("""\
Score every chest X-ray (JPEG, PNG, BMP, TIFF, DICOM) in the folders or files given and write a
worklist sorted by pneumonia risk, highest first; files that cannot be read are listed last with
the reason. Assistive triage only, not a diagnosis. Nothing is written into the scanned folders.

exit codes: 0 scan completed (unreadable files are listed but do not fail it); 1 completed but no
image could be scored; 2 usage, model, file-system or output error (one line on stderr); 130
interrupted by Ctrl-C, 143 by SIGTERM (nothing written; heatmaps written so far are removed).
Library warnings (e.g. pydicom's) go to the log file, not the terminal: see --log.
""")
EXIT_OK, EXIT_NOTHING_SCORED, EXIT_USAGE = 0, 1, 2


def threshold_arg(text: str) -> float:
    """argparse type of ``--threshold`` (scan, listen, watch): a number strictly inside (0, 1)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: %(text)r") % {"text": text}) from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(
            _("must be between 0 and 1 (exclusive), got %(value)s") % {"value": value}
        )
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not an integer: %(text)r") % {"text": text}) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1, got %(value)s") % {"value": value})
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage",
        description=_("Offline chest X-ray pneumonia triage (assistive, not a diagnosis)."),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser(
        "scan",
        help=_("score every image in folders or files, write a worklist sorted by risk"),
        description=_(SCAN_DESCRIPTION),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("sources", nargs="+", type=Path, metavar="FOLDER", help=_("folders or files"))
    scan.add_argument("--csv", type=Path, help=_("write the worklist as CSV (highest risk first)"))
    scan.add_argument("--json", type=Path, help=_("write the worklist and provenance as JSON"))
    scan.add_argument(
        "--threshold", type=threshold_arg, help=_("operating point (default: model's)")
    )
    scan.add_argument(
        "--rank-out-of-scope",
        action="store_true",
        help=_(
            "rank images the model was not made for (adult, lateral, not a chest, photos) with "
            "the others instead of listing them apart (stated in every output)"
        ),
    )
    scan.add_argument(
        "--heatmaps", type=Path, metavar="DIR", help=_("write a PNG overlay per image")
    )
    scan.add_argument(
        "--deidentify",
        action="store_true",
        help=_(
            "for sharing (e.g. with a district office): no patient names, IDs, birth dates, "
            "accession numbers or folder paths in --csv/--json/--heatmaps; file names become a "
            "hash of the path"
        ),
    )
    scan.add_argument("--model", type=Path, help=_("ONNX model (default: the bundled one)"))
    scan.add_argument("--quiet", action="store_true", help=_("no progress and no summary"))
    scan.add_argument("--batch-size", type=batch_size, default=16, help=_("images per model batch"))
    scan.add_argument("--workers", type=_positive_int, help=_("decode threads (default: per CPU)"))
    scan.add_argument(
        "--full-resolution",
        action="store_true",
        help=_(
            "decode every pixel (slower; default decodes large JPEGs at reduced scale, at least "
            "twice the model input)"
        ),
    )
    scan.add_argument("--cpu", action="store_true", help=_("run on the CPU even if a GPU exists"))
    scan.add_argument(
        "--float",
        action="store_true",
        help=_("use the float model even on the CPU (default there: the int8 model when shipped)"),
    )
    scan.add_argument(
        "--log",
        type=Path,
        metavar="FILE",
        help=_("where library warnings go (default: ~/.cache/cxr-triage/cxr-triage-scan.log)"),
    )
    scan.add_argument(
        "--allow-write-into-source",
        action="store_true",
        help=_("allow --csv/--json/--heatmaps inside a scanned folder (refused by default)"),
    )
    scan.add_argument(
        "--site-profile",
        type=Path,
        metavar="JSON",
        help=_(
            "use this site operating point (default: the one saved by 'cxr-triage calibrate' "
            "or the viewer for this model, if any)"
        ),
    )
    scan.add_argument(
        "--model-default",
        action="store_true",
        help=_("ignore any saved site profile: the model's own threshold and probabilities"),
    )
    from inference.cli.calibrate_command import add_parser as add_calibrate

    add_calibrate(sub)
    return parser


def load_site_profile(
    args: argparse.Namespace, session: ModelSession, err: TextIO | None = None
) -> SiteProfile | None:
    """The site profile to apply: --site-profile (raises ProfileError, one line naming the file,
    when it is damaged or made for another model), else the saved one for this model. A damaged
    saved profile must not block every scan: it is named on ``err`` and the model default used."""
    if args.model_default:
        return None
    if args.site_profile is not None:
        return SiteProfile.load(args.site_profile, session.model_id)
    try:
        return load_active_profile(session.model_id)
    except ProfileError as exc:
        if err is not None:
            message = _(
                "%(problem)s; not used: the model default operating point applies (fix, remove "
                "or replace the file to use a site profile)"
            ) % {"problem": exc}
            write(err, warning_line("scan", message))
        return None


def saved_reads(model_sha256: str) -> dict[str, str]:
    """The reader's calls saved by the viewer for this model (exported beside the worklist)."""
    try:
        return {k: str(v) for k, v in load_reads(reads_path(model_sha256)).items()}
    except ProfileError:
        return {}


def run_scan(
    args: argparse.Namespace, out: TextIO, err: TextIO, interrupts: Interrupts | None = None
) -> int:
    interrupts = interrupts or Interrupts()
    token = interrupts.token
    problem = check_outputs(args)
    if problem:
        write(err, error_line("scan", visible(problem)))
        return EXIT_USAGE
    try:
        session = ModelSession.load(
            args.model, providers=[CPU] if args.cpu else None, force_float=args.float or None
        )
    except ModelLoadError as exc:
        write(err, error_line("scan", str(exc)))
        return EXIT_USAGE
    if token.cancelled:
        write(err, "\n" + _("interrupted before the scan started: nothing written") + "\n")
        return interrupts.exit_code
    try:
        profile = load_site_profile(args, session, err)
    except ProfileError as exc:
        write(err, error_line("scan", str(exc)))
        return EXIT_USAGE
    point = resolve(session.contract, profile, args.threshold)
    settings = TriageSettings.from_point(point, session.contract, args.rank_out_of_scope)
    options = PipelineOptions(
        batch_size=args.batch_size,
        decode_workers=args.workers,
        thumbnail_size=0,
        max_side=FULL_RESOLUTION if args.full_resolution else None,
    )
    anon = args.deidentify  # --deidentify: the writers drop names, IDs, dates of birth, paths
    heatmaps: HeatmapWriter | None = None
    if args.heatmaps:
        try:
            created = not args.heatmaps.exists()
            args.heatmaps.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            message = _("cannot create %(folder)s: %(reason)s") % {
                "folder": visible(args.heatmaps),
                "reason": os_reason(exc),
            }
            write(err, error_line("scan", message))
            return EXIT_USAGE
        heatmaps = HeatmapWriter(  # --deidentify: named after the rows' pseudonyms
            args.heatmaps, created_folder=created, roots=forbidden_roots(args), deidentified=anon
        )

    printer = ProgressPrinter(err, enabled=not args.quiet)
    results: list[TriageResult] = []
    last: Progress | None = None
    stats = ScanStats()

    def on_progress(p: Progress) -> None:
        nonlocal last
        last = p
        printer(p)

    start = time.perf_counter()
    try:
        batch = triage(args.sources, session, options, token, on_progress, stats)
        for result in batch:
            if heatmaps is not None and wl.shows_heatmap(result, settings):
                heatmaps.submit(result)
            results.append(for_worklist(result, keep_heat=False))
    except KeyboardInterrupt:
        token.cancel()
    finally:
        if heatmaps is not None:
            heatmaps.close(cancel=token.cancelled)
    elapsed = time.perf_counter() - start
    if token.cancelled:
        if heatmaps is not None:
            heatmaps.discard()  # the signal may have come after the writers finished
        write(err, "\n" + interrupted_note(len(results), heatmaps is not None) + "\n")
        return interrupts.exit_code
    if last is not None:
        printer(last, final=True)

    model_info = {
        "name": session.contract.name,
        "version": session.contract.version,
        "sha256": session.sha256,
        "provider": session.provider,
        "path": str(session.path),
        "scope": session.scope_note,
    }
    scored = sum(r.ok for r in results)
    extra = {"elapsed_s": round(elapsed, 3)}
    reads = saved_reads(session.model_id)
    hm = heatmaps.paths if heatmaps else None
    version, status = session.contract.version, COMPLETE
    _written, problem = write_worklists([
        ("--csv", args.csv, lambda p: write_csv(p, results, settings, version, reads, status, anon)),
        ("--json", args.json, lambda p: write_json(p, results, settings, model_info, extra, hm,
                                                   reads, status, anon)),
    ])  # fmt: skip
    if problem:
        write(err, error_line("scan", problem))
        return EXIT_USAGE

    shown = deidentify(results)[0] if anon else results  # the terminal too: it may be piped
    if not args.csv and not args.json:
        notice = [DEIDENTIFIED_NOTICE] if anon else []
        write(out, "".join(line + "\n" for line in notice + worklist_lines(shown, settings)))
    if not args.quiet:
        lines = summary_lines(shown, settings, elapsed, session)
        lines.insert(1, "  " + _("folder scan: %(summary)s") % {"summary": scan_summary(stats)})
        if heatmaps is not None:
            lines.append("  " + heatmap_note(len(heatmaps.paths), visible(args.heatmaps)))
            lines += [f"  ! {visible(e)}" for e in heatmaps.errors]
        write(out, "".join(line + "\n" for line in lines))
    else:  # quiet: failures still matter, on stderr
        problems = [f"{visible(r.path)}: {visible(wl.status_text(r))}" for r in shown if not r.ok]
        problems += [visible(e) for e in heatmaps.errors] if heatmaps is not None else []
        write(err, "".join(f"{line}\n" for line in problems))
    return EXIT_OK if scored else EXIT_NOTHING_SCORED


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of exiting, so app.cli can dispatch here."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "scan":
        problem = log_problem(args)  # before the log is opened: a pipe there would block
        if problem:
            write(sys.stderr, error_line("scan", visible(problem)))
            return EXIT_USAGE
        with Interrupts() as interrupts, library_messages_to_log(args.log):
            try:
                return run_scan(args, sys.stdout, sys.stderr, interrupts)
            except KeyboardInterrupt:  # a second signal: stop at once, still write nothing
                write(sys.stderr, "\n" + _("interrupted: no worklist written") + "\n")
                return interrupts.exit_code
            except OSError as exc:  # name too long, permission denied, disk full, vanished folder
                where = f": {visible(printable(str(exc.filename)))}" if exc.filename else ""
                write(sys.stderr, error_line("scan", f"{os_reason(exc)}{where}"))
                return EXIT_USAGE
    if args.command == "calibrate":
        from inference.cli.calibrate_command import run_calibrate

        with library_messages_to_log(None):
            try:
                return run_calibrate(args, sys.stdout, sys.stderr)
            except KeyboardInterrupt:
                write(sys.stderr, "\n" + _("interrupted: nothing saved") + "\n")
                return EXIT_INTERRUPTED
            except OSError as exc:
                where = f": {visible(printable(str(exc.filename)))}" if exc.filename else ""
                write(sys.stderr, error_line("calibrate", f"{os_reason(exc)}{where}"))
                return EXIT_USAGE
    parser.print_usage(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
