"""Headless triage: ``cxr-triage scan FOLDER --csv out.csv`` (no Qt; ``app.cli`` dispatches here).

Exit codes: 0 the scan completed (unreadable files are listed but do not fail it); 1 the scan
completed but not a single image could be scored (empty folder, or every file failed); 2 usage,
model or output errors (nothing useful was produced); 130 interrupted with Ctrl-C (first Ctrl-C
stops after the current batch and writes nothing; a second one stops at once).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

import cv2

from inference.heatmap import blend
from inference.loader import try_load
from inference.pipeline import (
    FULL_RESOLUTION,
    PNEUMONIA,
    CancelToken,
    PipelineOptions,
    Progress,
    triage,
)
from inference.report_csv import atomic_write_bytes, error_text, sort_by_risk, write_csv, write_json
from inference.scan import ScanStats, scan_summary
from inference.session import CPU, ModelLoadError, ModelSession
from inference.types import FLAG_LABELS, LoadFailure, TriageResult

SCAN_DESCRIPTION = """\
Score every chest X-ray (JPEG, PNG, BMP, TIFF, DICOM) in the folders or files given and write a
worklist sorted by pneumonia risk, highest first; files that cannot be read are listed last with
the reason. Assistive triage only, not a diagnosis. Nothing is written into the scanned folders.

exit codes: 0 scan completed (unreadable files are listed but do not fail it); 1 completed but no
image could be scored; 2 usage, model or output error; 130 interrupted (Ctrl-C: nothing written).
"""
EXIT_OK, EXIT_NOTHING_SCORED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
HEATMAP_MAX_SIDE = 768  # heatmap PNGs: enough to read, small enough to write quickly
HEATMAP_OPACITY = 0.5


def _write(stream: TextIO, text: str) -> None:
    """Print even when the console cannot encode a file name (Windows code pages)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(enc, "replace").decode(enc, "replace"))
    stream.flush()


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {value}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage",
        description="Offline chest X-ray pneumonia triage (assistive, not a diagnosis).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser(
        "scan",
        help="score every image in folders or files, write a worklist sorted by risk",
        description=SCAN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("sources", nargs="+", type=Path, metavar="FOLDER", help="folders or files")
    scan.add_argument("--csv", type=Path, help="write the worklist as CSV (highest risk first)")
    scan.add_argument("--json", type=Path, help="write the worklist and provenance as JSON")
    scan.add_argument("--threshold", type=_threshold, help="operating point (default: model's)")
    scan.add_argument("--heatmaps", type=Path, metavar="DIR", help="write a PNG overlay per image")
    scan.add_argument("--model", type=Path, help="ONNX model (default: the bundled one)")
    scan.add_argument("--quiet", action="store_true", help="no progress and no summary")
    scan.add_argument("--batch-size", type=_positive_int, default=16)
    scan.add_argument("--workers", type=_positive_int, help="decode threads (default: per CPU)")
    scan.add_argument(
        "--full-resolution",
        action="store_true",
        help="decode every pixel (slower; default "
        "decodes large JPEGs at reduced scale, at least twice the model input)",
    )
    scan.add_argument("--cpu", action="store_true", help="run on the CPU even if a GPU exists")
    scan.add_argument(
        "--allow-write-into-source",
        action="store_true",
        help="allow --csv/--json/--heatmaps inside a scanned folder (refused by default)",
    )
    return parser


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.expanduser().absolute()


def _inside(path: Path, roots: Sequence[Path]) -> Path | None:
    """The scanned folder that contains ``path``, if any."""
    p = _resolved(path)
    for root in roots:
        if p == root or root in p.parents:
            return root
    return None


def check_outputs(args: argparse.Namespace) -> str | None:
    """Why the requested outputs are unsafe or impossible, or None when they are fine."""
    missing = [str(s) for s in args.sources if not s.exists()]
    if missing:
        return f"not found: {', '.join(missing)}"
    roots = [_resolved(s if s.is_dir() else s.parent) for s in args.sources]
    files = [(name, p) for name, p in (("--csv", args.csv), ("--json", args.json)) if p]
    if args.csv and args.json and _resolved(args.csv) == _resolved(args.json):
        return "--csv and --json name the same file"
    for name, path in files:
        if path.is_dir():
            return f"{name} {path} is a folder; give a file name"
        if not _resolved(path).parent.is_dir():
            return f"{name}: the folder {path.parent} does not exist"
    if args.heatmaps and args.heatmaps.exists() and not args.heatmaps.is_dir():
        return f"--heatmaps {args.heatmaps} exists and is not a folder"
    if not args.allow_write_into_source:
        outputs = [*files, *([("--heatmaps", args.heatmaps)] if args.heatmaps else [])]
        for name, path in outputs:
            root = _inside(path, roots)
            if root is not None:
                return (
                    f"{name} {path} is inside the scanned folder {root}: CXR Triage does not "
                    "write into image folders (choose another place, or pass "
                    "--allow-write-into-source)"
                )
    return None


