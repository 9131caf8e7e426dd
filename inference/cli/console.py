"""The terminal side of the headless commands: one-line output that never fails on a file name,
the progress bar, Ctrl-C / SIGTERM handling, and library messages sent to a log file."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from inference.cli import early_signals
from inference.core.i18n import _, format_number, ngettext
from inference.core.safe_text import printable
from inference.triage.pipeline import CancelToken, Progress

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


def write(stream: TextIO, text: str) -> None:
    """Print even when a file name is not valid UTF-8 or the console cannot encode it (Windows
    code pages)."""
    text = printable(text)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(enc, "replace").decode(enc, "replace"))
    stream.flush()


def error_line(command: str, message: str) -> str:
    """'cxr-triage scan: error: <message>' (one line, translated; the command name stays)."""
    return (
        _("cxr-triage %(command)s: error: %(message)s")
        % {
            "command": command,
            "message": message,
        }
        + "\n"
    )


def warning_line(command: str, message: str) -> str:
    return (
        _("cxr-triage %(command)s: warning: %(message)s")
        % {
            "command": command,
            "message": message,
        }
        + "\n"
    )


def heatmap_note(n: int, folder: str) -> str:
    return ngettext(
        "heatmaps: %(n)s written to %(folder)s", "heatmaps: %(n)s written to %(folder)s", n
    ) % {"n": format_number(n), "folder": folder}


def interrupted_note(n: int, heatmaps_removed: bool) -> str:
    """What a scan cancelled after ``n`` files left behind: nothing."""
    if heatmaps_removed:
        message = ngettext(
            "interrupted after %(n)s file: no worklist written and the heatmaps written so "
            "far were removed",
            "interrupted after %(n)s files: no worklist written and the heatmaps written so "
            "far were removed",
            n,
        )
    else:
        message = ngettext(
            "interrupted after %(n)s file: no worklist written",
            "interrupted after %(n)s files: no worklist written",
            n,
        )
    return message % {"n": format_number(n)}


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
            write(self.stream, "\r" + line.ljust(79)[:120] + ("\n" if final else ""))
        else:
            write(self.stream, line + "\n")


def format_progress(p: Progress, width: int = 24) -> str:
    """``[#####.....] 120/240  3 failed  45.2 img/s  ETA 3 s`` (total unknown while scanning)."""
    rate = p.done / p.elapsed_s if p.elapsed_s > 0 else 0.0
    if p.total is not None:
        filled = round(width * min(1.0, p.done / p.total)) if p.total else width
        head = f"[{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total}"
    else:
        head = f"[{'?' * width}] {p.done}/? " + _("(still scanning)")
    eta = (
        "  " + _("ETA %(seconds)s s") % {"seconds": format_number(p.eta_s)}
        if p.eta_s and p.total is not None
        else ""
    )
    failed = _("%(n)s failed") % {"n": format_number(p.failed)}
    rate_text = _("%(rate)s img/s") % {"rate": format_number(rate, 1)}
    return f"{head}  {failed}  {rate_text}{eta}"


def default_log_file() -> Path:
    """Where library messages go: the user's cache folder, never a scanned folder."""
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    root = Path(base) if base else Path.home() / ".cache"
    return root / "cxr-triage" / "cxr-triage-scan.log"


@contextlib.contextmanager
def library_messages_to_log(path: Path | None = None):
    """pydicom's and other libraries' warnings and log records go to a log file, not the terminal
    (a clinic user sees our one-line reasons; the details stay available for support)."""
    import logging
    import warnings

    root = logging.getLogger()
    previous = (root.handlers[:], root.level)
    handler: logging.Handler
    try:
        target = path or default_log_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8", errors="backslashreplace")
    except OSError:
        handler = logging.NullHandler()  # no writable cache folder: drop them rather than print
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            yield
    finally:
        logging.captureWarnings(False)
        handler.close()
        root.handlers, _ = previous
        root.setLevel(previous[1])


class Interrupts:
    """Ctrl-C (SIGINT) and SIGTERM for the whole command, from its first instant: the first signal
    cancels the scan gracefully (nothing is written), a second one stops at once. Main thread only;
    elsewhere (tests in threads) it does nothing."""

    def __init__(self) -> None:
        self.token = CancelToken()
        self.signum: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handler)
        early = early_signals.take()  # a signal while the libraries were still loading
        if early is not None:
            self.signum = early
            self.token.cancel()
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)  # type: ignore[arg-type]

    def _handler(self, signum: int, _frame: object) -> None:
        if self.signum is None:
            self.signum = signum
        if self.token.cancelled:
            raise KeyboardInterrupt
        self.token.cancel()

    @property
    def exit_code(self) -> int:
        return EXIT_TERMINATED if self.signum == signal.SIGTERM else EXIT_INTERRUPTED
