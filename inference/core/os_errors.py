"""The OS's words for an error, as every message of the program prints them (Qt-free).

One function so that "cannot write X: permission denied" reads the same from the CLI, the viewer,
the clinic service and the folder walk, without Python's "[Errno 13]" decoration.
"""

from __future__ import annotations


def os_reason(exc: OSError) -> str:
    """The OS's words for an error, lower case, without Python's decoration."""
    if exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
