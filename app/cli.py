"""``cxr-triage`` entry point: the viewer, or the headless ``scan`` / ``--selftest`` commands.

This module imports no Qt at import time: ``cxr-triage scan`` must run on a server without a
display or Qt libraries, so the viewer is imported only when the window is actually wanted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from app import APP_NAME, DISCLAIMER

SCREENSHOT_TIMEOUT_S = 180


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage",
        description=(
            f"{APP_NAME}: offline chest X-ray pneumonia triage viewer. {DISCLAIMER} "
            "Use 'cxr-triage scan --help' for the headless scan."
        ),
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="FOLDER_OR_FILE",
                        help="open and start scanning these folders/files")  # fmt: skip
    parser.add_argument("--samples", action="store_true", help="open the bundled sample images")
    parser.add_argument("--model", type=Path, metavar="PATH", help="use this ONNX model")
    parser.add_argument("--selftest", action="store_true",
                        help="check the installation (model, decoders) and exit")  # fmt: skip
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png",
                        help="render the window once results show, save it, exit")  # fmt: skip
    parser.add_argument("--size", default="1366x768", metavar="WxH",
                        help="window size for --screenshot (default 1366x768)")  # fmt: skip
    parser.add_argument("--theme", choices=("light", "dark"), help="override the saved theme")
    parser.add_argument("--float", action="store_true",
                        help="use the float model even on the CPU (default: int8 when shipped)")  # fmt: skip
    return parser


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1366x768, got {text!r}") from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range")
    return w, h


def entry() -> None:
    """Console-script entry: run, then exit without letting a late Ctrl-C/SIGTERM (after the work
    is done and written) turn a finished run into a traceback or a killed process."""
    from inference.cli import early_signals  # stdlib only: noted from here, before heavy imports

    early_signals.install()
    code = main()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    sys.exit(code)


def path_problem(path: Path) -> str | None:
    """Why a folder or file given to the viewer cannot be opened, in one line (no traceback for a
    name that is too long or a folder the user cannot enter)."""
    try:
        if not path.exists():
            return f"not found: {path}"
    except OSError as exc:
        return f"cannot open {path}: {(exc.strerror or str(exc)).lower()}"
    return None


def screenshot_problem(target: Path | None, sources: list[Path], samples: bool) -> str | None:
    """``--screenshot`` through the one output guard: a regular file, never in a folder the
    viewer is about to scan (checked before Qt starts, so nothing is created on refusal)."""
    if target is None:
        return None
    from inference.core.output_files import output_problem, scan_roots
    from inference.core.paths import samples_dir
    from inference.core.safe_text import visible

    roots = scan_roots(sources + ([samples_dir()] if samples else []))
    problem = output_problem(target, "--screenshot", roots)
    return visible(problem) if problem else None


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from inference.cli import early_signals  # stdlib only

    headless = args_list[:1] in (["scan"], ["calibrate"])
    if not headless and early_signals.uninstall() is not None:  # Ctrl-C while starting
        print("\ninterrupted: nothing started", file=sys.stderr)
        return 130
    if args_list[:1] in (["listen"], ["watch"], ["history"]):  # the clinic's workflow (issue 25)
        try:
            from inference.cli.clinic_command import main as clinic_main

            return clinic_main(args_list)
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
    if headless:
        try:
            early_signals.install()  # before the heavy imports (idempotent after entry())
            from inference.cli.scan_command import main as scan_main

            return scan_main(args_list)
        except KeyboardInterrupt:  # Ctrl-C while the libraries load: nothing started yet
            print("\ninterrupted: nothing written", file=sys.stderr)
            return 130
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        size = parse_size(args.size)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except argparse.ArgumentTypeError as exc:
        parser.print_usage(sys.stderr)
        print(f"cxr-triage: error: {exc}", file=sys.stderr)
        return 2
    if args.float:
        os.environ["CXR_TRIAGE_FLOAT"] = "1"  # read by ModelSession.load, also in the self-test
    if args.selftest:
        from inference.cli.selftest import main as selftest_main

        return int(selftest_main() or 0)
    for p in args.paths:
        problem = path_problem(p)
        if problem:
            print(f"cxr-triage: error: {problem}", file=sys.stderr)
            return 2
    problem = screenshot_problem(args.screenshot, [*args.paths], args.samples)
    if problem:
        print(f"cxr-triage: error: {problem}", file=sys.stderr)
        return 2
    from app.core.display_check import missing_message, missing_system_packages

    packages = missing_system_packages(os.environ)
    if packages:  # Qt would abort the process with a page of plugin diagnostics
        print(missing_message(packages), file=sys.stderr)
        return 1
    from app.gui import run_gui

    return run_gui(
        sources=list(args.paths),
        samples=args.samples,
        model_path=args.model,
        screenshot=args.screenshot,
        size=size,
        theme=args.theme,
        timeout_s=SCREENSHOT_TIMEOUT_S,
    )
