"""Issue 23 on the viewer side: File > Export goes through the shared write guard
(``inference.core.output_files.output_problem``) with the scanned folders as roots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.window.main_window import MainWindow
from tests.gui_helpers import open_window, scan

pytestmark = pytest.mark.usefixtures("private_qsettings")


@pytest.fixture
def scanned(qtbot, tmp_path: Path, model_path: Path, samples_dir: Path):
    folder = tmp_path / "ward"
    (folder / "sub").mkdir(parents=True)
    for p in sorted(samples_dir.glob("*.jpeg"))[:2]:
        shutil.copy(p, folder / p.name)
    window = open_window(qtbot, tmp_path / "settings" / "s.ini", model_path)
    scan(qtbot, window, [folder])
    window.select_row(0)
    qtbot.waitUntil(window.act_save_overlay.isEnabled, timeout=30_000)
    yield window, folder
    window.shutdown()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))  # hidden files too


def outside_link(tmp_path: Path, folder: Path) -> Path:
    """A file name outside the scan that is a symlink to an image inside it."""
    (tmp_path / "out").mkdir(exist_ok=True)
    link = tmp_path / "out" / "report.csv"
    if not link.is_symlink():
        os.symlink(next(folder.glob("*.jpeg")), link)
    return link


def a_folder(path: Path) -> Path:
    path.mkdir(exist_ok=True)
    return path


CASES = [
    ("act_export_csv", lambda tmp, f: f / "worklist.csv", "inside the scanned folder"),
    ("act_export_csv", lambda tmp, f: f / "sub" / "w.csv", "inside the scanned folder"),
    ("act_export_pdf", lambda tmp, f: f / "report.pdf", "inside the scanned folder"),
    ("act_save_overlay", lambda tmp, f: f / "sub" / "o.png", "inside the scanned folder"),
    ("act_export_csv", outside_link, "inside the scanned folder"),
    ("act_export_pdf", lambda tmp, f: a_folder(tmp / "named.pdf"), "is a folder"),
]


@pytest.mark.parametrize(("action", "where", "says"), CASES)
def test_export_into_scanned_folder_is_refused_with_a_message(
    qtbot, scanned, tmp_path, monkeypatch, action, where, says
):
    window: MainWindow = scanned[0]
    folder: Path = scanned[1]
    target = where(tmp_path, folder)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    before = listing(folder)
    image_bytes = {p: p.read_bytes() for p in folder.glob("*.jpeg")}
    finished: list[tuple] = []
    window.exportFinished.connect(lambda *a: finished.append(a))
    getattr(window, action).trigger()
    qtbot.wait(200)
    boxes = [b for b in window.open_message_boxes() if "Choose another folder" in b.windowTitle()]
    assert boxes and says in boxes[-1].text() and target.name in boxes[-1].text()
    assert listing(folder) == before  # not even a probe file
    assert {p: p.read_bytes() for p in folder.glob("*.jpeg")} == image_bytes
    assert finished == []  # nothing was submitted


def test_export_outside_the_scanned_folder_still_works(qtbot, scanned, tmp_path, monkeypatch):
    window: MainWindow = scanned[0]
    target = tmp_path / "exports" / "worklist.csv"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        window.act_export_csv.trigger()
    assert blocker.args[1] is True and target.is_file()
