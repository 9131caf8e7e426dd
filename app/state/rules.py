"""When each action is enabled: one pure function of ``TriageState`` per rule, named by the
table in ``app.window.action_table``. Tested without Qt."""

from __future__ import annotations

from collections.abc import Callable

from app.state.triage_state import TriageState

Rule = Callable[[TriageState], bool]


def always(_state: TriageState) -> bool:
    """View, help and settings actions work in every state."""
    return True


def can_open(state: TriageState) -> bool:
    """Opening is refused while a scan runs or when no model loaded (nor is loading)."""
    return state.can_open


def can_open_recent(state: TriageState) -> bool:
    return state.can_open and bool(state.recent_folders)


def scanning(state: TriageState) -> bool:
    return state.scanning


def can_export(state: TriageState) -> bool:
    """A worklist to export, and no scan still adding to it."""
    return state.can_export


def full_image_shown(state: TriageState) -> bool:
    """The overlay PNG is drawn from the full-resolution image, never from a preview."""
    return state.shown_full is not None


def model_ready(state: TriageState) -> bool:
    """Reads and calibration belong to one model: none without it."""
    return state.model_ready


def site_profile_in_use(state: TriageState) -> bool:
    return state.model_ready and state.site_profile is not None
