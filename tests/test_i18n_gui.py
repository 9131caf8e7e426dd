"""Languages in the viewer: Settings → Language switches the open dialogs at once (no restart),
saves the choice, says that the whole window follows at once, and the translated
dialogs fit a 1366x768 screen without clipped labels or buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QWidget,
)

from app.core import translation
from app.core.settings import AppSettings
from app.dialogs.about import AboutDialog
from app.dialogs.clinic_settings_dialog import ClinicSettingsDialog
from app.dialogs.log_panel import LogPanel
from app.dialogs.settings_dialog import SettingsDialog
from inference.clinic import config as cfg
from inference.core import i18n

FRENCH_DISCLAIMER = "Aide au tri — ne constitue pas un diagnostic."


def test_choosing_french_in_settings_switches_the_open_dialogs(qtbot, window, ini: Path):
    window.act_about.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert "Assistive — not a diagnosis." in about.browser.toPlainText()
    log_panel = window.findChild(LogPanel)

    window.act_settings.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert dialog.isVisible() and dialog.language_combo.currentData() == ""
    assert "no restart" in dialog.language_note.text()  # the switch is live, said in plain words
    dialog.language_combo.setFocus()
    qtbot.waitUntil(dialog.language_combo.hasFocus)
    QTest.keyClicks(dialog.language_combo, "Fr")  # keyboard search: "Français"
    assert dialog.language_combo.currentData() == "fr"
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # The About box that stayed open follows at once, with no restart.
    qtbot.waitUntil(lambda: FRENCH_DISCLAIMER in about.browser.toPlainText(), timeout=5000)
    text = about.browser.toPlainText()
    assert "Utilisation prévue" in text and "radiographies thoraciques de face" in text
    assert about.windowTitle() == "À propos de CXR Triage"
    assert i18n.current_language() == "fr"
    if log_panel is not None:
        assert "erreurs par fichier" in log_panel.placeholderText()
    # Saved for the next start, under the validated key.
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("ui/language") == "fr"
    assert AppSettings.at_path(ini).language == "fr"

    # The next Settings dialog opens in French, Qt's own buttons included (qtbase_fr).
    window.act_settings.trigger()
    again = window.findChildren(SettingsDialog)[-1]
    qtbot.waitUntil(again.isVisible)
    assert again.windowTitle() == "Paramètres"
    assert again.threshold_label.text() == "Seuil de pneumonie"
    assert again.language_combo.currentData() == "fr"
    assert "aucun redémarrage" in again.language_note.text()
    cancel = again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert "Annuler" in cancel.text()
    assert "\u202f%" in again.help_label.text()  # the model's threshold as French writes it
    again.reject()


def test_back_to_the_system_language(qtbot, window, ini: Path, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "es_AR:es")
    AppSettings.at_path(ini).language = "pt"
    translation.install_language("pt")
    window.act_settings.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    assert dialog.windowTitle() == "Definições" and dialog.language_combo.currentData() == "pt"
    assert dialog.language_combo.itemText(0) == "Idioma do sistema"
    dialog.language_combo.setCurrentIndex(0)
    dialog.accept()
    assert i18n.current_language() == "es" and AppSettings.at_path(ini).language == ""


@pytest.mark.parametrize("lang", ["en", "fr", "pt", "es"])
def test_translated_dialogs_fit_1366x768_without_clipping(qtbot, lang, tmp_path: Path):
    translation.install_language(lang)
    settings = AppSettings.at_path(tmp_path / "s.ini")
    dialogs: list[QWidget] = [
        SettingsDialog(0.42, 0.5, "light", settings=settings),
        ClinicSettingsDialog(cfg.ClinicConfig(), tmp_path / "clinic.json"),
        AboutDialog(None, "no model"),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        hint = dialog.sizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768 - 60, (lang, type(dialog), hint)
        clipped = [
            w.text()
            for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)
            if w.isVisible()
            and w.text()
            and not (isinstance(w, QLabel) and w.wordWrap())
            and w.width() < w.minimumSizeHint().width()
        ]
        assert not clipped, (lang, type(dialog).__name__, clipped)
        dialog.close()


def test_startup_language_order(monkeypatch):
    env = {"LANG": "pt_PT.UTF-8"}
    assert translation.startup_language("es", "fr", env) == "es"  # --lang
    assert translation.startup_language(None, "fr", env) == "fr"  # the Settings choice
    assert translation.startup_language(None, "", env) == "pt"  # the system's
    assert translation.startup_language(None, "bogus", {"LANG": "C"}) in i18n.LANGUAGES


def test_a_missing_catalogue_leaves_english_not_an_error(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("CXR_TRIAGE_RESOURCES", str(tmp_path))
    assert translation.install_language("fr") == "fr"
    assert i18n._("Assistive — not a diagnosis.") == "Assistive — not a diagnosis."
