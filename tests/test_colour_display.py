"""A colour photo is shown in colour in the viewer, while the model still gets the same grey."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from app.export.exports import write_overlay_png
from app.viewer.display_image import make_display_image
from app.viewer.qt_convert import qimage_to_rgb
from app.window.main_window import MainWindow
from inference.cli.scan_command import main as scan_main
from inference.core.types import Flag
from inference.export.worklist_files import CSV_ENCODING
from inference.imaging.loader import load_image
from tests.gui_helpers import scan

pytestmark = pytest.mark.usefixtures("private_qsettings")


def _colour_jpeg(path: Path, size: tuple[int, int] = (480, 640)) -> Path:
    """Coloured shapes on a grey-blue background (a phone photo of a screen, roughly)."""
    img = np.full((*size, 3), (90, 70, 60), np.uint8)  # BGR
    cv2.rectangle(img, (40, 40), (260, 220), (0, 0, 255), -1)  # red
    cv2.circle(img, (450, 300), 120, (0, 200, 0), -1)  # green
    cv2.rectangle(img, (60, 300), (300, 440), (255, 80, 0), -1)  # blue
    assert cv2.imwrite(str(path), img, [cv2.IMWRITE_JPEG_QUALITY, 95])
    return path


def _chroma(rgb: np.ndarray) -> int:
    """Largest channel spread over the image (0 for a grey picture)."""
    a = rgb.astype(np.int16)
    return int((a.max(axis=2) - a.min(axis=2)).max())


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding=CSV_ENCODING, newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


# --------------------------------------------------------------------------- loader


@pytest.mark.parametrize("max_side", [None, 100])
def test_keep_colour_adds_rgb_and_leaves_the_grey_unchanged(tmp_path: Path, max_side) -> None:
    path = _colour_jpeg(tmp_path / "photo.jpg")
    grey = load_image(path, max_side)
    both = load_image(path, max_side, keep_colour=True)
    assert grey.display_rgb is None  # scans never get the colour copy
    assert np.array_equal(grey.pixels, both.pixels) and grey.flags == both.flags
    rgb = both.display_rgb
    assert rgb is not None and rgb.dtype == np.uint8 and rgb.shape == (*both.pixels.shape, 3)
    r, g, b = (int(v) for v in rgb[130 // both.reduced_factor, 150 // both.reduced_factor])
    assert r > 200 and g < 60 and b < 60  # the red square is red, not swapped with blue


def test_keep_colour_on_a_grey_file_adds_nothing(samples_dir: Path) -> None:
    film = sorted(samples_dir.glob("*.jpeg"))[0]
    assert load_image(film, keep_colour=True).display_rgb is None


def test_colour_copy_follows_exif_orientation(tmp_path: Path) -> None:
    arr = np.zeros((100, 200, 3), np.uint8)
    arr[:10, :50] = (255, 0, 0)  # a red block at the stored image's top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise: the block ends up top right
    path = tmp_path / "rot.jpg"
    Image.fromarray(arr).save(path, "JPEG", exif=exif.tobytes(), quality=95)
    img = load_image(path, keep_colour=True)
    assert img.was_colour and img.display_rgb is not None
    assert img.display_rgb.shape == (200, 100, 3) == (*img.pixels.shape, 3)
    rows, cols = np.nonzero(img.display_rgb[:, :, 0] > 128)
    assert rows.max() <= 52 and cols.min() >= 86


def test_sixteen_bit_colour_png_is_shown_windowed(tmp_path: Path) -> None:
    bgr = np.zeros((60, 80, 3), np.uint16)
    bgr[:, :40, 2] = 4000  # red on the left, in a small part of the 16-bit range
    bgr[:, 40:, 0] = 4000  # blue on the right
    path = tmp_path / "deep.png"
    assert cv2.imwrite(str(path), bgr)
    img = load_image(path, keep_colour=True)
    assert img.display_rgb is not None and img.display_rgb.dtype == np.uint8
    assert img.display_rgb[30, 10, 0] > 200 and img.display_rgb[30, 70, 2] > 200


def test_display_image_of_a_colour_photo_renders_rgb(tmp_path: Path) -> None:
    display = make_display_image(load_image(_colour_jpeg(tmp_path / "p.jpg"), keep_colour=True))
    assert display.colour and display.shape == (480, 640)
    shown = display.render(None, False)
    assert shown.shape == (480, 640, 3) and _chroma(shown) > 100
    inverted = display.render(None, True)
    assert np.array_equal(inverted, 255 - shown)
    windowed = display.render((100.0, 100.0), False)  # window/level still answers, per channel
    assert windowed.shape == shown.shape and not np.array_equal(windowed, shown)
    target = tmp_path / "out" / "overlay.png"
    target.parent.mkdir()
    write_overlay_png(target, display, None, False, None, 0.5)
    png = cv2.imread(str(target), cv2.IMREAD_UNCHANGED)
    assert png.ndim == 3 and _chroma(png[:480]) > 100  # the exported PNG is in colour too


# --------------------------------------------------------------------------- the real window


def test_window_shows_a_colour_photo_in_colour_and_a_film_in_grey(
    qtbot, window: MainWindow, samples_dir: Path, model_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    film = sorted(samples_dir.glob("*.jpeg"))[0]
    shutil.copy(film, folder / film.name)
    _colour_jpeg(folder / "phone_photo.jpg")
    outcome = scan(qtbot, window, [folder])
    assert not outcome.cancelled and outcome.error is None

    def show(name: str) -> np.ndarray:
        row = next(
            r for r in range(window.proxy.rowCount()) if window.proxy.result_at(r).path.name == name
        )
        window.select_row(row)
        qtbot.waitUntil(
            lambda: (
                window.view.display is not None
                and window.view.display.path.name == name
                and window.full_image_result() is window.current_result()
            ),
            timeout=30_000,
        )
        return qimage_to_rgb(window.view._image_item.pixmap().toImage())

    photo = show("phone_photo.jpg")
    assert Flag.COLOUR in window.current_result().flags
    assert _chroma(photo) > 100
    window.view.set_inverted(True)  # invert and window/level keep working on colour
    assert _chroma(qimage_to_rgb(window.view._image_item.pixmap().toImage())) > 100
    window.view.set_window((100.0, 120.0))
    assert window.view.rendered_pixels().ndim == 3
    window.view.set_window(None)
    window.view.set_inverted(False)
    assert _chroma(show(film.name)) == 0

    # The model's input did not change: the viewer's CSV row is the headless scan's row.
    exported = tmp_path / "exports" / "worklist.csv"
    exported.parent.mkdir()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        assert window.export_csv(exported)
    assert blocker.args[1] is True, blocker.args[2]
    headless = tmp_path / "headless.csv"
    args = ["scan", str(folder), "--csv", str(headless), "--model", str(model_path), "--quiet"]
    assert scan_main(args) == 0
    ours, theirs = _csv_rows(exported)["phone_photo.jpg"], _csv_rows(headless)["phone_photo.jpg"]
    assert ours["scope"] == theirs["scope"] != "" and ours["flags"] == theirs["flags"]
    for column in ("model_probability", "pneumonia_probability", "ood_score", "scope_score"):
        assert ours[column] == theirs[column], column
