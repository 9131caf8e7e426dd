"""The DICOM round trip on 127.0.0.1 with pynetdicom on both sides: a modality sends 20 studies,
CXR Triage receives, triages and records them, and sends SC + SR back to a storage SCP standing in
for the PACS; a calling AE that is not allowed is refused. Free ports, bounded waits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pydicom
import pytest
from pynetdicom import AE, evt
from pynetdicom.sop_class import (
    Comprehensive3DSRStorage,
    SecondaryCaptureImageStorage,
    Verification,
)

from inference.clinic.config import ClinicConfig, PacsTarget
from inference.clinic.deliver import PacsSender
from inference.clinic.history import EventKind, HistoryWriter, integrity, list_events
from inference.clinic.receiver import Receiver
from inference.clinic.service import ClinicTriager, Job, Outcome
from inference.model.session import ModelSession
from inference.triage.worklist import TriageSettings
from tests.clinic_data import make_studies

N_CHILDREN, N_ADULTS = 12, 8  # 20 studies: 12 in scope (SC + SR back), 8 adults (short SR)
WAIT_S = 180


@pytest.fixture(scope="module")
def session() -> ModelSession:
    return ModelSession.load()


@pytest.fixture(scope="module")
def studies(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_studies(shared_data, tmp_path_factory.mktemp("studies"), N_CHILDREN, N_ADULTS)


class FakePacs:
    """A storage SCP that keeps what it receives (the results coming back)."""

    def __init__(self) -> None:
        self.received: list[pydicom.Dataset] = []
        ae = AE(ae_title="FAKEPACS")
        for sop in (SecondaryCaptureImageStorage, Comprehensive3DSRStorage):
            ae.add_supported_context(sop)
        handlers = [(evt.EVT_C_STORE, self._store)]
        self.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
        self.port = self.server.server_address[1]

    def _store(self, event: evt.Event) -> int:
        ds = event.dataset
        ds.file_meta = event.file_meta
        self.received.append(ds)
        return 0x0000


def send(files: list[Path], port: int, calling: str, called: str = "CXRTRIAGE") -> tuple:
    """C-STORE the files in one association, each in its own transfer syntax."""
    datasets = [pydicom.dcmread(f) for f in files]
    ae = AE(ae_title=calling)
    for pair in {(d.SOPClassUID, d.file_meta.TransferSyntaxUID) for d in datasets}:
        ae.add_requested_context(pair[0], [pair[1]])
    assoc = ae.associate("127.0.0.1", port, ae_title=called)
    if not assoc.is_established:
        return assoc, [], []
    statuses, sent_at = [], []
    for d in datasets:
        statuses.append(assoc.send_c_store(d).Status)
        sent_at.append(time.perf_counter())
    assoc.release()
    return assoc, statuses, sent_at


def wait_for(condition, timeout_s: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def node(session: ModelSession, tmp_path: Path):
    """Receiver + triager + history wired as ``cxr-triage listen`` wires them, results to FakePacs."""
    pacs = FakePacs()
    history = HistoryWriter(tmp_path / "history.sqlite")
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def on_outcome(o: Outcome) -> None:
        with lock:
            outcomes.append(o)

    config = ClinicConfig(port=0, allowed_callers=("MODALITY",))
    sender = PacsSender(PacsTarget("127.0.0.1", pacs.port, "FAKEPACS"), config.ae_title)
    settings = TriageSettings.from_contract(session.contract)
    triager = ClinicTriager(session, settings, history, sender, on_outcome)
    triager.start()
    receiver = Receiver(
        config,
        tmp_path / "inbox",
        lambda r: triager.submit(Job(r.path, "listen", r.received_at, r.calling_ae)),
    )
    receiver.start()
    yield receiver, triager, history, pacs, outcomes, settings
    receiver.stop()
    triager.stop()
    history.close()
    pacs.server.shutdown()


def test_twenty_studies_round_trip(node, studies, tmp_path, capsys) -> None:
    receiver, triager, history, pacs, outcomes, settings = node
    t0 = time.perf_counter()
    assoc, statuses, _sent_at = send(studies, receiver.port, "MODALITY")
    assert assoc.is_released and statuses == [0x0000] * len(studies)
    assert wait_for(lambda: len(outcomes) == len(studies)), f"{len(outcomes)} of {len(studies)}"
    elapsed = time.perf_counter() - t0
    history.flush()

    # 20 triaged rows in the history, each with the operating point and model sha
    rows = list_events(tmp_path / "history.sqlite", kinds=[EventKind.RESULT])
    assert len(rows) == len(studies)
    assert {r["operating_point"] for r in rows} == {settings.operating_point_text()}
    assert all(r["model_sha"] == triager.session.sha256 for r in rows)
    assert integrity(tmp_path / "history.sqlite") == "ok"

    # every study got its results back, in the same study, in new series
    sources = {pydicom.dcmread(f, stop_before_pixels=True).StudyInstanceUID: f for f in studies}
    assert wait_for(lambda: len(pacs.received) == N_CHILDREN * 2 + N_ADULTS, 30)
    by_study: dict[str, list[pydicom.Dataset]] = {}
    for ds in pacs.received:
        by_study.setdefault(ds.StudyInstanceUID, []).append(ds)
    assert set(by_study) == set(sources)
    for study, objs in by_study.items():
        kinds = sorted(d.Modality for d in objs)
        src = pydicom.dcmread(sources[study], stop_before_pixels=True)
        assert all(d.SeriesInstanceUID != src.SeriesInstanceUID for d in objs)
        assert all(d.PatientID == src.PatientID for d in objs)
        sr = next(d for d in objs if d.Modality == "SR")
        ref = sr.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence
        assert any(
            s.ReferencedSOPSequence[0].ReferencedSOPInstanceUID == src.SOPInstanceUID for s in ref
        )
        texts = [str(getattr(i, "TextValue", "")) for i in sr.ContentSequence]
        assert "Assistive triage, not a diagnosis" in texts
        if sources[study].name.startswith("child"):
            assert kinds == ["OT", "SR"]  # Secondary Capture + SR
            sc = next(d for d in objs if d.Modality == "OT")
            assert sc.BurnedInAnnotation == "YES" and sc.PhotometricInterpretation == "RGB"
            nums = [i for i in sr.ContentSequence if i.ValueType == "NUM"]
            assert nums and 0.0 <= float(nums[0].MeasuredValueSequence[0].NumericValue) <= 1.0
        else:
            assert kinds == ["SR"]  # out of scope: only the short SR saying why
            assert any("adult" in t for t in texts)

    latencies = sorted(o.latency_s for o in outcomes)
    with capsys.disabled():
        print(
            f"\n[clinic round trip] {len(studies)} studies: C-STORE to result median "
            f"{latencies[len(latencies) // 2]:.2f} s, max {latencies[-1]:.2f} s; "
            f"throughput {len(studies) / elapsed * 60:.0f} studies/min ({elapsed:.1f} s)"
        )


def test_refused_calling_ae(node, studies) -> None:
    receiver, _triager, _history, _pacs, outcomes, _settings = node
    assoc, statuses, _ = send(studies[:1], receiver.port, "INTRUDER")
    assert assoc.is_rejected and statuses == []
    assert wait_for(lambda: "INTRUDER" in receiver.refused, 5)
    assert receiver.stored == 0 and outcomes == []


def test_echo_and_wrong_called_ae(node) -> None:
    receiver = node[0]
    ae = AE(ae_title="MODALITY")
    ae.add_requested_context(Verification)
    assoc = ae.associate("127.0.0.1", receiver.port, ae_title="CXRTRIAGE")
    assert assoc.is_established
    assert assoc.send_c_echo().Status == 0x0000
    assoc.release()
    assoc = ae.associate("127.0.0.1", receiver.port, ae_title="SOMEONEELSE")
    assert assoc.is_rejected


def test_pacs_down_is_reported_not_raised(session, studies) -> None:
    sender = PacsSender(PacsTarget("127.0.0.1", 1, "NOBODY"), "CXRTRIAGE", timeout_s=2)
    ds = pydicom.dcmread(studies[0], stop_before_pixels=True)
    problems = sender.send([ds])
    assert len(problems) == 1 and "NOBODY" in problems[0]
