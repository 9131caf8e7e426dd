"""Entry point of the frozen program: the same ``app.cli.main`` as the ``cxr-triage`` script.

PyInstaller needs a script file, not a console-script entry point. Everything (viewer, ``scan``,
``--selftest``) is dispatched by ``app.cli``; this file only adapts the process around it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _ensure_streams() -> None:
    """The Windows no-console executable has no stdout/stderr (None): printing would crash."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives with the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main() -> int:
    _ensure_streams()
    # A frozen program re-executes itself for any child process: without this a child would
    # start a second viewer instead of the worker (no-op unless multiprocessing is used).
    multiprocessing.freeze_support()
    from app.cli import entry

    entry()  # exits; late signals after the work is written are ignored
    return 0


if __name__ == "__main__":
    sys.exit(main())
