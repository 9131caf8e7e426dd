"""The viewer's Clinic menu: "Receive studies" puts a study sent over DICOM into the live worklist,
"Watch folder…" a file dropped in a folder; a bad port is a message, not a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app.core.clinic_controller import ClinicController
from app.window.clinic import ClinicActions
from app.worklist.worklist_model import WorklistModel
from inference.clinic.config import ClinicConfig
from inference.model.session import ModelSession
from inference.triage.worklist import TriageSettings
from tests.clinic_data import make_studies
from tests.test_clinic_network import send


class Window(QMainWindow):
    """The parts of MainWindow the clinic actions use."""

    def __init__(self, session: ModelSession) -> None:
        super().__init__()
        self.session = session
        self.model = WorklistModel(session.contract.threshold, self)
        self.model.set_settings(TriageSettings.from_contract(session.contract))
        self.status_message = QLabel()


@pytest.fixture(scope="module")
def session() -> ModelSession:
    return ModelSession.load()


@pytest.fixture
def window(qtbot, session, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    w = Window(session)
    qtbot.addWidget(w)
    config = ClinicConfig(port=0, results_folder=str(tmp_path / "results"))
    clinic = ClinicActions(w)
    clinic.controller = ClinicController(
        clinic.resultReady.emit, clinic.statusChanged.emit, lambda: config,
        tmp_path / "inbox", tmp_path / "history.sqlite",
    )  # fmt: skip
    yield w, clinic
    clinic.controller.stop_all()


def test_receive_studies_feeds_the_live_worklist(window, shared_data, tmp_path, qtbot) -> None:
    w, clinic = window
    clinic.act_receive.setChecked(True)
    assert clinic.controller.receiving and "Receiving as CXRTRIAGE" in w.status_message.text()
    study = make_studies(shared_data, tmp_path / "s", 1, 0)
    _assoc, statuses, _ = send(study, clinic.controller.receiver.port, "MODALITY")
    assert statuses == [0]
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=60_000)
    clinic.act_receive.setChecked(False)
    assert not clinic.controller.receiving


def test_watch_folder_feeds_the_live_worklist(window, shared_data, tmp_path, qtbot) -> None:
    w, clinic = window
    folder = tmp_path / "share"
    folder.mkdir()
    assert clinic.watch(folder)
    assert clinic.act_stop_watch.isEnabled()
    shutil.copy(make_studies(shared_data, tmp_path / "s", 1, 0)[0], folder / "new.dcm")
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=60_000)
    clinic.stop_watching()
    assert not clinic.act_stop_watch.isEnabled()


def test_port_in_use_is_a_message(window, tmp_path) -> None:
    w, clinic = window
    assert clinic.controller.start_receiving(w.session, w.model.settings) is None
    port = clinic.controller.receiver.port
    other = ClinicController(lambda r: None, load_config=lambda: ClinicConfig(port=port),
                             inbox=tmp_path / "i2", history_path=tmp_path / "h2.sqlite")  # fmt: skip
    problem = other.start_receiving(w.session, w.model.settings)
    other.stop_all()
    assert problem is not None and "cannot listen" in problem
