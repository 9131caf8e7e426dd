"""The log dock: every warning and error (per-file failures included) in one readable place.

A ``logging.Handler`` forwards records through a Qt signal, so worker threads can log freely and
the text widget is only touched on the GUI thread. ``install_excepthook`` makes an unexpected
exception a logged message and a dialog instead of a crash.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MAX_LINES = 5000
log = logging.getLogger("app")


class _Bridge(QObject):
    record = Signal(str, int)


class QtLogHandler(logging.Handler):
    """Thread-safe: ``emit`` may run on any thread; the signal is delivered on the GUI thread."""

    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.bridge = _Bridge()
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(RuntimeError):  # the bridge was deleted at shutdown
            self.bridge.record.emit(self.format(record), record.levelno)


class LogPanel(QPlainTextEdit):
    """Read-only, bounded, monospaced log view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.counts = {"warning": 0, "error": 0}
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Messages and per-file errors appear here."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def level_tag(self, tag: str) -> str:
        """The level column in the current language (lines already shown keep theirs)."""
        names = {
            "info": self.tr("INFO", "log level, at most 7 letters"),
            "warning": self.tr("WARNING", "log level, at most 7 letters"),
            "error": self.tr("ERROR", "log level, at most 7 letters"),
        }
        return names.get(tag, tag.upper())

    def append_message(self, text: str, level: int = logging.INFO) -> None:
        tag = {logging.WARNING: "warning", logging.ERROR: "error", logging.CRITICAL: "error"}.get(
            level, "info"
        )
        if tag in self.counts:
            self.counts[tag] += 1
        stamp = datetime.now().strftime("%H:%M:%S")
        self.appendPlainText(f"{stamp}  {self.level_tag(tag):7}  {text}")
        self.moveCursor(QTextCursor.MoveOperation.End)

    def connect_handler(self, handler: QtLogHandler) -> None:
        handler.bridge.record.connect(self.append_message, Qt.ConnectionType.QueuedConnection)


def attach_handler(panel: LogPanel, level: int = logging.INFO) -> QtLogHandler:
    """Route the ``app`` and ``inference`` loggers to ``panel``."""
    handler = QtLogHandler(level)
    panel.connect_handler(handler)
    for name in ("app", "inference"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
    return handler


def detach_handler(handler: QtLogHandler) -> None:
    for name in ("app", "inference"):
        logging.getLogger(name).removeHandler(handler)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(show: Callable[[str, str], None]) -> ExceptHook:
    """Log unexpected exceptions and show them via ``show(summary, details)``; returns the old hook.

    KeyboardInterrupt keeps its default behaviour. A failure inside ``show`` itself is only logged,
    so a broken dialog cannot recurse.
    """
    previous = sys.excepthook
    busy = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal busy
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error: %s\n%s", exc, details)
        if busy:
            return
        busy = True
        try:
            summary = QCoreApplication.translate("LogPanel", "An unexpected error occurred: %1")
            show(summary.replace("%1", str(exc)), details)
        except Exception:
            log.exception("could not show the error dialog")
        finally:
            busy = False

    sys.excepthook = hook
    return previous
