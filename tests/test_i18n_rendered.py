"""Nothing left in English (issue 26), as rendered: in French, Portuguese and Spanish the real main
window scans the bundled samples and a small mixed folder (a colour photo, out of scope; a text
file named .jpg, unreadable; one more normal film, so the site calibration has its five normal
reads), selects an in-scope, the out-of-scope and the unreadable row, opens every dialog the
menus reach without side effects, and walks every text each visible widget shows (labels,
buttons, group boxes, placeholders, combo items, tabs, tooltips, the worklist's headers and every
cell's text and tooltip, menus and actions, window titles, the status bar). A text that is an
English source string of the catalogues (or made from one: placeholders are wildcards) whose
translation differs, or that holds an English giveaway phrase, fails the test
(``tests/i18n_leaks.py``)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel

from app.core import translation
from app.dialogs.about import AboutDialog
from app.dialogs.settings_dialog import SettingsDialog
from app.window.main_window import MainWindow
from inference.triage.site_reads import Read
from tests.gui_helpers import open_window, scan
from tests.i18n_leaks import PLACEHOLDER, catalogue, leaks

translate = QCoreApplication.translate
PHOTO, NOTES, EXTRA_NORMAL = "photo.jpg", "notes.jpg", "extra-NORMAL2-IM-0845-0001.jpeg"


def mixed_folder(folder: Path, samples_dir: Path) -> Path:
    folder.mkdir()
    photo = np.zeros((400, 400, 3), np.uint8)
    photo[:, :, 2] = 200
    photo[:, :, 1] = np.random.default_rng(0).integers(0, 255, (400, 400))
    cv2.imwrite(str(folder / PHOTO), photo)
    (folder / NOTES).write_text("clinic notes, not an image\n" * 4, encoding="utf-8")
    pixels = cv2.imread(str(samples_dir / "NORMAL2-IM-0845-0001.jpeg"), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(folder / EXTRA_NORMAL), cv2.convertScaleAbs(pixels, alpha=0.95, beta=10))
    return folder


def select(qtbot, window: MainWindow, name: str) -> None:
    row = next(
        r for r in range(window.proxy.rowCount()) if window.proxy.result_at(r).path.name == name
    )
    window.select_row(row)
    result = window.proxy.result_at(row)
    qtbot.waitUntil(lambda: window.details._result is result, timeout=10_000)
    QApplication.processEvents()


def read_all(window: MainWindow) -> None:
    """The reader's calls on every film (not the photo or the text file): five of each at least."""
    for result in window.model.results():
        name = result.path.name
        if name in (PHOTO, NOTES):
            continue
        normal = name.startswith(("NORMAL", "IM-", "extra-"))
        window.model.set_read(result, Read.NORMAL if normal else Read.PNEUMONIA)


class Walk:
    """The leaks found in one language, each once, with the step that showed it."""

    def __init__(self, window: MainWindow, lang: str, masks: list[str]) -> None:
        self.window, self.lang, self.masks = window, lang, masks
        self.found: dict[str, str] = {}

    def __call__(self, step: str, root=None, masks: tuple[str, ...] = ()) -> None:
        QApplication.processEvents()
        for leak in leaks(root or self.window, self.lang, [*self.masks, *masks]):
            self.found.setdefault(leak, step)

    def report(self) -> list[str]:
        return [f"[{step}] {leak}" for leak, step in self.found.items()]


@pytest.mark.parametrize("lang", ["fr", "pt", "es"])
def test_no_english_left_in_the_rendered_window(
    qtbot, ini: Path, model_path: Path, samples_dir: Path, tmp_path: Path, lang: str
):
    mixed = mixed_folder(tmp_path / "mixed", samples_dir)
    translation.install_language(lang)  # as a saved Settings → Language choice is at start
    window = open_window(qtbot, ini, model_path)
    try:
        assert scan(qtbot, window, [samples_dir, mixed]).error is None
        names = [r.path.name for r in window.model.results()]
        masks = [str(tmp_path), str(samples_dir), *names]
        walk = Walk(window, lang, masks)
        walk("scanned")
        for name in ("person1343_bacteria_3419.jpeg", PHOTO, NOTES):
            select(qtbot, window, name)
            walk(f"{name} selected")

        window.act_settings.trigger()
        dialog = window.findChildren(SettingsDialog)[-1]
        qtbot.waitUntil(dialog.isVisible)
        walk("Settings", dialog)
        dialog.reject()
        window.act_about.trigger()
        about = window.findChildren(AboutDialog)[-1]
        # The model's own words stay English, and say so: the model card (after the line that
        # says it is in English) and the intended use the model states ("(in English)").
        shown = about.browser.toPlainText()
        marker = translate(
            "About", "The model card below is in English, as the model was published."
        )
        assert marker in shown
        card = shown.split(marker, 1)[1]
        walk("About", about, (card, window.session.contract.intended_use))
        about.reject()
        for action in (window.act_intended_use, window.act_quick_start):
            action.trigger()
            box = window.open_message_boxes()[-1]
            walk(action.text(), box)
            box.reject()
        clinic = window.clinic.open_settings()
        walk("Clinic network settings", clinic)
        clinic.reject()
        window.act_log.trigger()  # the log dock, its title and placeholder
        qtbot.waitUntil(window.log_dock.isVisible)
        walk("log panel")
        window.act_calibrate.trigger()  # no reads yet: the "not enough reads" box
        qtbot.waitUntil(lambda: bool(window.open_message_boxes()), timeout=30_000)
        box = window.open_message_boxes()[-1]
        walk("Calibrate without reads", box)
        box.reject()
        read_all(window)
        window.act_calibrate.trigger()
        qtbot.waitUntil(lambda: window.site.calibration_dialog is not None, timeout=60_000)
        walk("Site calibration", window.site.calibration_dialog)
        window.site.calibration_dialog.reject()
        walk("after the dialogs")
        assert not walk.found, f"{lang}: English left on screen:\n" + "\n".join(walk.report())

        # The check bites: an English label planted in the status bar is caught.
        planted = QLabel("Open Samples")
        window.statusBar().addWidget(planted)
        planted.show()
        assert any("'Open Samples'" in leak for leak in leaks(window, lang, masks))
    finally:
        window.shutdown()


@pytest.mark.parametrize("lang", ["fr", "pt", "es"])
def test_the_check_catches_english_and_passes_the_translations(lang: str):
    cat = catalogue(lang)
    assert cat.leak_of("Open Samples") == "source 'Open Samples'"  # exact
    assert cat.leak_of("&File") == "source 'File'"  # a menu title, its mnemonic aside
    assert cat.leak_of("Done: 12 images in 3.4 s") == "source 'Done: {n} images in {s} s'"
    assert cat.leak_of("Terminé · Done: 12 images in 3.4 s")  # one piece of a joined line
    assert cat.leak_of("<b>Seuil</b> (threshold)") == "giveaway 'threshold'"
    assert cat.leak_of("CXR Triage pneumonia model 2.1.0") is None  # allowed: the model's name
    # No false alarm on the language's own words: every translation passes.
    filled = [PLACEHOLDER.sub("7", t) for t in cat.translations]
    assert not [t for t in filled if cat.leak_of(t)]
