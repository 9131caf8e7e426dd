"""Training pipeline: labels, patient-grouped split, preprocessing parity, metrics, and a smoke run
that trains on ~40 real images and exports a working ONNX model."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import pytest

torch = pytest.importorskip("torch")

from inference.model.contract import INPUT_NAME, OUTPUT_NAMES_V2, ModelContract  # noqa: E402
from inference.model.onnx_metadata import RECIPE, TRAINING_HISTORY, read_metadata  # noqa: E402
from inference.model.preprocess import preprocess  # noqa: E402
from training.calibrate import fit_temperature, softmax  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import (  # noqa: E402
    Sample,
    discover,
    grouped_split,
    label_from_path,
    merge_duplicate_groups,
    patient_of,
)
from training.metrics import binary_metrics, roc_auc, threshold_for_sensitivity  # noqa: E402
from training.model import CXRNet, ExportWrapper, count_flops  # noqa: E402


def test_labels_and_patients_from_names() -> None:
    assert label_from_path(Path("x/NORMAL/IM-0115-0001.jpeg")) == 0
    assert label_from_path(Path("x/PNEUMONIA/person1000_bacteria_2931.jpeg")) == 1
    assert label_from_path(Path("x/PNEUMONIA/person1000_virus_1681.jpeg")) == 2
    with pytest.raises(ValueError):
        label_from_path(Path("x/PNEUMONIA/unknown.jpeg"))
    assert patient_of(Path("person1000_bacteria_2931.jpeg")) == "person1000"
    assert patient_of(Path("person1000_virus_1681.jpeg")) == "person1000"
    assert patient_of(Path("IM-0115-0001.jpeg")) == "im-0115"
    assert patient_of(Path("NORMAL2-IM-1427-0001.jpeg")) == "normal2-im-1427"


def test_duplicates_share_a_group() -> None:
    s = [
        Sample(Path("a/NORMAL/1.jpeg"), 0, "g1", "h"),
        Sample(Path("a/NORMAL/2.jpeg"), 0, "g2", "h"),
        Sample(Path("a/NORMAL/3.jpeg"), 0, "g3", "other"),
    ]
    groups = [x.group for x in merge_duplicate_groups(s)]
    assert groups[0] == groups[1] != groups[2]


def test_grouped_split_on_real_train_set(shared_data: Path) -> None:
    samples = discover(shared_data / "kermany-224", "train")
    assert len(samples) == 5216
    train, val = grouped_split(samples, 0.15, seed=0)
    assert len(train) + len(val) == len(samples)
    assert not {s.group for s in train} & {s.group for s in val}, "a child is on both sides"
    assert not {s.sha256 for s in train} & {s.sha256 for s in val}, (
        "identical files straddle the split"
    )
    for label in (0, 1, 2):
        n_all = sum(s.label == label for s in samples)
        n_val = sum(s.label == label for s in val)
        assert 0.12 < n_val / n_all < 0.2
    again = grouped_split(samples, 0.15, seed=0)[1]
    assert [s.path for s in again] == [s.path for s in val], "split must be reproducible"


def test_originals_preprocess_like_their_224_copies(shared_data: Path) -> None:
    """The 224 data was squashed from the originals: the app's preprocessing of an original must give
    nearly the tensor training saw."""
    full = sorted((shared_data / "kermany-fullres" / "train").glob("*/*.jpeg"))[::8]
    diffs, corrs = [], []
    for p in full:
        q = shared_data / "kermany-224" / "train" / p.parent.name / p.name
        a = preprocess(cv2.imread(str(p), cv2.IMREAD_GRAYSCALE))
        b = preprocess(cv2.imread(str(q), cv2.IMREAD_GRAYSCALE))
        assert a.shape == b.shape == (1, 224, 224)
        diffs.append(float(np.abs(a - b).mean()))
        corrs.append(float(np.corrcoef(a.ravel(), b.ravel())[0, 1]))
    assert len(diffs) >= 25
    assert np.mean(diffs) < 0.08, f"mean |diff| {np.mean(diffs):.3f} (z units)"
    assert max(diffs) < 0.15
    assert min(corrs) > 0.98


def test_metrics_known_values() -> None:
    y = np.array([0, 0, 1, 1])
    assert roc_auc(y, np.array([0.1, 0.4, 0.35, 0.8])) == pytest.approx(0.75)
    assert roc_auc(y, np.array([0.1, 0.2, 0.3, 0.4])) == 1.0
    m = binary_metrics(y, np.array([0.1, 0.6, 0.7, 0.2]), 0.5)
    assert (m["sensitivity"], m["specificity"], m["precision"]) == (0.5, 0.5, 0.5)
    scores = np.linspace(0, 1, 101)
    yy = scores > 0.3
    thr = threshold_for_sensitivity(yy, scores, 0.95)
    assert binary_metrics(yy, scores, thr)["sensitivity"] >= 0.95


def test_temperature_recovers_known_scale() -> None:
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(4000, 3)) * 2
    labels = np.array([rng.choice(3, p=p) for p in softmax(true_logits)])
    t = fit_temperature(true_logits * 3.0, labels)  # over-confident by 3x
    assert t == pytest.approx(3.0, rel=0.15)


def test_model_budget() -> None:
    net = CXRNet()
    assert count_flops(net) < 1.0e9
    assert sum(p.numel() for p in net.parameters()) * 4 < 10e6


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A tiny run (~40 films, 2 epochs, stopped after the first and resumed): its exported model.
    The file is shared by the tests below, which only read it."""
    from training.trainer import train

    tmp_path = tmp_path_factory.mktemp("smoke")
    cfg = TrainConfig(
        data=shared_data / "kermany-224",
        out=tmp_path / "run",
        epochs=2,
        batch_size=16,
        limit=40,
        cache_dir=tmp_path / "cache",
        threads=2,
        patience=5,
        val_fraction=0.25,
        outliers_per_batch=4,
        stop_after=1,
    )
    # Stopped after epoch 1 (a time budget), then resumed: the schedule and history continue.
    assert train(cfg).name == "last.pt"
    return train(dataclasses.replace(cfg, stop_after=None, resume=True))


