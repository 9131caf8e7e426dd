"""Load the ONNX model once, check it is a CXR Triage model, and run batches on the best device.

onnxruntime silently falls back to the CPU when an accelerator cannot start, so the provider is
chosen explicitly (accelerators first, CPU last, intersected with what is installed), a failing
accelerator is dropped and the session retried, and the provider actually in use is reported.
The session opens the file by path so weights stored as ONNX external data still resolve.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from inference.contract import (
    INPUT_NAME,
    OUTPUT_NAMES,
    OUTPUT_NAMES_V2,
    ContractError,
    ModelContract,
)
from inference.paths import FORCE_FLOAT_ENV, default_model_path, int8_model_path

CPU = "CPUExecutionProvider"
#: Accelerators in order of preference; the CPU always comes last.
PROVIDER_PRIORITY = (
    "CUDAExecutionProvider",
    "DmlExecutionProvider",  # DirectML, Windows
    "CoreMLExecutionProvider",  # macOS
)
DEVICE_LABELS = {
    CPU: "CPU",
    "CUDAExecutionProvider": "CUDA",
    "TensorrtExecutionProvider": "TensorRT",
    "DmlExecutionProvider": "DirectML",
    "CoreMLExecutionProvider": "CoreML",
}
_MAX_MODEL_BYTES = 2_000_000_000  # protobuf cannot hold more; a bigger file is not our model
_ONNX_FILE_ERRORS = ("InvalidProtobuf", "InvalidGraph", "NoSuchFile", "NotImplemented")


class ModelLoadError(Exception):
    """The model cannot be used: missing, not ONNX, damaged, or not a CXR Triage model."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot load the model {path}: {reason}")
        self.path = path
        self.reason = reason


def choose_providers(available: Sequence[str]) -> list[str]:
    """Accelerators in priority order among ``available``, then the CPU, always last."""
    chosen = [p for p in PROVIDER_PRIORITY if p in available]
    return [*chosen, CPU]


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
        raise ModelLoadError(path, "the file does not exist (reinstall, or pass --model PATH)")
    if path.is_dir():
        raise ModelLoadError(path, "this is a folder, not an .onnx model file")
    try:
        size = path.stat().st_size
        if size == 0:
            raise ModelLoadError(path, "the file is empty (an interrupted download or copy?)")
        if size > _MAX_MODEL_BYTES:
            raise ModelLoadError(path, f"the file is {size / 1e9:.1f} GB: not a CXR Triage model")
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError as exc:
        raise ModelLoadError(path, f"the file cannot be read ({exc.strerror or exc})") from exc


def _check_graph(path: Path, sess: ort.InferenceSession, contract: ModelContract) -> None:
    """The graph's input and outputs must carry the contract's names, ranks and sizes."""
    inputs = {i.name: i for i in sess.get_inputs()}
    if INPUT_NAME not in inputs or len(inputs) != 1:
        raise ModelLoadError(
            path, f"the model must have one input '{INPUT_NAME}', it has {sorted(inputs)}"
        )
    inp = inputs[INPUT_NAME]
    if inp.type != "tensor(float)":
        raise ModelLoadError(path, f"input '{INPUT_NAME}' is {inp.type}, expected tensor(float)")
    shape = list(inp.shape)
    expected = [None, 1, *contract.input_size]
    if len(shape) != 4 or any(
        isinstance(got, int) and want is not None and got != want
        for got, want in zip(shape, expected, strict=False)
    ):
        raise ModelLoadError(
            path,
            f"input '{INPUT_NAME}' has shape {shape}, the metadata says (N, 1, "
            f"{contract.input_size[0]}, {contract.input_size[1]})",
        )
    outputs = {o.name: o for o in sess.get_outputs()}
    wanted = OUTPUT_NAMES_V2 if contract.has_scope_output else OUTPUT_NAMES
    missing = [name for name in wanted if name not in outputs]
    if missing:
        raise ModelLoadError(path, f"the model lacks the output(s) {missing}")
    probs = outputs[OUTPUT_NAMES[1]].shape
    if len(probs) == 2 and isinstance(probs[1], int) and probs[1] != len(contract.classes):
        raise ModelLoadError(
            path, f"class_probs has {probs[1]} classes, the metadata lists {contract.classes}"
        )


