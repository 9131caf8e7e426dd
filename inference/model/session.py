"""Load the ONNX model once, check it is a CXR Triage model, and run batches on the best device.

onnxruntime silently falls back to the CPU when an accelerator cannot start, so the provider is
chosen explicitly (accelerators first, CPU last, intersected with what is installed), a failing
accelerator is dropped and the session retried, and the provider actually in use is reported.
The session opens the file by path so weights stored as ONNX external data still resolve.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from inference.core.i18n import _, format_number
from inference.core.paths import (
    FORCE_FLOAT_ENV,
    default_model_path,
    int8_model_path,
    lung_model_path,
)
from inference.model.contract import (
    INPUT_NAME,
    OUTPUT_NAMES,
    OUTPUT_NAMES_V2,
    ContractError,
    ModelContract,
)
from inference.model.lung_fields import LungModelError, LungSession
from inference.model.onnx_metadata import QUANTIZATION, json_value, session_metadata
from inference.model.ort_runtime import (
    ModelLoadError,
    _check_and_hash,
    _is_file_error,
    _session_options,
    physical_cores,
)

__all__ = ["CPU", "ModelLoadError", "ModelSession", "choose_providers", "physical_cores"]

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


def choose_providers(available: Sequence[str]) -> list[str]:
    """Accelerators in priority order among ``available``, then the CPU, always last."""
    chosen = [p for p in PROVIDER_PRIORITY if p in available]
    return [*chosen, CPU]


def _check_graph(path: Path, sess: ort.InferenceSession, contract: ModelContract) -> None:
    """The graph's input and outputs must carry the contract's names, ranks and sizes."""
    inputs = {i.name: i for i in sess.get_inputs()}
    if INPUT_NAME not in inputs or len(inputs) != 1:
        raise ModelLoadError(
            path,
            _("the model must have one input '%(name)s', it has %(inputs)s")
            % {"name": INPUT_NAME, "inputs": sorted(inputs)},
        )
    inp = inputs[INPUT_NAME]
    if inp.type != "tensor(float)":
        raise ModelLoadError(
            path,
            _("input '%(name)s' is %(type)s, expected tensor(float)")
            % {"name": INPUT_NAME, "type": inp.type},
        )
    shape = list(inp.shape)
    expected = [None, 1, *contract.input_size]
    if len(shape) != 4 or any(
        isinstance(got, int) and want is not None and got != want
        for got, want in zip(shape, expected, strict=False)
    ):
        raise ModelLoadError(
            path,
            _("input '%(name)s' has shape %(shape)s, the metadata says (N, 1, %(h)s, %(w)s)")
            % {
                "name": INPUT_NAME,
                "shape": shape,
                "h": contract.input_size[0],
                "w": contract.input_size[1],
            },
        )
    outputs = {o.name: o for o in sess.get_outputs()}
    wanted = OUTPUT_NAMES_V2 if contract.has_scope_output else OUTPUT_NAMES
    missing = [name for name in wanted if name not in outputs]
    if missing:
        raise ModelLoadError(
            path, _("the model lacks the output(s) %(names)s") % {"names": missing}
        )
    probs = outputs[OUTPUT_NAMES[1]].shape
    if len(probs) == 2 and isinstance(probs[1], int) and probs[1] != len(contract.classes):
        raise ModelLoadError(
            path,
            _("class_probs has %(n)s classes, the metadata lists %(classes)s")
            % {"n": probs[1], "classes": contract.classes},
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
    lungs: LungSession | None = None  # the lung-field model (None: body outline, no lung check)
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
        meta = session_metadata(sess)
        try:
            contract = ModelContract.from_metadata(meta)
        except ContractError as exc:
            raise ModelLoadError(path, str(exc)) from exc
        _check_graph(path, sess, contract)
        used = sess.get_providers()[0]
        if used != wanted[0]:
            notes.append(f"{DEVICE_LABELS.get(wanted[0], wanted[0])} requested, running on {used}")
        quant = json_value(meta, QUANTIZATION)
        lungs = _load_lungs(threads, notes)
        return cls(
            lungs=lungs,
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
            return _("scope output (threshold %(threshold)s) + Mahalanobis") % {
                "threshold": format_number(float(self.contract.scope_threshold), 3)
            }
        return _("no scope output (model 1.x): Mahalanobis distance only")

    def warmup(self, batch_size: int = 1) -> None:
        """One throwaway run, so the first real image does not pay for lazy initialisation."""
        h, w = self.contract.input_size
        self.run(np.zeros((batch_size, 1, h, w), dtype=np.float32))

    def describe(self) -> str:
        """One line for the status bar and reports: model version, checksum, device."""
        return _("%(model)s (sha256 %(sha)s) on %(device)s") % {
            "model": f"{self.contract.name} {self.contract.version} {self.precision}",
            "sha": self.sha256[:12],
            "device": self.device_label,
        }


def _load_lungs(threads: int | None, notes: list[str]) -> LungSession | None:
    """The bundled lung-field model, or None with a note saying what is lost without it."""
    path = lung_model_path()
    if not path.is_file():
        notes.append(
            "lung-field model not found: heat shown inside the body outline, no lung check"
        )
        return None
    try:
        return LungSession.load(path, threads)
    except LungModelError as exc:
        notes.append(f"{exc}: heat shown inside the body outline, no lung check")
        return None


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
        return _("the file is not a valid ONNX model (damaged, truncated, or another kind of file)")
    first = text.splitlines()[0] if text else type(exc).__name__
    return _("onnxruntime could not open it: %(error)s") % {"error": first[:300]}
