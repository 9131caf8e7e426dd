"""The whole window with the real model and real images (offscreen)."""

from __future__ import annotations

import csv
import logging
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QTextDocument
from PySide6.QtWidgets import QMessageBox

from app.core.settings import AppSettings
from app.dialogs.about import card_image_path, demote_headings
from app.dialogs.log_panel import install_excepthook
from app.export.export_pdf import render_preview, write_pdf_report
from app.export.report_layout import ReportInfo
from app.viewer.qt_convert import qimage_to_rgb
from app.window.main_window import MainWindow
from app.worklist.worklist_logic import Column, FilterMode
from inference.core.types import FailureKind, LoadFailure, TriageResult
from inference.export.worklist_files import CSV_ENCODING
from inference.triage import worklist as wl
from tests.gui_helpers import SCAN_TIMEOUT_MS, open_window, scan

pytestmark = pytest.mark.usefixtures("private_qsettings")


def wait_image(qtbot, window: MainWindow) -> None:
    """Until the current row's full-resolution image is on screen."""
    qtbot.waitUntil(
        lambda: (
            window.current_result() is not None
            and window.view.display is not None
            and window.view.display.path == window.current_result().path
            and window.full_image_result() is window.current_result()
        ),
        timeout=30_000,
    )


def table_column(window: MainWindow, column: Column) -> list[str]:
    return [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]


@pytest.fixture
def scanned(qtbot, window: MainWindow, samples_dir: Path) -> MainWindow:
    outcome = scan(qtbot, window, [samples_dir])
    assert not outcome.cancelled and outcome.error is None
    return window


# -------------------------------------------------------------------------------------------------
def test_samples_scan_sorted_by_risk_and_first_row_shown(qtbot, scanned: MainWindow, samples_dir):
    window = scanned
    n_files = len(list(samples_dir.glob("*.jpeg")))
    assert window.proxy.rowCount() == n_files
    probs = [window.proxy.result_at(r).pneumonia_prob for r in range(window.proxy.rowCount())]
    assert all(p is not None for p in probs)
    assert probs == sorted(probs, reverse=True)
    assert window.table.currentIndex().row() == 0
    wait_image(qtbot, window)
    top = window.proxy.result_at(0)
    assert window.view.display.shape == top.original_size  # full resolution, not the thumbnail
    assert window.details.prob_value.text().rstrip("%") != "—"
    assert "not a diagnosis" in window.details.disclaimer.text()
    assert f"{n_files} images" in window.summary_label.text()
    assert window.model_label.text().startswith(window.session.contract.name)
    assert window.device_label.text().strip() in ("CPU", "CUDA", "DirectML", "CoreML")


def test_select_row_and_keyboard_navigation_update_image(qtbot, scanned: MainWindow):
    window = scanned
    window.select_row(4)
    wait_image(qtbot, window)
    assert window.current_result() is window.proxy.result_at(4)
    assert window.details.file_label.text() == window.proxy.result_at(4).path.name
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.current_result() is window.proxy.result_at(5)
    wait_image(qtbot, window)
    qtbot.keyClick(window.table, Qt.Key.Key_Up)
    qtbot.keyClick(window.table, Qt.Key.Key_Up)
    assert window.current_result() is window.proxy.result_at(3)
    wait_image(qtbot, window)
    assert window.view.display.path == window.proxy.result_at(3).path


def test_overlay_toggle_key_and_opacity(qtbot, scanned: MainWindow, ini: Path):
    window = scanned
    wait_image(qtbot, window)
    assert window.view.has_overlay and window.view.overlay_shown()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_H)
    assert not window.view.overlay_shown()
    assert not window.details.overlay_check.isChecked() and not window.act_overlay.isChecked()
    qtbot.keyClick(window.table, Qt.Key.Key_H)
    assert window.view.overlay_shown()
    window.details.opacity_slider.setValue(80)
    assert window.view.overlay_opacity == pytest.approx(0.8)
    window.details.overlay_check.setChecked(False)
    assert not window.view.overlay_shown()
    window.settings.sync()
    reread = AppSettings.at_path(ini)
    assert reread.overlay_opacity == pytest.approx(0.8) and reread.overlay_visible is False