def test_smoke_train_and_export(smoke_run: Path, tmp_path: Path, shared_data: Path) -> None:
    from training.evaluate import evaluate

    onnx_path = smoke_run
    run = onnx_path.parent
    assert onnx_path.is_file() and onnx_path.name == "cxr-triage.onnx"
    assert (run / "best.pt").is_file() and (run / "last.pt").is_file()
    history = json.loads((run / "history.json").read_text())
    assert [h["epoch"] for h in history] == [1, 2]

    meta = read_metadata(onnx_path)
    assert {RECIPE, TRAINING_HISTORY} <= set(meta)
    assert [h["epoch"] for h in json.loads(meta[TRAINING_HISTORY])] == [1, 2]
    contract = ModelContract.from_metadata(meta)
    assert contract.classes == ("normal", "bacterial", "viral")
    assert contract.input_size == (224, 224) and 0 < contract.threshold < 1
    assert contract.ood is not None and contract.ood.threshold > 0
    assert contract.data_manifest_sha256 and "auc" in contract.val_metrics
    # 2.x contract: scope output and threshold; shifted validation and scope figures reported
    assert contract.has_scope_output and 0 < contract.scope_threshold < 1
    assert "Mahalanobis" in contract.scope_rule or "mahalanobis" in contract.scope_rule
    assert "auc" in contract.val_metrics["shifted"] and "ece" in contract.val_metrics["shifted"]
    kept_out = contract.val_metrics["scope"]["outliers_kept_out"]
    assert {"adult_heldout", "non_chest_heldout", "made_outliers_heldout"} <= set(kept_out)

    # ONNX vs PyTorch on real full-resolution images, dynamic batch of 3.
    imgs = sorted((shared_data / "kermany-fullres" / "train").glob("*/*.jpeg"))[:3]
    batch = np.stack([preprocess(cv2.imread(str(p), cv2.IMREAD_GRAYSCALE)) for p in imgs])
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = list(OUTPUT_NAMES_V2)
    outs = dict(zip(names, sess.run(names, {INPUT_NAME: batch}), strict=True))
    net = CXRNet()
    net.load_state_dict(torch.load(run / "best.pt", weights_only=False)["model"])
    wrapper = ExportWrapper(net.eval(), contract.temperature).eval()
    with torch.no_grad():
        ref = dict(zip(names, (t.numpy() for t in wrapper(torch.from_numpy(batch))), strict=True))
    for k in names:
        assert outs[k].shape == ref[k].shape
        assert np.abs(outs[k] - ref[k]).max() < 1e-4, k
    assert outs["cam"].shape == (3, 14, 14)
    np.testing.assert_allclose(outs["class_probs"].sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(outs["pneumonia_prob"], 1 - outs["class_probs"][:, 0], atol=1e-6)
    assert outs["scope_prob"].shape == (3,) and np.all(
        (outs["scope_prob"] >= 0) & (outs["scope_prob"] <= 1)
    )

    report = evaluate(
        onnx_path, shared_data / "kermany-224", split="val", out=tmp_path / "eval", n_boot=50
    )
    assert report["n"] > 0 and 0 <= report["auc"] <= 1
    for name in ("curves", "roc", "pr", "calibration", "confusion"):
        assert Path(report["figures"][name]).stat().st_size > 5000


def test_heatmap_scale_writes_a_new_file_and_leaves_the_export_alone(
    smoke_run: Path, tmp_path: Path, shared_data: Path
) -> None:
    """`cxr-train heatmap-scale` as `make model` runs it: it reads the exported model and writes
    the scaled one beside it; the exported file's bytes never change."""
    from training.cli import main
    from training.heatmap_scale import scaled_path, write_cam_scale

    exported = tmp_path / "cxr-triage.onnx"
    exported.write_bytes(smoke_run.read_bytes())
    before = exported.read_bytes()
    assert ModelContract.from_metadata(read_metadata(exported)).cam_scale is None
    data = shared_data / "kermany-224"

    assert main(["heatmap-scale", str(exported), str(data)]) == 0
    scaled = tmp_path / "cxr-triage-scaled.onnx"
    assert scaled_path(exported) == scaled and scaled.is_file()
    assert exported.read_bytes() == before, "the exported model was rewritten"
    contract = ModelContract.from_metadata(read_metadata(scaled))
    assert contract.cam_scale is not None and contract.cam_scale > 0
    assert 0 <= contract.cam_floor <= 0.8 * contract.cam_scale + 1e-9
    # only the two scale keys differ; the graph is the exported one
    old, new = read_metadata(exported), read_metadata(scaled)
    changed = {k for k in new if new[k] != old.get(k)}
    assert "cxr.cam_scale" in changed and changed <= {"cxr.cam_scale", "cxr.cam_floor"}
    assert set(new) == set(old)
    assert onnx.load(str(scaled)).graph == onnx.load(str(exported)).graph
    # the same stage again gives the same file (an input, an output, nothing rewritten)
    again = tmp_path / "again.onnx"
    assert main(["heatmap-scale", str(exported), str(data), "--out", str(again)]) == 0
    assert again.read_bytes() == scaled.read_bytes() and exported.read_bytes() == before

    with pytest.raises(ValueError, match="new file"):
        write_cam_scale(exported, data, out=exported)
    assert exported.read_bytes() == before