@dataclass
class ModelSession:
    """An onnxruntime session plus the model's contract and provenance. Thread-safe to ``run``."""

    contract: ModelContract
    path: Path
    sha256: str
    provider: str
    device_label: str
    threads: int | None
    fallback_notes: tuple[str, ...]
    _session: ort.InferenceSession
    precision: str = "float32"  # "int8" for the quantised CPU model
    model_id: str = (
        ""  # the float model's sha256 (profiles and reads follow the model, not the file)
    )

    @classmethod
    def load(
        cls,
        path: Path | None = None,
        providers: Sequence[str] | None = None,
        threads: int | None = None,
        force_float: bool | None = None,
    ) -> ModelSession:
        """Read, validate and open the model; raises ModelLoadError with a message to show.

        With no ``path``, the bundled model: its int8 version on the CPU provider when one was
        shipped (parity-checked at export), the float one on GPU providers or when
        ``force_float`` (or the environment variable CXR_TRIAGE_FLOAT=1) asks for it."""
        if force_float is None:
            force_float = os.environ.get(FORCE_FLOAT_ENV, "") == "1"
        bundled = path is None
        path = Path(path) if path is not None else default_model_path()
        available = ort.get_available_providers()
        notes: list[str] = []
        if providers:
            wanted = [p for p in providers if p in available and p != CPU] + [CPU]
            notes += [f"{p} is not installed" for p in providers if p not in available]
        else:
            wanted = choose_providers(available)
        int8 = int8_model_path()
        if bundled and wanted[0] == CPU and int8.is_file() and not force_float:
            path = int8  # on the CPU the quantised model is faster at the same answers
        sha256 = _check_and_hash(path)
        if "CUDAExecutionProvider" in wanted:
            notes += _preload_cuda()
        sess: ort.InferenceSession | None = None
        for i, provider in enumerate(wanted):
            chain = [provider] if provider == CPU else [provider, CPU]
            try:
                sess = ort.InferenceSession(
                    str(path), sess_options=_session_options(threads, provider), providers=chain
                )
                break
            except Exception as exc:  # onnxruntime raises its own untyped pybind errors
                if _is_file_error(exc) or provider == CPU or i == len(wanted) - 1:
                    raise ModelLoadError(path, _describe_ort_error(exc)) from exc
                notes.append(f"{DEVICE_LABELS.get(provider, provider)} unavailable: {exc}")
        assert sess is not None
        meta = dict(sess.get_modelmeta().custom_metadata_map)
        try:
            contract = ModelContract.from_metadata(meta)
        except ContractError as exc:
            raise ModelLoadError(path, str(exc)) from exc
        _check_graph(path, sess, contract)
        used = sess.get_providers()[0]
        if used != wanted[0]:
            notes.append(f"{DEVICE_LABELS.get(wanted[0], wanted[0])} requested, running on {used}")
        quant = json.loads(meta.get("cxr.quantization", "null") or "null")
        return cls(
            precision="int8" if quant else "float32",
            model_id=(quant or {}).get("float_sha256") or sha256,
            contract=contract,
            path=path,
            sha256=sha256,
            provider=used,
            device_label=DEVICE_LABELS.get(used, used.removesuffix("ExecutionProvider")),
            threads=threads if threads is not None else physical_cores(),
            fallback_notes=tuple(notes),
            _session=sess,
        )

    @property
    def input_size(self) -> tuple[int, int]:
        return self.contract.input_size

    def run(self, batch: np.ndarray) -> dict[str, np.ndarray]:
        """Run an (N, 1, H, W) float32 batch; returns the contract's outputs by name."""
        h, w = self.contract.input_size
        if batch.ndim != 4 or batch.shape[1:] != (1, h, w):
            raise ValueError(f"expected a batch of shape (N, 1, {h}, {w}), got {batch.shape}")
        if batch.shape[0] == 0:
            raise ValueError("empty batch")
        feed = np.ascontiguousarray(batch, dtype=np.float32)
        names = self.output_names
        outputs = self._session.run(list(names), {INPUT_NAME: feed})
        return dict(zip(names, outputs, strict=True))

    @property
    def output_names(self) -> tuple[str, ...]:
        """The contract's outputs: with ``scope_prob`` for 2.x models, without it for 1.x."""
        return OUTPUT_NAMES_V2 if self.contract.has_scope_output else OUTPUT_NAMES

    @property
    def scope_note(self) -> str:
        """How this model decides scope, for the About box and the self-test."""
        if self.contract.has_scope_output:
            return f"scope output (threshold {self.contract.scope_threshold:.3f}) + Mahalanobis"
        return "no scope output (model 1.x): Mahalanobis distance only"

    def warmup(self, batch_size: int = 1) -> None:
        """One throwaway run, so the first real image does not pay for lazy initialisation."""
        h, w = self.contract.input_size
        self.run(np.zeros((batch_size, 1, h, w), dtype=np.float32))

    def describe(self) -> str:
        """One line for the status bar and reports: model version, checksum, device."""
        return (
            f"{self.contract.name} {self.contract.version} {self.precision} "
            f"(sha256 {self.sha256[:12]}) on {self.device_label}"
        )


def _preload_cuda() -> list[str]:
    """Load CUDA/cuDNN from the nvidia pip packages: the onnxruntime-gpu wheel ships neither."""
    preload = getattr(ort, "preload_dlls", None)
    if preload is None:
        return []
    try:
        preload(directory="")
    except Exception as exc:  # missing libraries: the CUDA session will fail and fall back
        return [f"CUDA libraries not preloaded: {exc}"]
    return []


def _describe_ort_error(exc: Exception) -> str:
    """A readable reason from onnxruntime's verbose error text."""
    text = str(exc).strip()
    if "InvalidProtobuf" in type(exc).__name__ or "Protobuf parsing failed" in text:
        return "the file is not a valid ONNX model (damaged, truncated, or another kind of file)"
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"onnxruntime could not open it: {first[:300]}"