def test_threshold_change_relabels_live_and_persists(qtbot, scanned: MainWindow, ini: Path):
    window = scanned
    default = window.session.contract.threshold
    results = [window.proxy.result_at(r) for r in range(window.proxy.rowCount())]
    probs = sorted(r.pneumonia_prob for r in results)
    middle = (probs[len(probs) // 2 - 1] + probs[len(probs) // 2]) / 2  # splits the set in two
    window.worklist.set_threshold(middle)
    labels = table_column(window, Column.LABEL)
    assert labels.count("pneumonia") == len(probs) - len(probs) // 2
    assert labels == [wl.label_text(r, window.model.settings) for r in results]
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(FilterMode.ABOVE_THRESHOLD))
    assert window.proxy.rowCount() == labels.count("pneumonia")
    assert "custom" in window.details.threshold_label.text()
    assert AppSettings.at_path(ini).threshold_for(window.state.model_id, default) == pytest.approx(
        middle
    )
    window.worklist.reset_threshold()
    assert window.model.threshold == default
    assert AppSettings.at_path(ini).threshold_for(window.state.model_id, default) == default


def test_settings_dialog_previews_and_cancel_restores(qtbot, scanned: MainWindow):
    window = scanned
    before = window.model.threshold
    dialog = window.worklist.open_settings()
    results = [window.proxy.result_at(r) for r in range(window.proxy.rowCount())]
    before_count = table_column(window, Column.LABEL).count("pneumonia")
    dialog.threshold_spin.setValue(1.0)  # 1 %: nearly everything becomes pneumonia, live
    assert window.model.threshold == pytest.approx(0.01)
    labels = table_column(window, Column.LABEL)
    assert labels == [wl.label_text(r, window.model.settings) for r in results]
    assert labels.count("pneumonia") > before_count
    dialog.reject()
    assert window.model.threshold == before
    dialog = window.worklist.open_settings()
    dialog.threshold_spin.setValue(99.0)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.accept()
    assert window.model.threshold == pytest.approx(0.99)
    assert window.settings.theme == "dark"
    dialog = window.worklist.open_settings()
    dialog.reset_threshold()
    dialog.accept()
    assert window.model.threshold == window.session.contract.threshold


def test_export_csv_matches_table(qtbot, scanned: MainWindow, tmp_path: Path):
    window = scanned
    window.worklist.set_threshold(0.55)
    target = tmp_path / "exports" / "worklist.csv"
    target.parent.mkdir()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        assert window.export_csv(target)
    assert blocker.args[1] is True, blocker.args[2]
    with open(target, encoding=CSV_ENCODING, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == window.model.rowCount()
    by_file = {r["file"]: r for r in rows}
    for res in window.model.results():
        row = by_file[res.path.name]
        assert float(row["pneumonia_probability"]) == pytest.approx(res.pneumonia_prob, abs=1e-4)
        # the user's threshold, not the model's
        assert row["label"] == wl.label_text(res, window.model.settings)
        assert float(row["threshold"]) == pytest.approx(0.55)
    ranked = [float(r["pneumonia_probability"]) for r in rows if r["group"] == "ranked"]
    assert ranked == sorted(ranked, reverse=True)
    assert [r["rank"] for r in rows if r["group"] == "ranked"] == [
        str(i) for i in range(1, len(ranked) + 1)
    ]
    assert [p.name for p in target.parent.iterdir()] == ["worklist.csv"]  # no temp files left


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_export_pdf_report(qtbot, scanned: MainWindow, tmp_path: Path):
    window = scanned
    target = tmp_path / "report.pdf"
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        assert window.export_pdf(target)
    assert blocker.args[1] is True, blocker.args[2]
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) >= 2  # summary page + 12 rows with thumbnails do not fit on one
    assert len(data) > 60_000  # thumbnails and heatmaps are embedded


def test_pdf_page_count_for_a_large_batch(tmp_path: Path, scanned: MainWindow):
    """Many rows (and failures) paginate; every page is counted and numbered."""
    base = [r for r in scanned.model.results() if r.ok]
    results: list[TriageResult] = []
    for i in range(60):
        results.append(TriageResult(**{**base[i % len(base)].__dict__, "index": i}))
    bad = Path("/nowhere/bad.dcm")
    results.append(
        TriageResult(path=bad, index=99, error=LoadFailure(bad, FailureKind.CORRUPT, "damaged"))
    )
    info = ReportInfo("M", "1", "ab" * 32, "CPU", 0.5, 0.5, ("/data",))
    n = write_pdf_report(tmp_path / "big.pdf", results, info)
    data = (tmp_path / "big.pdf").read_bytes()
    assert n >= 5 and pdf_pages(data) == n


def test_pdf_pages_carry_the_disclaimer_footer(scanned: MainWindow):
    """Rendered with the PDF's own layout code: every page has ink in its footer band (the
    disclaimer) and page 1 has the orange disclaimer box."""
    results = scanned.model.results() * 3  # 36 rows: several pages
    pages = render_preview(results, scanned.report_info(), max_pages=None)
    assert len(pages) >= 3
    for page in pages:
        rgb = qimage_to_rgb(page)
        h = rgb.shape[0]
        margin = round(h * 14 / 297)  # 14 mm of 297 mm
        footer = rgb[h - margin - round(h * 0.03) : h - margin]
        assert (footer < 160).any(), "no disclaimer text in the footer"
    first = qimage_to_rgb(pages[0]).astype(int)
    orange = (np.abs(first - np.array([200, 140, 20])).sum(axis=2) < 40).sum()
    assert orange > 500  # the warning-coloured disclaimer box on page 1


def test_save_overlay_png(qtbot, scanned: MainWindow, tmp_path: Path):
    window = scanned
    wait_image(qtbot, window)
    h, w = window.view.display.shape
    with_heat, without = tmp_path / "with.png", tmp_path / "without.png"
    window.view.set_overlay_opacity(1.0)
    with qtbot.waitSignal(window.exportFinished, timeout=30_000):
        assert window.save_overlay(with_heat)
    window.act_overlay.setChecked(False)
    with qtbot.waitSignal(window.exportFinished, timeout=30_000):
        assert window.save_overlay(without)
    a, b = QImage(str(with_heat)), QImage(str(without))
    # full resolution, plus the caption band below the film (the heat scale makes a taller one)
    assert a.width() == w == b.width() and a.height() > b.height() > h
    rgb_a, rgb_b = qimage_to_rgb(a).astype(int)[:h], qimage_to_rgb(b).astype(int)[:h]
    chroma = lambda x: np.abs(x[..., 0] - x[..., 2]).mean()  # noqa: E731
    assert chroma(rgb_a) > 5 * max(chroma(rgb_b), 0.5)


def make_bad_folder(root: Path, samples_dir: Path) -> Path:
    folder = root / "mixed"
    (folder / "sub").mkdir(parents=True)
    good = sorted(samples_dir.glob("*.jpeg"))[:2]
    shutil.copy(good[0], folder / "good1.jpeg")
    shutil.copy(good[1], folder / "sub" / "good2.jpeg")
    (folder / "empty.png").write_bytes(b"")
    (folder / "notes.jpg").write_text("this is not an image\n" * 20)
    data = good[0].read_bytes()
    (folder / "truncated.jpeg").write_bytes(data[: len(data) // 3])
    return folder


def test_folder_with_bad_files_shows_error_rows(qtbot, window: MainWindow, tmp_path, samples_dir):
    folder = make_bad_folder(tmp_path, samples_dir)
    outcome = scan(qtbot, window, [folder])
    assert outcome.error is None
    assert window.model.rowCount() == 5
    errors = {r.path.name: r for r in window.model.results() if not r.ok}
    assert set(errors) == {"empty.png", "notes.jpg", "truncated.jpeg"}
    assert errors["empty.png"].error.kind is FailureKind.EMPTY
    assert errors["notes.jpg"].error.kind is FailureKind.NOT_AN_IMAGE
    assert errors["truncated.jpeg"].error.kind is FailureKind.TRUNCATED
    status = table_column(window, Column.STATUS)
    assert status[:2] == ["OK", "OK"]  # scored rows first, errors at the bottom
    assert all(s.startswith(("Empty file:", "Not an image:", "Truncated:")) for s in status[2:])
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(FilterMode.ERRORS))
    assert window.proxy.rowCount() == 3
    window.select_row(0)
    assert "could not be scored" in window.view._message
    assert window.details.error_label.isVisible() or window.details.error_label.text()
    qtbot.waitUntil(lambda: "truncated.jpeg" in window.log_panel.toPlainText(), timeout=5000)
    assert "3 unreadable" in window.summary_label.text()
    # exports are refused inside the scanned folder, and nothing is written there
    before = sorted(p.name for p in folder.rglob("*"))
    assert not window.export_csv(folder / "sub" / "worklist.csv")
    assert any("Choose another folder" in b.windowTitle() for b in window.open_message_boxes())
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_dicom_window_level(qtbot, window: MainWindow, shared_data: Path, tmp_path: Path):
    src = shared_data / "dicom" / "dcmbench" / "gdcm-CR-MONO1-10-chest.dcm"
    outcome = scan(qtbot, window, [src])
    assert outcome.error is None and window.model.rowCount() == 1
    result = window.model.result(0)
    assert result.ok, result.error
    wait_image(qtbot, window)
    display = window.view.display
    assert display.has_raw and display.invert_values  # MONOCHROME1: raw values need inverting
    shown = window.view.rendered_pixels().copy()
    window.view.set_window(display.default_window)
    windowed = window.view.rendered_pixels()
    # the default window on raw values looks like the loader's rendering (bright bones)
    assert np.corrcoef(shown.ravel(), windowed.ravel())[0, 1] > 0.9
    narrow = (display.default_window[0], display.default_window[1] / 4)
    window.view.set_window(narrow)
    assert window.view.rendered_pixels().std() > windowed.std()  # more contrast
    window.act_reset_wl.trigger()
    assert window.view.window is None
    # W/L readout shows in the toolbar
    window.view.set_window(narrow)
    assert window.wl_label.text().startswith("W ")


def test_cancel_mid_scan(qtbot, window: MainWindow, shared_data: Path):
    fullres = shared_data / "kermany-fullres"
    with qtbot.waitSignal(window.scanner.resultsArrived, timeout=SCAN_TIMEOUT_MS):
        assert window.open_sources([fullres])
    assert window.state.scanning and window.act_cancel.isEnabled()
    assert not window.act_open_folder.isEnabled()  # one pipeline at a time
    assert not window.open_sources([fullres])
    with qtbot.waitSignal(window.scanFinished, timeout=SCAN_TIMEOUT_MS) as blocker:
        window.cancel_button.click()
    assert blocker.args[0].cancelled
    n = window.model.rowCount()
    assert 0 < n < 240
    assert "incomplete" in window.progress_label.text().lower()
    assert window.act_open_folder.isEnabled() and not window.act_cancel.isEnabled()
    qtbot.wait(300)
    assert window.model.rowCount() == n  # nothing trickles in after the cancel


def test_drop_folder_starts_scan(qtbot, window: MainWindow, samples_dir: Path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples_dir))])
    event = QDropEvent(
        QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    with qtbot.waitSignal(window.scanFinished, timeout=SCAN_TIMEOUT_MS):
        window.dropEvent(event)
    assert window.model.rowCount() > 0


def test_settings_persist_across_windows(qtbot, ini: Path, model_path: Path, samples_dir: Path):
    first = open_window(qtbot, ini, model_path)
    scan(qtbot, first, [samples_dir])
    first.worklist.set_threshold(0.42)
    first.preview.set_overlay_opacity(0.3)
    first.theme_actions["dark"].trigger()
    first.resize(1000, 700)
    first.close()
    second = open_window(qtbot, ini, model_path)
    try:
        assert second.model.threshold == pytest.approx(0.42)
        assert second.view.overlay_opacity == pytest.approx(0.3)
        assert second.details.opacity_slider.value() == 30
        assert second.settings.theme == "dark" and second.theme_actions["dark"].isChecked()
        assert second.settings.recent_folders[0] == str(samples_dir)
        assert second.recent_menu.actions()[0].text() == str(samples_dir)
        assert second.settings.last_folder == str(samples_dir)
    finally:
        second.theme_actions["light"].trigger()
        second.shutdown()


def test_broken_model_shows_error_and_window_stays(qtbot, ini: Path, tmp_path: Path, samples_dir):
    bad_model = tmp_path / "broken.onnx"
    bad_model.write_bytes(b"definitely not onnx" * 100)
    window = MainWindow(AppSettings.at_path(ini), model_path=bad_model)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.modelFailed, timeout=30_000) as blocker:
        pass
    assert "not a valid ONNX model" in blocker.args[0]
    boxes = window.open_message_boxes()
    assert boxes and boxes[0].icon() == QMessageBox.Icon.Critical
    assert "could not be loaded" in boxes[0].windowTitle()
    assert window.isVisible()
    assert not window.act_open_folder.isEnabled()
    assert not window.open_sources([samples_dir])
    assert "scanning disabled" in window.model_label.text()
    assert "No model loaded" in window.details.threshold_label.text()
    about = window.open_about()
    assert "No model is loaded" in about.browser.toPlainText()
    about.close()
    window.shutdown()


