"""Site calibration: known answers for the fit, the profile file, refusal of another model's
profile, reads import, the CLI round trip (calibrate, then scan applies it) and the viewer."""

from __future__ import annotations

import csv
import json
import math
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from inference.cli.scan_command import main as cli_main
from inference.core.types import TriageResult
from inference.export.worklist_files import CSV_ENCODING
from inference.triage import worklist as wl
from inference.triage.settings_schema import ProfileError
from inference.triage.site_calibration import fit_profile
from inference.triage.site_metrics import rates_at, threshold_for_sensitivity
from inference.triage.site_profile import SiteProfile, profile_path, sample_size_note
from inference.triage.site_reads import Read, parse_read, reads_from_csv, reads_from_folders
from inference.triage.site_temperature import apply_temperature, fit_temperature

SHA = "a" * 64


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Profiles and reads go to a temporary 'user folder', never the real one."""
    monkeypatch.setenv("CXR_TRIAGE_HOME", str(tmp_path / "home"))


def synthetic(n: int = 200, seed: int = 0) -> tuple[np.ndarray, list[Read]]:
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.5
    p = np.where(y, rng.uniform(0.45, 1.0, n), rng.uniform(0.0, 0.6, n))
    return p, [Read.PNEUMONIA if v else Read.NORMAL for v in y]


def test_threshold_keeps_the_target_sensitivity_exactly_where_known() -> None:
    pos = np.linspace(0.5, 0.99, 100)  # the 95th highest positive is 0.5 + 5 * step
    neg = np.linspace(0.0, 0.45, 100)
    p = np.r_[pos, neg]
    y = np.r_[np.ones(100, bool), np.zeros(100, bool)]
    t = threshold_for_sensitivity(p, y, 0.95)
    assert pos[5] > t > pos[4]  # halfway between the 95th kept positive and the next score
    assert rates_at(p, y, t)["sensitivity"] == pytest.approx(0.95)
    assert rates_at(p, y, t)["specificity"] == 1.0


def test_temperature_recovers_an_over_confident_model() -> None:
    rng = np.random.default_rng(1)
    z = rng.normal(0, 1.5, 5000)
    y = rng.random(5000) < 1 / (1 + np.exp(-z))
    p_model = 1 / (1 + np.exp(-3.0 * z))  # three times too sure
    assert fit_temperature(p_model, y) == pytest.approx(3.0, rel=0.1)
    ok = (p_model > 1e-5) & (p_model < 1 - 1e-5)  # logits are clipped at +-13.8 (p = 1e-6)
    np.testing.assert_allclose(apply_temperature(p_model, 3.0)[ok], 1 / (1 + np.exp(-z[ok])),
                               atol=1e-6)  # fmt: skip


def test_fit_profile_reports_figures_intervals_and_keeps_sensitivity() -> None:
    p, calls = synthetic(300)
    prof = fit_profile(p, calls, model_sha256=SHA, model_version="2.0.0", n_boot=200,
                       today=date(2026, 11, 30))  # fmt: skip
    q = apply_temperature(p, prof.temperature)
    y = np.array([c is Read.PNEUMONIA for c in calls])
    assert rates_at(q, y, prof.threshold)["sensitivity"] >= 0.95
    assert set(prof.intervals) == {"threshold", "sensitivity", "specificity"}
    lo, hi = prof.intervals["sensitivity"]
    assert lo <= prof.figures["sensitivity"] <= hi
    assert prof.provenance() == "site operating point, fitted 2026-11-30 on 300 images"
    assert prof.warning == ""  # 150 of each: enough


def test_unsure_reads_are_left_out_and_too_few_reads_are_refused() -> None:
    p, calls = synthetic(40)
    calls[:5] = [Read.UNSURE] * 5
    prof = fit_profile(p, calls, model_sha256=SHA, model_version="2", n_boot=50)
    assert prof.n_images == 35
    assert "Small sample" in prof.warning and "would narrow it" in prof.warning
    with pytest.raises(ValueError, match="at least 5"):
        fit_profile([0.9] * 10 + [0.1] * 3, [Read.PNEUMONIA] * 10 + [Read.NORMAL] * 3,
                    model_sha256=SHA, model_version="2")  # fmt: skip


def test_sample_size_note_says_what_size_would_do() -> None:
    text = sample_size_note(20, 20, 0.95)
    assert "20 pneumonia" in text and "73 pneumonia" in text
    assert sample_size_note(100, 100, 0.95) == ""


def test_profile_round_trip_and_refusal_of_another_models_profile(tmp_path) -> None:
    p, calls = synthetic(120)
    prof = fit_profile(p, calls, model_sha256=SHA, model_version="2", n_boot=50)
    path = prof.save()
    assert path == profile_path(SHA) and path.is_file()
    assert SiteProfile.load(path, SHA) == prof
    with pytest.raises(ProfileError, match="another model"):
        SiteProfile.load(path, "b" * 64)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ProfileError, match="damaged"):
        SiteProfile.load(bad, SHA)


def test_settings_from_a_profile_relabel_without_reordering() -> None:
    from dataclasses import replace

    from inference.model.contract import ModelContract

    contract = ModelContract(version="2", input_size=(224, 224), classes=("normal", "x"),
                             preprocessing="gray-squash-area-zscore-v1", threshold=0.5,
                             temperature=1.0)  # fmt: skip
    p, calls = synthetic(120)
    prof = replace(fit_profile(p, calls, model_sha256=SHA, model_version="2", n_boot=20),
                   temperature=2.0, threshold=0.6)  # fmt: skip
    s = wl.TriageSettings.from_contract(contract, profile=prof)
    assert (s.threshold, s.temperature) == (0.6, 2.0) and "fitted" in s.operating_point_text()
    r = TriageResult(path=Path("a.png"), index=0, pneumonia_prob=0.8,
                     class_probs={"normal": 0.2, "x": 0.8})  # fmt: skip
    shown = wl.probability(r, s)
    assert shown == pytest.approx(1 / (1 + math.exp(-math.log(4) / 2)))  # 2/3
    assert wl.label(r, s) == "pneumonia"
    # an explicit threshold wins over the profile's
    assert wl.TriageSettings.from_contract(contract, 0.9, profile=prof).threshold == 0.9


def test_reads_from_csv_and_folders(tmp_path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    table = tmp_path / "reads.csv"
    table.write_text("file,call\na.png,Pneumonia\nb.png,n\nc.png,maybe\n", encoding="utf-8")
    reads = reads_from_csv(table)
    assert reads == {str((tmp_path / "a.png").resolve()): Read.PNEUMONIA,
                     str((tmp_path / "b.png").resolve()): Read.NORMAL}  # fmt: skip
    headerless = tmp_path / "h.csv"
    headerless.write_text(f"{tmp_path / 'a.png'};x\n{tmp_path / 'a.png'},normal\n")
    assert list(reads_from_csv(headerless).values()) == [Read.NORMAL]
    for cls in ("NORMAL", "PNEUMONIA"):
        (tmp_path / "site" / cls / "sub").mkdir(parents=True)
        (tmp_path / "site" / cls / "sub" / f"{cls}.jpeg").write_bytes(b"x")
    got = reads_from_folders(tmp_path / "site")
    assert sorted(v for v in got.values()) == [Read.NORMAL, Read.PNEUMONIA]
    assert parse_read("Bacterial") is Read.PNEUMONIA and parse_read("??") is None


# -- CLI: calibrate, then every scan uses it -----------------------------------------------------
@pytest.fixture(scope="module")
def read_site(tmp_path_factory, shared_data: Path) -> Path:
    """60 read images of a 'site' (the validation-like tail of kermany-224), NORMAL/PNEUMONIA."""
    root = tmp_path_factory.mktemp("site")
    for cls, n in (("NORMAL", 30), ("PNEUMONIA", 30)):
        (root / cls).mkdir()
        for f in sorted((shared_data / "kermany-224" / "train" / cls).glob("*.jpeg"))[-n:]:
            shutil.copy(f, root / cls / f.name)
    return root


def test_cli_calibrate_then_scan_applies_the_profile(read_site, tmp_path, model_path, capsys):
    plot = tmp_path / "cal.png"
    rc = cli_main(["calibrate", str(read_site), "--model", str(model_path), "--plot", str(plot)])
    out = capsys.readouterr()
    assert rc == 0, out.err
    # 30 + 30 reads are below the sample size the warning names: provisional, and it says so
    assert "PROVISIONAL site operating point (small sample), fitted" in out.out
    assert "saved:" in out.out
    assert plot.stat().st_size > 10_000
    saved = json.loads(next((tmp_path / "home" / "config").glob("site-profile-*.json")).read_text())
    assert saved["n_images"] >= 50 and saved["target_sensitivity"] == 0.95

    target = tmp_path / "w.csv"
    assert cli_main(["scan", str(read_site), "--csv", str(target), "--model", str(model_path),
                     "--quiet"]) == 0  # fmt: skip
    with target.open(encoding=CSV_ENCODING, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(r["operating_point"].startswith("PROVISIONAL site operating point") for r in rows)
    assert float(rows[0]["threshold"]) == pytest.approx(saved["threshold"], abs=1e-4)
    # --model-default ignores it; another model's profile is refused
    assert cli_main(["scan", str(read_site), "--csv", str(target), "--model", str(model_path),
                     "--quiet", "--model-default"]) == 0  # fmt: skip
    with target.open(encoding=CSV_ENCODING, newline="") as fh:
        point = next(csv.DictReader(fh))["operating_point"]
    assert point.startswith("model default operating point (threshold")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**saved, "model_sha256": "f" * 64}))
    rc = cli_main(["scan", str(read_site), "--csv", str(target), "--model", str(model_path),
                   "--site-profile", str(other)])  # fmt: skip
    assert rc == 2 and "another model" in capsys.readouterr().err


# -- viewer: mark reads from the keyboard, calibrate, relabel ------------------------------------
def test_viewer_marks_reads_and_calibrates(qtbot, read_site, tmp_path, model_path,
                                           private_qsettings) -> None:  # fmt: skip
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from app.worklist.worklist_logic import Column
    from tests.gui_helpers import open_window, scan

    window = open_window(qtbot, tmp_path / "s.ini", model_path)
    scan(qtbot, window, [read_site])
    assert window.reads.import_reads(read_site) == 60
    # the keyboard: the current row gets the reader's call, and the next row is selected
    window.select_row(0)
    first = window.current_result()
    truth = "pneumonia" if first.path.parent.name == "PNEUMONIA" else "normal"
    qtbot.keyClick(window.table, Qt.Key.Key_U)
    assert window.model.read_of(first) == "unsure"
    assert window.current_result() is not first
    assert window.proxy.index(0, Column.READ).data() == "unsure"
    window.select_row(0)
    qtbot.keyClick(window.table, Qt.Key.Key_P if truth == "pneumonia" else Qt.Key.Key_N)
    assert window.model.read_of(first) == truth
    before = window.model.settings
    window.act_calibrate.trigger()  # the menu path: Qt's `checked` must not reach the fit (bug 4)
    qtbot.waitUntil(lambda: window.site.calibration_dialog is not None, timeout=60_000)
    dialog = window.site.calibration_dialog
    assert "Proposed PROVISIONAL operating point" in dialog.summary.text()
    assert not dialog.plot.pixmap().isNull()
    room = window.screen().availableGeometry()  # never taller or wider than the screen
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    dialog.accept()
    after = window.model.settings
    assert after.site.startswith("PROVISIONAL site operating point") and after != before
    assert "PROVISIONAL" in dialog.summary.text() and "PROVISIONAL" in dialog.warning.text()
    assert "PROVISIONAL" in window.site_label.text()  # the status bar says so too
    assert profile_path(window.session.model_id).is_file()
    # going back asks first; Cancel keeps the profile, the confirmation deletes it
    window.act_model_default.trigger()
    box = window.site.model_default_box
    assert box is not None and "deletes" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert profile_path(window.session.model_id).is_file() and window.state.site_profile is not None
    window.act_model_default.trigger()
    window.site.model_default_box.button(QMessageBox.StandardButton.Yes).click()
    assert window.model.settings.site.startswith("model default operating point")
    assert not profile_path(window.session.model_id).exists()
    window.shutdown()
