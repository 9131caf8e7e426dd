"""Untrusted text (file names, DICOM tags) prepared for a Qt widget or the PDF. Qt-free.

``inference.core.safe_text.visible`` turns controls and bidi overrides into visible escapes, so a
PatientName with U+202E cannot reorder the patient ID next to it. A genuinely right-to-left name
(Arabic, Hebrew) is wrapped in a first-strong isolate so it cannot drag the "(ID)" after it into
its own direction. Widgets still show this text with ``Qt.PlainText``.
"""

from __future__ import annotations

import unicodedata

from inference.core.safe_text import visible

FSI, PDI = "\u2068", "\u2069"


def shown(text: object) -> str:
    """``text`` with controls, bidi overrides and undecodable bytes as visible escapes."""
    return visible(text)


def isolated(text: object) -> str:
    """``shown(text)``, isolated from its neighbours when it holds right-to-left letters."""
    s = shown(text)
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in s):
        return f"{FSI}{s}{PDI}"
    return s


def breakable(text: str, every: int = 16) -> str:
    """Zero-width break opportunities after separators and every ``every`` characters, so a
    long file name or path wraps in a narrow label instead of widening it."""
    out: list[str] = []
    run = 0
    for ch in text:
        out.append(ch)
        run += 1
        if ch in "/\\_-. " or run >= every:
            out.append("\u200b")
            run = 0
    return "".join(out)
