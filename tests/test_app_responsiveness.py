"""The GUI thread keeps breathing while the full-resolution set is scanned and browsed.

A 20 ms QTimer heartbeat on the GUI thread records the gaps between beats. Meanwhile the scan runs
(decode pool + inference thread) and, like a user, the test moves the selection every 250 ms so
full-resolution images are decoded and shown. The test itself only selects rows: light work.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QTimer

from app.main_window import MainWindow
from app.settings import AppSettings

HEARTBEAT_MS = 20
MAX_GAP_S = 0.200


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


def test_gui_thread_not_blocked_during_fullres_scan(qtbot, tmp_path, model_path, shared_data):
    fullres = shared_data / "kermany-fullres"
    window = MainWindow(AppSettings.at_path(tmp_path / "s.ini"), model_path=model_path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.modelReady, timeout=30_000):
        pass

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(beat)

    step = [0]

    def browse() -> None:  # the user walks down the worklist while it fills
        rows = window.proxy.rowCount()
        if rows:
            window.select_row(step[0] % rows)
            step[0] += 1

    browser = QTimer()
    browser.setInterval(250)
    browser.timeout.connect(browse)

    last[0] = time.perf_counter()
    heartbeat.start()
    browser.start()
    t0 = time.perf_counter()
    try:
        with qtbot.waitSignal(window.scanFinished, timeout=300_000) as blocker:
            assert window.open_sources([fullres])
    finally:
        browser.stop()
        heartbeat.stop()
        window.shutdown()
    elapsed = time.perf_counter() - t0

    outcome = blocker.args[0]
    assert not outcome.cancelled and outcome.error is None
    assert window.model.rowCount() == 240
    assert step[0] >= 4  # images were browsed during the scan
    arr = np.array(gaps[1:])  # the first gap includes the scan's start-up on this thread
    max_gap, p99 = float(arr.max()), float(np.percentile(arr, 99))
    print(
        f"\nGUI heartbeat over {elapsed:.1f} s scan of 240 full-res images "
        f"({240 / elapsed:.1f} img/s, {step[0]} rows browsed): {arr.size} beats, "
        f"max gap {max_gap * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"median {np.median(arr) * 1000:.0f} ms"
    )
    assert max_gap < MAX_GAP_S, f"GUI thread blocked for {max_gap * 1000:.0f} ms"
