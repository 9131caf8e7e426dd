"""No traceback and no lost worklist, whatever the file names, outputs and signals.

A matrix of bad names, links, outputs and signals against the headless scan (in-process where
possible, as a subprocess for signals) and, for exports, the viewer's writer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pydicom
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inference.cli.scan_command import main as cli_main
from inference.core.output_files import atomic_write_bytes, output_problem
from inference.core.safe_text import printable
from inference.core.types import Flag, TriageResult
from inference.export.worklist_files import CSV_ENCODING, csv_text, json_text
from inference.imaging.loader import try_load
from inference.triage.worklist import TriageSettings

REPO = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LATIN1_NAME = b"M\xfcller.jpg"  # Latin-1 bytes: not valid UTF-8, common on old shares


@pytest.fixture
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    src = tmp_path / "xrays"
    src.mkdir()
    samples = sorted(samples_dir.glob("*.jpeg"))
    shutil.copy(samples[0], src / samples[0].name)
    shutil.copy(samples[1], os.fsdecode(os.fsencode(str(src)) + b"/" + LATIN1_NAME))
    os.symlink(src / "gone.jpg", src / "broken.jpg")
    os.symlink(src / "loop.dcm", src / "loop.dcm")
    return src


def run(args: list[str], model_path: Path, capsys) -> tuple[int, str, str]:
    rc = cli_main([*args, "--model", str(model_path)])
    out = capsys.readouterr()
    return rc, out.out, out.err


# -- names --------------------------------------------------------------------------------------
def test_names_that_are_not_utf8_reach_every_output(folder, tmp_path, model_path, capsys):
    csv_path, json_path = tmp_path / "w.csv", tmp_path / "w.json"
    rc, out, err = run(["scan", str(folder), "--csv", str(csv_path), "--json", str(json_path)],
                       model_path, capsys)  # fmt: skip
    assert rc == 0, err
    text = csv_path.read_text(encoding=CSV_ENCODING)
    assert "M\\xfcller.jpg" in text  # a faithful, readable escape
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    files = {d["file"]: d for d in doc["results"]}
    assert "M\\xfcller.jpg" in files and files["M\\xfcller.jpg"]["pneumonia_probability"]
    # broken links and loops named like images are rows with a reason, not silently dropped
    assert "broken link" in files["broken.jpg"]["error"]["message"]
    assert "link loop" in files["loop.dcm"]["error"]["message"]
    assert "Traceback" not in out + err


@settings(max_examples=60, deadline=None)
@given(
    st.binary(min_size=1, max_size=40).filter(
        lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")  # not file names
    )
)
def test_any_name_the_os_allows_writes_to_csv_and_json(raw: bytes) -> None:
    name = os.fsdecode(raw)
    result = TriageResult(path=Path("/scan") / name, index=0, pneumonia_prob=0.4,
                          class_probs={"normal": 0.6, "bacterial": 0.3, "viral": 0.1},
                          metadata={"patient_name": name})  # fmt: skip
    s = TriageSettings(0.5)
    csv_bytes = csv_text([result], s, "2").encode(CSV_ENCODING)  # never raises
    doc = json.loads(json_text([result], s, {}).encode("utf-8"))
    shown = printable(name)
    assert doc["results"][0]["file"] == shown and shown.encode("utf-8")
    assert csv_bytes.count(b"\r\n") >= 2
    try:
        raw.decode("utf-8")
        assert shown == name  # valid names are written unchanged
    except UnicodeDecodeError:
        assert "\\x" in shown  # the undecodable bytes are visible as escapes


# -- outputs ------------------------------------------------------------------------------------
def test_writing_through_a_symlink_updates_the_target_and_keeps_link_and_mode(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.csv"
    atomic_write_bytes(fresh, b"x")
    assert stat.S_IMODE(fresh.stat().st_mode) != 0o600  # umask, not mkstemp's private mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.csv", "link.csv", "real.csv"]


def test_device_and_folder_outputs_are_refused_before_the_scan(
    folder, tmp_path, model_path, capsys
):
    rc, _, err = run(["scan", str(folder), "--csv", os.devnull], model_path, capsys)
    assert rc == 2 and "not a regular file" in err and err.count("\n") == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # the device node is untouched
    rc, _, err = run(["scan", str(folder), "--json", str(tmp_path)], model_path, capsys)
    assert rc == 2 and "is a folder" in err
    rc, _, err = run(["scan", str(folder), "--csv", str(tmp_path / "no" / "w.csv")], model_path,
                     capsys)  # fmt: skip
    assert rc == 2 and "does not exist" in err and "Traceback" not in err


@pytest.mark.skipif(IS_ROOT, reason="root can write anywhere; the permission check needs a user")
def test_unwritable_output_is_found_before_the_scan(folder, tmp_path, model_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        rc, _, err = run(["scan", str(folder), "--csv", str(locked / "w.csv")], model_path, capsys)
    finally:
        locked.chmod(0o700)
    assert rc == 2 and "permission denied" in err.lower() and ".tmp" not in err


def test_output_problem_names_the_reason_in_one_line(tmp_path):
    assert output_problem(tmp_path / "ok.csv") is None
    assert "does not exist" in output_problem(tmp_path / "missing" / "x.csv")
    assert "not a regular file" in output_problem(Path(os.devnull))
    long_name = tmp_path / ("x" * 300 + ".csv")
    assert "too long" in output_problem(long_name).lower()


def test_overlong_and_missing_sources_are_one_line(tmp_path, model_path, capsys):
    for source in (tmp_path / ("y" * 300), tmp_path / "nothing-here"):
        rc, out, err = run(["scan", str(source), "--csv", str(tmp_path / "w.csv")], model_path,
                           capsys)  # fmt: skip
        assert rc == 2 and err.count("\n") == 1 and "Traceback" not in out + err


# -- DICOM details ------------------------------------------------------------------------------
def test_multi_frame_dicom_says_which_frame_was_scored(tmp_path, shared_data):
    ds = pydicom.dcmread(shared_data / "dicom/dcmbench/gdcm-CR-MONO1-10-chest.dcm")
    frame = ds.pixel_array
    ds.PixelData = np.stack([frame, frame[::-1]]).astype(frame.dtype).tobytes()
    ds.NumberOfFrames = 2
    ds.save_as(tmp_path / "cine.dcm")
    loaded = try_load(tmp_path / "cine.dcm")
    assert loaded.frame_count == 2
    from inference.imaging.quality import image_flags

    assert Flag.MULTI_FRAME in image_flags(loaded, (224, 224), 0.2)


def test_library_warnings_go_to_the_log_not_the_terminal(tmp_path, shared_data, model_path, capsys):
    log = tmp_path / "scan.log"
    src = tmp_path / "dicoms"
    src.mkdir()
    for name in ("RG2_JPLY.dcm", "RG3_JPLY.dcm"):  # JPEG Extended: pydicom logs decoder errors
        shutil.copy(shared_data / "dicom/nema-compsamples/non_chest" / name, src / name)
    rc, out, err = run(["scan", str(src), "--json", str(tmp_path / "w.json"), "--log", str(log)],
                       model_path, capsys)  # fmt: skip
    assert rc in (0, 1)
    assert "libjpeg" not in out + err and "Traceback" not in out + err
    assert log.is_file()


# -- signals ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_folder(tmp_path_factory, samples_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for i in range(8):
        for f in sorted(samples_dir.glob("*.jpeg")):
            shutil.copy(f, folder / f"{i}-{f.name}")
    return folder


def _default_signals() -> None:
    """The child starts with default signal handling even when this test runs in a background
    job (which ignores SIGINT and would pass that on)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(scope="module")
