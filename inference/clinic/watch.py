"""The watched folder: files that appear (or are replaced) in a folder are handed on for triage
once they stop growing, and the watch survives the folder disappearing and coming back (a USB
stick, a network share that drops).

Why both watchdog and a poll: watchdog's events make arrival fast, but a folder that is unmounted
takes its watch with it and network shares often send no events at all. So a supervisor thread
re-arms the observer whenever the folder comes back (or is a different folder: new inode) and
rescans it, and a slow periodic rescan catches anything the events missed. Readiness is decided
by ``Stability``, a pure tracker: a file is ready when its (size, mtime) has not changed for
``settle_s``, and it is scored again only when that signature changes. Nothing is ever written
into the watched folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger(__name__)
Signature = tuple[int, int]  # (size, mtime_ns)
_PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".filepart")


def is_candidate(path: Path) -> bool:
    """Skip hidden files and the temp names copy tools use while a file is still arriving."""
    name = path.name
    return not name.startswith((".", "~")) and not name.lower().endswith(_PARTIAL_SUFFIXES)


@dataclass
class Stability:
    """Pure bookkeeping of which files are settled and not yet scored in their current form."""

    settle_s: float = 1.0
    _seen: dict[Path, tuple[Signature, float]] = field(default_factory=dict)
    _scored: dict[Path, Signature] = field(default_factory=dict)

    def observe(self, path: Path, sig: Signature | None, now: float) -> None:
        """Record the file's current signature (None: it is gone)."""
        if sig is None:
            self._seen.pop(path, None)
            return
        previous = self._seen.get(path)
        if previous is None or previous[0] != sig:
            self._seen[path] = (sig, now)

    def ready(self, now: float) -> list[Path]:
        """Files unchanged for ``settle_s`` whose signature was not scored yet; marks them scored."""
        out = []
        for path, (sig, since) in list(self._seen.items()):
            if sig[0] > 0 and now - since >= self.settle_s and self._scored.get(path) != sig:
                self._scored[path] = sig
                out.append(path)
        return sorted(out)

    def unsettled(self) -> list[Path]:
        """Files seen in a form not scored yet: the only ones worth a stat on the next poll."""
        return [p for p, (sig, _) in self._seen.items() if self._scored.get(p) != sig]


def signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if os.path.isfile(path) else None


def walk_files(folder: Path) -> Iterable[Path]:
    """Every candidate file below ``folder``; an unreadable subfolder is skipped, not fatal."""
    for root, dirs, files in os.walk(folder, onerror=lambda _e: None):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            p = Path(root) / name
            if is_candidate(p):
                yield p


def folder_identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if folder.is_dir() else None


class _Events(FileSystemEventHandler):
    def __init__(self, dirty: Callable[[Path], None]) -> None:
        self.dirty = dirty

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        for attr in ("src_path", "dest_path"):
            raw = getattr(event, attr, "")
            if raw:
                self.dirty(Path(os.fsdecode(raw)))


class FolderWatch:
    """``start()``, then ``on_ready(path)`` is called (on the watch thread) for every settled new
    or replaced file; ``stop()`` ends it. ``state`` says 'watching' or 'folder missing'."""

    def __init__(
        self,
        folder: Path,
        on_ready: Callable[[Path], None],
        settle_s: float = 1.0,
        poll_s: float = 0.25,
        rescan_s: float = 30.0,
        on_state: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = Path(folder).absolute()
        self.on_ready = on_ready
        self.on_state = on_state
        self.poll_s = poll_s
        self.rescan_s = rescan_s
        self.stability = Stability(settle_s)
        self.state = "starting"
        self._dirty: set[Path] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer: Observer | None = None  # type: ignore[valid-type]
        self._identity: tuple[int, int] | None = None
        self._thread = threading.Thread(target=self._loop, name="cxr-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._disarm()

    def _mark(self, path: Path) -> None:
        if is_candidate(path):
            with self._lock:
                self._dirty.add(path)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            log.info("watch %s: %s", self.folder, state)
            if self.on_state is not None:
                with contextlib.suppress(Exception):
                    self.on_state(state)

    def _arm(self) -> None:
        observer = Observer()
        observer.schedule(_Events(self._mark), str(self.folder), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def _disarm(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            with contextlib.suppress(Exception):
                observer.stop()
                observer.join(timeout=5)

    def _rescan(self) -> None:
        with self._lock:
            self._dirty.update(walk_files(self.folder))

    def _loop(self) -> None:
        last_rescan = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            identity = folder_identity(self.folder)
            if identity is None:
                if self._observer is not None or self.state != "folder missing":
                    self._disarm()
                    self._identity = None
                    self._set_state("folder missing")
            elif identity != self._identity or self._observer is None:
                self._disarm()
                try:
                    self._arm()
                except OSError as exc:  # e.g. inotify limits: keep going on polling alone
                    log.warning("watch %s: events unavailable (%s); polling", self.folder, exc)
                self._identity = identity
                self._rescan()
                last_rescan = now
                self._set_state("watching")
            elif now - last_rescan >= self.rescan_s:
                self._rescan()
                last_rescan = now
            self._check(now)
            self._stop.wait(self.poll_s)

    def _check(self, now: float) -> None:
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        pending = set(dirty) | set(self.stability.unsettled())
        for path in pending:
            self.stability.observe(path, signature(path), now)
        for path in self.stability.ready(now):
            try:
                self.on_ready(path)
            except Exception:
                log.exception("watch: handing on %s failed", path)
