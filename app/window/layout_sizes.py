"""Window and pane sizes (QRect maths only): first run, restored geometry, splitter shares."""

from __future__ import annotations

from PySide6.QtCore import QRect


def initial_split(width: int) -> list[int]:
    """Worklist / image / details widths.

    At 1366 the worklist gets ~575 px: enough for a readable file name, P(pneumonia), label,
    likely type and flags without a horizontal scrollbar, leaving the image ~540 px. On wide screens it grows
    (to show patient, date and status too) but the image keeps the larger share.
    """
    if width < 1280:  # small clinic screens: the film gets the largest share
        details = max(200, int(width * 0.2))
        worklist = max(320, int(width * 0.38))  # readable file names; the image stays widest
        return [worklist, max(300, width - worklist - details), details]
    details = max(250, min(380, int(width * 0.15)))
    worklist = max(540, min(960, int(width * 0.42)))
    return [worklist, max(300, width - worklist - details), details]


def first_run_geometry(available: QRect) -> QRect:
    """With no saved geometry: most of the available screen (90%, at least 1024x640 where the
    screen allows), centred, so the worklist, image and details all fit at once."""
    w = min(available.width(), max(1024, int(available.width() * 0.9)))
    h = min(available.height(), max(640, int(available.height() * 0.9)))
    rect = QRect(0, 0, w, h)
    rect.moveCenter(available.center())
    return rect


def geometry_fits(rect: QRect, available: QRect, minimum: tuple[int, int] = (800, 500)) -> bool:
    """A restored window must lie on the current screen and be big enough to work in (at least
    ``minimum``, or the whole screen where that is smaller); else the first-run size is used."""
    min_w, min_h = min(minimum[0], available.width()), min(minimum[1], available.height())
    return (
        available.contains(rect.center())
        and rect.width() >= min_w
        and rect.height() >= min_h
        and rect.width() <= available.width()
        and rect.height() <= available.height()
    )


def status_bar_fit(window_width: int, details_width: int) -> tuple[bool, bool]:
    """(shorten the model's name, show the operating point) in the status bar. Below 1280 px the
    name shortens to its version; the operating point is left to the details panel, which pins
    it above the disclaimer, unless that panel is collapsed. The disclaimer always stays."""
    narrow = window_width < 1280
    return narrow, not narrow or details_width < 120
