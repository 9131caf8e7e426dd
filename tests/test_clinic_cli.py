"""``cxr-triage listen`` / ``watch`` / ``history`` as a user runs them: real subprocesses on
127.0.0.1, a private user folder, stopped with SIGTERM / Ctrl-C, bounded waits."""

from __future__ import annotations

import csv
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.clinic_data import make_studies
from tests.test_clinic_network import send

REPO = Path(__file__).resolve().parents[1]
WAIT_S = 120


class Running:
    """A CLI subprocess whose stdout lines arrive on a queue (never blocks the test)."""

    def __init__(self, args: list[str], home: Path) -> None:
        env = dict(os.environ, CXR_TRIAGE_HOME=str(home), XDG_CACHE_HOME=str(home / "cache"))
        self.proc = subprocess.Popen([sys.executable, "-m", "app", *args], cwd=REPO, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line)

    def wait_line(self, pattern: str, timeout_s: float = WAIT_S) -> re.Match:
        """The first line so far (or to come) matching ``pattern``: lines are kept, so the order
        in which results arrive does not matter."""
        deadline = time.monotonic() + timeout_s
        while True:
            for line in self.seen:
                m = re.search(pattern, line)
                if m:
                    return m
            if time.monotonic() > deadline or self.proc.poll() is not None:
                break
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
        self.proc.kill()
        raise AssertionError(f"no line matching {pattern!r} in {self.seen}")

    def stop(self, sig: int) -> tuple[int, str]:
        self.proc.send_signal(sig)
        try:
            _out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        return self.proc.returncode, err


@pytest.fixture(scope="module")
def two_studies(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_studies(shared_data, tmp_path_factory.mktemp("cli-studies"), 1, 1)


def test_listen_triages_writes_results_and_stops_on_sigterm(tmp_path: Path, two_studies) -> None:
    results = tmp_path / "results"
    run = Running(["listen", "--port", "0", "--allow", "MODALITY", "--results-folder",
                   str(results)], tmp_path / "home")  # fmt: skip
    port = int(run.wait_line(r"listening as CXRTRIAGE on 127\.0\.0\.1:(\d+)").group(1))
    _assoc, statuses, _ = send(two_studies, port, "MODALITY")
    assert statuses == [0, 0]
    run.wait_line(r"(pneumonia|normal) .*SC\+SR sent")
    run.wait_line(r"out of scope: .*SR sent")
    rc, err = run.stop(signal.SIGTERM)
    assert rc == 0 and "stopped: 2 images triaged" in err
    assert len(list(results.rglob("*.dcm"))) == 3  # SC + SR, and the adult's short SR
    inbox = tmp_path / "home" / "data" / "inbox"
    assert len(list(inbox.rglob("*.dcm"))) == 2  # received files stay in the managed inbox

    out = tmp_path / "history.csv"
    env = dict(os.environ, CXR_TRIAGE_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "app", "history", "--csv", str(out)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["kind"] for r in rows if r["kind"] == "result") == ["result", "result"]
    assert all(r["operating_point"] and r["model_sha"] for r in rows if r["kind"] == "result")


def test_watch_scores_a_new_file_and_stops_on_ctrl_c(tmp_path: Path, two_studies) -> None:
    folder, results = tmp_path / "share", tmp_path / "results"
    folder.mkdir()
    run = Running(["watch", str(folder), "--settle", "0.3", "--results-folder", str(results)],
                  tmp_path / "home")  # fmt: skip
    run.wait_line(r": watching")
    shutil.copy(two_studies[0], folder / "incoming.dcm")
    run.wait_line(r"(pneumonia|normal) .*SC\+SR sent\s+.*incoming\.dcm")
    rc, _err = run.stop(signal.SIGINT)
    assert rc == 0
    assert [p.name for p in folder.iterdir()] == ["incoming.dcm"]  # nothing written there


def test_bad_options_are_one_line_errors(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    env = dict(os.environ, CXR_TRIAGE_HOME=str(tmp_path / "home"))
    for args, expected in (
        (
            ["watch", str(folder), "--results-folder", str(folder / "out")],
            "nothing is ever written",
        ),
        (["listen", "--ae-title", "WAY-TOO-LONG-AE-TITLE"], "longer than 16"),
        (["listen", "--pacs", "pacs.local"], "HOST:PORT"),
    ):
        done = subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 2 and expected in done.stderr
        assert "Traceback" not in done.stderr
