"""Issue 22, the polish: small screens, filters, search, Settings keys, refit; driven through the
real window (offscreen), as a clinician would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.dialogs.settings_dialog import SettingsDialog
from app.worklist.worklist_logic import Column
from tests.gui_helpers import scan
from tests.test_app_clinician_day import files, synthetic

pytestmark = pytest.mark.usefixtures("private_qsettings")


def on_screen(widget, window) -> bool:
    """Wholly inside the window and not hidden by a scroll area."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    inside = window.rect().contains(top_left) and window.rect().contains(
        widget.mapTo(window, QPoint(widget.width() - 1, widget.height() - 1))
    )
    seen = widget.visibleRegion().boundingRect()
    return widget.isVisible() and inside and seen.size() == widget.size()


def test_small_screen_details_keep_disclaimer_legend_and_status_readable(qtbot, window):
    window.model.append(synthetic())
    window.resize(1024, 600)
    qtbot.wait(100)
    names = files(window)
    window.select_row(names.index("img1.png"))  # ranked, above the threshold: the longest panel
    window.act_read_normal.trigger()
    window.select_row(names.index("holiday.jpg"))  # out of scope: reasons and a flag
    qtbot.wait(100)
    details = window.details
    # the disclaimer and the operating point are pinned: never below the fold
    assert on_screen(details.disclaimer, window)
    assert on_screen(details.threshold_label, window)
    assert "Operating point" in details.threshold_label.text()
    # the legend: "weak", "fixed scale" and "strong" never run together; a second line if need be
    legend = details.legend
    fm = legend.fontMetrics()
    one_line = fm.height() + 18

    def labels_clear() -> bool:
        half, middle = legend.width() / 2, fm.horizontalAdvance("fixed scale") / 2
        side = max(fm.horizontalAdvance("weak"), fm.horizontalAdvance("strong"))
        return side + 8 <= half - middle

    assert labels_clear() or legend.height() >= one_line + fm.height()
    window.splitter.setSizes([300, 500, 180])  # a narrower details pane: two lines
    qtbot.wait(100)
    assert not labels_clear() and legend.height() >= one_line + fm.height()
    window.resize(1920, 1080)
    qtbot.wait(100)
    window.splitter.setSizes([800, 700, 420])
    qtbot.wait(100)
    assert labels_clear() and legend.height() == one_line  # room enough: one line
    window.resize(1024, 600)
    qtbot.wait(100)
    # the status line: the read is readable in full, nothing in the bar is cut
    message = window.status_message
    assert message.text().startswith("Your read: normal")
    assert message.elided_text() == message.text(), message.elided_text()
    assert message.toolTip() == message.text()
    for label in (window.disclaimer_label, window.model_label, window.site_label):
        assert not label.isVisible() or label.width() >= label.sizeHint().width(), label.text()
    assert window.disclaimer_label.isVisible()
    window.resize(1366, 768)
    qtbot.wait(100)
    assert window.site_label.isVisible()  # wide enough: the operating point is back


def test_flagged_filter_shows_every_row_with_flags(qtbot, window):
    window.model.append(synthetic())  # holiday.jpg: a colour photo, out of scope, flagged
    combo = window.filter_combo
    combo.setCurrentIndex(combo.findText("Flagged"))
    assert files(window) == ["holiday.jpg"]


def test_search_matches_labels_and_follows_the_threshold(qtbot, window):
    window.model.append(synthetic())  # img1 90%, img2 60%, img0 20%
    window.worklist.set_threshold(0.7)
    window.search_edit.setFocus()
    QTest.keyClicks(window.search_edit, "pneumonia")
    qtbot.waitUntil(lambda: files(window) == ["img1.png"])
    window.worklist.set_threshold(0.5)
    qtbot.waitUntil(lambda: sorted(files(window)) == ["img1.png", "img2.png"])
    window.search_edit.clear()
    QTest.keyClicks(window.search_edit, "normal")
    qtbot.waitUntil(lambda: files(window) == ["img0.png"])
    labels = [window.proxy.index(r, Column.LABEL).data() for r in range(window.proxy.rowCount())]
    assert labels == ["normal"]


def test_settings_tab_then_enter_is_ok_not_reset(qtbot, window):
    window.act_settings.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.threshold_spin.setFocus()
    qtbot.waitUntil(dialog.threshold_spin.hasFocus)
    dialog.threshold_spin.setValue(50.0)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is dialog.reset_button
    QTest.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert window.model.threshold == pytest.approx(0.5)  # not reset to the model default
    assert dialog.ok_button.isDefault() and not dialog.reset_button.autoDefault()


def test_image_refits_when_its_pane_narrows_unless_zoomed(qtbot, window, samples_dir):
    scan(qtbot, window, [samples_dir])
    window.select_row(0)
    qtbot.waitUntil(lambda: window.full_image_result() is not None)
    view = window.view

    def image_rect():
        return view.mapFromScene(view.sceneRect()).boundingRect()

    def fits() -> bool:
        r, vp = image_rect(), view.viewport().rect()
        return (
            r.width() <= vp.width() + 1
            and r.height() <= vp.height() + 1
            and (r.width() >= vp.width() - 3 or r.height() >= vp.height() - 3)
        )

    assert fits()
    window.resize(1024, 600)
    qtbot.waitUntil(fits)
    window.resize(1366, 768)
    qtbot.waitUntil(fits)
    window.act_zoom_in.trigger()
    zoom = view.zoom()
    window.resize(1024, 600)
    qtbot.wait(100)
    assert view.zoom() == pytest.approx(zoom)  # the user's zoom is kept
    window.act_fit.trigger()
    assert fits()
