"""The clinic workflow's pure parts and local I/O: settings, history (migrations, CSV, a SIGKILL
mid-write), the watched folder (stable size, replaced file, folder gone and back), inbox retention
and the DICOM results built from a real pediatric film. No network."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pydicom
import pytest

from inference.clinic import config as cfg
from inference.clinic import history as hist
from inference.clinic import results_dicom as rd
from inference.clinic.deliver import FolderWriter, safe_name
from inference.clinic.receiver import inbox_file, prune_inbox
from inference.clinic.watch import FolderWatch, Stability, is_candidate
from inference.core.types import FailureKind, LoadFailure, TriageResult
from inference.triage.operating_point import resolve
from inference.triage.worklist import TriageSettings
from tests.clinic_data import make_studies

REPO = Path(__file__).resolve().parents[1]


# -- settings ---------------------------------------------------------------------------------
def test_config_round_trip_and_validation(tmp_path: Path) -> None:
    c = cfg.ClinicConfig(
        allowed_callers=("MODALITY",), pacs=cfg.PacsTarget("10.0.0.5", 4242, "ORTHANC")
    )
    cfg.save_config(c, tmp_path / "clinic.json")
    assert cfg.load_config(tmp_path / "clinic.json") == c
    assert (
        cfg.ae_title_problem("A" * 17)
        and cfg.ae_title_problem("BAD\\AE")
        and cfg.ae_title_problem(" ")
    )
    assert cfg.ae_title_problem("CXR TRIAGE") is None
    with pytest.raises(ValueError):
        cfg.save_config(c.with_changes(port=70000), tmp_path / "bad.json")
    with pytest.raises(ValueError, match="HOST:PORT"):
        cfg.parse_host_port("no-port")
    assert cfg.parse_host_port("[::1]:104") == ("::1", 104)


def test_damaged_config_falls_back_to_defaults(tmp_path: Path) -> None:
    p = tmp_path / "clinic.json"
    p.write_text("{not json", encoding="utf-8")
    assert cfg.load_config(p) == cfg.ClinicConfig()
    p.write_text(
        '{"port": "x", "allowed_callers": [1, "OK"], "pacs": {"host": 3}}', encoding="utf-8"
    )
    loaded = cfg.load_config(p)
    assert (
        loaded.port == cfg.DEFAULT_PORT
        and loaded.allowed_callers == ("OK",)
        and loaded.pacs is None
    )


# -- history ----------------------------------------------------------------------------------
def test_history_migrates_old_schema_and_exports_csv(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    conn = sqlite3.connect(db)  # a version-1 database as an older app left it
    conn.executescript(hist.MIGRATIONS[0] + "PRAGMA user_version=1;")
    conn.execute("INSERT INTO events (at, kind) VALUES ('2024-01-01T00:00:00', 'scan')")
    conn.commit()
    conn.close()
    w = hist.HistoryWriter(db)
    w.record(
        hist.Event(
            kind=hist.EventKind.RESULT,
            patient_id="=HYPERLINK(1)",
            label="pneumonia",
            probability=0.9,
            operating_point="model default",
            model_sha="abc",
        )
    )
    w.close()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == hist.SCHEMA_VERSION
    events = hist.list_events(db)
    assert [e["kind"] for e in events] == ["result", "scan"]
    assert events[0]["app_version"] and events[0]["model_sha"] == "abc"
    n = hist.export_csv(events, tmp_path / "h.csv")
    text = (tmp_path / "h.csv").read_text(encoding="utf-8-sig")
    assert n == 2 and "'=HYPERLINK(1)" in text and text.splitlines()[0].startswith("id,at,kind")


def test_history_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    sqlite3.connect(db).execute(f"PRAGMA user_version={hist.SCHEMA_VERSION + 5}")
    with pytest.raises(hist.HistoryError, match="newer"):
        hist.HistoryWriter(db)


_WRITER = """
import sys
from inference.clinic.history import Event, HistoryWriter
w = HistoryWriter(sys.argv[1])
i = 0
while True:
    for _ in range(50):
        w.record(Event(kind="result", path=f"/x/{i}.dcm", label="normal", probability=0.1))
        i += 1
    w.flush()
    print(i, flush=True)
