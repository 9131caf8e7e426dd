"""onnxruntime plumbing shared by the classifier and the lung model: session options sized to the
physical cores, and the checks that refuse what cannot be a model before onnxruntime sees it."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import onnxruntime as ort

from inference.core.file_access import kind_name, open_regular
from inference.core.i18n import _, format_number
from inference.core.types import LoadError

if hasattr(ort, "disable_telemetry_events"):  # belt and braces beside ORT_DISABLE_TELEMETRY
    ort.disable_telemetry_events()

_MAX_MODEL_BYTES = 2_000_000_000  # protobuf cannot hold more; a bigger file is not our model
_ONNX_FILE_ERRORS = ("InvalidProtobuf", "InvalidGraph", "NoSuchFile", "NotImplemented")


class ModelLoadError(Exception):
    """The model cannot be used: missing, not ONNX, damaged, or not a CXR Triage model."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            _("cannot load the model %(path)s: %(reason)s") % {"path": path, "reason": reason}
        )
        self.path = path
        self.reason = reason


def physical_cores() -> int | None:
    """Physical cores this process may use, or None when unknown (onnxruntime then decides).

    Linux: unique (package, core) pairs among the CPUs in our affinity mask, capped by a cgroup
    CPU quota, so a container limited to 2 CPUs on a 64-core host gets 2 threads, not 32.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    cores: set[tuple[str, str]] = set()
    for cpu in cpus:
        topo = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            package = (topo / "physical_package_id").read_text().strip()
            core = (topo / "core_id").read_text().strip()
        except OSError:
            cores.add(("?", str(cpu)))  # no topology exposed: count each logical CPU
            continue
        cores.add((package, core))
    count = len(cores) or None
    quota = _cgroup_cpu_quota()
    if count is not None and quota is not None:
        count = max(1, min(count, quota))
    return count


def _cgroup_cpu_quota() -> int | None:
    """Whole CPUs allowed by a cgroup v2 ``cpu.max`` quota, or None when unlimited/unknown."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    try:
        return max(1, int(int(quota) / int(period)))
    except (ValueError, ZeroDivisionError):
        return None


def _session_options(threads: int | None, provider: str) -> ort.SessionOptions:
    """CPU-friendly options: one intra-op pool sized to the physical cores, sequential graph."""
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.inter_op_num_threads = 1
    intra = threads if threads is not None else physical_cores()
    if intra is not None and intra > 0:
        so.intra_op_num_threads = int(intra)
    # Decode threads share the CPU with inference: spinning intra-op threads would steal it.
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.log_severity_level = 3  # errors only: fallback warnings are reported by us, not on stderr
    if provider == "DmlExecutionProvider":
        so.enable_mem_pattern = False  # required by DirectML
    return so


def _is_file_error(exc: Exception) -> bool:
    """True when onnxruntime rejected the file itself (retrying another provider cannot help)."""
    return any(name in type(exc).__name__ or name in str(exc) for name in _ONNX_FILE_ERRORS)


def _check_and_hash(path: Path) -> str:
    """Refuse what cannot be a model before onnxruntime sees it; sha256 of the file."""
    if not path.exists():
        raise ModelLoadError(path, _("the file does not exist (reinstall, or pass --model PATH)"))
    if path.is_dir():
        raise ModelLoadError(path, _("this is a folder, not an .onnx model file"))
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a pipe would block the read, a device never end
            kind = kind_name(st.st_mode).text()
            raise ModelLoadError(path, _("%(kind)s is not an .onnx model file") % {"kind": kind})
        size = st.st_size
        if size == 0:
            raise ModelLoadError(path, _("the file is empty (an interrupted download or copy?)"))
        if size > _MAX_MODEL_BYTES:
            gb = format_number(size / 1e9, 1)
            raise ModelLoadError(
                path, _("the file is %(gb)s GB: not a CXR Triage model") % {"gb": gb}
            )
        digest = hashlib.sha256()
        with open_regular(path) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except LoadError as exc:  # swapped for a pipe or device since the stat
        raise ModelLoadError(path, exc.message) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ModelLoadError(
            path, _("the file cannot be read (%(reason)s)") % {"reason": reason}
        ) from exc
