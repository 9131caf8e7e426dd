"""The details panel words what inference decides in the chosen language: a French scope reason
for an out-of-scope image and the French operating-point text, in the real window (French chosen
before it opens, as a saved Settings choice is), then English again live."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core import translation
from app.worklist.worklist_logic import Column
from tests.gui_helpers import open_window, scan


def test_french_scope_reason_and_operating_point_in_the_details_panel(
    qtbot, ini: Path, model_path: Path, samples_dir: Path, tmp_path: Path
):
    shutil.copy(samples_dir / "person1343_bacteria_3419.jpeg", tmp_path / "child.jpeg")
    photo = np.zeros((400, 400, 3), np.uint8)
    photo[:, :, 2] = 200
    photo[:, :, 1] = np.random.default_rng(0).integers(0, 255, (400, 400))
    cv2.imwrite(str(tmp_path / "photo.jpg"), photo)

    translation.install_language("fr")
    window = open_window(qtbot, ini, model_path)
    try:
        scan(qtbot, window, [tmp_path])
        proxy = window.table.model()
        row = next(
            r for r in range(proxy.rowCount()) if proxy.index(r, Column.FILE).data() == "photo.jpg"
        )
        assert proxy.index(row, Column.LABEL).data() == "hors domaine\u00a0: photo couleur"
        rect = window.table.visualRect(proxy.index(row, Column.FILE))
        QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        details = window.details
        qtbot.waitUntil(
            lambda: details._result is not None and details._result.path.name == "photo.jpg",
            timeout=5000,
        )
        verdict = details.verdict.text()
        assert "image en couleur\u00a0: une photo, pas une radiographie" in verdict, verdict
        assert "colour image" not in verdict
        point = details.threshold_label.text()
        assert point.startswith("Point de fonctionnement\u00a0: point de fonctionnement du modèle")
        assert "(seuil " in point and "\u202f%)" in point, point
        assert window.model.settings.operating_point_text() in point

        translation.install_language("en")  # live: the same row, now in English
        qtbot.waitUntil(
            lambda: "model default operating point" in details.threshold_label.text(),
            timeout=5000,
        )
        qtbot.waitUntil(lambda: "colour image: a photo" in details.verdict.text(), timeout=5000)
    finally:
        window.shutdown()
