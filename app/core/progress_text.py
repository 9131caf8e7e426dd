"""Progress wording for the scan strip (Qt-free). Works on any object shaped like ``Progress``."""

from __future__ import annotations

import math
from typing import Protocol


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
    failed = f" · {p.failed} failed" if p.failed else ""
    if p.total is None:
        return f"Finding images… {p.done} processed{failed}"
    text = f"{p.done} / {p.total} images{failed}"
    if p.done < p.total:
        left = format_duration(p.eta_s)
        text += f" · about {left} left" if left else " · estimating time left…"
    else:
        text += f" · {format_duration(p.elapsed_s)}"
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
