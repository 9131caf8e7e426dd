"""A clinician's small screens: with a read marked (the "Your read" column shown), every column the
worklist shows lies inside the table at 1366x768 in each language, the flags included (in French
and Portuguese they were pushed out); at 1024x600 the file name, P(pneumonia), the label, the
flags and the reader's own call all still show; long titles elide with the whole title in the
header's tooltip; and the status bar says the operating point compactly but whole at 1024."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import translation
from app.window.main_window import MainWindow
from app.worklist.eliding_header import fit_title
from app.worklist.worklist_logic import Column, column_title
from inference.triage.operating_point import OperatingPoint, Origin, percent, resolve
from inference.triage.site_profile import SiteSource
from tests.gui_helpers import scan

pytestmark = pytest.mark.usefixtures("private_qsettings")

MUST_SHOW = (Column.FILE, Column.PROBABILITY, Column.LABEL, Column.FLAGS, Column.READ)


def scanned_and_read(qtbot, window: MainWindow, samples_dir: Path, lang: str, size) -> None:
    """The samples scanned in ``lang``, the first row read as pneumonia with the P key."""
    translation.install_language(lang)
    assert scan(qtbot, window, [samples_dir]).error is None
    window.select_row(0)
    first = window.current_result()
    qtbot.keyClick(window.table, Qt.Key.Key_P)  # marks the row and moves to the next one
    assert window.model.read_of(first) == "pneumonia"
    window.resize(*size)
    QApplication.processEvents()
    qtbot.wait(100)
    assert window.width() == size[0]


def columns_outside(window: MainWindow) -> list[str]:
    """Shown columns whose header section is not wholly inside the table's viewport."""
    table = window.table
    header = table.horizontalHeader()
    width = table.viewport().width()
    out = []
    for column in Column:
        if table.isColumnHidden(column):
            continue
        left, size = header.sectionViewportPosition(column), header.sectionSize(column)
        if left < 0 or left + size > width:
            out.append(f"{column.name} at {left}+{size} > {width}")
    return out


