"""Issue 25, the viewer's side: Clinic → Network Settings (validated, saved to the clinic.json the
CLI reads), the live worklist keeping each patient's study together inside the risk groups, the
last session's worklist reopened from the history, and reads, operating-point changes and exports
recorded in the history that ``cxr-triage history`` lists."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pydicom
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.worklist.worklist_model import WorklistModel
from app.worklist.worklist_proxy import WorklistProxy
from inference.cli import clinic_command as clinic_cli
from inference.clinic import audit
from inference.clinic import config as cfg
from inference.clinic.history import Event, EventKind, HistoryWriter, list_events
from inference.core.types import TriageResult
from inference.triage.study_groups import ordered_by_study
from inference.triage.worklist import TriageSettings
from tests.clinic_data import kermany_jpegs, pediatric_dicom
from tests.gui_helpers import SCAN_TIMEOUT_MS, open_window


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own user folders: clinic.json, the inbox and the history live here."""
    monkeypatch.setenv("CXR_TRIAGE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    return tmp_path / "home"


@pytest.fixture
def window(qtbot, home: Path, tmp_path: Path, model_path: Path):
    w = open_window(qtbot, tmp_path / "viewer.ini", model_path)
    yield w
    w.clinic.controller.stop_all()
    w.shutdown()


# -- 1. Clinic → Network Settings -------------------------------------------------------------
def test_form_rules() -> None:
    base = cfg.ClinicConfig()
    form = dict(ae_title="CXR TRIAGE", port=104, bind_address="0.0.0.0", allowed_callers="",
                retention_days=7, destination="none")  # fmt: skip
    config, problems = cfg.config_from_form(base, **form)
    assert problems == [] and config is not None and config.ae_title == "CXR TRIAGE"
    for bad, words in (
        ({"ae_title": "A" * 17}, "longer than 16"),
        ({"ae_title": "BAD\\AE"}, "backslash"),
        ({"ae_title": "CXR\tTRIAGE"}, "control characters"),
        ({"allowed_callers": "MODALITY, X\\Y"}, "allowed calling AE"),
        ({"port": 70000}, "between 1 and 65535"),
        ({"port": 0}, "between 1 and 65535"),
        ({"bind_address": "the lan"}, "not an IP address"),
        ({"destination": "pacs", "pacs_host": "", "pacs_ae": "ORTHANC"}, "PACS host"),
        ({"destination": "pacs", "pacs_host": "pacs", "pacs_ae": ""}, "PACS's AE title"),
        ({"destination": "folder", "results_folder": "relative/dir"}, "full path"),
        ({"retention_days": -1}, "0 days or more"),
    ):
        config, problems = cfg.config_from_form(base, **{**form, **bad})
        assert config is None and any(words in p for p in problems), (bad, problems)
    assert cfg.callers_from_text("MODALITY, CR ROOM 2\nMODALITY") == ("MODALITY", "CR ROOM 2")


def test_network_settings_dialog_saves_what_the_cli_reads(window, home: Path, qtbot) -> None:
    clinic = window.clinic
    clinic.act_settings.trigger()
    dialog = clinic.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ae_edit.text() == "CXRTRIAGE" and dialog.port_spin.value() == 11112
    assert not dialog.pacs_host_edit.isEnabled()  # results go nowhere until a target is chosen

    dialog.ae_edit.setText("A\\B")  # refused: stays open, says why, writes nothing
    dialog.callers_edit.setText("MODALITY, DIGITISER")
    dialog.ok_button.click()
    assert dialog.isVisible() and "backslash" in dialog.problem_label.text()
    assert not cfg.config_path().exists()

    dialog.ae_edit.setText("CXRNODE")
    dialog.port_spin.setValue(11113)
    dialog.bind_edit.setText("0.0.0.0")
    dialog.retention_spin.setValue(0)
    dialog.dest_buttons["pacs"].setChecked(True)
    assert dialog.pacs_host_edit.isEnabled() and not dialog.folder_edit.isEnabled()
    dialog.pacs_host_edit.setText("10.0.0.5")
    dialog.pacs_port_spin.setValue(4242)
    dialog.pacs_ae_edit.setText("ORTHANC")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)

    saved = cfg.load_config()  # the file the CLI uses
    assert cfg.config_path().parent == home / "config"
    assert saved == cfg.ClinicConfig(
        ae_title="CXRNODE", port=11113, bind_address="0.0.0.0",
        allowed_callers=("MODALITY", "DIGITISER"), retention_days=0,
        pacs=cfg.PacsTarget("10.0.0.5", 4242, "ORTHANC"),
    )  # fmt: skip
    args = clinic_cli.build_parser().parse_args(["listen"])
    assert clinic_cli.config_from_args(args, cfg.load_config()) == saved
    assert "saved" in window.status_message.text()

    clinic.act_settings.trigger()  # reopened: shows what was saved
    again = clinic.settings_dialog
    assert again is not dialog and again.pacs_ae_edit.text() == "ORTHANC"
    assert again.dest_buttons["pacs"].isChecked() and again.callers_edit.text().startswith("MOD")
    again.reject()