def interpreter_start() -> float:
    """Seconds a bare interpreter needs to start here: before that, a signal hits Python's own
    start-up (site import), which no program can handle, so the moments are counted from it."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


# Moments chosen once (fixed seed 0): during start-up, model loading, the scan and heatmaps.
DELAYS = [float(d) for d in np.round(np.random.default_rng(0).uniform(0.3, 4.0, 4), 2)]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("delay", [0.15, *DELAYS])
def test_a_signal_at_any_moment_leaves_no_output_and_no_traceback(
    sig, delay, big_folder, tmp_path, model_path, interpreter_start
):
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, "-m", "app", "scan", str(big_folder), "--csv", str(out / "w.csv"),
           "--heatmaps", str(out / "heat"), "--model", str(model_path), "--workers", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
                            preexec_fn=_default_signals)  # fmt: skip
    time.sleep(interpreter_start + delay)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:  # it finished before the signal: a complete worklist is fine
        assert (out / "w.csv").is_file()
        return
    expected = 130 if sig == signal.SIGINT else 143
    assert proc.returncode in (expected, -sig), (proc.returncode, stderr)
    assert "Traceback" not in stdout + stderr
    assert not (out / "w.csv").exists()
    heat = out / "heat"
    assert not heat.exists() or not any(heat.iterdir()), "heatmaps left behind"
