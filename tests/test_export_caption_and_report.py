"""Issue 22 exports: the saved overlay PNG carries its caption band (driven through File → Save
Overlay as PNG in the real window), and the PDF summary wraps the operating point in full."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from app.export import exports
from app.export.export_pdf import write_pdf_report
from app.export.overlay_band import BAND, font_px
from app.export.overlay_caption import HEAT_ABSOLUTE, Caption
from app.export.report_layout import ReportInfo
from app.identity import DISCLAIMER
from app.viewer.qt_convert import qimage_to_rgb
from app.worklist.worklist_logic import format_percent
from inference.core.types import Flag, TriageResult
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.site_calibration import fit_profile
from inference.triage.site_reads import Read
from tests.clinic_data import CHEST_DICOMS, chest_copy
from tests.pdf_text import record_pdf_text

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("private_qsettings")


def provisional_point_text() -> str:
    """The longest text the resolver writes: a custom threshold over a provisional profile."""
    scores = [0.92, 0.95, 0.97, 0.9, 0.99, 0.93, 0.05, 0.1, 0.2, 0.08, 0.15, 0.3]
    calls = [Read.PNEUMONIA] * 6 + [Read.NORMAL] * 6
    prof = fit_profile(scores, calls, model_sha256="a" * 64, model_version="2", n_boot=50)
    return resolve(0.5, prof, 0.8).text


def test_pdf_summary_wraps_the_whole_operating_point(qapp, tmp_path: Path, monkeypatch) -> None:
    text = provisional_point_text()
    assert len(text) > 90 and "PROVISIONAL" in text
    folder = "/home/clinic/exports/" + "a-very-long-folder-name-without-any-spaces-" * 2
    info = ReportInfo("cxr", "2.1", "f" * 64, "CPU", 0.8, 0.5, sources=(folder,), site=text)
    results = [TriageResult(path=Path(f"/s/{i}.png"), index=i, pneumonia_prob=p,
                            class_probs={"normal": 1 - p, "bacterial": p, "viral": 0.0})
               for i, p in enumerate((0.9, 0.3))]  # fmt: skip
    drawn = record_pdf_text(monkeypatch)
    assert write_pdf_report(tmp_path / "r.pdf", results, info) == 1
    assert text in drawn  # the summary's value, whole (it was elided to "… (site thr…")
    assert not [d for d in drawn if "…" in d and "threshold" in d]
    assert folder in drawn  # a path wider than its box wraps anywhere, also whole
    # the rows start below the wrapped summary: the first row's file is drawn after it
    assert drawn.index(text) < drawn.index("0.png")


def test_caption_lines_out_of_scope_has_reason_and_no_number() -> None:
    photo = TriageResult(path=Path("/s/holiday.jpg"), index=0, pneumonia_prob=0.97,
                         class_probs={"normal": 0.03, "bacterial": 0.9, "viral": 0.07},
                         flags={Flag.COLOUR})  # fmt: skip
    for rank_anyway in (False, True):  # not even where the site ranks such images
        settings = wl.TriageSettings(0.5, rank_out_of_scope=rank_anyway)
        caption = exports.caption_for(photo, settings, heat_drawn=False)
        assert caption.verdict.startswith("Out of scope — not scored: colour image")
        assert "97" not in caption.text and "P(pneumonia)" not in caption.text
        assert caption.lines()[-1] == DISCLAIMER and not caption.heat


# -- through the window --------------------------------------------------------------------------
@pytest.fixture
def child_and_adult(tmp_path: Path, samples_dir: Path, shared_data: Path) -> Path:
    folder = tmp_path / "ward"
    folder.mkdir()
    shutil.copy(sorted(samples_dir.glob("person*bacteria*.jpeg"))[0], folder / "child.jpeg")
    chest_copy(shared_data, CHEST_DICOMS[0], folder, 1)  # an adult: out of scope
    return folder


def save_via_menu(qtbot, window: MainWindow, monkeypatch, row: int, target: Path) -> Caption:
    """Select ``row``, wait for its full image, trigger File → Save Overlay as PNG; returns the
    caption the action composed (spied on the function that builds it)."""
    window.select_row(row)
    qtbot.waitUntil(
        lambda: (
            window.current_result() is not None
            and window.full_image_result() is window.current_result()
        ),
        timeout=30_000,
    )
    made: list[Caption] = []
    real = exports.caption_for
    monkeypatch.setattr(
        exports, "caption_for", lambda *a, **k: made.append(real(*a, **k)) or made[-1]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        window.act_save_overlay.trigger()
    assert blocker.args[1] is True, blocker.args[2]
    assert len(made) == 1
    return made[0]


def band_of(png: Path, film_h: int) -> np.ndarray:
    rgb = qimage_to_rgb(QImage(str(png))).astype(int)
    return rgb[film_h:]


def test_save_overlay_action_adds_a_caption_band(
    qtbot, window: MainWindow, child_and_adult: Path, tmp_path: Path, monkeypatch
) -> None:
    from tests.gui_helpers import scan

    assert scan(qtbot, window, [child_and_adult]).error is None
    child = tmp_path / "child-overlay.png"
    caption = save_via_menu(qtbot, window, monkeypatch, 0, child)
    result, settings = window.current_result(), window.model.settings
    h, w = window.view.display.shape
    image = QImage(str(child))
    assert image.width() == w and image.height() > h + 4 * font_px(w)  # grown by the band
    band = band_of(child, h)
    background = np.abs(band - np.array([BAND.red(), BAND.green(), BAND.blue()])).sum(2) < 12
    assert background.mean() > 0.6  # the band, not the film, below the image
    assert (band.max(axis=2) > 200).sum() > 500  # with text on it
    film = qimage_to_rgb(image).astype(int)[:h]
    assert (np.abs(film - band.mean(axis=(0, 1))).sum(2) < 12).mean() < 0.5
    assert caption.file == "child.jpeg"
    assert format_percent(wl.probability(result, settings), 1) in caption.verdict
    assert caption.operating_point == f"Operating point: {settings.operating_point_text()}"
    assert caption.heat == HEAT_ABSOLUTE and caption.disclaimer == DISCLAIMER

    adult = tmp_path / "adult-overlay.png"
    caption = save_via_menu(qtbot, window, monkeypatch, 1, adult)
    result = window.current_result()
    assert not wl.in_scope(result, settings) and result.pneumonia_prob is not None
    assert caption.verdict.startswith("Out of scope — not scored:")
    assert wl.scope_reason_text(result, settings) in caption.verdict
    assert format_percent(wl.probability(result, settings), 1) not in caption.text
    assert "P(pneumonia)" not in caption.text and not caption.heat
    h, w = window.view.display.shape
    assert QImage(str(adult)).height() > h and QImage(str(adult)).width() == w