# -- 2. a study's images together inside the ranked group --------------------------------------
def _row(name: str, p: float, index: int, study: str = "", **meta: str) -> TriageResult:
    if study:
        meta = {"patient_id": f"P-{study}", "study_uid": f"1.2.{study}", **meta}
    return TriageResult(Path("/inbox") / name, index, metadata=meta, pneumonia_prob=p)


STUDY_ROWS = [
    _row("a-pa.dcm", 0.90, 0, "A"),
    _row("b-pa.dcm", 0.60, 1, "B"),
    _row("a-lat.dcm", 0.20, 2, "A"),
    _row("single.jpeg", 0.70, 3),
    _row("b-lat.dcm", 0.65, 4, "B"),
    _row("a-abdomen.dcm", 0.99, 5, "A", modality="MR"),  # out of scope: stays after the ranked
]
STUDY_ORDER = ["a-pa.dcm", "a-lat.dcm", "single.jpeg", "b-lat.dcm", "b-pa.dcm", "a-abdomen.dcm"]


def test_study_order_keeps_groups_and_ranks_studies_by_their_riskiest_image() -> None:
    settings = TriageSettings(threshold=0.5)
    assert [r.path.name for r in ordered_by_study(STUDY_ROWS, settings)] == STUDY_ORDER
    no_studies = [r for r in STUDY_ROWS if not r.metadata.get("study_uid")]
    assert ordered_by_study(no_studies, settings) == no_studies  # plain files: the usual order


