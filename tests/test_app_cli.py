"""``cxr-triage`` entry point: headless dispatch without Qt, argument errors, screenshot mode."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main, parse_size
from inference.export.worklist_files import CSV_ENCODING

REPO = Path(__file__).resolve().parents[1]


def run_python(code: str, tmp_path: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def test_scan_dispatches_without_importing_qt(tmp_path: Path, samples_dir: Path) -> None:
    out = tmp_path / "worklist.csv"
    code = (
        "import sys\n"
        "from app.cli import main\n"
        f"rc = main(['scan', {str(samples_dir)!r}, '--csv', {str(out)!r}, '--quiet'])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
        "sys.exit(rc)\n"
    )
    proc = run_python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    with open(out, encoding=CSV_ENCODING, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(list(samples_dir.glob("*.jpeg")))


def test_python_dash_m_app_help(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--help"], cwd=REPO, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0
    assert "--samples" in proc.stdout and "--screenshot" in proc.stdout


def test_bad_arguments_give_clear_errors(capsys, tmp_path: Path) -> None:
    assert main([str(tmp_path / "missing-folder")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["--size", "huge"]) == 2
    assert "1366x768" in capsys.readouterr().err
    assert main(["--no-such-option"]) == 2


def test_parse_size_and_parser() -> None:
    assert parse_size("2560x1440") == (2560, 1440)
    with pytest.raises(Exception, match="out of range"):
        parse_size("10x10")
    args = build_parser().parse_args(["a", "b", "--model", "m.onnx", "--theme", "dark"])
    assert args.paths == [Path("a"), Path("b")] and args.model == Path("m.onnx")


def test_selftest_dispatch_is_lazy(monkeypatch) -> None:
    """--selftest imports inference.cli.selftest only when asked (it may not exist yet)."""
    import types

    fake = types.ModuleType("inference.cli.selftest")
    fake.main = lambda: 0
    monkeypatch.setitem(sys.modules, "inference.cli.selftest", fake)
    assert main(["--selftest"]) == 0
    fake.main = lambda: 3
    assert main(["--selftest"]) == 3


def test_screenshot_mode_renders_results(tmp_path: Path, samples_dir: Path) -> None:
    shot = tmp_path / "shot.png"
    code = (
        "import sys\nfrom app.cli import main\n"
        f"sys.exit(main([{str(samples_dir)!r}, '--screenshot', {str(shot)!r}, "
        "'--size', '1024x700']))\n"
    )
    proc = run_python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1024, 700)
    assert shot.stat().st_size > 50_000  # a real window with an X-ray in it, not a blank frame


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`cxr-triage --selftest | head -1`: the reader has gone when the report is written; the
    command ends quietly with 141 (128 + SIGPIPE) instead of a BrokenPipeError traceback.
    (The pipe's reading end is closed before the program starts, so every write fails.)"""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CXR_TRIAGE_HOME": str(tmp_path)}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "app", "--selftest"], cwd=REPO, env=env,
            stdout=write_end, stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
