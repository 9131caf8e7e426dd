"""Preference rules that do not need Qt: recent folders, the operating point, value clamping."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from inference.core.i18n import LANGUAGES

MAX_RECENT = 8
THEMES = ("light", "dark")
DEFAULT_THEME = "light"
DEFAULT_OPACITY = 0.45


def push_recent(items: Iterable[str], new: str, limit: int = MAX_RECENT) -> list[str]:
    """Put ``new`` first, drop its older copy (same resolved path) and keep at most ``limit``."""

    def norm(p: str) -> str:
        try:
            return str(Path(p).expanduser().resolve())
        except OSError:
            return p

    key = norm(new)
    out = [new] + [p for p in items if p and norm(p) != key]
    return out[:limit]


def existing_recent(items: Iterable[str]) -> list[str]:
    """Recent entries that still exist (a removed USB disk must not leave a dead menu item)."""
    return [p for p in items if p and Path(p).exists()]


def valid_threshold(value: object) -> float | None:
    """A usable operating point strictly inside (0, 1), else None."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and 0.0 < v < 1.0 else None


def effective_threshold(
    model_default: float, stored: object, stored_for_model: str | None, model_id: str
) -> float:
    """The user's threshold if it was chosen for this very model, else the model's own.

    A threshold tuned for one model version means nothing for another (its calibration differs), so
    a model update silently resetting to its own default is the safe behaviour.
    """
    custom = valid_threshold(stored)
    if custom is not None and stored_for_model == model_id:
        return custom
    return model_default


def clamp_opacity(value: object, default: float = DEFAULT_OPACITY) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return min(max(v, 0.0), 1.0) if math.isfinite(v) else default


def valid_theme(value: object) -> str:
    return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME


def valid_language(value: object) -> str:
    """A stored language choice: a supported code, or "" (follow the system) for anything else."""
    return value if isinstance(value, str) and value in LANGUAGES else ""
