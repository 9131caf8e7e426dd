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

from app.identity import APP_NAME, DISCLAIMER
from inference.core import i18n
from inference.core.i18n import _

SCREENSHOT_TIMEOUT_S = 180


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage",
        description=_(
            "%(app)s: offline chest X-ray pneumonia triage viewer. %(disclaimer)s "
            "Use 'cxr-triage scan --help' for the headless scan."
        )
        % {"app": APP_NAME, "disclaimer": _(DISCLAIMER)},
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="FOLDER_OR_FILE",
                        help=_("open and start scanning these folders/files"))  # fmt: skip
    parser.add_argument("--samples", action="store_true", help=_("open the bundled sample images"))
    parser.add_argument("--model", type=Path, metavar="PATH", help=_("use this ONNX model"))
    parser.add_argument("--selftest", action="store_true",
                        help=_("check the installation (model, decoders) and exit"))  # fmt: skip
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png",
                        help=_("render the window once results show, save it, exit"))  # fmt: skip
    parser.add_argument("--size", default="1366x768", metavar="WxH",
                        help=_("window size for --screenshot (default 1366x768)"))  # fmt: skip
    parser.add_argument("--theme", choices=("light", "dark"), help=_("override the saved theme"))
    parser.add_argument("--float", action="store_true",
                        help=_("use the float model even on the CPU (default: int8 when shipped)"))  # fmt: skip
    parser.add_argument("--lang", metavar="LANG", choices=i18n.LANGUAGES,
                        help=_("language of the program: en, fr, pt or es (default: the "
                               "Settings choice, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG)"))  # fmt: skip
    return parser


def split_lang_option(args: Sequence[str]) -> tuple[str | None, list[str], str | None]:
    """Take ``--lang X`` / ``--lang=X`` out of ``args`` wherever it is (before or after a
    subcommand, so ``scan``, ``calibrate`` and the clinic commands follow it too).

    Returns (language or None, the other arguments, a problem or None)."""
    lang: str | None = None
    rest: list[str] = []
    items = list(args)
    i = 0
    while i < len(items):
        item = items[i]
        if item == "--":
            rest += items[i:]
            break
        if item == "--lang" or item.startswith("--lang="):
            value = item.partition("=")[2] if "=" in item else None
            if value is None:
                if i + 1 >= len(items):
                    return None, rest, _("--lang needs a language: en, fr, pt or es")
                value = items[i + 1]
                i += 1
            if i18n.normalize_language(value) is None:
                return (
                    None,
                    rest,
                    _("unsupported language %(lang)r: choose en, fr, pt or es") % {"lang": value},
                )
            lang = i18n.normalize_language(value)
        else:
            rest.append(item)
        i += 1
    return lang, rest, None


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("size must look like 1366x768, got %(text)r") % {"text": text}
        ) from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise argparse.ArgumentTypeError(_("size %(w)dx%(h)d is out of range") % {"w": w, "h": h})
    return w, h


def entry() -> None:
    """Console-script entry: run, then exit without letting a late Ctrl-C/SIGTERM (after the work
    is done and written) turn a finished run into a traceback or a killed process."""
    from inference.cli import early_signals  # stdlib only: noted from here, before heavy imports

    early_signals.install()
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `cxr-triage --selftest | head`: the reader left; no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
        code = 141  # 128 + SIGPIPE, what a shell reports for a program stopped by a closed pipe
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    sys.exit(code)


def path_problem(path: Path) -> str | None:
    """Why a folder or file given to the viewer cannot be opened, in one line (no traceback for a
    name that is too long or a folder the user cannot enter)."""
    try:
        if not path.exists():
            return _("not found: %(path)s") % {"path": path}
    except OSError as exc:
        return _("cannot open %(path)s: %(reason)s") % {
            "path": path,
            "reason": (exc.strerror or str(exc)).lower(),
        }
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
    lang, args_list, lang_problem = split_lang_option(sys.argv[1:] if argv is None else argv)
    i18n.set_language(i18n.resolve_language(lang, os.environ))  # before any output
    if lang_problem:
        print(_("cxr-triage: error: %(problem)s") % {"problem": lang_problem}, file=sys.stderr)
        return 2
    from inference.cli import early_signals  # stdlib only

    headless = args_list[:1] in (["scan"], ["calibrate"])
    if not headless and early_signals.uninstall() is not None:  # Ctrl-C while starting
        print("\n" + _("interrupted: nothing started"), file=sys.stderr)
        return 130
    if args_list[:1] in (["listen"], ["watch"], ["history"]):  # the clinic's workflow (issue 25)
        try:
            from inference.cli.clinic_command import main as clinic_main

            return clinic_main(args_list)
        except KeyboardInterrupt:
            print("\n" + _("interrupted"), file=sys.stderr)
            return 130
    if headless:
        try:
            early_signals.install()  # before the heavy imports (idempotent after entry())
            from inference.cli.scan_command import main as scan_main

            return scan_main(args_list)
        except KeyboardInterrupt:  # Ctrl-C while the libraries load: nothing started yet
            print("\n" + _("interrupted: nothing written"), file=sys.stderr)
            return 130
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        size = parse_size(args.size)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except argparse.ArgumentTypeError as exc:
        parser.print_usage(sys.stderr)
        print(_("cxr-triage: error: %(problem)s") % {"problem": exc}, file=sys.stderr)
        return 2
    if args.float:
        os.environ["CXR_TRIAGE_FLOAT"] = "1"  # read by ModelSession.load, also in the self-test
    if args.selftest:
        from inference.cli.selftest import main as selftest_main

        return int(selftest_main() or 0)
    for p in args.paths:
        problem = path_problem(p)
        if problem:
            print(_("cxr-triage: error: %(problem)s") % {"problem": problem}, file=sys.stderr)
            return 2
    problem = screenshot_problem(args.screenshot, [*args.paths], args.samples)
    if problem:
        print(_("cxr-triage: error: %(problem)s") % {"problem": problem}, file=sys.stderr)
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
        language=lang,
    )
