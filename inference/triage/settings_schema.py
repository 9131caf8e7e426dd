"""Checks for the files a user or another tool can edit: the site profile and the reads (Qt-free).

Such a file is input, not configuration we wrote ourselves: it may be truncated, hand-edited,
Latin-1, 10 MB, hold ``Infinity`` or a string where a number belongs. Every value is checked
for type, range and finiteness before anything computes with it, and every message is one
short line: a value from the file is never quoted at more than ``SHOWN_CHARS`` characters.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from inference.core.i18n import _

#: How much of a value from the file a message quotes.
SHOWN_CHARS = 40


class ProfileError(ValueError):
    """A site profile or reads file is missing, damaged, out of range or made for another model."""


def plain(text: str) -> str:
    """``text`` on one line: control, bidi and undecodable characters written as escapes, so a
    file name can neither break a message into lines nor reorder it."""
    return "".join(
        c if c.isprintable() and not 0x202A <= ord(c) <= 0x2069 else ascii(c)[1:-1] for c in text
    )


def shown(value: Any) -> str:
    """A value from the file, quoted short enough for one line."""
    text = repr(value)
    if len(text) > SHOWN_CHARS:
        size = f"{len(value):,} characters" if isinstance(value, str | list | dict) else "long"
        text = f"{text[: SHOWN_CHARS - 1]}… ({size})"
    return plain(text)


def read_text(path: Path, max_bytes: int, what: str) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes``; a FIFO, device or folder is
    refused before it is opened for reading, so nothing can block."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ProfileError(
            _("cannot read the %(what)s %(plain)s: %(strerror)s")
            % {"what": what, "plain": plain(str(path)), "strerror": exc.strerror}
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        kind = _("a folder") if stat.S_ISDIR(st.st_mode) else _("not a regular file")
        raise ProfileError(
            _("the %(what)s %(plain)s is %(kind)s")
            % {"what": what, "plain": plain(str(path)), "kind": kind}
        )
    if st.st_size > max_bytes:
        raise ProfileError(
            _("the %(what)s %(plain)s is too large (%(st_size)s bytes; at most %(max_bytes)s)")
            % {
                "what": what,
                "plain": plain(str(path)),
                "st_size": f"{st.st_size:,}",
                "max_bytes": f"{max_bytes:,}",
            }
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ProfileError(
            _("cannot read the %(what)s %(plain)s: %(strerror)s")
            % {"what": what, "plain": plain(str(path)), "strerror": exc.strerror}
        ) from exc
    if len(data) > max_bytes:
        raise ProfileError(
            _("the %(what)s %(plain)s is too large (over %(max_bytes)s bytes)")
            % {"what": what, "plain": plain(str(path)), "max_bytes": f"{max_bytes:,}"}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(
            _("the %(what)s %(plain)s is not UTF-8 text (byte 0x%(value)s at offset %(start)s)")
            % {
                "what": what,
                "plain": plain(str(path)),
                "value": f"{data[exc.start]:02x}",
                "start": exc.start,
            }
        ) from None


def _no_constant(name: str) -> float:
    raise ValueError(_("%(name)s is not a number") % {"name": name})


def parse_json(text: str) -> Any:
    """JSON without NaN/Infinity; a syntax error, a runaway nesting or a 10,000-digit integer
    becomes a ValueError with a short message."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError(_("nested too deeply")) from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            _("not valid JSON (line %(lineno)s, column %(colno)s)")
            % {"lineno": exc.lineno, "colno": exc.colno}
        ) from None
    except ValueError as exc:
        raise ValueError(shown(str(exc))[1:-1]) from None


def expect_object(doc: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(doc, dict):
        raise ValueError(
            _("%(what)s must be a JSON object, not %(name)s")
            % {"what": what, "name": type(doc).__name__}
        )
    return doc


def refuse_unknown(doc: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(k for k in doc if k not in known)
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise ValueError(
            _("unknown field %(shown)s%(more)s") % {"shown": shown(unknown[0]), "more": more}
        )


def string(doc: Mapping[str, Any], key: str, max_len: int, *, required: bool = True) -> str:
    value = doc.get(key, None if required else "")
    if not isinstance(value, str):
        raise ValueError(
            _("%(key)s must be text, not %(shown)s") % {"key": key, "shown": shown(value)}
        )
    if len(value) > max_len:
        raise ValueError(
            _("%(key)s is longer than %(max_len)s characters") % {"key": key, "max_len": max_len}
        )
    return value


def integer(doc: Mapping[str, Any], key: str, lo: int, hi: int) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            _("%(key)s must be a whole number, not %(shown)s") % {"key": key, "shown": shown(value)}
        )
    if not lo <= value <= hi:
        raise ValueError(
            _("%(key)s %(shown)s must be between %(lo)s and %(hi)s")
            % {"key": key, "shown": shown(value), "lo": lo, "hi": hi}
        )
    return value


def number(value: Any, key: str, lo: float, hi: float, *, open_ends: bool = False) -> float:
    """A finite number in [lo, hi] (or (lo, hi) with ``open_ends``); never a bool or text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            _("%(key)s must be a number, not %(shown)s") % {"key": key, "shown": shown(value)}
        )
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(_("%(key)s is not a finite number") % {"key": key}) from None
    if not math.isfinite(x):
        raise ValueError(_("%(key)s is not a finite number") % {"key": key})
    inside = lo < x < hi if open_ends else lo <= x <= hi
    if not inside:
        ends = f"({lo:g}, {hi:g})" if open_ends else f"[{lo:g}, {hi:g}]"
        raise ValueError(
            _("%(key)s %(value)s is outside %(range)s")
            % {"key": key, "value": f"{x:g}", "range": ends}
        )
    return x


def version(doc: Mapping[str, Any], key: str, supported: int) -> int:
    """The file's format version; ``1`` and ``"1"`` are the same version."""
    value = doc.get(key, supported)
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 6:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            _("%(key)s must be a whole number, not %(shown)s") % {"key": key, "shown": shown(value)}
        )
    if value != supported:
        raise ValueError(_('format version %(shown)s is not supported (this program reads version %(supported)s)') % {"shown": shown(value), "supported": supported})  # fmt: skip
    return value
