"""Bad-input matrix, round 3 (issue 23), I/O side: what is written, what is read, what is shown.

Every writer (scan --csv/--json/--log/--heatmaps, calibrate --out/--plot, the viewer's
--screenshot) meets the same table of hostile targets, and the scanned folder is fingerprinted
before and after: nothing may appear, change or be replaced there. Readers meet pipes, sockets,
devices and folders where files should be, and must answer with a row, never block (every test
has a timeout, so a hang fails instead of blocking the suite)."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from inference.cli.scan_command import main as cli_main
from inference.core.safe_text import is_unsafe_char, visible
from inference.export import worklist_files as report_csv
from inference.export.scan_outputs import MAX_BATCH_SIZE
from inference.imaging.walk import ScanStats, iter_images

REPO = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = pytest.mark.timeout(120)


# -- helpers -----------------------------------------------------------------------------------
def fingerprint(root: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``root`` (hidden ones too): its kind and, for files, a content hash."""
    out: dict[str, tuple[str, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st_ = p.lstat()
            if stat.S_ISREG(st_.st_mode):
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                out[str(p.relative_to(root))] = ("file", digest)
            elif stat.S_ISLNK(st_.st_mode):
                out[str(p.relative_to(root))] = ("link", os.readlink(p))
            else:
                out[str(p.relative_to(root))] = (stat.filemode(st_.st_mode)[0], "")
    return out


def kind_of(path: Path) -> tuple[str, str]:
    """What sits at ``path`` (not following a link), to check a target was not replaced."""
    try:
        st_ = path.lstat()
    except FileNotFoundError:
        return ("missing", "")
    if stat.S_ISLNK(st_.st_mode):
        return ("link", os.readlink(path))
    return (stat.filemode(st_.st_mode)[0], "")


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    rc = cli_main(args)
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def images(tmp_path: Path, samples_dir: Path) -> Path:
    """A scanned folder laid out for calibration too: NORMAL/ and PNEUMONIA/, two films each."""
    root = tmp_path / "images"
    samples = sorted(samples_dir.glob("*.jpeg"))
    for sub, picks in (("NORMAL", samples[:2]), ("PNEUMONIA", samples[-2:])):
        (root / sub).mkdir(parents=True)
        for f in picks:
            shutil.copy(f, root / sub / f.name)
    return root


# -- the table of hostile targets --------------------------------------------------------------
def _socket_file(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


def hostile_targets(images: Path, outside: Path, ext: str) -> dict[str, Path]:
    """Targets no writer may use: inside the scanned folder, links into it, special files."""
    outside.mkdir(exist_ok=True)
    image = next((images / "NORMAL").iterdir())
    targets = {
        "inside_scanned_folder": images / f"out{ext}",
        "inside_a_subfolder": images / "PNEUMONIA" / f"out{ext}",
        "link_to_an_image": outside / f"link{ext}",
        "dangling_link_into_folder": outside / f"dangling{ext}",
        "fifo": outside / f"fifo{ext}",
        "link_to_fifo": outside / f"to-fifo{ext}",
        "socket": outside / f"sock{ext}",
        "device": outside / f"null{ext}",
        "folder": outside / f"dir{ext}",
        "missing_parent": outside / "nope" / f"x{ext}",
    }
    targets["link_to_an_image"].symlink_to(image)
    targets["dangling_link_into_folder"].symlink_to(images / f"new{ext}")
    os.mkfifo(targets["fifo"])
    targets["link_to_fifo"].symlink_to(targets["fifo"])
    _socket_file(targets["socket"])
    if IS_ROOT:  # a private device node: a broken guard must never replace the real /dev/null
        os.mknod(targets["device"], stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        targets["device"] = Path(os.devnull)
    targets["folder"].mkdir()
    return targets


TARGET_NAMES = [
    "inside_scanned_folder",
    "inside_a_subfolder",
    "link_to_an_image",
    "dangling_link_into_folder",
    "fifo",
    "link_to_fifo",
    "socket",
    "device",
    "folder",
    "missing_parent",
]


def _scan_writer(flag: str) -> Callable[[Path, Path, Path], list[str]]:
    def argv(images: Path, target: Path, outside: Path) -> list[str]:
        extra = ["--csv", str(outside / "ok.csv")] if flag == "--log" else []
        return ["scan", str(images), flag, str(target), *extra, "--quiet"]

    return argv


def _calibrate_writer(flag: str) -> Callable[[Path, Path, Path], list[str]]:
    def argv(images: Path, target: Path, outside: Path) -> list[str]:
        return ["calibrate", str(images), flag, str(target), "--cpu"]

    return argv


WRITERS: dict[str, tuple[Callable[[Path, Path, Path], list[str]], str]] = {
    "scan --csv": (_scan_writer("--csv"), ".csv"),
    "scan --json": (_scan_writer("--json"), ".json"),
    "scan --log": (_scan_writer("--log"), ".log"),
    "calibrate --out": (_calibrate_writer("--out"), ".json"),
    "calibrate --plot": (_calibrate_writer("--plot"), ".png"),
    "viewer --screenshot": (
        lambda images, target, outside: [str(images), "--screenshot", str(target)],
        ".png",
    ),
}


@pytest.mark.parametrize("target_name", TARGET_NAMES)
@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_writer_refuses_every_hostile_target(
    writer, target_name, images, tmp_path, model_path, capsys, monkeypatch
):
    import tempfile

    probes: list[Path] = []  # every temporary or probe file, wherever it is made
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        probes.append(Path(name))
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    argv_of, ext = WRITERS[writer]
    outside = tmp_path / "out"
    target = hostile_targets(images, outside, ext)[target_name]
    before, target_before = fingerprint(images), kind_of(target)
    argv = [*argv_of(images, target, outside), "--model", str(model_path)]
    if writer.startswith("viewer"):
        from app.cli import main as app_main

        rc = app_main(argv)
        cap = capsys.readouterr()
        out, err = cap.out, cap.err
    else:
        rc, out, err = run_cli(argv, capsys)
    assert rc == 2, (writer, target_name, err)
    assert err.count("\n") == 1 and "Traceback" not in out + err, err
    assert fingerprint(images) == before, "something was written into the scanned folder"
    assert kind_of(target) == target_before, "the target was replaced"
    assert not [p for p in probes if images in p.parents], "a probe was made in the images"
    if "inside" in target_name or "into" in target_name or "image" in target_name:
        assert "inside the scanned folder" in err


def test_a_link_to_an_ordinary_file_outside_is_written_through_and_kept(
    images, tmp_path, model_path, capsys
):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    rc, _, err = run_cli(["scan", str(images), "--csv", str(link), "--quiet", "--model",
                          str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("rank,")


def test_heatmaps_never_write_through_a_planted_link_into_the_images(
    images, tmp_path, model_path, capsys
):
    heat = tmp_path / "heat"
    heat.mkdir()
    for image in (images / "PNEUMONIA").iterdir():  # a planted name the writer will choose
        (heat / f"{image.stem}_heatmap.png").symlink_to(image)
    before = fingerprint(images)
    rc, _, err = run_cli(["scan", str(images), "--heatmaps", str(heat), "--csv",
                            str(tmp_path / "w.csv"), "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    assert fingerprint(images) == before
    rc, _, err = run_cli(["scan", str(images), "--heatmaps", str(images / "heat"), "--model",
                          str(model_path)], capsys)  # fmt: skip
    assert rc == 2 and "inside the scanned folder" in err and not (images / "heat").exists()


def test_the_log_inside_the_scanned_folder_is_refused_before_it_is_opened(
    images, tmp_path, model_path, capsys
):
    rc, _, err = run_cli(["scan", str(images), "--log", str(images / "scan.log"), "--csv",
                          str(tmp_path / "w.csv"), "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 2 and "--log" in err and not (images / "scan.log").exists()


# -- reading: nothing but regular files is opened ----------------------------------------------
def _json_rows(path: Path) -> dict[str, dict]:
    return {r["file"]: r for r in json.loads(path.read_text())["results"]}


def test_pipes_sockets_devices_and_links_to_them_get_rows_and_never_block(
    tmp_path, samples_dir, model_path, capsys
):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(next(samples_dir.glob("*.jpeg")), src / "a.jpeg")
    os.mkfifo(src / "pipe.jpg")
    sock = _socket_file(src / "sock.tif")
    (src / "zero.png").symlink_to("/dev/zero")
    (src / "to-pipe.dcm").symlink_to(src / "pipe.jpg")
    out = tmp_path / "w.json"
    try:
        rc, _, err = run_cli(["scan", str(src), "--json", str(out), "--quiet", "--model",
                              str(model_path)], capsys)  # fmt: skip
    finally:
        sock.close()
    assert rc == 0, err
    rows = _json_rows(out)
    assert rows["a.jpeg"]["error"] is None
    assert "named pipe" in rows["pipe.jpg"]["error"]["message"]
    assert "socket" in rows["sock.tif"]["error"]["message"]
    assert "device" in rows["zero.png"]["error"]["message"]
    assert "named pipe" in rows["to-pipe.dcm"]["error"]["message"]
    assert not any("does not exist" in (r["error"] or {}).get("message", "") for r in rows.values())


def _dicomdir_export(root: Path, shared_data: Path) -> list[Path]:
    sys.path.insert(0, str(REPO / "tests"))
    from test_scan import _dicomdir_tree  # the same DICOMDIR builder as the scan tests

    _dicomdir_tree(root, shared_data)
    from pydicom.fileset import FileSet

    return [Path(inst.path) for inst in FileSet(root / "DICOMDIR")]


@pytest.mark.timeout(60)
@pytest.mark.filterwarnings("ignore:The referenced SOP Instance")
def test_a_dicomdir_entry_that_is_a_pipe_or_a_folder_gets_a_row(
    tmp_path, shared_data, model_path, capsys
):
    root = tmp_path / "export"
    listed = _dicomdir_export(root, shared_data)
    listed[0].unlink()
    os.mkfifo(listed[0])  # hung the scan forever at "0/? still scanning"
    rc, _, err = run_cli(["scan", str(root), "--json", str(tmp_path / "a.json"), "--quiet",
                          "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    assert "named pipe" in _json_rows(tmp_path / "a.json")[listed[0].name]["error"]["message"]
    listed[0].unlink()
    listed[0].mkdir()  # said "cannot read this DICOMDIR index: 1062"
    items = list(iter_images(root))
    messages = [getattr(i, "message", "") for i in items]
    assert "this is a folder, not a file" in messages
    assert listed[1] in items and not any("DICOMDIR index" in m for m in messages)


@pytest.mark.timeout(60)
def test_a_file_swapped_for_a_pipe_during_the_scan_gets_a_row(
    tmp_path, samples_dir, model_path, capsys, monkeypatch
):
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted(samples_dir.glob("*.jpeg"))[:3]:
        shutil.copy(f, src / f.name)
    victim = sorted(src.iterdir())[1]
    import inference.triage.pipeline as pipeline

    real_iter = pipeline.iter_images

    def swapping(*args, **kwargs):  # swap after the walk sniffed it, before it is decoded
        for item in real_iter(*args, **kwargs):
            if item == victim:
                victim.unlink()
                os.mkfifo(victim)
            yield item

    monkeypatch.setattr(pipeline, "iter_images", swapping)
    rc, _, err = run_cli(["scan", str(src), "--json", str(tmp_path / "w.json"), "--quiet",
                          "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    assert "named pipe" in _json_rows(tmp_path / "w.json")[victim.name]["error"]["message"]


def test_a_model_that_is_a_pipe_is_named_as_one(tmp_path, capsys):
    pipe = tmp_path / "model.onnx"
    os.mkfifo(pipe)
    rc, _, err = run_cli(["scan", str(tmp_path), "--model", str(pipe)], capsys)
    assert rc == 2 and "named pipe" in err and "empty" not in err


# -- the walk ----------------------------------------------------------------------------------
def _png(path: Path, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (64, 64), dtype=np.uint8)).save(path)
    return path


def _remove_deep(top: Path) -> None:
    """Remove a folder tree deeper than shutil.rmtree and os.walk (recursive in Python 3.11) can
    go: left behind, it would break every later pytest run's removal of old temporary folders."""
    folders, stack = [], [top]
    while stack:  # iterative: collect every folder, parents first
        folder = stack.pop()
        folders.append(folder)
        for child in folder.iterdir():
            if child.is_dir() and not child.is_symlink():
                stack.append(child)
            else:
                child.unlink()
    for folder in reversed(folders):
        folder.rmdir()


def test_1100_nested_folders_are_walked_to_the_bottom_and_siblings_after(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    for _ in range(1100):  # os.makedirs itself recurses too deep for this
        folder = folder / "d"
        folder.mkdir()
    try:
        bottom = _png(folder / "bottom.png")
        sibling = tmp_path / "b"
        sibling.mkdir()
        after = _png(sibling / "after.png", 1)
        stats = ScanStats()
        items = list(iter_images(tmp_path, stats))
        assert items == [bottom, after]
        assert stats.max_depth == 1101 and "1101 levels deep" in stats.summary()
    finally:
        _remove_deep(tmp_path / "a")


def test_a_hard_link_and_its_original_get_two_rows(tmp_path):
    a = _png(tmp_path / "a.png")
    os.link(a, tmp_path / "b.png")
    (tmp_path / "c.png").symlink_to(a)  # a symlink is the same name's file: listed once
    assert list(iter_images(tmp_path)) == [a, tmp_path / "b.png"]


# -- untrusted text ----------------------------------------------------------------------------
HOSTILE = "x\x1b[2J\x1b]0;pwned\x07\nrank 1  0.999  PNEUMONIA\r\u202eGPJ.exe\u2066\x85"


@given(st.text())
def test_visible_leaves_no_control_or_bidi_character(text):
    shown = visible(text)
    assert not any(is_unsafe_char(c) for c in shown)
    if not any(is_unsafe_char(c) for c in text):
        assert shown == text


def test_hostile_names_and_tags_are_escaped_in_terminal_and_csv_json_stays_exact(
    tmp_path, shared_data, samples_dir, model_path, capsys
):
    import pydicom

    src = tmp_path / "src"
    src.mkdir()
    name = HOSTILE + ".jpeg"
    shutil.copy(next(samples_dir.glob("*.jpeg")), src / name)
    ds = pydicom.dcmread(shared_data / "dicom/dcmbench/gdcm-CR-MONO1-10-chest.dcm")
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientID = "QA\u202e001"
    ds.PatientName = "Doe\r\nID QA002"
    ds.save_as(src / "tagged.dcm")
    rc, out, err = run_cli(["scan", str(src), "--model", str(model_path)], capsys)
    assert rc == 0, err
    for bad in ("\x1b", "\u202e", "\u2066", "\x85", "\r"):
        assert bad not in out + err
    assert not any(line.startswith("rank 1") for line in out.splitlines())
    assert "\\x1b[2J" in out and "\\u202e" in out
    csv_path, json_path = tmp_path / "w.csv", tmp_path / "w.json"
    rc, _, err = run_cli(["scan", str(src), "--csv", str(csv_path), "--json", str(json_path),
                          "--quiet", "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert not any(is_unsafe_char(c) for c in text.replace("\r\n", ""))
    assert "QA\\u202e001" in text and "Doe\\r\\nID QA002" in text
    rows = _json_rows(json_path)
    assert name in rows  # JSON keeps the exact name, escaped by JSON itself
    assert any(r["metadata"].get("patient_id") == "QA\u202e001" for r in rows.values())


# -- outputs, limits, signals ------------------------------------------------------------------
def test_a_full_disk_says_exactly_what_was_and_was_not_written(
    images, tmp_path, model_path, capsys, monkeypatch
):
    real_write = report_csv.atomic_write_bytes

    def disk_full_for_json(target, data):
        if Path(target).suffix == ".json":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_write(target, data)

    monkeypatch.setattr(report_csv, "atomic_write_bytes", disk_full_for_json)
    csv_path, json_path = tmp_path / "w.csv", tmp_path / "w.json"
    rc, _, err = run_cli(["scan", str(images), "--csv", str(csv_path), "--json", str(json_path),
                          "--quiet", "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 2
    assert "could not write --json" in err and "no space left on device" in err
    assert f"written: --csv {csv_path} (complete)" in err
    assert len(csv_path.read_text(encoding="utf-8-sig").splitlines()) == 5
    assert not json_path.exists()


def test_batch_size_has_an_upper_bound(tmp_path, capsys):
    rc, _, err = run_cli(["scan", str(tmp_path), "--batch-size", "100000"], capsys)
    assert rc == 2 and f"from 1 to {MAX_BATCH_SIZE}, got 100000" in err


def test_cancelled_heatmaps_leave_no_traceback_in_the_log(tmp_path, caplog, monkeypatch):
    import inference.export.heatmap_files as hf
    from inference.core.types import TriageResult

    gate = threading.Event()
    monkeypatch.setattr(hf, "write_heatmap", lambda *a: gate.wait(5))
    writer = hf.HeatmapWriter(tmp_path, workers=1, max_pending=8)
    cam = np.zeros((4, 4), np.float32)
    for i in range(5):
        writer.submit(TriageResult(Path(f"{i}.png"), i, pneumonia_prob=0.5, cam=cam))
    with caplog.at_level(logging.DEBUG):
        threading.Timer(0.2, gate.set).start()
        writer.close(cancel=True)
    assert "CancelledError" not in caplog.text and "Traceback" not in caplog.text
    assert writer.errors == []


def _default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _interpreter_start() -> float:
    """Seconds until Python itself is up (site import included: a signal before that is Python's
    own fatal start-up error, which no program can handle); the slowest of three, for a busy
    machine."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return max(times)


@pytest.mark.parametrize(
    "delay",
    [
        # At 0 ms the signal races Python's own start-up: when it lands before the first bytecode
        # of app/__main__.py, the KeyboardInterrupt surfaces there and no program code can catch
        # it (it failed about one full-suite run in two on the shared VM). Kept, not required.
        pytest.param(0.0, marks=pytest.mark.xfail(strict=False, reason="races interpreter start")),
        0.025,
        0.06,
    ],
)
def test_ctrl_c_while_the_libraries_load_is_never_lost(delay, images, tmp_path, model_path):
    interpreter = _interpreter_start()
    out = tmp_path / "w.csv"
    cmd = [sys.executable, "-m", "app", "scan", str(images), "--csv", str(out), "--model",
           str(model_path)]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_default_signals)  # fmt: skip
    time.sleep(interpreter + delay)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode in (130, -signal.SIGINT), (proc.returncode, stderr)
    assert "Traceback" not in stdout + stderr and "Fatal" not in stderr
    assert not out.exists()


def test_nothing_heavy_loads_before_the_ctrl_c_handler():
    """``python -m app`` imports these before ``install()`` runs; an import here (the i18n module
    once) widens the window where Ctrl-C ends in a traceback, which failed on a slower CI host."""
    import ast

    allowed = {
        "os",
        "signal",
        "threading",
        "__future__",
        "annotations",
        "inference.cli",
        "early_signals",
    }
    for rel in ("app/__init__.py", "inference/__init__.py", "inference/cli/__init__.py",
                "inference/cli/early_signals.py"):  # fmt: skip
        tree = ast.parse((REPO / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {node.module or ""} | {alias.name for alias in node.names}
            else:
                continue
            assert names <= allowed, (rel, names)
    main = (REPO / "app/__main__.py").read_text(encoding="utf-8")
    assert main.index("early_signals.install()") < main.index("from app.cli import")


# -- clinical ----------------------------------------------------------------------------------
def test_a_one_bit_silhouette_is_kept_out_of_the_ranking(tmp_path, samples_dir, model_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    film = np.asarray(Image.open(next(samples_dir.glob("*.jpeg"))).convert("L"))
    Image.fromarray(film > np.median(film)).convert("1").save(src / "silhouette.png")
    rc, _, err = run_cli(["scan", str(src), "--json", str(tmp_path / "w.json"), "--quiet",
                          "--model", str(model_path)], capsys)  # fmt: skip
    assert rc == 0, err
    row = _json_rows(tmp_path / "w.json")["silhouette.png"]
    assert row["rank"] is None and row["group"] == "out of scope"
    assert "bilevel_image" in [r["code"] for r in row["scope_reasons"]]