def test_live_worklist_groups_by_study_as_rows_arrive(qtbot) -> None:
    model = WorklistModel(0.5)
    proxy = WorklistProxy()
    proxy.setSourceModel(model)
    model.set_group_by_study(True)

    def names() -> list[str]:
        return [r.path.name for r in proxy.visible_results()]

    model.append(STUDY_ROWS[1:3])  # b-pa 0.60, then a-lat 0.20
    assert names() == ["b-pa.dcm", "a-lat.dcm"]
    model.append([STUDY_ROWS[0]])  # a-pa 0.90 arrives: study A (with its lateral) moves up
    assert names() == ["a-pa.dcm", "a-lat.dcm", "b-pa.dcm"]
    model.append(STUDY_ROWS[3:])
    assert names() == STUDY_ORDER
    proxy.sort(1, Qt.SortOrder.AscendingOrder)  # reversed inside the group, groups kept
    assert names()[-1] == "a-abdomen.dcm" and names()[:2] == ["b-pa.dcm", "b-lat.dcm"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_group_by_study(False)  # back to plain risk order
    assert names() == ["a-pa.dcm", "single.jpeg", "b-lat.dcm", "b-pa.dcm", "a-lat.dcm",
                       "a-abdomen.dcm"]  # fmt: skip


def test_dicom_study_uid_reaches_the_worklist(shared_data: Path, tmp_path: Path) -> None:
    from inference.imaging.loader import try_load

    film = pediatric_dicom(kermany_jpegs(shared_data, 1)[0], tmp_path, 0)
    loaded = try_load(film, max_side=64)
    assert loaded.metadata["study_uid"] == pydicom.dcmread(film).StudyInstanceUID


# -- 3 and 4. the worklist survives a restart; reads, settings and exports in the history ------
def test_reopen_last_worklist_and_history_of_reads_and_exports(
    qtbot, home: Path, tmp_path: Path, model_path: Path, shared_data: Path
) -> None:
    films = tmp_path / "inbox-copy"
    films.mkdir()
    jpegs = kermany_jpegs(shared_data, 3)
    paths = [pediatric_dicom(j, films, i) for i, j in enumerate(jpegs)]
    gone = films / "pruned.dcm"
    shutil.copy(paths[0], gone)
    writer = HistoryWriter(cfg.history_path())  # what a listen run of yesterday left
    for p in [*paths, paths[1], gone]:  # one scored twice: listed once
        writer.record(Event(EventKind.RESULT, source="listen", path=str(p), session="yesterday"))
    writer.close()
    gone.unlink()  # retention removed it since

    first = open_window(qtbot, tmp_path / "a.ini", model_path)
    try:
        first.clinic.act_reopen.trigger()
        qtbot.waitUntil(lambda: first.model.rowCount() == 3 and not first.scanner.running,
                        timeout=SCAN_TIMEOUT_MS)  # fmt: skip
        assert sorted(r.path for r in first.model.results()) == sorted(paths)
        assert first.clinic.act_group.isChecked() and first.model.group_by_study
        assert "1 file(s) no longer there" in first.status_message.text()

        first.select_row(0)
        read_path = first.current_result().path
        first.act_read_pneumonia.trigger()
        dialog = first.worklist.open_settings()
        dialog.threshold_spin.setValue(33.0)
        dialog.accept()
        target = tmp_path / "exports" / "worklist.csv"
        target.parent.mkdir()
        with qtbot.waitSignal(first.exportFinished, timeout=60_000):
            assert first.export_csv(target)
        first.clinic.controller.flush_history()
        session = first.clinic.controller.session_id
    finally:
        first.clinic.controller.stop_all()
        first.shutdown()
        first.close()

    events = list_events(cfg.history_path(), kinds=("read", "profile_change", "export"))
    mine = {e["kind"]: e for e in events if e["session"] == session}
    assert mine["read"]["label"] == "pneumonia" and mine["read"]["path"] == str(read_path)
    assert mine["read"]["user"] == audit.user_name() and mine["read"]["model_sha"]
    assert "33" in mine["profile_change"]["label"] and mine["profile_change"]["threshold"] == 0.33
    assert mine["export"]["path"] == str(target) and mine["export"]["label"] == "csv"

    out = io.StringIO()
    assert clinic_cli.main(["history", "--limit", "0"], out=out, err=io.StringIO()) == 0
    listing = out.getvalue()
    assert "read" in listing and "pneumonia by" in listing and "worklist.csv" in listing

    # a restart: the new window's "last worklist" is the first window's session
    second = open_window(qtbot, tmp_path / "b.ini", model_path)
    try:
        last = second.clinic.controller.last_worklist()
        assert last is not None and last.session == session  # its reopened rows count
        assert sorted(last.paths) == sorted(str(p) for p in paths)
    finally:
        second.clinic.controller.stop_all()
        second.shutdown()


def test_reopen_without_history_is_a_message(window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, title, _t: shown.append(title))
    window.clinic.act_reopen.trigger()
    assert shown == ["No earlier worklist"] and window.model.rowCount() == 0


def test_calibration_and_profile_events_list_in_history(home: Path) -> None:
    ctx = audit.Context(model_sha="abc", operating_point="model default", threshold=0.687)
    writer = HistoryWriter(cfg.history_path())
    writer.record(audit.calibration_event(ctx, {"threshold": 0.41, "n_images": 120}))
    writer.record(audit.profile_event(ctx, "model default"))
    writer.close()
    calibration, profile = list_events(cfg.history_path(), kinds=("calibration", "profile_change"))[
        ::-1
    ]
    assert calibration["threshold"] == 0.41 and '"n_images": 120' in calibration["detail"]
    assert profile["label"] == "model default" and profile["threshold"] == 0.687
    out = io.StringIO()
    assert clinic_cli.main(["history", "--kind", "calibration"], out=out, err=io.StringIO()) == 0
    assert "site operating point, threshold 0.410" in out.getvalue()
