"""Open a file for reading only when it is a regular file, without ever blocking.

``open()`` on a named pipe waits for a writer forever; on a device it may read endless zeros or
block; a socket cannot be opened at all. Checking ``Path.is_file()`` first is racy (a file can be
swapped for a pipe between the check and the open). So the file is opened with ``O_NONBLOCK``
(which never waits, and does nothing to a regular file) and ``fstat`` on the open descriptor
decides: anything but a regular file is closed again and refused with a reason a person can read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from inference.core.i18n import N_, Message
from inference.core.types import FailureKind, LoadError

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


def kind_name(mode: int) -> Message:
    """What a non-regular file is, in words (translated where shown)."""
    if stat.S_ISDIR(mode):
        return Message(N_("a folder"))
    if stat.S_ISFIFO(mode):
        return Message(N_("a named pipe (FIFO)"))
    if stat.S_ISSOCK(mode):
        return Message(N_("a socket"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message(N_("a device"))
    return Message(N_("not a regular file"))


def not_regular_message(mode: int) -> Message:
    """The row's reason for a path that is not a regular file (translated where shown)."""
    if stat.S_ISDIR(mode):
        return Message(N_("this is a folder, not a file"))
    return Message(
        N_("not a regular file: it is %(kind)s, not an image file"), kind=kind_name(mode)
    )


def broken_link_reason(path: str | Path) -> Message:
    """Why a link named like an image cannot be read: it loops, or its target is missing
    (translated where shown)."""
    try:
        target = os.readlink(path)
    except OSError:
        return Message(N_("broken link (its target cannot be read)"))
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Message(
                N_("link loop: the link points back to itself (%(target)s)"), target=target
            )
        if exc.errno == errno.EACCES:
            return Message(
                N_("link to %(target)s, which cannot be opened: permission denied"), target=target
            )
    return Message(
        N_("broken link: it points to %(target)s, which does not exist (moved or deleted?)"),
        target=target,
    )


def open_regular(path: Path | str) -> BinaryIO:
    """Open ``path`` for binary reading if (and only if) it is a regular file; never blocks.

    Raises LoadError(UNREADABLE) for a folder, pipe, socket or device, OSError otherwise (not
    found, permission denied), like ``open``.
    """
    try:
        st = os.stat(path)  # no open at all for devices and pipes seen before the open
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise LoadError(FailureKind.UNREADABLE, not_regular_message(st.st_mode))
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a pipe opened for writing): not a file
            raise LoadError(FailureKind.UNREADABLE, not_regular_message(stat.S_IFSOCK)) from exc
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped between the stat and the open
            raise LoadError(FailureKind.UNREADABLE, not_regular_message(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
        fh.raw.name = os.fspath(path)  # type: ignore[attr-defined]  # readers quote the name
        return fh
    except BaseException:
        os.close(fd)
        raise


def read_head_regular(path: Path | str, n: int) -> bytes:
    """The first ``n`` bytes of a regular file (LoadError for anything else, OSError like open)."""
    with open_regular(path) as fh:
        return fh.read(n)
