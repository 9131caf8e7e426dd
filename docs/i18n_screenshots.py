"""Render the viewer in each language at 1366x768 into docs/screenshots/i18n/, to check the
translated texts for clipping, overflow and untranslated words by eye:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/i18n_screenshots.py [--out DIR] [--lang fr ...]

Per language: ``worklist-<lang>.png`` (the bundled samples scanned and read, a pneumonia row
selected, the details panel showing), ``details-out-of-scope-<lang>.png`` (a colour photo in the
batch, its scope reason in the details panel), ``settings-<lang>.png`` (Settings),
``clinic-settings-<lang>.png`` (Clinic → Network Settings), ``calibration-<lang>.png`` (Reads →
Calibrate for This Site, fitted from the nurse's reads of the batch: a provisional operating
point) and ``pdf-page1-<lang>.png`` (File → Export PDF Report written by the real action; its first
page drawn by the PDF writer's own painter code into an image: no PDF renderer is a dependency).

The language is switched the app's way (``app.core.translation``) before the window opens, as a
saved Settings choice is at start. Settings, reads and site profiles go to a temporary folder
(a private QSettings path and CXR_TRIAGE_HOME), so the user's own are untouched. Only the bundled
model and samples are used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

SCREEN = {"name": "shot", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
          "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
if os.environ.setdefault("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # a 1366x768 screen (offscreen's own is 800x800): dialogs size themselves to the screen
    _screen_file = Path(tempfile.gettempdir()) / "cxr-i18n-screen-1366x768.json"
    _screen_file.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_file}"
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "docs"))

import cv2  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402
from screenshots import (  # noqa: E402
    close_window,
    new_window,
    save,
    scan_and_wait,
    settle,
    wait_until,
    work_folder,
    write_colour_photo,
)

from app.core import translation  # noqa: E402
from app.dialogs.settings_dialog import SettingsDialog  # noqa: E402
from app.export.export_pdf import render_preview  # noqa: E402
from app.gui import make_application  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from inference.core import i18n  # noqa: E402
from inference.core.paths import samples_dir  # noqa: E402

SIZE = (SCREEN["width"], SCREEN["height"])
PHOTO = "phone-photo.jpg"


def is_normal(name: str) -> bool:
    """The bundled samples' Kermany names: NORMAL2-IM-…, IM-… (normal), person…_bacteria/virus."""
    return name.startswith(("NORMAL", "IM-", "site-normal-"))


def clinic_batch(tmp: Path) -> Path:
    """The bundled samples, four more normal films (the samples' normals, slightly brighter: a
    site calibration needs five reads per class) and a colour photo (listed out of scope)."""
    folder = tmp / "clinic-batch"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(samples_dir().glob("*.jpeg")):
        shutil.copy(path, folder / path.name)
        if is_normal(path.name):
            pixels = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            brighter = cv2.convertScaleAbs(pixels, alpha=0.95, beta=10)
            cv2.imwrite(str(folder / f"site-normal-{path.name}"), brighter)
    write_colour_photo(folder / PHOTO)
    return folder


def select(app: QApplication, window: MainWindow, row: int) -> None:
    """Select a proxy row and wait until its image (or its out-of-scope details) is shown."""
    window.select_row(row)
    result = window.proxy.result_at(row)
    wait_until(app, lambda: window.full_image_result() is result)
    settle(app, 400)


def rows_by_name(window: MainWindow) -> dict[str, int]:
    return {window.proxy.result_at(r).path.name: r for r in range(window.proxy.rowCount())}


def read_batch(app: QApplication, window: MainWindow) -> None:
    """The nurse's reads of every film (not the photo), with the window's own keyboard actions."""
    for name, row in rows_by_name(window).items():
        if name == PHOTO:
            continue
        window.select_row(row)
        act = window.act_read_normal if is_normal(name) else window.act_read_pneumonia
        act.trigger()
    settle(app, 200)


def save_image(image: QImage, path: Path) -> None:
    """A QImage as an optimised lossless PNG (as ``screenshots.save`` does for widgets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".raw.png")
    if not image.save(str(tmp)):
        raise OSError(f"could not write {tmp}")
    with Image.open(tmp) as im:
        im.convert("RGB").save(path, optimize=True)
    tmp.unlink()
    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  "
          f"{path.stat().st_size // 1024} KiB")  # fmt: skip


def export_pdf_page1(app: QApplication, window: MainWindow, target: Path, out: Path) -> None:
    """File → Export PDF Report (the save dialog answered with ``target``), then its page 1."""
    done: list[tuple[str, bool, str]] = []
    window.exportFinished.connect(lambda p, ok, msg: done.append((p, ok, msg)))
    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), ""))  # type: ignore[method-assign]
    try:
        window.act_export_pdf.trigger()
        wait_until(app, lambda: bool(done))
    finally:
        QFileDialog.getSaveFileName = original  # type: ignore[method-assign]
    if not done[0][1]:
        raise RuntimeError(f"the PDF report was not written: {done[0][2]}")
    save_image(render_preview(window.model.results(), window.report_info(), 1)[0], out)


def render_language(app: QApplication, lang: str, batch: Path, tmp: Path, out: Path) -> None:
    translation.install_language(lang)
    home = tmp / lang
    os.environ["CXR_TRIAGE_HOME"] = str(home / "home")  # reads and site profile: per language
    window = new_window(app, home, "light", SIZE)
    scan_and_wait(app, window, [batch])
    read_batch(app, window)
    names = rows_by_name(window)
    pneumonia = [r for n, r in names.items() if "bacteria" in n or "virus" in n]
    select(app, window, min(pneumonia))  # the highest-ranked pneumonia film
    save(window, out / f"worklist-{lang}.png")
    select(app, window, names[PHOTO])
    save(window, out / f"details-out-of-scope-{lang}.png")

    window.act_settings.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    settle(app)
    save(dialog, out / f"settings-{lang}.png")
    dialog.reject()
    clinic = window.clinic.open_settings()
    settle(app)
    save(clinic, out / f"clinic-settings-{lang}.png")
    clinic.reject()

    window.act_calibrate.trigger()
    wait_until(app, lambda: window.site.calibration_dialog is not None)
    settle(app, 400)
    save(window.site.calibration_dialog, out / f"calibration-{lang}.png")
    window.site.calibration_dialog.reject()

    export_pdf_page1(app, window, home / "report.pdf", out / f"pdf-page1-{lang}.png")
    close_window(app, window)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots" / "i18n")
    parser.add_argument("--lang", nargs="*", default=list(i18n.LANGUAGES))
    args = parser.parse_args(argv)
    app = make_application(sys.argv[:1])
    with work_folder("cxr-triage-i18n-screenshots") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
        os.environ["CXR_TRIAGE_HOME"] = str(tmp / "home")
        batch = clinic_batch(tmp)
        try:
            for lang in args.lang:
                render_language(app, lang, batch, tmp, args.out)
        finally:
            translation.install_language("en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
