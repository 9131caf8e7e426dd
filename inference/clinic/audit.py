"""What the viewer records in the history besides results: the reader's calls, site calibrations,
operating-point profile changes and exports; and the last session's worklist for "Reopen Last
Worklist". Pure builders of ``history.Event`` plus one read-only query; no Qt."""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from inference.clinic.history import Event, EventKind, connect, unreadable

_ROWS = (EventKind.RESULT, EventKind.REOPENED)  # the events that put a row in a worklist


def user_name() -> str:
    """The operating-system login of whoever is at the viewer ("who read it")."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services, containers): recorded as unknown
        return ""


@dataclass(frozen=True)
class Context:
    """What every viewer event carries: the model, the operating point and this window's session."""

    model_sha: str = ""
    operating_point: str = ""
    threshold: float | None = None
    session: str = ""
    user: str = ""

    def event(self, kind: str, **values: object) -> Event:
        base: dict[str, object] = {
            "source": "viewer",
            "model_sha": self.model_sha,
            "operating_point": self.operating_point,
            "threshold": self.threshold,
            "session": self.session,
            "user": self.user,
        }
        return Event(kind=kind, **{**base, **values})  # type: ignore[arg-type]


def read_event(
    ctx: Context,
    path: str,
    call: str | None,
    probability: float | None = None,
    metadata: dict[str, str] | None = None,
) -> Event:
    """The reader's own call on an image (P / N / U), or its removal (``call`` None)."""
    meta = metadata or {}
    return ctx.event(
        EventKind.READ,
        path=path,
        label=call or "cleared",
        probability=probability,
        patient_id=meta.get("patient_id", ""),
        study_uid=meta.get("study_uid", ""),
    )


def calibration_event(ctx: Context, profile: dict) -> Event:
    """A site calibration was fitted and made active (``profile``: its saved fields)."""
    return ctx.event(EventKind.CALIBRATION, threshold=profile.get("threshold"), detail=profile)


def profile_event(ctx: Context, change: str, detail: dict | None = None) -> Event:
    """The operating point's profile changed: 'model default', 'site profile', 'custom'."""
    return ctx.event(EventKind.PROFILE, label=change, detail=detail or {})


def export_event(ctx: Context, target: str, ok: bool, message: str, rows: int) -> Event:
    """A viewer export (CSV, PDF, overlay PNG): where, whether it worked, how many rows."""
    kind = Path(target).suffix.lstrip(".").lower() or "file"
    return ctx.event(
        EventKind.EXPORT,
        path=target,
        label=kind if ok else f"{kind} failed",
        detail={"rows": rows, "message": message},
    )


def reopened_events(ctx: Context, paths: list[Path], from_session: str) -> list[Event]:
    """The rows of an earlier worklist opened again: this session's worklist holds them too."""
    detail = {"from_session": from_session}
    return [ctx.event(EventKind.REOPENED, path=str(p), detail=detail) for p in paths]


@dataclass(frozen=True)
class LastWorklist:
    """The newest session (other than this one) that produced results, and its files in arrival
    order (a file scored twice counted once)."""

    session: str
    at: str
    paths: tuple[str, ...]

    def present(self) -> list[Path]:
        return [Path(p) for p in self.paths if p and Path(p).is_file()]


def last_worklist(path: Path, exclude_session: str = "") -> LastWorklist | None:
    """None when there is no earlier session with results (or no database yet)."""
    if not Path(path).is_file():
        return None
    conn = connect(path, readonly=True)
    try:
        row = conn.execute(
            "SELECT session, MAX(id), MAX(at) FROM events WHERE kind IN (?, ?) AND session != '' "
            "AND session != ? GROUP BY session ORDER BY MAX(id) DESC LIMIT 1",
            (*_ROWS, exclude_session),
        ).fetchone()
        if row is None:
            return None
        paths = conn.execute(
            "SELECT path FROM events WHERE kind IN (?, ?) AND session = ? ORDER BY id",
            (*_ROWS, row[0]),
        ).fetchall()
    except sqlite3.Error as exc:
        raise unreadable(path, exc) from exc
    finally:
        conn.close()
    return LastWorklist(row[0], row[2], tuple(dict.fromkeys(p for (p,) in paths)))
