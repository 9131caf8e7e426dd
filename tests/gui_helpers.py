"""Opening the real main window and scanning in it: shared by the window-level tests."""

from __future__ import annotations

from pathlib import Path

from app.core.settings import AppSettings
from app.window.main_window import MainWindow

SCAN_TIMEOUT_MS = 90_000


def open_window(qtbot, ini: Path, model_path: Path | None, wait_model: bool = True) -> MainWindow:
    """The main window at 1366x768 on its own settings file, shown, the model loaded."""
    window = MainWindow(AppSettings.at_path(ini), model_path=model_path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    if wait_model and window.session is None:
        with qtbot.waitSignal(window.modelReady, timeout=30_000):
            pass
    return window


def scan(qtbot, window: MainWindow, sources: list[Path]):
    """Open ``sources`` and wait for the scan to end; returns its outcome."""
    with qtbot.waitSignal(window.scanFinished, timeout=SCAN_TIMEOUT_MS) as blocker:
        assert window.open_sources(sources)
    return blocker.args[0]
