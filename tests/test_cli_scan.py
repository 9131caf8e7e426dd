"""Headless ``cxr-triage scan``: sorted CSV/JSON, heatmaps, refusals, exit codes, Ctrl-C."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from inference.cli.scan_command import ProgressPrinter, format_progress, main
from inference.core.types import FailureKind, LoadFailure, TriageResult
from inference.export.worklist_files import (
    CSV_COLUMNS,
    CSV_ENCODING,
    csv_text,
    write_csv,
)
from inference.triage.pipeline import Progress
from inference.triage.worklist import TriageSettings, ordered

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    """Four real samples (two in a subfolder) plus two broken files."""
    src = tmp_path / "xrays"
    (src / "sub").mkdir(parents=True)
    samples = sorted(samples_dir.glob("*.jpeg"))
    for f in samples[:2]:
        shutil.copy(f, src / f.name)
    for f in samples[-2:]:
        shutil.copy(f, src / "sub" / f.name)
    (src / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (src / "empty.png").write_bytes(b"")
    return src


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding=CSV_ENCODING, newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        return list(reader)


def test_scan_writes_a_risk_sorted_csv_json_and_heatmaps(
    folder: Path, tmp_path: Path, model_path: Path, capsys
) -> None:
    out_csv, out_json, heat = tmp_path / "out.csv", tmp_path / "out.json", tmp_path / "heat"
    args = ["scan", str(folder), "--csv", str(out_csv), "--json", str(out_json)]
    rc = main([*args, "--heatmaps", str(heat), "--model", str(model_path)])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    rows = _read_csv(out_csv)
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4", "", ""]  # errors are not ranked
    assert [r["group"] for r in rows] == ["ranked"] * 4 + ["error"] * 2
    assert all(r["scope"] == "in scope" for r in rows[:4])
    scored = [r for r in rows if not r["error"]]
    failed = [r for r in rows if r["error"]]
    assert len(scored) == 4 and len(failed) == 2
    assert rows[-2:] == failed, "errors come last"
    probs = [float(r["pneumonia_probability"]) for r in scored]
    assert probs == sorted(probs, reverse=True)
    assert {r["file"] for r in failed} == {"broken.jpg", "empty.png"}
    for r in scored:
        assert r["label"] in ("pneumonia", "normal")
        assert float(r["p_normal"]) + float(r["p_bacterial"]) + float(
            r["p_viral"]
        ) == pytest.approx(1.0, abs=1e-3)
        assert (r["likely_type"] != "") == (r["label"] == "pneumonia")
        assert r["model_version"] and float(r["threshold"]) > 0
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["summary"]["scored"] == 4 and doc["summary"]["errors"] == 2
    assert doc["model"]["sha256"] and doc["model"]["provider"] == "CPUExecutionProvider"
    assert [d["file"] for d in doc["results"]] == [r["file"] for r in rows]
    pngs = sorted(heat.glob("*.png"))
    assert len(pngs) == 4
    img = cv2.imread(str(pngs[0]), cv2.IMREAD_UNCHANGED)
    assert img is not None and img.ndim == 3 and max(img.shape[:2]) <= 768
    assert {d["heatmap"] for d in doc["results"] if d["heatmap"]} == {str(p) for p in pngs}
    assert "Scanned 6 files" in captured.out and "CPUExecutionProvider" in captured.out
    assert "unreadable 2" in captured.out and "empty.png" in captured.out
    assert "6 images · " in captured.out  # the same summary line as the viewer's
    assert sorted(p.name for p in folder.rglob("*")) == sorted(
        ["sub", "broken.jpg", "empty.png", *(p.name for p in folder.rglob("*.jpeg"))]
    ), "nothing was written into the scanned folder"


def test_outputs_inside_the_scanned_folder_are_refused(
    folder: Path, model_path: Path, capsys
) -> None:
    for flag, target in (("--csv", folder / "out.csv"), ("--heatmaps", folder / "sub" / "hm")):
        rc = main(["scan", str(folder), flag, str(target), "--model", str(model_path)])
        assert rc == 2
        assert "does not write into image folders" in capsys.readouterr().err
        assert not target.exists()


def test_writing_into_the_source_can_be_allowed(folder: Path, model_path: Path) -> None:
    target = folder / "worklist.csv"
    args = ["scan", str(folder), "--csv", str(target), "--allow-write-into-source", "--quiet"]
    assert main([*args, "--model", str(model_path)]) == 0
    assert len(_read_csv(target)) == 6


def test_usage_and_model_errors_exit_2(tmp_path: Path, folder: Path, capsys) -> None:
    assert main(["scan", str(tmp_path / "nope"), "--model", str(tmp_path / "m.onnx")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["scan", str(folder), "--model", str(tmp_path / "m.onnx")]) == 2
    assert "cannot load the model" in capsys.readouterr().err
    assert main(["scan", str(folder), "--threshold", "1.5"]) == 2
    assert main(["scan", str(folder), "--csv", str(tmp_path / "no" / "dir.csv")]) == 2
    assert main([]) == 2
    assert main(["scan", "--help"]) == 0


def test_empty_folder_exits_1_and_prints_the_worklist_without_outputs(
    tmp_path: Path, folder: Path, model_path: Path, capsys
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["scan", str(empty), "--model", str(model_path)]) == 1
    capsys.readouterr()
    assert main(["scan", str(folder), "--model", str(model_path)]) == 0
    lines = [
        ln for ln in capsys.readouterr().out.splitlines() if ln.strip().startswith(("1 ", "2 "))
    ]
    assert len(lines) == 2


def test_no_network_socket_is_opened_by_a_cli_scan(
    folder: Path, tmp_path: Path, model_path: Path, monkeypatch
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a network socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    out = tmp_path / "o.csv"
    assert (
        main(["scan", str(folder), "--csv", str(out), "--model", str(model_path), "--quiet"]) == 0
    )
    assert out.is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_ctrl_c_exits_130_and_writes_nothing(
    shared_data: Path, tmp_path: Path, model_path: Path
) -> None:
    out = tmp_path / "o.csv"
    cmd = [
        sys.executable,
        "-m",
        "inference.cli.scan_command",
        "scan",
        str(shared_data / "kermany-fullres"),
    ]
    cmd += ["--csv", str(out), "--model", str(model_path), "--batch-size", "2"]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    first = proc.stderr.readline()  # the first progress line: the scan has started
    assert "/" in first, first
    proc.send_signal(signal.SIGINT)  # the handler is installed before the first progress line
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not out.exists()


S = TriageSettings(threshold=0.5)


def _result(index: int, prob: float | None, name: str | None = None) -> TriageResult:
    path = Path(name or f"img{index}.png")
    if prob is None:
        return TriageResult(
            path=path, index=index, error=LoadFailure(path, FailureKind.CORRUPT, "bad data")
        )
    return TriageResult(
        path=path,
        index=index,
        pneumonia_prob=prob,
        class_probs={"normal": 1 - prob, "bacterial": prob, "viral": 0.0},
    )


def test_worklist_order_puts_failures_last_and_keeps_ties_in_scan_order() -> None:
    results = [
        _result(0, 0.2),
        _result(1, None),
        _result(2, 0.9),
        _result(3, 0.2),
        _result(4, None),
    ]
    assert [r.index for r in ordered(results, S)] == [2, 0, 3, 1, 4]


def test_csv_neutralises_formulas_and_keeps_unicode(tmp_path: Path) -> None:
    results = [_result(0, 0.7, "=HYPERLINK(evil).png"), _result(1, 0.1, "Müller-Łódź.png")]
    results[1].metadata = {"patient_name": "Müller^Zoë", "patient_id": "+123"}
    target = tmp_path / "w.csv"
    write_csv(target, results, S, "v1")
    rows = _read_csv(target)
    assert rows[0]["file"] == "'=HYPERLINK(evil).png"
    assert rows[1]["patient_name"] == "Müller^Zoë" and rows[1]["patient_id"] == "'+123"
    assert csv_text(results, S, "v1").count("\r\n") == 3


def test_csv_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "w.csv"
    target.write_text("old")
    write_csv(target, [_result(0, 0.3)], S, "v1")
    assert len(_read_csv(target)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"]

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match=r"(?i)no space.*w\.csv"):  # names the target, not the temp
        write_csv(target, [_result(0, 0.9), _result(1, 0.8)], S, "v1")
    assert len(_read_csv(target)) == 1, "a failed write leaves the old file intact"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"], "the temp file is removed"


def test_progress_text_before_and_after_the_total_is_known() -> None:
    scanning = format_progress(Progress(5, None, 1, 2.0, None, None))
    assert "5/?" in scanning and "1 failed" in scanning and "2.5 img/s" in scanning
    known = format_progress(Progress(10, 40, 0, 1.0, 3.0, None), width=8)
    assert known.startswith("[##......] 10/40") and "ETA 3 s" in known
    assert "0/0" in format_progress(Progress(0, 0, 0, 0.0, None, None))


def test_progress_printer_redraws_on_a_terminal_and_logs_lines_otherwise() -> None:
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    p1 = Progress(1, 10, 0, 0.5, 4.5, None)
    p2 = Progress(10, 10, 1, 1.0, 0.0, None)
    tty = Tty()
    printer = ProgressPrinter(tty, enabled=True)
    printer(p1)
    printer(p2, final=True)
    assert tty.getvalue().count("\r") == 2 and tty.getvalue().endswith("\n")
    log = io.StringIO()
    printer = ProgressPrinter(log, enabled=True, interval_s=60)
    printer(p1)
    printer(p1)  # within the interval: suppressed
    printer(p2, final=True)
    assert "\r" not in log.getvalue() and len(log.getvalue().splitlines()) == 2
    quiet = io.StringIO()
    ProgressPrinter(quiet, enabled=False)(p2, final=True)
    assert quiet.getvalue() == ""
