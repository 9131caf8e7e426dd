"""Model session: provider choice and fallback, contract validation, clear load errors."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from inference.core import paths
from inference.model.contract import OUTPUT_NAMES
from inference.model.onnx_metadata import QUANTIZATION, read_metadata
from inference.model.session import (
    CPU,
    ModelLoadError,
    ModelSession,
    choose_providers,
    physical_cores,
)


@pytest.fixture(scope="module")
def session(model_path: Path) -> ModelSession:
    return ModelSession.load(model_path)


def test_choose_providers_orders_accelerators_then_cpu_last() -> None:
    available = [
        CPU,
        "CoreMLExecutionProvider",
        "AzureExecutionProvider",
        "DmlExecutionProvider",
        "CUDAExecutionProvider",
    ]
    assert choose_providers(available) == [
        "CUDAExecutionProvider",
        "DmlExecutionProvider",
        "CoreMLExecutionProvider",
        CPU,
    ]
    assert choose_providers([CPU]) == [CPU]
    assert choose_providers(["DmlExecutionProvider"]) == ["DmlExecutionProvider", CPU]
    assert choose_providers([]) == [CPU]


def test_loads_the_shipped_model_on_cpu(session: ModelSession, model_path: Path) -> None:
    assert session.provider == CPU and session.device_label == "CPU"
    assert session.sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert session.contract.classes[0] == "normal"
    assert session.contract.input_size == (224, 224)
    assert session.threads is None or session.threads >= 1
    assert session.sha256[:12] in session.describe()


def test_run_returns_every_contract_output(session: ModelSession) -> None:
    h, w = session.contract.input_size
    batch = np.random.default_rng(0).standard_normal((3, 1, h, w)).astype(np.float32)
    out = session.run(batch)
    assert set(out) == set(session.output_names) and set(OUTPUT_NAMES) <= set(out)
    if session.contract.has_scope_output:
        assert out["scope_prob"].shape == (3,)
    assert out["pneumonia_prob"].shape == (3,)
    assert out["class_probs"].shape == (3, len(session.contract.classes))
    assert out["cam"].shape == (3, *session.contract.cam_size)
    assert out["embedding"].shape[0] == 3
    assert np.all((out["pneumonia_prob"] >= 0) & (out["pneumonia_prob"] <= 1))
    np.testing.assert_allclose(out["class_probs"].sum(axis=1), 1.0, atol=1e-4)


def test_run_rejects_a_wrong_shape(session: ModelSession) -> None:
    with pytest.raises(ValueError, match="shape"):
        session.run(np.zeros((1, 3, 224, 224), np.float32))
    with pytest.raises(ValueError, match="empty"):
        session.run(np.zeros((0, 1, 224, 224), np.float32))


def _load_error(path: Path) -> str:
    with pytest.raises(ModelLoadError) as info:
        ModelSession.load(path)
    assert str(path) in str(info.value), "the message names the file"
    assert info.value.path == path
    return str(info.value)


def test_missing_empty_folder_and_random_bytes_give_clear_errors(tmp_path: Path) -> None:
    assert "does not exist" in _load_error(tmp_path / "missing.onnx")
    assert "folder" in _load_error(tmp_path)
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    assert "empty" in _load_error(empty)
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    assert "not a valid ONNX model" in _load_error(junk)


def test_truncated_model_is_reported_as_damaged(tmp_path: Path, model_path: Path) -> None:
    cut = tmp_path / "cut.onnx"
    data = model_path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    msg = _load_error(cut)
    assert "cannot load the model" in msg


def test_onnx_without_cxr_metadata_is_refused(tmp_path: Path, model_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from training.onnx_metadata import set_metadata

    model = onnx.load(str(model_path))
    set_metadata(model, {})
    bare = tmp_path / "bare.onnx"
    onnx.save(model, str(bare))
    assert "no CXR Triage metadata" in _load_error(bare)


def test_graph_with_other_output_names_is_refused(tmp_path: Path, model_path: Path) -> None:
    """Right metadata on a graph that does not produce the contract's outputs."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from training.onnx_metadata import set_metadata

    meta = read_metadata(model_path)
    graph = helper.make_graph(
        [helper.make_node("Identity", ["image"], ["something_else"])],
        "wrong",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 224, 224])],
        [helper.make_tensor_value_info("something_else", TensorProto.FLOAT, ["N", 1, 224, 224])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    set_metadata(model, meta)
    wrong = tmp_path / "wrong.onnx"
    onnx.save(model, str(wrong))
    assert "lacks the output" in _load_error(wrong)


def test_failing_accelerator_falls_back_to_cpu(monkeypatch, model_path: Path) -> None:
    """A provider that is listed but cannot start is dropped and the CPU session reported."""
    real = ort.InferenceSession
    tried: list[list[str]] = []

    def fake_session(data, sess_options=None, providers=None):
        tried.append(list(providers))
        if providers[0] == "CUDAExecutionProvider":
            raise RuntimeError("libcudnn.so.9: cannot open shared object file")
        return real(data, sess_options=sess_options, providers=providers)

    monkeypatch.setattr(ort, "get_available_providers", lambda: ["CUDAExecutionProvider", CPU])
    monkeypatch.setattr(ort, "InferenceSession", fake_session)
    s = ModelSession.load(model_path)
    assert tried[0] == ["CUDAExecutionProvider", CPU] and tried[-1] == [CPU]
    assert s.provider == CPU and s.device_label == "CPU"
    assert any("libcudnn" in note for note in s.fallback_notes)


def test_requested_provider_that_is_not_installed_is_noted(model_path: Path) -> None:
    s = ModelSession.load(model_path, providers=["NoSuchExecutionProvider"], threads=1)
    assert s.provider == CPU and s.threads == 1
    assert any("not installed" in note for note in s.fallback_notes)


def test_physical_cores_is_positive_or_unknown() -> None:
    n = physical_cores()
    assert n is None or 1 <= n <= (__import__("os").cpu_count() or n)


def test_resource_paths_checkout_frozen_and_override(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(paths.RESOURCES_ENV, raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert paths.resources_dir() == repo / "resources"
    assert paths.default_model_path() == repo / "resources" / "models" / "cxr-triage.onnx"
    assert paths.samples_dir() == repo / "resources" / "samples"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path / "elsewhere"))
    assert paths.default_model_path() == tmp_path / "elsewhere" / "models" / "cxr-triage.onnx"


def test_a_1x_model_without_scope_output_still_loads(tmp_path: Path, model_path: Path) -> None:
    """Contract 1 (model 1.x): no scope output; the app falls back to Mahalanobis only."""
    import onnx

    from training.onnx_metadata import set_metadata

    model = onnx.load(str(model_path))
    meta = read_metadata(model_path)
    meta["cxr.contract_version"] = "1"
    meta.pop("cxr.scope_threshold", None)
    meta.pop("cxr.scope_rule", None)
    set_metadata(model, meta)
    old = tmp_path / "v1.onnx"
    onnx.save(model, str(old))
    session = ModelSession.load(old, providers=[CPU])
    assert not session.contract.has_scope_output
    assert "no scope output" in session.scope_note
    out = session.run(np.zeros((2, 1, 224, 224), np.float32))
    assert set(out) == set(OUTPUT_NAMES)


def test_cpu_prefers_the_int8_model_and_a_flag_forces_float(tmp_path, model_path, monkeypatch):
    """The bundled model on the CPU: the int8 file when shipped; --float / CXR_TRIAGE_FLOAT=1
    the float one. Both share one model id (the float file's sha256) for profiles and reads."""
    import onnx

    from training.onnx_metadata import update_metadata

    models = tmp_path / "resources" / "models"
    models.mkdir(parents=True)
    shutil.copy(model_path, models / "cxr-triage.onnx")
    proto = onnx.load(str(model_path))  # stands in for a quantised file: same graph, tagged
    float_sha = hashlib.sha256(model_path.read_bytes()).hexdigest()
    update_metadata(proto, {QUANTIZATION: {"format": "int8 static QDQ", "float_sha256": float_sha}})
    onnx.save(proto, str(models / "cxr-triage-int8.onnx"))
    monkeypatch.setenv("CXR_TRIAGE_RESOURCES", str(tmp_path / "resources"))
    monkeypatch.delenv("CXR_TRIAGE_FLOAT", raising=False)
    s = ModelSession.load(providers=[CPU])
    assert s.path.name == "cxr-triage-int8.onnx" and s.precision == "int8"
    assert s.model_id == float_sha != s.sha256 and "int8" in s.describe()
    f = ModelSession.load(providers=[CPU], force_float=True)
    assert f.path.name == "cxr-triage.onnx" and f.precision == "float32" and f.model_id == float_sha
    monkeypatch.setenv("CXR_TRIAGE_FLOAT", "1")
    assert ModelSession.load(providers=[CPU]).precision == "float32"


def test_mahalanobis_distance_matches_the_formula() -> None:
    from inference.model.contract import OODReference

    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 5))
    prec = a @ a.T + np.eye(5)
    ref = OODReference(mean=list(rng.normal(size=5)), precision=prec.tolist(), threshold=3.0)
    emb = rng.normal(size=(7, 5))
    d = emb - np.asarray(ref.mean)
    expected = np.sqrt(np.einsum("nd,de,ne->n", d, prec, d))
    np.testing.assert_allclose(ref.distance(emb), expected, rtol=1e-12)
    np.testing.assert_allclose(ref.distance(emb[:1]), expected[:1], rtol=1e-12)  # cached arrays