def test_about_shows_model_and_disclaimer(qtbot, window: MainWindow):
    dialog = window.open_about()
    text = dialog.browser.toPlainText()
    assert "not a diagnosis" in text
    assert window.session.contract.version in text and window.session.sha256 in text
    dialog.close()


def test_about_shows_model_card_figures_scaled(qtbot, window: MainWindow):
    dialog = window.open_about()
    text = dialog.browser.toPlainText()
    assert "Model card" in text and "Intended use" in text
    doc = dialog.browser.document()
    image = QTextDocument.ResourceType.ImageResource
    figures = [doc.resource(image, QUrl(f"figures/{n}.png")) for n in ("roc", "curves")]
    assert all(isinstance(f, QImage) and not f.isNull() for f in figures)  # loaded, not broken
    assert all(f.width() <= 760 for f in figures)  # scaled to fit, never a sideways scroll
    qtbot.waitUntil(lambda: dialog.browser.viewport().width() > 0)
    assert dialog.browser.horizontalScrollBar().maximum() == 0
    dialog.close()


def test_about_card_helpers(tmp_path: Path):
    md = "# Card\n```bash\n# a comment\n```\n## Limits"
    assert demote_headings(md) == "## Card\n```bash\n# a comment\n```\n### Limits"
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "roc.png").write_bytes(b"x")
    (tmp_path.parent / "outside.png").write_bytes(b"x")
    assert card_image_path("figures/roc.png", tmp_path) == tmp_path / "figures" / "roc.png"
    assert card_image_path("../outside.png", tmp_path) is None  # stays next to the card
    assert card_image_path("https://example.org/roc.png", tmp_path) is None  # offline
    assert card_image_path("figures/missing.png", tmp_path) is None


