"""In the viewer: an unreadable file's reason is worded in the screen's language in the details
panel (the reason was made during the scan, shown after it), and the threshold box writes the
percent sign as each language does ("68.7%" in English, "68,7 %" in French)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core import translation
from app.core.settings import AppSettings
from app.dialogs.settings_dialog import SettingsDialog
from app.worklist.worklist_logic import Column
from tests.gui_helpers import open_window, scan


def test_french_details_panel_words_unreadable_files_in_french(
    qtbot, ini: Path, model_path: Path, samples_dir: Path, tmp_path: Path
):
    shutil.copy(samples_dir / "person1343_bacteria_3419.jpeg", tmp_path / "good.jpeg")
    (tmp_path / "notes.jpg").write_text("clinic notes, not an image\n" * 4, encoding="utf-8")
    data = (samples_dir / "person1343_bacteria_3419.jpeg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 2])

    translation.install_language("fr")
    window = open_window(qtbot, ini, model_path)
    try:
        scan(qtbot, window, [tmp_path])
        proxy = window.table.model()
        details = window.details
        expected = {
            "notes.jpg": "Pas une image\u00a0: pas une image\u00a0: son contenu n'est ni JPEG",
            "cut.jpg": "JPEG tronqué (le fichier s'arrête",
        }
        for name, words in expected.items():
            row = next(
                r for r in range(proxy.rowCount()) if proxy.index(r, Column.FILE).data() == name
            )
            rect = window.table.visualRect(proxy.index(row, Column.FILE))
            QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.waitUntil(
                lambda name=name: details._result is not None and details._result.path.name == name,
                timeout=5000,
            )
            text = details.error_label.text()
            assert words in text, text
            for english in ("not an image", "truncated", "file ends", "its content"):
                assert english not in text, text

        translation.install_language("en")  # live: the same reason, now in English
        qtbot.waitUntil(lambda: "truncated JPEG" in details.error_label.text(), timeout=5000)
    finally:
        window.shutdown()


@pytest.mark.parametrize(("lang", "shown"), [("en", "68.7%"), ("fr", "68,7\u202f%")])
def test_threshold_box_percent_sign_follows_the_language(qtbot, tmp_path: Path, lang, shown):
    translation.install_language(lang)
    dialog = SettingsDialog(0.687, 0.5, "light", settings=AppSettings.at_path(tmp_path / "s.ini"))
    qtbot.addWidget(dialog)
    assert dialog.threshold_spin.text() == shown
