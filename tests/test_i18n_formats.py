"""Numbers and dates in the reader's language outside the catalogues: the viewer's zoom readout
("43 %" in French, "43%" in English) and the PDF report's "Generated" date (day first in French,
ISO in English), switched the user's way (Settings → Language) and back live."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from app.core import translation
from app.export.report_layout import date_text
from app.window.main_window import MainWindow
from inference.core import i18n
from tests.gui_helpers import scan
from tests.pdf_text import record_pdf_text
from tests.test_i18n_window import choose_in_settings

NNBSP = "\u202f"  # French puts a narrow no-break space before "%"
FRENCH_DATE = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")


def test_report_date_follows_the_language():
    when = datetime(2026, 3, 7, 9, 5)
    assert date_text(when, "en") == "2026-03-07 09:05"  # unchanged: ISO
    assert date_text(when, "fr") == "07/03/2026 09:05"
    assert date_text(when, "pt") == "07/03/2026 09:05"
    assert date_text(when, "es") == "07/03/2026 09:05"
    i18n.set_language("fr")
    try:
        assert date_text(when) == "07/03/2026 09:05"  # the current language by default
    finally:
        i18n.set_language("en")
    assert date_text(when) == "2026-03-07 09:05"


def generated_date(qtbot, window: MainWindow, monkeypatch, target: Path) -> str:
    """File → Export PDF Report; the text drawn beside "Generated" (whatever its language)."""
    drawn = record_pdf_text(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        window.act_export_pdf.trigger()
    assert blocker.args[1] is True, blocker.args[2]
    dates = [d for d in drawn if FRENCH_DATE.fullmatch(d) or ISO_DATE.fullmatch(d)]
    assert len(dates) == 1, drawn[:40]
    return dates[0]


def test_zoom_readout_and_pdf_date_in_french_and_back(
    qtbot, window: MainWindow, samples_dir: Path, tmp_path: Path, monkeypatch
):
    assert scan(qtbot, window, [samples_dir]).error is None
    qtbot.waitUntil(lambda: window.view.display is not None and window.zoom_label.text() != "")
    assert re.fullmatch(r"\d+%", window.zoom_label.text()), window.zoom_label.text()  # no space
    assert ISO_DATE.fullmatch(generated_date(qtbot, window, monkeypatch, tmp_path / "en.pdf"))

    choose_in_settings(qtbot, window, "Fr", "fr")
    # the open image's readout follows at once (no new zoom needed)
    qtbot.waitUntil(lambda: re.fullmatch(rf"\d+{NNBSP}%", window.zoom_label.text()) is not None)
    percent = int(window.zoom_label.text().removesuffix(f"{NNBSP}%"))
    window.act_zoom_in.trigger()
    shown = re.fullmatch(rf"(\d+){NNBSP}%", window.zoom_label.text())
    assert shown and int(shown[1]) > percent, window.zoom_label.text()
    zoomed = int(shown[1])
    french = generated_date(qtbot, window, monkeypatch, tmp_path / "fr.pdf")
    assert FRENCH_DATE.fullmatch(french), french
    written = datetime.strptime(french, "%d/%m/%Y %H:%M")  # day first: now, not a month away
    assert abs((datetime.now() - written).total_seconds()) < 600

    translation.install_language("en")
    qtbot.waitUntil(lambda: window.zoom_label.text() == f"{zoomed}%")