"""


def test_history_survives_sigkill_mid_write(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    committed = 0
    try:
        deadline = time.monotonic() + 60
        while committed < 2000 and time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            committed = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # mid-write: the loop never pauses
        proc.wait(timeout=10)
    assert committed >= 2000
    assert hist.integrity(db) == "ok"
    count = len(hist.list_events(db))
    assert count >= committed  # everything flushed before the kill is there
    hist.HistoryWriter(db).close()  # and the database opens for writing again


# -- watched folder ---------------------------------------------------------------------------
def test_stability_waits_for_a_settled_file_and_rescores_a_replaced_one() -> None:
    s = Stability(settle_s=1.0)
    p = Path("/w/a.dcm")
    s.observe(p, (10, 1), now=0.0)
    s.observe(p, (20, 2), now=0.5)  # still growing
    assert s.ready(1.2) == []
    assert s.ready(1.6) == [p] and s.ready(5.0) == []  # scored once
    s.observe(p, (20, 9), now=6.0)  # replaced (new mtime)
    assert s.ready(7.1) == [p]
    s.observe(p, (0, 10), now=8.0)  # an empty file is never ready
    assert s.ready(20.0) == []
    assert not is_candidate(Path("x.dcm.part")) and not is_candidate(Path(".hidden"))


def test_watch_folder_gone_and_back(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    seen: list[Path] = []
    watch = FolderWatch(folder, seen.append, settle_s=0.3, poll_s=0.05)
    watch.start()
    try:
        f = folder / "a.dcm"
        with open(f, "wb") as fh:  # written in two parts: handed on once, when settled
            fh.write(b"x" * 100)
            fh.flush()
            time.sleep(0.15)
            fh.write(b"y" * 100)
        assert _until(lambda: seen == [f])
        time.sleep(0.5)
        assert seen == [f]
        f.write_bytes(b"z" * 300)  # replaced: scored again
        assert _until(lambda: seen == [f, f])
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
        assert _until(lambda: watch.state == "folder missing")
        folder.mkdir()
        (folder / "b.dcm").write_bytes(b"b" * 50)
        assert _until(lambda: seen[-1:] == [folder / "b.dcm"])
        assert watch.state == "watching"
    finally:
        watch.stop()
    assert sorted(p.name for p in folder.iterdir()) == ["b.dcm"]  # nothing written there


def _until(cond, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


# -- inbox ------------------------------------------------------------------------------------
def test_inbox_names_are_safe_and_retention_prunes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    p = inbox_file(inbox, "../../etc", "1.2.3/../x")
    assert inbox in p.parents and ".." not in p.relative_to(inbox).parts
    assert safe_name("") == "x"
    old = inbox_file(inbox, "1.2", "1.2.3")
    new = inbox_file(inbox, "1.3", "1.3.4")
    for q in (old, new):
        q.parent.mkdir(parents=True, exist_ok=True)
        q.write_bytes(b"d")
    os.utime(old, (time.time() - 10 * 86400,) * 2)
    assert prune_inbox(inbox, retention_days=7) == 1
    assert not old.exists() and not old.parent.exists() and new.exists()


def test_results_folder_never_inside_a_watched_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing is ever written"):
        FolderWriter(tmp_path / "images" / "results", forbidden=[tmp_path / "images"])


# -- DICOM results ----------------------------------------------------------------------------
MODEL = rd.ModelInfo("CXR Triage pneumonia model", "2.1.0", "ab" * 32)


def _result(path: Path, prob: float | None, error: LoadFailure | None = None) -> TriageResult:
    cam = np.zeros((14, 14), np.float32)
    cam[4:9, 3:7] = 0.9
    return TriageResult(path=path, index=0, pneumonia_prob=prob, cam=cam if prob else None,
                        class_probs={"normal": 1 - (prob or 0), "bacteria": prob or 0}, error=error,
                        metadata={"patient_age": "3 y", "body_part": "CHEST"}, age_years=3.0)  # fmt: skip


def test_sc_and_sr_for_an_in_scope_film(shared_data: Path, tmp_path: Path) -> None:
    src_path = make_studies(shared_data, tmp_path, 1, 0)[0]
    src = pydicom.dcmread(src_path)
    settings = TriageSettings(threshold=0.5, point=resolve(0.5))
    result = _result(src_path, 0.83)
    facts = rd.facts_of(result, settings, MODEL)
    assert facts.triaged and facts.above and facts.label == "pneumonia"
    gray = np.full((600, 500), 90, np.uint8)
    sc, sr = rd.build_results(src, result, facts, gray)
    assert sc.StudyInstanceUID == sr.StudyInstanceUID == src.StudyInstanceUID
    assert sc.SeriesInstanceUID != src.SeriesInstanceUID != sr.SeriesInstanceUID
    assert sc.Columns == 500 and sc.Rows > 600  # the band with the facts below the film
    band = sc.pixel_array[600:]
    assert band.max() == 255  # text burned in
    texts = {
        i.ConceptNameCodeSequence[0].CodeMeaning: getattr(i, "TextValue", None)
        for i in sr.ContentSequence
    }
    assert (
        texts["Algorithm Version"] == "2.1.0"
        and texts["Operating point"] == settings.operating_point_text()
    )
    assert "Estimated probability of pneumonia" in texts and "Heatmap secondary capture" in texts
    again = rd.build_results(src, result, facts, gray)
    assert again[0].SeriesInstanceUID == sc.SeriesInstanceUID  # one results series per study
    assert again[0].SOPInstanceUID != sc.SOPInstanceUID


def test_out_of_scope_and_unreadable_get_only_a_short_sr(shared_data: Path, tmp_path: Path) -> None:
    src_path = make_studies(shared_data, tmp_path, 0, 1)[0]
    src = pydicom.dcmread(src_path, stop_before_pixels=True)
    settings = TriageSettings(threshold=0.5)
    adult = _result(src_path, 0.7)
    adult.metadata["patient_age"], adult.age_years = "45 y", 45.0
    facts = rd.facts_of(adult, settings, MODEL)
    out = rd.build_results(src, adult, facts, np.zeros((50, 50), np.uint8))
    assert [d.Modality for d in out] == ["SR"] and facts.probability is None
    names = [i.ConceptNameCodeSequence[0].CodeMeaning for i in out[0].ContentSequence]
    assert "Reason not triaged" in names and "Estimated probability of pneumonia" not in names
    broken = _result(
        src_path, None, LoadFailure(src_path, FailureKind.CORRUPT, "pixel data is damaged")
    )
    (sr,) = rd.build_results(src, broken, rd.facts_of(broken, settings, MODEL), None)
    assert any(getattr(i, "TextValue", "") == "pixel data is damaged" for i in sr.ContentSequence)
    del src.StudyInstanceUID
    with pytest.raises(rd.ResultError, match="no study"):
        rd.build_results(src, broken, rd.facts_of(broken, settings, MODEL), None)
    assert rd.ascii_text("adult — 45 y ≥") == "adult - 45 y >="
