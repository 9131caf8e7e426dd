"""A private Orthanc (Debian package) for the slow round-trip test and for developers
(``make orthanc-start`` / ``make orthanc-stop``): its own config, storage and ports, REST on
127.0.0.1 only, stopped by its PID. ``python -m tests.orthanc_server start|stop [DIR]``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEFAULT_DIR = Path(".cache/orthanc")
ORTHANC_AE = "ORTHANC"


def binary() -> str | None:
    return shutil.which("Orthanc") or shutil.which("orthanc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def install_problem() -> str | None:
    """None when Orthanc and dcmtk are here (installed now when root and apt works)."""
    if binary() and shutil.which("dcmsend"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "Orthanc/dcmtk not installed and not root: apt-get install orthanc dcmtk"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", "orthanc", "dcmtk"], env=env,
                       capture_output=True, timeout=600, check=True)  # fmt: skip
    except (subprocess.SubprocessError, OSError) as exc:
        return f"apt-get install orthanc dcmtk failed: {exc}"
    return None if binary() and shutil.which("dcmsend") else "orthanc/dcmtk still missing"


def write_config(folder: Path, http_port: int, dicom_port: int, modalities: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "Name": "cxr-triage-dev",
        "StorageDirectory": str(folder / "storage"),
        "IndexDirectory": str(folder / "storage"),
        "HttpPort": http_port,
        "HttpBindAddress": "127.0.0.1",
        "RemoteAccessAllowed": False,
        "AuthenticationEnabled": False,
        "DicomAet": ORTHANC_AE,
        "DicomPort": dicom_port,
        "DicomCheckCalledAet": False,
        "DicomModalities": modalities,
        "Plugins": [],
    }
    path = folder / "orthanc.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def rest(http_port: int, path: str, data: bytes | None = None) -> object:
    req = urllib.request.Request(f"http://127.0.0.1:{http_port}{path}", data=data)
    with urllib.request.urlopen(req, timeout=10) as r:  # 127.0.0.1 only
        return json.loads(r.read() or b"null")


def start(folder: Path, http_port: int, dicom_port: int, modalities: dict) -> subprocess.Popen:
    """Start Orthanc and wait (up to 20 s) until its REST API answers."""
    config = write_config(folder, http_port, dicom_port, modalities)
    log = open(folder / "orthanc.log", "wb")  # noqa: SIM115 (kept open for the server's life)
    proc = subprocess.Popen([binary() or "Orthanc", str(config)], stdout=log, stderr=log)
    (folder / "orthanc.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            rest(http_port, "/system")
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"Orthanc did not start; see {folder / 'orthanc.log'}")


def stop(folder: Path) -> bool:
    pid_file = folder / "orthanc.pid"
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    pid_file.unlink(missing_ok=True)
    return True


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if argv[:1] == ["start"]:
        problem = install_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        modalities = {"cxr": ["CXRTRIAGE", "127.0.0.1", 11112]}
        start(folder, 8042, 4242, modalities)
        print(f"Orthanc: REST http://127.0.0.1:8042, DICOM {ORTHANC_AE}@127.0.0.1:4242, "
              f"data in {folder}")  # fmt: skip
        return 0
    if argv[:1] == ["stop"]:
        print("stopped" if stop(folder) else "not running")
        return 0
    print("usage: python -m tests.orthanc_server start|stop [DIR]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
