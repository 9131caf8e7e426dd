"""Progress wording for the scan strip (Qt-free, gettext). Works on any object shaped like
``Progress``.

``incomplete_text`` is the machine-readable status the CSV and JSON carry (English, stable);
``incomplete_shown`` is the same fact in the reader's language for the screen and the PDF."""

from __future__ import annotations

import math
from typing import Protocol

from inference.core.i18n import N_, _, format_number, ngettext

#: Why a scan stopped early: the English word goes into the CSV status, ``_()`` of it on screen.
CANCELLED = N_("cancelled")
STOPPED_BY_ERROR = N_("stopped by an error")


class ProgressLike(Protocol):
    done: int
    total: int | None
    failed: int
    elapsed_s: float
    eta_s: float | None


def format_duration(seconds: float | None) -> str:
    """Rounded, human durations: '8 s', '1 min 05 s', '2 h 03 min'."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return ""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {(s % 3600) // 60:02d} min"


def progress_text(p: ProgressLike) -> str:
    """One line: counts, failures and the time left (or 'finding files…' while the scan lists)."""
    n = format_number
    failed = _(" · {n} failed").format(n=n(p.failed)) if p.failed else ""
    if p.total is None:
        return _("Finding images… {n} processed").format(n=n(p.done)) + failed
    text = ngettext("{done} / {total} image", "{done} / {total} images", p.total).format(
        done=n(p.done), total=n(p.total)
    )
    text += failed
    if p.done < p.total:
        left = format_duration(p.eta_s)
        text += (
            _(" · about {left} left").format(left=left) if left else _(" · estimating time left…")
        )
    else:
        text += f" · {format_duration(p.elapsed_s)}"
    return text


def done_text(total: int, errors: int, elapsed_s: float) -> str:
    """'Done: 12 images in 3.4 s · 1 could not be read' in the reader's language."""
    text = ngettext("Done: {n} image in {s} s", "Done: {n} images in {s} s", total).format(
        n=format_number(total), s=format_number(elapsed_s, 1)
    )
    if errors:
        text += ngettext(" · {n} could not be read", " · {n} could not be read", errors).format(
            n=format_number(errors)
        )
    return text


def progress_fraction(p: ProgressLike) -> tuple[int, int]:
    """(value, maximum) for a progress bar; maximum 0 means 'busy, total unknown'."""
    if p.total is None or p.total <= 0:
        return 0, 0
    return min(p.done, p.total), p.total


def incomplete_text(scanned: int, total: int | None, reason: str = "cancelled") -> str:
    """How a stopped scan is labelled on the status line and every export, so a partial
    worklist is never read as the whole folder: 'incomplete: 40 of 62 scanned, cancelled'."""
    if total is None or total < scanned:
        return f"incomplete: {scanned} scanned (total not yet known), {reason}"
    return f"incomplete: {scanned} of {total} scanned, {reason}"


def incomplete_shown(scanned: int, total: int | None, reason: str = CANCELLED) -> str:
    """``incomplete_text`` in the reader's language, capitalised for a line of its own:
    'Incomplete: 40 of 62 scanned, cancelled'."""
    n = format_number
    if total is None or total < scanned:
        text = _("Incomplete: {scanned} scanned (total not yet known), {reason}")
        return text.format(scanned=n(scanned), reason=_(reason))
    text = _("Incomplete: {scanned} of {total} scanned, {reason}")
    return text.format(scanned=n(scanned), total=n(total), reason=_(reason))