@pytest.mark.parametrize("lang", ["en", "fr", "pt", "es"])
def test_every_column_fits_1366_with_a_read_marked(
    qtbot, window: MainWindow, samples_dir: Path, lang: str
):
    scanned_and_read(qtbot, window, samples_dir, lang, (1366, 768))
    table = window.table
    hidden = [c.name for c in MUST_SHOW if table.isColumnHidden(c)]
    assert not hidden, (lang, hidden)
    assert not columns_outside(window), (lang, columns_outside(window))
    assert table.horizontalScrollBar().maximum() == 0
    # a title too long for its column elides; the header's tooltip has it whole
    header = table.horizontalHeader()
    model = table.model()
    for column in MUST_SHOW:
        title = column_title(column)
        tip = model.headerData(int(column), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert title in tip, (lang, column, tip)
        shown = header.shown_title(column)
        assert shown.replace(" ▼", "") == title or shown.endswith(("…", "… ▼")), shown


def test_small_screen_keeps_file_probability_label_flags_and_read(
    qtbot, window: MainWindow, samples_dir: Path
):
    scanned_and_read(qtbot, window, samples_dir, "en", (1024, 600))
    table = window.table
    hidden = [c.name for c in MUST_SHOW if table.isColumnHidden(c)]
    assert not hidden, hidden
    assert not columns_outside(window), columns_outside(window)
    assert table.horizontalScrollBar().maximum() == 0
    # the sorted column's title elides before its arrow; the label keeps "pneumonia" whole
    assert window.table.horizontalHeader().shown_title(Column.PROBABILITY).endswith("▼")
    fm = table.fontMetrics()
    assert table.columnWidth(Column.LABEL) >= fm.horizontalAdvance("pneumonia")
    worklist, image, details = window.splitter.sizes()
    assert image >= max(worklist, details)


def test_fit_title_keeps_the_sort_arrow(qtbot, window: MainWindow):
    fm = window.table.horizontalHeader().fontMetrics()
    text = "P(pneumonia) ▼"
    assert fit_title(text, fm.horizontalAdvance(text), fm) == text
    short = fit_title(text, fm.horizontalAdvance("P(pne… ▼"), fm)
    assert short.endswith("… ▼") and short.startswith("P(")


@pytest.mark.parametrize("lang", ["en", "fr", "pt", "es"])
def test_status_bar_says_the_operating_point_whole_at_1024(
    qtbot, window: MainWindow, samples_dir: Path, lang: str
):
    scanned_and_read(qtbot, window, samples_dir, lang, (1024, 600))
    label = window.site_label
    text = label.text().strip()
    assert label.isVisible() and text, text
    full = window.model.settings.operating_point_text()
    assert percent(window.model.threshold) in text  # the threshold itself, in that language
    assert full in label.toolTip()
    if lang == "en":
        assert text == f"threshold {percent(window.model.threshold)} (model)"
    # nothing of it is cut: the label is as wide as its text
    margins = label.contentsMargins()
    room = label.width() - margins.left() - margins.right()
    assert room >= label.fontMetrics().horizontalAdvance(label.text()), (room, label.text())
    assert window.disclaimer_label.isVisible() and window.model_label.isVisible()
    # wide enough again: the whole sentence
    window.resize(1366, 768)
    qtbot.wait(100)
    assert window.site_label.text().strip() == full


def test_compact_operating_point_says_site_custom_and_provisional(qtbot, window: MainWindow):
    contract = window.session.contract

    def compact(point: OperatingPoint) -> str:  # the resolver's few words, as the bar shows
        return point.short_text

    model_t = percent(contract.threshold)
    assert compact(resolve(contract)) == f"threshold {model_t} (model)"
    assert compact(resolve(contract, custom=0.2)) == "threshold 20.0% (custom)"
    small = SiteSource("2026-01-01", 9, provisional=True)
    site = OperatingPoint(0.3, 1.2, Origin.SITE, 0.3, contract.threshold, small)
    assert compact(site) == "threshold 30.0% (PROVISIONAL site)"
    full = SiteSource("2026-01-01", 300)
    assert compact(replace(site, source=full)) == "threshold 30.0% (site)"
    custom = replace(site, threshold=0.5, origin=Origin.CUSTOM_OVER_SITE)
    assert compact(custom) == "threshold 50.0% (custom; PROVISIONAL site calibration)"
    assert compact(replace(custom, source=full)) == "threshold 50.0% (custom; site calibration)"
    # without a site source, the same cases as the whole sentence (``OperatingPoint.text``)
    assert compact(replace(custom, source=None)) == "threshold 50.0% (custom)"
    assert "custom threshold" in replace(custom, source=None).text
    assert compact(replace(site, source=None)) == "threshold 30.0% (model)"
    assert "model default" in replace(site, source=None).text


def test_a_wide_screen_shows_file_names_whole_before_the_patient_column(
    qtbot, window: MainWindow, samples_dir: Path
):
    """At 1920x1080 the type, flags and read show and names are whole ("person1459_bacteria_
    3796.jpeg" was elided to 13 em while the patient column, empty for JPEGs, took the room)."""
    scanned_and_read(qtbot, window, samples_dir, "en", (1920, 1080))
    table, panel = window.table, window.worklist_panel
    assert not [c for c in (*MUST_SHOW, Column.LIKELY_TYPE) if table.isColumnHidden(c)]
    assert table.columnWidth(Column.FILE) >= panel.file_want_width
    names = [window.model.index(r, Column.FILE).data() for r in range(window.model.rowCount())]
    metrics = table.fontMetrics()
    assert max(metrics.horizontalAdvance(n) for n in names) <= table.columnWidth(Column.FILE)
    assert not columns_outside(window) and table.horizontalScrollBar().maximum() == 0


def test_a_column_the_user_drags_keeps_its_width_until_fit_columns(
    qtbot, window: MainWindow, samples_dir: Path
):
    """The fit used to reset a dragged column on the next resize of the table."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    scanned_and_read(qtbot, window, samples_dir, "en", (1366, 768))
    table, panel = window.table, window.worklist_panel
    header = table.horizontalHeader()
    before = header.sectionSize(Column.LABEL)
    edge = header.sectionViewportPosition(Column.LABEL) + before - 2
    y = header.height() // 2
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for dx in (10, 20, 30, 40):  # a real drag on the section's handle
        QTest.mouseMove(header.viewport(), QPoint(edge + dx, y))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 40, y))
    dragged = header.sectionSize(Column.LABEL)
    assert dragged > before + 20, (before, dragged)
    for size in ((1400, 800), (1366, 768)):  # the window is resized: the fit runs again
        window.resize(*size)
        QApplication.processEvents()
    assert header.sectionSize(Column.LABEL) == dragged
    assert table.horizontalScrollBar().maximum() == 0 and not columns_outside(window)
    # the header menu's "Fit columns to width" gives the fitted widths back
    fit = next(a for a in panel.header_menu().actions() if a.text() == "Fit columns to width")
    fit.trigger()
    QApplication.processEvents()
    assert header.sectionSize(Column.LABEL) < dragged and panel.auto_fit_columns


def test_dicoms_with_patients_keep_the_patient_column_on_a_wide_screen(
    qtbot, window: MainWindow, tmp_path: Path, shared_data: Path
):
    """A DICOM's UID file name says less than its patient: the patient column holds its place
    (the whole-file-name rule gives way only to columns that are empty)."""
    from tests.clinic_data import kermany_jpegs, pediatric_dicom

    for i, jpeg in enumerate(kermany_jpegs(shared_data, 2)):
        pediatric_dicom(jpeg, tmp_path, i).rename(tmp_path / f"1.2.826.0.1.3680043.8.498.{i}9.dcm")
    translation.install_language("en")
    window.resize(1920, 1080)  # where JPEGs' names take the patient column's room
    assert scan(qtbot, window, [tmp_path]).error is None
    QApplication.processEvents()
    table = window.table
    assert not table.isColumnHidden(Column.PATIENT)
    assert window.model.index(0, Column.PATIENT).data()  # "Test, Child… (CXRPED…)"
    assert not columns_outside(window) and table.horizontalScrollBar().maximum() == 0
    window.model.clear()  # a new folder: no patient yet, the column gives way again
    assert not window.worklist_panel._patients
