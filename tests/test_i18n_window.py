"""The main window in the reader's language: French chosen in the real Settings dialog switches
the menus, the toolbar and the status bar at once (no restart); the PDF written by File → Export
PDF Report and the overlay PNG's caption are French; the translated window fits 1366x768 without
a clipped toolbar button, status-bar text or details label; and English comes back live."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMenu, QToolButton

from app.core import translation
from app.dialogs.settings_dialog import SettingsDialog
from app.viewer.elided_label import ElidedLabel
from app.window.action_table import MENU_TITLES
from app.window.main_window import MainWindow
from inference.core import i18n
from tests.gui_helpers import scan
from tests.pdf_text import record_pdf_text
from tests.test_export_caption_and_report import save_via_menu

FRENCH_DISCLAIMER = "Aide au tri — ne constitue pas un diagnostic."
FRENCH_MENUS = ["&Fichier", "A&nalyse", "A&ffichage", "&Lectures", "&Paramètres", "&Aide"]
ENGLISH_MENUS = {*MENU_TITLES, "&Clinic"}


def choose_in_settings(qtbot, window: MainWindow, keys: str, code: str) -> None:
    """Settings → Language by keyboard search, then OK: the user's way to switch."""
    window.act_settings.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    qtbot.waitUntil(dialog.isVisible)
    dialog.language_combo.setFocus()
    qtbot.waitUntil(dialog.language_combo.hasFocus)
    QTest.keyClicks(dialog.language_combo, keys)
    assert dialog.language_combo.currentData() == code
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    QApplication.processEvents()


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.menu() is not None]


def menu_texts(menu: QMenu) -> list[str]:
    """Every action's text in ``menu`` and its submenus."""
    out = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        out.append(action.text())
        if action.menu() is not None:
            out += menu_texts(action.menu())
    return out


def test_french_in_settings_translates_menus_status_pdf_and_caption_live(
    qtbot, window: MainWindow, samples_dir: Path, tmp_path: Path, monkeypatch
):
    assert "&File" in menu_titles(window)
    choose_in_settings(qtbot, window, "Fr", "fr")
    assert i18n.current_language() == "fr"

    # Menus and actions: French, no English menu title of the app's own left.
    qtbot.waitUntil(lambda: "&Fichier" in menu_titles(window))
    titles = menu_titles(window)
    assert titles[: len(FRENCH_MENUS)] == FRENCH_MENUS and "&Centre" in titles
    assert not ENGLISH_MENUS & set(titles)
    english = {s.text for s in window.action_specs if s.text != "1:1"}
    for menu_action in window.menuBar().actions():
        texts = menu_texts(menu_action.menu())
        assert texts and not english & set(texts), (menu_action.text(), english & set(texts))
    assert window.act_open_folder.text() == "Ouvrir un dossier…"
    assert window.act_export_pdf.statusTip() == "Enregistrer un rapport PDF du lot"
    assert window.status_bar.disclaimer_label.text() == FRENCH_DISCLAIMER

    # A scan of the bundled samples: the scan strip and the status bar in French.
    assert scan(qtbot, window, [samples_dir]).error is None
    done = window.progress_label.text()
    assert done.startswith("Terminé\u00a0:") and " images en " in done, done
    assert window.model_label.text() and window.disclaimer_label.text() == FRENCH_DISCLAIMER
    assert "au seuil ou au-dessus" in window.summary_label.text()

    # File → Export PDF Report: French titles, headings and disclaimer, as drawn.
    drawn = record_pdf_text(monkeypatch)
    report = tmp_path / "rapport.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        window.act_export_pdf.trigger()
    assert blocker.args[1] is True, blocker.args[2]
    assert report.stat().st_size > 1000
    for text in ("CXR Triage — rapport de tri du lot", "Rapport de tri du lot", "Page 1 sur ",
                 "Fichier / patient", "Alertes / état", "Au seuil ou au-dessus",
                 "Point de fonctionnement", "Seuil utilisé", "Généré le"):  # fmt: skip
        assert any(text in d for d in drawn), text
    assert any(d.startswith(FRENCH_DISCLAIMER) for d in drawn)  # the footer
    assert not any("batch triage report" in d or "Operating point" in d for d in drawn)
    assert window.status_message.text().startswith("Rapport PDF enregistré\u00a0:")

    # File → Save Overlay as PNG: the caption band in French.
    caption = save_via_menu(qtbot, window, monkeypatch, 0, tmp_path / "superposition.png")
    assert caption.operating_point.startswith("Point de fonctionnement\u00a0:")
    assert caption.disclaimer == FRENCH_DISCLAIMER
    assert caption.verdict.startswith(("P(pneumonie)", "Hors domaine"))
    assert not caption.heat or caption.heat.startswith("Carte de chaleur")

    # Back to English, live: the same window, no restart.
    translation.install_language("en")
    qtbot.waitUntil(lambda: "&File" in menu_titles(window))
    assert window.act_open_folder.text() == "Open Folder…"
    assert window.progress_label.text().startswith("Done: ")


def clipped_widgets(window: MainWindow) -> list[str]:
    """Texts that do not fit their widget: toolbar buttons (and a toolbar overflow), status-bar
    labels, the details panel's one-line labels."""
    out: list[str] = []
    for bar in window.toolbars.values():
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible():
            out.append(f"toolbar {bar.windowTitle()!r} overflows")
        for button in bar.findChildren(QToolButton):
            if button.isVisible() and button.text() and button.width() < button.sizeHint().width():
                out.append(f"toolbar button {button.text()!r}")
    status = window.statusBar().findChildren(QLabel)
    for label in status + window.details.findChildren(QLabel):
        text = label.text()
        if not label.isVisible() or not text or label.wordWrap():
            continue
        if isinstance(label, ElidedLabel):  # file names elide by design in the details panel
            if label in status and label.elided_text() != text:
                out.append(f"elided {text!r}")
            continue
        need = label.fontMetrics().horizontalAdvance(text) if "<" not in text else 0
        need = max(need, label.minimumSizeHint().width())
        margins = label.contentsMargins()
        if label.width() - margins.left() - margins.right() < need - 1:
            out.append(f"label {text!r} ({label.width()} < {need})")
    return out


@pytest.mark.parametrize(("keys", "lang"), [("Fr", "fr"), ("Po", "pt"), ("Es", "es")])
def test_translated_main_window_fits_1366x768(
    qtbot, window: MainWindow, samples_dir: Path, keys: str, lang: str
):
    choose_in_settings(qtbot, window, keys, lang)
    assert scan(qtbot, window, [samples_dir]).error is None
    qtbot.waitUntil(lambda: window.current_result() is not None)
    window.resize(1366, 768)
    QApplication.processEvents()
    assert window.width() == 1366
    assert not clipped_widgets(window), (lang, clipped_widgets(window))
