"""The audit history: an SQLite database in the user's data folder recording every scan, result,
read, export, calibration and profile change with when, the app version, the model sha and the
operating point, so an audit can answer "what did the tool say about this film that day".

Why this shape: WAL journal (readers never block the writer, a kill mid-write loses at most the
uncommitted event, never the file), one writer thread fed by a queue (the receiver, the watch and
the viewer record from any thread without locking), ``user_version`` migrations (old databases
open in newer apps). Everything stored from a DICOM tag is stored as text, never interpreted.
"""

from __future__ import annotations

import csv
import io
import json
import queue
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from inference.core.i18n import _
from inference.core.output_files import atomic_write_text


class EventKind:
    """Stable codes for the ``kind`` column."""

    SCAN = "scan"
    RESULT = "result"
    READ = "read"
    EXPORT = "export"
    CALIBRATION = "calibration"
    PROFILE = "profile_change"
    RECEIVED = "received"
    REOPENED = "reopened"  # a row of an earlier worklist, opened again in this session


#: Schema steps; step i brings ``user_version`` from i to i + 1. Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL DEFAULT '',
        model_sha TEXT NOT NULL DEFAULT '',
        operating_point TEXT NOT NULL DEFAULT '',
        threshold REAL,
        path TEXT NOT NULL DEFAULT '',
        patient_id TEXT NOT NULL DEFAULT '',
        study_uid TEXT NOT NULL DEFAULT '',
        sop_uid TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        probability REAL,
        scope TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    """,
    """
    ALTER TABLE events ADD COLUMN user TEXT NOT NULL DEFAULT '';
    CREATE INDEX events_at ON events(at);
    CREATE INDEX events_study ON events(study_uid);
    CREATE INDEX events_sop ON events(sop_uid);
    """,
    """
    ALTER TABLE events ADD COLUMN session TEXT NOT NULL DEFAULT '';
    CREATE INDEX events_session ON events(session);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
COLUMNS = (
    "id",
    "at",
    "kind",
    "source",
    "app_version",
    "model_sha",
    "operating_point",
    "threshold",
    "path",
    "patient_id",
    "study_uid",
    "sop_uid",
    "label",
    "probability",
    "scope",
    "detail",
    "user",
    "session",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def app_version() -> str:
    try:
        return metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        return "unknown"


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Event:
    """One line of history; ``detail`` holds anything else as JSON."""

    kind: str
    source: str = ""
    model_sha: str = ""
    operating_point: str = ""
    threshold: float | None = None
    path: str = ""
    patient_id: str = ""
    study_uid: str = ""
    sop_uid: str = ""
    label: str = ""
    probability: float | None = None
    scope: str = ""
    detail: dict = field(default_factory=dict)
    user: str = ""
    session: str = ""  # one viewer window or one listen/watch run: its worklist
    at: str = field(default_factory=now_text)

    def row(self, version: str) -> tuple:
        return (
            self.at,
            self.kind,
            self.source,
            version,
            self.model_sha,
            self.operating_point,
            self.threshold,
            self.path,
            self.patient_id,
            self.study_uid,
            self.sop_uid,
            self.label,
            self.probability,
            self.scope,
            json.dumps(self.detail, ensure_ascii=False, default=str),
            self.user,
            self.session,
        )


class HistoryError(RuntimeError):
    """The database cannot be opened (damaged, newer than this app, not writable)."""


def unreadable(path: Path, exc: sqlite3.Error) -> HistoryError:
    """The one message for a history database that cannot be read (history and audit queries)."""
    return HistoryError(
        _("the history database %(path)s cannot be read: %(exc)s") % {"path": path, "exc": exc}
    )


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (and migrate, unless ``readonly``) the history; WAL, NORMAL sync, busy timeout."""
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=10)
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn)
        conn.execute("PRAGMA busy_timeout=10000")
        return conn
    except (sqlite3.Error, OSError) as exc:
        raise HistoryError(
            _("the history database %(path)s cannot be opened: %(exc)s")
            % {"path": path, "exc": exc}
        ) from exc


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step; returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(
            _("the history database is from a newer version of CXR Triage (schema %(version)s)")
            % {"version": version}
        )
    for step in range(version, SCHEMA_VERSION):
        with conn:  # commit or roll back the step as a whole
            conn.execute("BEGIN")
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={step + 1}")
    return SCHEMA_VERSION


class HistoryWriter:
    """The one writer: a thread that commits queued events (in small transactions)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.version = app_version()
        connect(self.path).close()  # fail here, in the caller, when the file is unusable
        self._queue: queue.Queue[Event | None] = queue.Queue()
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._loop, name="cxr-history", daemon=True)
        self._thread.start()

    def record(self, event: Event) -> None:
        self._queue.put(event)

    def flush(self, timeout_s: float = 10.0) -> None:
        """Wait until everything recorded so far is committed."""
        done = threading.Event()
        self._queue.put(_Marker(done))  # type: ignore[arg-type]
        done.wait(timeout_s)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        conn = connect(self.path)
        try:
            while True:
                item = self._queue.get()
                batch = [item]
                while item is not None and not self._queue.empty() and len(batch) < 200:
                    item = self._queue.get()
                    batch.append(item)
                events = [e for e in batch if isinstance(e, Event)]
                if events:
                    try:
                        with conn:
                            conn.executemany(_INSERT, [e.row(self.version) for e in events])
                    except sqlite3.Error as exc:
                        self.errors.append(f"history not written: {exc}")
                for e in batch:
                    if isinstance(e, _Marker):
                        e.done.set()
                if any(e is None for e in batch):
                    return
        finally:
            conn.close()


@dataclass
class _Marker:
    done: threading.Event


_INSERT = (
    f"INSERT INTO events ({', '.join(COLUMNS[1:])}) VALUES ({', '.join('?' * (len(COLUMNS) - 1))})"
)


def list_events(
    path: Path, kinds: Sequence[str] = (), limit: int | None = None, study_uid: str = ""
) -> list[dict]:
    """Events newest first, as dicts of COLUMNS; an absent database has no events."""
    if not Path(path).is_file():
        return []
    sql = f"SELECT {', '.join(COLUMNS)} FROM events"
    where, args = [], []  # type: ignore[var-annotated]
    if kinds:
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        args += list(kinds)
    if study_uid:
        where.append("study_uid = ?")
        args.append(study_uid)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    conn = connect(path, readonly=True)
    try:
        return [dict(zip(COLUMNS, row, strict=True)) for row in conn.execute(sql, args)]
    except sqlite3.Error as exc:
        raise unreadable(path, exc) from exc
    finally:
        conn.close()


def _cell(value: object) -> str:
    """A CSV cell; text from DICOM tags can start with '=' and must not become a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(events: Iterable[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in events:
        writer.writerow([_cell(e.get(c)) for c in COLUMNS])
    return buf.getvalue()


def export_csv(events: Iterable[dict], target: Path) -> int:
    """Write the events as CSV (UTF-8 with BOM for spreadsheets) atomically; returns the count."""
    rows = list(events)
    atomic_write_text(target, "\ufeff" + csv_text(rows))
    return len(rows)


def integrity(path: Path) -> str:
    """SQLite's own check: 'ok' for a sound database."""
    conn = connect(path, readonly=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
