"""``cxr-triage --selftest``: prove that this installation can do its job, without a display.

Why it exists: a frozen build (PyInstaller) can start fine and still be broken in ways only real
work reveals: the model or samples not bundled, onnxruntime missing a provider library, or
pydicom silently losing its decoder plugins (they are found through package metadata that
PyInstaller does not copy unless told to). So this loads the shipped model, triages the bundled
samples, checks the numbers, and decodes a tiny DICOM of every supported transfer syntax through
every decoder plugin that is present. No DICOM file is shipped: each compressed test frame is a
few hundred bytes embedded in ``inference.cli.selftest_fixtures`` (made by
``installer/make_selftest_codestreams.py``) that encode a known 16x16 pattern, so a decode is
compared with the exact expected pixels. The checks themselves are in ``selftest_checks``; this
module runs them in order and prints the report.

It prints one ``PASS`` / ``FAIL`` / ``SKIP`` line per check and ``RESULT: PASS`` or ``RESULT:
FAIL``; ``main`` returns 0 when every check passed and 1 otherwise. The report follows the
language (``--lang``, the environment), except these status tokens, the ``[frozen]`` mark of an
installed bundle and the technical values (paths, checksums, UIDs, package names): the installers'
smoke tests grep them, so they read the same in every language. No Qt, no network, and
nothing is written anywhere except one temporary file in the system temp folder.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import pydicom

from inference.cli.selftest_checks import (
    Check,
    check_codec,
    check_dicom_loader,
    check_model_and_samples,
    info_line,
)
from inference.cli.selftest_fixtures import CODEC_SYNTAXES
from inference.core.i18n import _, format_number, ngettext
from inference.core.paths import resources_dir, samples_dir

EXIT_PASS, EXIT_FAIL = 0, 1
#: Status tokens of the last line, never translated (the installers' smoke tests grep them).
RESULT_PASS, RESULT_FAIL = "RESULT: PASS", "RESULT: FAIL"
#: Marks a frozen (installed) bundle in the program line, in every language.
FROZEN_MARK = "[frozen]"


def program_description() -> str:
    """Version, Python and whether this is a frozen bundle: the first thing support asks."""
    from importlib import metadata

    try:
        version = metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        version = _("development build")
    frozen = bool(getattr(sys, "frozen", False))
    kind = _("installed bundle") if frozen else _("source install")
    if frozen:
        kind = f"{FROZEN_MARK} {kind}"
    return (
        f"cxr-triage {version} ({kind}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, pydicom {pydicom.__version__}"
    )


def run_checks(model_path: Path | None, folder: Path, emit: Callable[[str], None]) -> list[Check]:
    """Every check, printing each line as soon as it is known (a hang shows where it stopped)."""
    checks: list[Check] = []

    def report(check: Check) -> None:
        checks.append(check)
        emit(check.line())

    check_model_and_samples(model_path, folder, report, emit)
    report(check_dicom_loader())
    for uid in CODEC_SYNTAXES:
        report(check_codec(uid))
    return checks


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage --selftest",
        description=_(
            "Check that this installation can load the model, triage the bundled "
            "samples and decode every supported DICOM syntax. Exit 0 when healthy, 1 otherwise."
        ),
    )
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=_("ONNX model (default: the bundled one)"))
    parser.add_argument(
        "--samples", type=Path, help=_("folder of sample images (default: bundled)")
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the self-test; 0 when every check passed, 1 otherwise (2 for a usage error).

    With ``argv`` None the process arguments are read leniently: ``app.cli`` has already
    validated them and passes ``--selftest`` along with viewer options that do not apply here.
    """
    stream = out or sys.stdout
    parser = build_parser()
    try:
        if argv is None:
            args, _ignored = parser.parse_known_args(sys.argv[1:])
        else:
            args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2

    def emit(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    folder = args.samples if args.samples is not None else samples_dir()
    emit(_("CXR Triage self-test"))
    emit(info_line(_("program: %(value)s") % {"value": program_description()}))
    emit(info_line(_("resources: %(value)s") % {"value": resources_dir()}))
    start = time.perf_counter()
    checks = run_checks(args.model, folder, emit)
    failed = [c for c in checks if c.status == "FAIL"]
    seconds = format_number(time.perf_counter() - start, 1)
    if failed:
        summary = ngettext(
            "%(failed)d of %(total)d check failed, %(seconds)s s",
            "%(failed)d of %(total)d checks failed, %(seconds)s s",
            len(checks),
        ) % {"failed": len(failed), "total": len(checks), "seconds": seconds}
        emit(f"{RESULT_FAIL} ({summary})")
        return EXIT_FAIL
    summary = ngettext(
        "%(total)d check, %(seconds)s s", "%(total)d checks, %(seconds)s s", len(checks)
    ) % {"total": len(checks), "seconds": seconds}
    emit(f"{RESULT_PASS} ({summary})")
    return EXIT_PASS


if __name__ == "__main__":
    sys.exit(main())