def test_worklist_fits_1366_without_sideways_scroll(qtbot, scanned: MainWindow):
    window = scanned
    panel = window.worklist_panel
    table = window.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    shown = [c for c in Column if not table.isColumnHidden(c)]
    for needed in (Column.FILE, Column.PROBABILITY, Column.LABEL, Column.LIKELY_TYPE, Column.FLAGS):
        assert needed in shown
    assert table.columnWidth(Column.FILE) >= panel.file_min_width
    # a wide window shows every column, still without scrolling sideways
    window.resize(2560, 1440)
    qtbot.waitUntil(lambda: all(not table.isColumnHidden(c) for c in Column))
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)


def test_finished_scan_strip_keeps_outcome_drops_bar_and_cancel(scanned: MainWindow):
    assert scanned.progress_label.text().startswith("Done:")
    assert scanned.progress_label.isVisible()
    assert not scanned.cancel_button.isVisible() and not scanned.progress_bar.isVisible()


def test_header_menu_shows_and_hides_columns(qtbot, window: MainWindow):
    panel = window.worklist_panel
    table = window.table
    menu = panel.header_menu()
    actions = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert not actions["File"].isEnabled() and not actions["P(pneumonia)"].isEnabled()
    was_hidden = table.isColumnHidden(Column.STUDY_DATE)
    actions["Study date"].setChecked(was_hidden)  # flip it
    assert table.isColumnHidden(Column.STUDY_DATE) is not was_hidden
    assert not panel.auto_fit_columns  # the user's choice is kept on resize
    window.resize(1000, 700)
    qtbot.wait(50)
    assert table.isColumnHidden(Column.STUDY_DATE) is not was_hidden
    panel.reset_columns()
    assert panel.auto_fit_columns
    menu.deleteLater()


def test_excepthook_logs_and_shows(qtbot, window: MainWindow, caplog):
    shown: list[str] = []
    previous = install_excepthook(lambda summary, details: shown.append(summary + details))
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            with caplog.at_level(logging.ERROR, logger="app"):
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert shown and "boom in a slot" in shown[0] and "Traceback" in shown[0]
    assert any("boom in a slot" in r.getMessage() for r in caplog.records)
