"""Issue 22, a clinician's day: each defect driven through the real window (offscreen)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.core import style
from app.window.main_window import MainWindow
from app.worklist.worklist_logic import Column
from app.worklist.worklist_model import PROBABILITY_ROLE
from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from inference.export.worklist_files import CSV_ENCODING
from tests.gui_helpers import SCAN_TIMEOUT_MS, open_window, scan

pytestmark = pytest.mark.usefixtures("private_qsettings")


def synthetic() -> list[TriageResult]:
    """Three ranked images, a colour photo (out of scope) and an unreadable file."""
    out = [
        TriageResult(
            path=Path(f"/scan/img{i}.png"),
            index=i,
            pneumonia_prob=p,
            class_probs={"normal": 1 - p, "bacterial": p / 2, "viral": p / 2},
            cam=np.eye(14, dtype=np.float32),
        )
        for i, p in enumerate((0.2, 0.9, 0.6))
    ]
    out.append(TriageResult(path=Path("/scan/holiday.jpg"), index=3, pneumonia_prob=0.97,
                            class_probs={"normal": 0.03, "bacterial": 0.9, "viral": 0.07},
                            flags={Flag.COLOUR}))  # fmt: skip
    bad = Path("/scan/broken.dcm")
    out.append(TriageResult(path=bad, index=4, error=LoadFailure(bad, FailureKind.TRUNCATED, "x")))
    return out


def files(window: MainWindow) -> list[str]:
    return [window.proxy.index(r, Column.FILE).data() for r in range(window.proxy.rowCount())]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding=CSV_ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


def export_csv(qtbot, window: MainWindow, target: Path) -> list[dict[str, str]]:
    target.parent.mkdir(parents=True, exist_ok=True)
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        assert window.export_csv(target)
    assert blocker.args[1] is True, blocker.args[2]
    return read_csv(target)


# 1 -----------------------------------------------------------------------------------------
def test_cancelled_scan_says_incomplete_on_status_and_exports(qtbot, window, shared_data, tmp_path):
    fullres = shared_data / "kermany-fullres"
    with qtbot.waitSignal(window.scanner.resultsArrived, timeout=SCAN_TIMEOUT_MS):
        assert window.open_sources([fullres])
    with qtbot.waitSignal(window.scanFinished, timeout=SCAN_TIMEOUT_MS):
        window.act_cancel.trigger()
    n = window.model.rowCount()
    expected = re.compile(rf"incomplete: {n} (of 240 )?scanned.*cancelled")
    assert expected.search(window.progress_label.text().lower())
    assert expected.search(window.status_message.text().lower())
    assert expected.search(window.worklist_panel.note_label.text().lower())
    rows = export_csv(qtbot, window, tmp_path / "out" / "w.csv")
    assert {r["worklist_status"] for r in rows} == {window.worklist_status}
    assert expected.search(window.worklist_status)
    assert expected.search(window.report_info().worklist_status)


# 2 -----------------------------------------------------------------------------------------
def test_out_of_scope_rows_show_no_probability(qtbot, window, tmp_path):
    window.model.append(synthetic())
    row = files(window).index("holiday.jpg")
    cell = window.proxy.index(row, Column.PROBABILITY)
    assert cell.data() == "—" and cell.data(PROBABILITY_ROLE) is None
    window.select_row(row)
    assert window.details.prob_value.text() in ("—", "")
    rows = {r["file"]: r for r in export_csv(qtbot, window, tmp_path / "o" / "w.csv")}
    assert rows["holiday.jpg"]["pneumonia_probability"] == ""
    assert rows["holiday.jpg"]["model_probability"] == ""
    assert float(rows["holiday.jpg"]["model_output_unranked"]) == pytest.approx(0.97)
    assert rows["img1.png"]["model_output_unranked"] == ""
    assert float(rows["img1.png"]["pneumonia_probability"]) == pytest.approx(0.9)


def test_groups_are_separated_by_a_visible_line_in_the_table(qtbot, window):
    window.model.append(synthetic())
    qtbot.wait(50)
    table = window.table
    image = table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def top_colours(row: int) -> set[str]:
        shown = [c for c in Column if not table.isColumnHidden(c)]
        rects = [table.visualRect(window.proxy.index(row, c)) for c in shown]
        return {
            image.pixelColor(int(r.center().x() * ratio), int((r.top() + 1) * ratio)).name()
            for r in rects
        }

    names = files(window)
    assert top_colours(names.index("holiday.jpg")) == {style.SCOPE_COLOR.name()}
    assert top_colours(names.index("broken.dcm")) == {style.ERROR_COLOR.name()}
    inside = top_colours(names.index("img2.png"))  # within the ranked group: no line
    assert style.SCOPE_COLOR.name() not in inside and style.ERROR_COLOR.name() not in inside


# 11 ----------------------------------------------------------------------------------------
def test_header_click_sorts_within_groups_and_says_which_way(qtbot, window):
    window.model.append(synthetic())
    header = window.table.horizontalHeader()
    assert header.model().headerData(Column.PROBABILITY, Qt.Orientation.Horizontal).endswith("▼")
    x = header.sectionViewportPosition(Column.PROBABILITY) + 10
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert files(window) == ["img0.png", "img2.png", "img1.png", "holiday.jpg", "broken.dcm"]
    title = header.model().headerData(Column.PROBABILITY, Qt.Orientation.Horizontal)
    tip = header.model().headerData(
        Column.PROBABILITY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert title.endswith("▲") and "lowest risk first" in tip
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert files(window) == ["img1.png", "img2.png", "img0.png", "holiday.jpg", "broken.dcm"]


# 5 -----------------------------------------------------------------------------------------
def test_keyboard_focus_arrows_on_image_search_and_shortcuts(qtbot, window, samples_dir):
    window.activateWindow()
    scan(qtbot, window, [samples_dir])
    assert window.table.hasFocus() or window.focusWidget() is window.table
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton)
    window.view.setFocus()
    window.select_row(2)
    QTest.keyClick(window.view, Qt.Key.Key_Down)
    assert window.table.currentIndex().row() == 3
    window.act_next_row.trigger()
    assert window.table.currentIndex().row() == 4
    window.act_prev_row.trigger()
    assert window.table.currentIndex().row() == 3
    window.act_find.trigger()
    assert window.search_edit.hasFocus()
    inverted = window.view.inverted
    QTest.keyClicks(window.search_edit, "ifhr")
    assert window.view.inverted == inverted and window.search_edit.text() == "ifhr"


def test_table_and_image_show_keyboard_focus(qtbot, window, samples_dir):
    scan(qtbot, window, [samples_dir])
    window.table.setFocus()
    focused = window.table.grab().toImage()
    window.view.setFocus()
    qtbot.wait(50)
    unfocused = window.table.grab().toImage()
    assert focused != unfocused  # a visible frame, not only a dotted cell
    image_focused = window.view.grab().toImage()
    window.table.setFocus()
    qtbot.wait(50)
    assert window.view.grab().toImage() != image_focused


# 4, 7 --------------------------------------------------------------------------------------
def test_long_dicom_name_keeps_details_and_disclaimer_on_screen(
    qtbot, window, shared_data, tmp_path
):
    folder = tmp_path / "long"
    folder.mkdir()
    src = next((shared_data / "dicom").rglob("*.dcm"))
    name = "gdcm-" + "CR-MONO1-10-chest-very-long-exported-series-name" * 3 + ".dcm"
    shutil.copy(src, folder / name)
    scan(qtbot, window, [folder])
    window.resize(1024, 600)
    qtbot.wait(100)
    window.select_row(0)
    qtbot.wait(100)
    details = window.details
    right = details.mapTo(window, QPoint(details.width(), 0)).x()
    assert right <= window.width()
    disc = details.disclaimer
    assert disc.mapTo(window, QPoint(disc.width(), 0)).x() <= window.width()
    assert details.file_label.text() == name and name in details.file_label.toolTip()
    assert str(folder) in details.path_label.text().replace("\u200b", "")


# 6 -----------------------------------------------------------------------------------------
def test_reads_column_shows_unread_filter_counts_and_undo(qtbot, window, samples_dir):
    scan(qtbot, window, [samples_dir])
    total = window.model.rowCount()
    assert window.table.isColumnHidden(Column.READ)
    window.select_row(0)
    first = window.current_result()
    window.act_read_pneumonia.trigger()
    assert not window.table.isColumnHidden(Column.READ)
    assert f"1 of {total} read" in window.worklist_panel.note_label.text()
    window.worklist_panel.reset_columns()  # "Fit columns to width"
    assert not window.table.isColumnHidden(Column.READ)
    combo = window.filter_combo
    combo.setCurrentIndex(combo.findText("Unread"))
    assert window.proxy.rowCount() == total - 1
    combo.setCurrentIndex(0)
    window.act_undo_read.trigger()
    assert window.model.read_of(first) == ""
    assert "Undone" in window.status_message.text()


# 7 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_file_names_stay_readable_on_small_screens(qtbot, window, size):
    window.model.append(synthetic())
    name = "NORMAL2-IM-0888-0001.jpeg"
    window.model.append([TriageResult(path=Path(f"/scan/{name}"), index=7, pneumonia_prob=0.1)])
    window.select_row(0)
    window.act_read_normal.trigger()  # a read keeps "Your read" shown where it fits
    window.resize(*size)
    qtbot.wait(100)
    table = window.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    width = table.columnWidth(Column.FILE)
    shown = table.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, width - 12)
    assert len(shown.replace("…", "")) >= 16, shown  # "NORMAL2-…0001.jpeg", not "NOR…peg"
    assert not table.isColumnHidden(Column.LABEL)
    assert table.columnWidth(Column.LABEL) >= table.fontMetrics().horizontalAdvance("pneumonia")
    # the reader's call and the flags stay too (long titles elide; the file column keeps room)
    assert not table.isColumnHidden(Column.READ) and not table.isColumnHidden(Column.FLAGS)


# 8, 9 --------------------------------------------------------------------------------------
def test_tiny_restored_geometry_falls_back_to_first_run(qtbot, ini, model_path):
    w = open_window(qtbot, ini, model_path, wait_model=False)
    w.resize(709, 369)
    w.close()
    w.shutdown()
    again = open_window(qtbot, ini, model_path, wait_model=False)
    try:
        assert again.width() >= 800 and again.height() >= 500
    finally:
        again.shutdown()


def test_small_screen_gives_the_image_priority(qtbot, window):
    window.resize(1024, 600)
    qtbot.wait(100)
    worklist, image, details = window.splitter.sizes()
    assert image >= max(worklist, details)
    button = window.view_bar.widgetForAction(window.act_overlay)
    assert button is not None and button.isVisible()


# polish: placeholder birth dates ------------------------------------------------------------
def test_placeholder_birth_date_is_an_unknown_age_not_an_adult(qtbot, window):
    meta = {"patient_birth_date": "19000101", "study_date": "20190601", "modality": "DX"}
    film = TriageResult(path=Path("/scan/dental.dcm"), index=0, pneumonia_prob=0.3,
                        class_probs={"normal": 0.7, "bacterial": 0.2, "viral": 0.1},
                        metadata=meta)  # fmt: skip
    window.model.append([film])
    window.select_row(0)
    label = window.proxy.index(0, Column.LABEL).data()
    assert "adult" not in label and "119" not in label, label
    tip = window.proxy.index(0, Column.LABEL).data(Qt.ItemDataRole.ToolTipRole) or ""
    assert "119" not in tip and label in ("normal", "pneumonia")


# untrusted text ------------------------------------------------------------------------------
def test_markup_names_and_bidi_patient_names_show_literally(qtbot, window, samples_dir, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy(next(samples_dir.glob("*.jpeg")), folder / "<h1>x.jpeg")
    scan(qtbot, window, [folder])
    window.select_row(0)
    assert window.details.file_label.textFormat() == Qt.TextFormat.PlainText
    assert window.details.file_label.text() == "<h1>x.jpeg"
    spoof = TriageResult(path=Path("/scan/p.png"), index=9, pneumonia_prob=0.5,
                         metadata={"patient_name": "EVIL\u202e", "patient_id": "QA001"})  # fmt: skip
    window.model.append([spoof])
    row = files(window).index("p.png")
    text = window.proxy.index(row, Column.PATIENT).data()
    assert "\u202e" not in text and text.endswith("(QA001)")
    box = window.show_message(QMessageBox.Icon.Information, "t", "<b>x</b>")
    assert box.textFormat() == Qt.TextFormat.PlainText
