"""The operating point in the real window (issues 21 and 23): a custom threshold over a site
profile survives a restart (bug 1), a custom threshold is never called the model default in the
status bar, details panel or CSV (bug 5), a damaged profile in the saved location gives a dialog
offering to set it aside and the model default meanwhile, and the search follows the model's age
range (bug 7)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from app.dialogs.settings_dialog import SettingsDialog
from inference.export.worklist_files import CSV_ENCODING
from inference.triage.operating_point import resolve
from inference.triage.site_calibration import fit_profile
from inference.triage.site_profile import profile_path
from inference.triage.site_reads import Read
from tests.gui_helpers import open_window, scan


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CXR_TRIAGE_HOME", str(tmp_path / "home"))


def site_profile(model_id: str, threshold: float):
    rng = np.random.default_rng(0)
    y = rng.random(300) < 0.5
    p = np.where(y, rng.uniform(0.45, 1.0, 300), rng.uniform(0.0, 0.6, 300))
    calls = [Read.PNEUMONIA if v else Read.NORMAL for v in y]
    prof = fit_profile(p, calls, model_sha256=model_id, model_version="x", n_boot=10,
                       today=date(2026, 11, 30))  # fmt: skip
    from dataclasses import replace

    return replace(prof, threshold=threshold)


def choose_threshold(qtbot, window, percent: float) -> None:
    """Settings… from the menu, type the threshold, OK."""
    window.act_settings.trigger()
    dialog = window.findChildren(SettingsDialog)[-1]
    dialog.threshold_spin.setValue(percent)
    dialog.accept()


def test_custom_threshold_over_a_site_profile_survives_a_restart(
    qtbot, tmp_path, model_path, private_qsettings
) -> None:
    ini = tmp_path / "s.ini"
    window = open_window(qtbot, ini, model_path)
    session = window.session
    profile = site_profile(session.model_id, 0.3)
    profile.save(profile_path(session.model_id))
    window.shutdown()
    window.close()

    window = open_window(qtbot, ini, model_path)
    assert window.model.threshold == pytest.approx(0.3)  # the site's
    choose_threshold(qtbot, window, 80.0)
    expected = resolve(session.contract, profile, 0.8).text
    assert window.model.threshold == pytest.approx(0.8)
    assert expected in window.site_label.text()
    window.shutdown()
    window.close()

    window = open_window(qtbot, ini, model_path)  # bug 1: came back as the profile's 0.3
    assert window.model.threshold == pytest.approx(0.8)
    assert window.model.settings.operating_point_text() == expected
    assert expected in window.site_label.text()
    assert expected in window.details.threshold_label.text()
    window.shutdown()


def test_custom_threshold_is_not_called_the_model_default(
    qtbot, tmp_path, model_path, samples_dir, private_qsettings
) -> None:
    window = open_window(qtbot, tmp_path / "s.ini", model_path)
    scan(qtbot, window, [samples_dir])
    choose_threshold(qtbot, window, 20.0)
    text = window.model.settings.operating_point_text()
    assert text.startswith("custom threshold 20.0% (model default")
    assert text in window.site_label.text() and text in window.details.threshold_label.text()
    target = tmp_path / "out" / "w.csv"
    target.parent.mkdir()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        assert window.export_csv(target)
    assert blocker.args[1] is True
    with target.open(encoding=CSV_ENCODING, newline="") as fh:
        assert {r["operating_point"] for r in csv.DictReader(fh)} == {text}
    window.shutdown()


def test_damaged_saved_profile_offers_to_set_it_aside(
    qtbot, tmp_path, model_path, private_qsettings
) -> None:
    window = open_window(qtbot, tmp_path / "a.ini", model_path)
    model_id = window.session.model_id
    window.shutdown()
    window.close()
    saved = profile_path(model_id)
    doc = json.loads(site_profile(model_id, 0.3).to_json())
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps({**doc, "temperature": 0.005}))  # segfaulted the viewer

    window = open_window(qtbot, tmp_path / "b.ini", model_path)
    box = window.site.settings_file_box
    assert box is not None and str(saved) in box.text() and "temperature" in box.text()
    assert window.model.settings.operating_point_text().startswith("model default")
    assert window.model.settings.temperature == 1.0
    aside = next(b for b in box.buttons() if b.text() == "Set File Aside")
    aside.click()
    assert not saved.exists()
    assert len(list(saved.parent.glob(saved.name + ".set-aside-*"))) == 1
    window.shutdown()


def test_search_uses_the_models_age_range(qtbot) -> None:
    """Bug 7: an 8-year-old is in scope for a model made for 0-10 years, so searching the
    scope reason "age" must not find it (the haystack used the default 0-6 range)."""
    from app.worklist.worklist_model import WorklistModel
    from app.worklist.worklist_panel import WorklistPanel
    from app.worklist.worklist_proxy import WorklistProxy
    from inference.core.types import TriageResult
    from inference.triage.worklist import TriageSettings

    model = WorklistModel()
    model.set_settings(TriageSettings(0.5, age_range_years=(0.0, 10.0)))
    r = TriageResult(path=Path("child.dcm"), index=0, pneumonia_prob=0.7,
                     class_probs={"normal": 0.3, "bacterial": 0.7},
                     age_years=8.0)  # fmt: skip
    model.append([r])
    proxy = WorklistProxy()
    proxy.setSourceModel(model)
    panel = WorklistPanel(model, proxy)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search_edit, "age")
    assert proxy.rowCount() == 0
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "child")
    assert proxy.rowCount() == 1
