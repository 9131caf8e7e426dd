"""The real round trip (slow): a private Orthanc and dcmtk's dcmsend stand in for the clinic.
50 studies go to Orthanc and to CXR Triage; CXR Triage triages them and C-STOREs SC + SR back
to Orthanc; Orthanc's REST API must show the results inside the right studies."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pydicom
import pytest

from inference.clinic.config import ClinicConfig, PacsTarget
from inference.clinic.deliver import PacsSender
from inference.clinic.history import EventKind, HistoryWriter, list_events
from inference.clinic.receiver import Receiver
from inference.clinic.service import ClinicTriager, Job, Outcome
from inference.model.session import ModelSession
from inference.triage.worklist import TriageSettings
from tests import orthanc_server as orth
from tests.clinic_data import make_studies

pytestmark = pytest.mark.slow
N_CHILDREN, N_ADULTS = 30, 20


@pytest.fixture(scope="module")
def orthanc(tmp_path_factory):
    problem = orth.install_problem()
    if problem:
        pytest.skip(problem)
    folder = tmp_path_factory.mktemp("orthanc")
    http, dicom, ours = orth.free_port(), orth.free_port(), orth.free_port()
    proc = orth.start(folder, http, dicom, {"cxr": ["CXRTRIAGE", "127.0.0.1", ours]})
    yield http, dicom, ours
    proc.terminate()
    proc.wait(timeout=20)


def dcmsend(files: list[Path], port: int, called: str) -> None:
    subprocess.run(["dcmsend", "-aet", "MODALITY", "-aec", called, "127.0.0.1", str(port),
                    *map(str, files)], check=True, capture_output=True, timeout=300)  # fmt: skip


def test_fifty_studies_round_trip_through_orthanc(orthanc, shared_data, tmp_path, capsys) -> None:
    http, dicom, ours = orthanc
    studies = make_studies(shared_data, tmp_path / "studies", N_CHILDREN, N_ADULTS)
    dcmsend(studies, dicom, orth.ORTHANC_AE)  # the modality archives the originals
    assert len(orth.rest(http, "/studies")) == len(studies)

    session = ModelSession.load()
    settings = TriageSettings.from_contract(session.contract)
    history = HistoryWriter(tmp_path / "history.sqlite")
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def on_outcome(o: Outcome) -> None:
        with lock:
            outcomes.append(o)

    sender = PacsSender(PacsTarget("127.0.0.1", dicom, orth.ORTHANC_AE), "CXRTRIAGE")
    triager = ClinicTriager(session, settings, history, sender, on_outcome)
    triager.start()
    config = ClinicConfig(port=ours, allowed_callers=("MODALITY",))
    receiver = Receiver(config, tmp_path / "inbox",
                        lambda r: triager.submit(Job(r.path, "listen", r.received_at, r.calling_ae)))  # fmt: skip
    receiver.start()
    try:
        t0 = time.perf_counter()
        dcmsend(studies, ours, "CXRTRIAGE")  # and sends them to CXR Triage
        deadline = time.monotonic() + 600
        while len(outcomes) < len(studies) and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.perf_counter() - t0
    finally:
        receiver.stop()
        triager.stop()
        history.close()
    assert len(outcomes) == len(studies) and all(not o.problems for o in outcomes)
    assert len(list_events(tmp_path / "history.sqlite", kinds=[EventKind.RESULT])) == len(studies)

    children = 0
    for f in studies:
        uid = pydicom.dcmread(f, stop_before_pixels=True).StudyInstanceUID
        query = {"Level": "Series", "Expand": True, "Query": {"StudyInstanceUID": uid}}
        found = orth.rest(http, "/tools/find", data=json.dumps(query).encode())
        modalities = sorted(s["MainDicomTags"].get("Modality", "") for s in found)
        if f.name.startswith("child"):
            children += 1
            assert "SR" in modalities and "OT" in modalities, (f.name, modalities)
        else:
            assert "SR" in modalities and "OT" not in modalities, (f.name, modalities)
    assert children == N_CHILDREN
    lat = sorted(o.latency_s for o in outcomes)
    with capsys.disabled():
        print(f"\n[orthanc round trip] {len(studies)} studies: C-STORE to result in Orthanc "
              f"median {lat[len(lat) // 2]:.2f} s, max {lat[-1]:.2f} s; throughput "
              f"{len(studies) / elapsed * 60:.0f} studies/min ({elapsed:.1f} s)")  # fmt: skip