class ProgressPrinter:
    """A one-line bar on a terminal; a line every few seconds when stderr is a log file."""

    def __init__(self, stream: TextIO, enabled: bool, interval_s: float = 5.0) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and bool(getattr(stream, "isatty", lambda: False)())
        self.interval_s = 0.1 if self.tty else interval_s
        self._last = float("-inf")

    def __call__(self, p: Progress, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < self.interval_s:
            return
        self._last = now
        line = format_progress(p)
        if self.tty:
            _write(self.stream, "\r" + line.ljust(79)[:120] + ("\n" if final else ""))
        else:
            _write(self.stream, line + "\n")


def format_progress(p: Progress, width: int = 24) -> str:
    """``[#####.....] 120/240  3 failed  45.2 img/s  ETA 3 s`` (total unknown while scanning)."""
    rate = p.done / p.elapsed_s if p.elapsed_s > 0 else 0.0
    if p.total is not None:
        filled = round(width * min(1.0, p.done / p.total)) if p.total else width
        head = f"[{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total}"
    else:
        head = f"[{'?' * width}] {p.done}/? (still scanning)"
    eta = f"  ETA {p.eta_s:.0f} s" if p.eta_s and p.total is not None else ""
    return f"{head}  {p.failed} failed  {rate:.1f} img/s{eta}"


def heatmap_name(result: TriageResult, used: set[str]) -> str:
    """``<stem>_heatmap.png``, made unique when two folders hold files with the same name."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in result.path.stem) or "image"
    name = f"{stem}_heatmap.png"
    if name in used:
        name = f"{stem}_{result.index}_heatmap.png"
    used.add(name)
    return name


def write_heatmap(result: TriageResult, target: Path) -> None:
    """Re-read the image at a moderate size (the pipeline keeps no full-res pixels) and overlay."""
    if result.cam is None:
        return
    loaded = try_load(result.path, max_side=HEATMAP_MAX_SIDE)
    if isinstance(loaded, LoadFailure):
        raise OSError(f"could not re-read the image: {loaded.message}")
    pixels = loaded.pixels
    h, w = pixels.shape
    scale = min(1.0, HEATMAP_MAX_SIDE / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    rgb = blend(pixels, result.cam, HEATMAP_OPACITY)
    ok, png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError("PNG encoding failed")
    atomic_write_bytes(target, png.tobytes())


class HeatmapWriter:
    """Writes overlays on background threads, a bounded number pending, beside the scan."""

    def __init__(self, folder: Path, workers: int = 2, max_pending: int = 8) -> None:
        self.folder = folder
        self.paths: dict[int, Path] = {}
        self.errors: list[str] = []
        self._used: set[str] = set()
        self._slots = threading.Semaphore(max_pending)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cxr-heatmap")

    def submit(self, result: TriageResult) -> None:
        if not result.ok or result.cam is None:
            return
        target = self.folder / heatmap_name(result, self._used)
        self._slots.acquire()
        future = self._pool.submit(write_heatmap, result, target)
        future.add_done_callback(self._done_callback(result, target))

    def _done_callback(self, result: TriageResult, target: Path) -> Callable[[Future], None]:
        def done(future: Future) -> None:
            self._slots.release()
            exc = future.exception()
            if exc is None:
                self.paths[result.index] = target
            else:
                self.errors.append(f"{result.path.name}: heatmap not written ({exc})")

        return done

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)


@contextlib.contextmanager
def _ctrl_c_cancels(token: CancelToken):
    """First Ctrl-C cancels gracefully; a second raises KeyboardInterrupt. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def summary_lines(
    results: Sequence[TriageResult], threshold: float, elapsed_s: float, session: ModelSession
) -> list[str]:
    scored = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    above = sum(r.label == PNEUMONIA for r in scored)
    flagged = sum(bool(r.flags) for r in scored)
    rate = len(results) / elapsed_s if elapsed_s > 0 else 0.0
    lines = [
        f"Scanned {len(results)} file(s) in {elapsed_s:.1f} s ({rate:.1f} images/s) on "
        f"{session.device_label} ({session.provider}), model {session.contract.version}",
        f"  scored {len(scored)}, above threshold {threshold:.3f}: {above}, flagged: {flagged}, "
        f"failed: {len(failed)}",
    ]
    lines += [f"  ! {note}" for note in session.fallback_notes]
    lines += [f"  failed: {r.path}: {error_text(r)}" for r in sorted(failed, key=lambda r: r.index)]
    return lines


def worklist_lines(results: Sequence[TriageResult]) -> list[str]:
    """Plain-text worklist for the terminal when no --csv/--json is given."""
    lines = []
    for rank, r in enumerate(sort_by_risk(results), start=1):
        if not r.ok:
            continue
        flags = ", ".join(sorted(FLAG_LABELS.get(f, str(f)) for f in r.flags))
        kind = f" ({r.likely_type})" if r.likely_type else ""
        lines.append(
            f"{rank:5d}  {r.pneumonia_prob:6.3f}  {r.label}{kind}  {r.path}"
            + (f"  [{flags}]" if flags else "")
        )
    return lines


def run_scan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    problem = check_outputs(args)
    if problem:
        _write(err, f"cxr-triage scan: error: {problem}\n")
        return EXIT_USAGE
    try:
        session = ModelSession.load(args.model, providers=[CPU] if args.cpu else None)
    except ModelLoadError as exc:
        _write(err, f"cxr-triage scan: error: {exc}\n")
        return EXIT_USAGE
    threshold = args.threshold if args.threshold is not None else session.contract.threshold
    options = PipelineOptions(
        threshold=threshold,
        batch_size=args.batch_size,
        decode_workers=args.workers,
        thumbnail_size=0,
        max_side=FULL_RESOLUTION if args.full_resolution else None,
    )
    heatmaps: HeatmapWriter | None = None
    if args.heatmaps:
        try:
            args.heatmaps.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _write(err, f"cxr-triage scan: error: cannot create {args.heatmaps}: {exc}\n")
            return EXIT_USAGE
        heatmaps = HeatmapWriter(args.heatmaps)

    token = CancelToken()
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
        with _ctrl_c_cancels(token):
            batch = triage(args.sources, session, options, token, on_progress, stats)
            for result in batch:
                result.thumbnail = None
                results.append(result)
                if heatmaps is not None:
                    heatmaps.submit(result)
    except KeyboardInterrupt:
        token.cancel()
    finally:
        if heatmaps is not None:
            heatmaps.close(cancel=token.cancelled)
    elapsed = time.perf_counter() - start
    if token.cancelled:
        _write(err, f"\ninterrupted after {len(results)} file(s): no worklist written\n")
        return EXIT_INTERRUPTED
    if last is not None:
        printer(last, final=True)

    model_info = {
        "name": session.contract.name,
        "version": session.contract.version,
        "sha256": session.sha256,
        "provider": session.provider,
        "path": str(session.path),
    }
    scored = sum(r.ok for r in results)
    summary = {
        "files": len(results),
        "scored": scored,
        "above_threshold": sum(r.ok and r.label == PNEUMONIA for r in results),
        "flagged": sum(r.ok and bool(r.flags) for r in results),
        "failed": len(results) - scored,
        "elapsed_s": round(elapsed, 3),
    }
    try:
        if args.csv:
            write_csv(args.csv, results, threshold, session.contract.version)
        if args.json:
            hm = heatmaps.paths if heatmaps else None
            write_json(args.json, results, threshold, model_info, summary, hm)
    except OSError as exc:
        _write(err, f"cxr-triage scan: error: could not write the worklist: {exc}\n")
        return EXIT_USAGE

    if not args.csv and not args.json:
        _write(out, "".join(line + "\n" for line in worklist_lines(results)))
    if not args.quiet:
        lines = summary_lines(results, threshold, elapsed, session)
        lines.insert(1, f"  folder scan: {scan_summary(stats)}")
        if heatmaps is not None:
            lines.append(f"  heatmaps: {len(heatmaps.paths)} written to {args.heatmaps}")
            lines += [f"  ! {e}" for e in heatmaps.errors]
        _write(out, "".join(line + "\n" for line in lines))
    else:  # quiet: failures still matter, on stderr
        problems = [f"{r.path}: {error_text(r)}" for r in results if not r.ok]
        problems += heatmaps.errors if heatmaps is not None else []
        _write(err, "".join(f"{line}\n" for line in problems))
    return EXIT_OK if scored else EXIT_NOTHING_SCORED


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of exiting, so app.cli can dispatch here."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "scan":
        try:
            return run_scan(args, sys.stdout, sys.stderr)
        except KeyboardInterrupt:  # a second Ctrl-C, or one outside the scan loop
            _write(sys.stderr, "\ninterrupted\n")
            return EXIT_INTERRUPTED
    parser.print_usage(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
