"""Window and pane sizes (QRect maths only): first run, restored geometry, splitter shares."""

from __future__ import annotations

from PySide6.QtCore import QRect

#: The details panel's narrowest width (a 1024-px window gives it no more).
DETAILS_MIN_WIDTH = 176


def initial_split(width: int) -> list[int]:
    """Worklist / image / details widths.

    At 1366 the worklist gets ~575 px: enough for a readable file name, P(pneumonia), label,
    likely type and flags without a horizontal scrollbar, leaving the image ~540 px. On wide screens it grows
    (to show patient, date and status too) but the image keeps the larger share.
    """
    if width < 1280:  # small clinic screens: the film gets the largest share, just
        # (at 1024: ~415 px for the worklist, which then still shows the file name, P(pneumonia),
        # the label, the flags and the reader's own call; the details panel wraps its texts)
        details = max(DETAILS_MIN_WIDTH, int(width * 0.175))
        worklist = max(320, int((width - details) * 0.49))
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
    """(shorten the model's name, shorten the operating point) in the status bar. Below 1280 px
    the name shortens to its version, and, while the details panel shows the operating point in
    full (pinned above the disclaimer), the status bar says it compactly ("threshold 68.7% (model)",
    the whole sentence in its tooltip). The disclaimer always stays."""
    narrow = window_width < 1280
    return narrow, narrow and details_width >= 120
