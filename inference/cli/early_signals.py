"""Ctrl-C and SIGTERM noted from the first instant of a headless command, before the heavy imports.

Importing numpy, OpenCV, pydicom and onnxruntime takes a good part of a second. A signal in that
time used to hit Python's default handler inside some library's import: a traceback, or, where an
import swallowed the KeyboardInterrupt, nothing at all and a full scan written with exit 0. So
the entry point installs ``install()`` first (stdlib only, nothing heavy here); the signal is
noted, and ``console.Interrupts`` picks it up with ``take()`` and cancels the run before it starts.
A second signal while still importing stops at once (KeyboardInterrupt, caught by the entry point).
"""

from __future__ import annotations

import signal

_pending: list[int] = []


def _note(signum: int, _frame: object) -> None:
    if _pending:
        raise KeyboardInterrupt
    _pending.append(signum)


def install() -> None:
    """Note SIGINT and SIGTERM from now on (main thread only; elsewhere it does nothing)."""
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, _note)
    except ValueError:  # not the main thread (threading is not imported: it costs milliseconds)
        return


def uninstall() -> int | None:
    """Back to Python's own handlers (for the viewer); returns a signal noted meanwhile."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread
        pass
    return take()


def take() -> int | None:
    """The first signal noted since ``install`` (and forget it), or None."""
    return _pending.pop(0) if _pending else None
