"""Untrusted text (file names, DICOM tags, reads files) made safe to show as plain text. Pure.

A file name or a PatientName is written by whoever made the file: an escape sequence can recolour
or rewrite a terminal line, a newline can forge a worklist line, and a right-to-left override
(U+202E) shows patient ID "QA001" as "100AQ". ``visible`` turns every such character into a
visible escape (``\\x1b``, ``\\n``, ``\\u202e``), so the text says what the bytes are. Used for the
terminal and the CSV; Qt widgets and the PDF use the same function (plain-text labels as well).
JSON needs none of it: ``json.dumps`` escapes controls itself and stays machine readable.
``printable`` comes first for names: bytes that are not valid UTF-8 become escapes that can be
written anywhere (``visible(printable(name))`` for a terminal or a CSV cell).
"""

from __future__ import annotations

#: Bidirectional formatting controls: embeddings/overrides, isolates, and the marks.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
#: Line and paragraph separators: a new line to a terminal or a text widget.
LINE_BREAKS = frozenset(["\u2028", "\u2029", "\u0085"])
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_unsafe_char(ch: str) -> bool:
    """C0 and C1 controls, DEL, bidi controls, line separators, and lone surrogates (bytes of a
    name that are not valid UTF-8, as Python keeps them)."""
    code = ord(ch)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or ch in BIDI_CONTROLS
        or ch in LINE_BREAKS
        or 0xD800 <= code <= 0xDFFF
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every unsafe character replaced by a visible backslash escape; text without
    any is returned unchanged (the common case costs one scan)."""
    s = str(text)
    if not any(is_unsafe_char(ch) for ch in s):
        return s
    return "".join(_escape(ch) if is_unsafe_char(ch) else ch for ch in s)


def printable(text: str) -> str:
    """A faithful, writable form of a file name or message: bytes that are not valid UTF-8
    (Python keeps them as surrogate escapes, e.g. a Latin-1 "M\\xfcller.jpg" from a USB stick)
    become backslash escapes, so no output ever fails because of a name."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
