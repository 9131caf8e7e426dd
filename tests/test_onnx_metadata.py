"""ONNX metadata has one reader (inference/model/onnx_metadata.py) and one writer
(training/onnx_metadata.py): the reader agrees with onnx and onnxruntime on the shipped models, the
writer reproduces the shipped files byte for byte, and no other module touches metadata_props."""

from __future__ import annotations

import json
import re
from pathlib import Path

import onnxruntime as ort
import pytest

from inference.model.contract import ModelContract
from inference.model.lung_contract import LungContract
from inference.model.onnx_metadata import (
    QUANTIZATION,
    RECIPE,
    OnnxMetadataError,
    encode_value,
    json_value,
    meta_key,
    metadata_from_bytes,
    read_metadata,
    session_metadata,
)

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "resources" / "models"
SHIPPED = sorted(MODELS.glob("*.onnx"))


def test_the_shipped_models_are_there() -> None:
    assert {p.name for p in SHIPPED} >= {"cxr-triage.onnx", "cxr-lungs.onnx"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_reader_agrees_with_onnx_and_onnxruntime(path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    meta = read_metadata(path)
    expected = [(p.key, p.value) for p in onnx.load(str(path)).metadata_props]
    assert list(meta.items()) == expected  # same entries, same order
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert session_metadata(sess) == meta


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_writer_reproduces_the_shipped_bytes(path: Path, tmp_path: Path) -> None:
    """Writing a model's own metadata back through the writer changes nothing: the shipped files
    are what the writer makes."""
    onnx = pytest.importorskip("onnx")
    from training.onnx_metadata import save_model, set_metadata

    proto = onnx.load(str(path))
    set_metadata(proto, read_metadata(path))
    out = save_model(proto, tmp_path / "sub" / path.name, check=False)
    assert out.read_bytes() == path.read_bytes()


def test_update_keeps_every_entry_in_place_and_appends_new_ones(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from training.onnx_metadata import save_model, update_metadata

    src = MODELS / "cxr-triage.onnx"
    before = read_metadata(src)
    proto = onnx.load(str(src))
    merged = update_metadata(
        proto, {meta_key("threshold"): 0.25, QUANTIZATION: {"format": "test"}, "note": "plain"}
    )
    dst = save_model(proto, tmp_path / "updated.onnx")
    after = read_metadata(dst)
    assert after == merged
    assert list(after)[: len(before)] == list(before)  # existing keys keep their place
    assert list(after)[len(before) :] == [QUANTIZATION, "note"]
    assert after[meta_key("threshold")] == "0.25" and after["note"] == "plain"
    assert json_value(after, QUANTIZATION) == {"format": "test"}
    assert {
        k: v for k, v in after.items() if k not in (meta_key("threshold"), QUANTIZATION, "note")
    } == {k: v for k, v in before.items() if k != meta_key("threshold")}
    assert ModelContract.from_metadata(after).threshold == 0.25
    assert src.read_bytes() != dst.read_bytes()


def test_the_app_loads_its_contracts_through_the_reader() -> None:
    """The viewer's path (ModelSession.load) sees what the reader reads from the file."""
    from inference.model.lung_fields import LungSession
    from inference.model.session import ModelSession

    model = MODELS / "cxr-triage.onnx"
    session = ModelSession.load(model, providers=["CPUExecutionProvider"])
    assert session.contract == ModelContract.from_metadata(read_metadata(model))
    # the contract written back is what the file holds (no field lost or re-encoded)
    assert session.contract.to_metadata().items() <= read_metadata(model).items()
    lungs = MODELS / "cxr-lungs.onnx"
    assert LungSession.load(lungs).contract == LungContract.from_metadata(read_metadata(lungs))
    assert (
        LungContract.from_metadata(read_metadata(lungs)).to_metadata().items()
        <= read_metadata(lungs).items()
    )


def test_values_are_strings_or_json() -> None:
    assert encode_value("2.1.0") == "2.1.0"
    assert encode_value([224, 224]) == "[224, 224]" and encode_value(None) == "null"
    meta = {RECIPE: json.dumps({"seed": 3}), "cxr.empty": ""}
    assert json_value(meta, RECIPE) == {"seed": 3}
    assert json_value(meta, "cxr.empty", {}) == {} and json_value(meta, "cxr.absent", []) == []
    with pytest.raises(ValueError):
        json_value({RECIPE: "{not json"}, RECIPE)


def test_broken_files_are_refused_with_their_name(tmp_path: Path) -> None:
    data = (MODELS / "cxr-lungs.onnx").read_bytes()
    cut = tmp_path / "cut.onnx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(OnnxMetadataError, match=r"cut\.onnx"):
        read_metadata(cut)
    with pytest.raises(OnnxMetadataError, match="wire type"):
        metadata_from_bytes(b"\x0f\x00")
    assert metadata_from_bytes(b"") == {}


def test_no_other_module_reads_or_writes_onnx_metadata() -> None:
    """One reader, one writer: a new stage that needs the metadata calls them."""
    allowed = {"inference/model/onnx_metadata.py", "training/onnx_metadata.py"}
    pattern = re.compile(r"\.metadata_props|\.custom_metadata_map|\.get_modelmeta|set_model_props")
    offenders = []
    for folder in ("app", "inference", "training", "bench", "installer"):
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel not in allowed and pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(rel)
    assert offenders == []
