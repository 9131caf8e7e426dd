"""The GUI thread keeps breathing while the full-resolution set is scanned and browsed.

A 20 ms QTimer heartbeat on the GUI thread records the gaps between beats. Meanwhile the scan runs
(decode pool + inference thread) and, like a user, the test moves the selection every 250 ms so
full-resolution images are decoded and shown. The test itself only selects rows: light work.

On a shared machine other processes can keep the GUI thread waiting for a CPU; that is not the
app blocking its GUI thread. On Linux the thread's run-queue delay (``/proc/.../schedstat``) is
recorded per gap, reported, and subtracted before the 200 ms limit is applied; everything the
app itself does on (or to) the GUI thread, including waits for the GIL, still counts.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from app.core.settings import AppSettings
from app.window.main_window import MainWindow

HEARTBEAT_MS = 20
MAX_GAP_S = 0.200
N_FULLRES = 240


pytestmark = pytest.mark.usefixtures("private_qsettings")


def run_queue_reader():
    """Seconds this thread has waited for a CPU so far (Linux), else a function returning 0."""
    path = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
    if not sys.platform.startswith("linux") or not path.exists():
        return lambda: 0.0
    return lambda: int(path.read_text().split()[1]) / 1e9


def test_gui_thread_not_blocked_during_fullres_scan(qtbot, tmp_path, model_path, shared_data):
    fullres = shared_data / "kermany-fullres"
    window = MainWindow(AppSettings.at_path(tmp_path / "s.ini"), model_path=model_path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.modelReady, timeout=30_000):
        pass

    run_queue = run_queue_reader()
    gaps: list[float] = []
    waits: list[float] = []
    last = [time.perf_counter(), run_queue()]

    def beat() -> None:
        now, queued = time.perf_counter(), run_queue()
        gaps.append(now - last[0])
        waits.append(queued - last[1])
        last[:] = [now, queued]

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

    last[:] = [time.perf_counter(), run_queue()]
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
    assert window.model.rowCount() == N_FULLRES
    assert step[0] >= 4  # images were browsed during the scan
    gap = np.array(gaps[1:])  # the first gap includes the scan's start-up on this thread
    app_gap = gap - np.array(waits[1:])  # minus time spent waiting for a CPU
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nGUI heartbeat during a {elapsed:.1f} s scan of {N_FULLRES} full-res images "
        f"({N_FULLRES / elapsed:.1f} img/s, {step[0]} rows browsed, load {load:.1f} on "
        f"{os.cpu_count()} CPUs): {gap.size} beats; gap max {gap.max() * 1000:.0f} ms, "
        f"p99 {np.percentile(gap, 99) * 1000:.0f} ms, median {np.median(gap) * 1000:.0f} ms; "
        f"without CPU run-queue wait: max {app_gap.max() * 1000:.0f} ms, "
        f"p99 {np.percentile(app_gap, 99) * 1000:.0f} ms"
    )
    assert app_gap.max() < MAX_GAP_S, f"GUI thread blocked for {app_gap.max() * 1000:.0f} ms"
