"""Batch triage pipeline: parity with a direct model run, bad files, cancel, bounded memory."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference.core.types import FailureKind, Flag, LoadedImage, TriageResult
from inference.imaging.body_part import is_not_chest
from inference.imaging.loader import load_image
from inference.imaging.quality import image_flags, is_small
from inference.model.contract import OODReference, ScopeProbe
from inference.model.heatmap import display_heat
from inference.model.lung_fields import MASK_SIDE, analyse, lung_input
from inference.model.preprocess import model_plane, preprocess, squash_resize, to_unit_float
from inference.model.session import ModelSession
from inference.triage import pipeline
from inference.triage import worklist as wl
from inference.triage.pipeline import (
    FULL_RESOLUTION,
    CancelToken,
    PipelineOptions,
    PreparedImage,
    Progress,
    make_thumbnail,
    results_from_outputs,
    triage,
)

PIPELINE_THREADS = ("cxr-decode", "cxr-scan")


@pytest.fixture(scope="module")
def session(model_path: Path) -> ModelSession:
    return ModelSession.load(model_path)


@pytest.fixture(scope="module")
def sample_files(samples_dir: Path) -> list[Path]:
    files = sorted(p for p in samples_dir.iterdir() if p.suffix.lower() in (".jpeg", ".jpg"))
    assert len(files) >= 12
    return files


@pytest.fixture(scope="module")
def full_res_results(session: ModelSession, samples_dir: Path) -> list[TriageResult]:
    return list(triage(samples_dir, session, PipelineOptions(max_side=FULL_RESOLUTION)))


def _pipeline_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(PIPELINE_THREADS)]


def _direct(session: ModelSession, files: list[Path]) -> dict[str, np.ndarray]:
    """The reference: full-resolution decode, shared preprocessing, one plain model run."""
    batch = np.stack([preprocess(load_image(f).pixels, session.contract.input_size) for f in files])
    return session.run(batch)


def test_full_resolution_results_match_a_direct_model_run(
    session: ModelSession, sample_files: list[Path], full_res_results: list[TriageResult]
) -> None:
    ref = _direct(session, sample_files)
    by_path = {r.path.name: r for r in full_res_results}
    assert sorted(by_path) == sorted(f.name for f in sample_files)
    classes = session.contract.classes
    for i, f in enumerate(sample_files):
        r = by_path[f.name]
        assert r.ok, r.error
        assert r.pneumonia_prob == pytest.approx(float(ref["pneumonia_prob"][i]), abs=1e-5)
        got = [r.class_probs[c] for c in classes]
        np.testing.assert_allclose(got, ref["class_probs"][i], atol=1e-5)
        np.testing.assert_allclose(r.cam_raw, ref["cam"][i], atol=1e-4)
        plane = model_plane(load_image(f).pixels, session.contract.input_size)
        c = session.contract
        assert session.lungs is not None and r.lungs is not None
        lungs = analyse(session.lungs.run(lung_input(plane)[None])[0], session.lungs.contract)
        np.testing.assert_array_equal(r.lungs.mask, lungs.mask)
        expected = display_heat(ref["cam"][i], c.cam_scale, lungs.mask, c.cam_floor)
        np.testing.assert_allclose(r.cam, expected, atol=1e-4)
        assert r.body is None  # the lung mask replaces the body outline


def test_reduced_scale_decode_stays_close_to_full_resolution(
    session: ModelSession, samples_dir: Path, full_res_results: list[TriageResult]
) -> None:
    fast = {r.path.name: r for r in triage(samples_dir, session)}
    diffs = [abs(fast[r.path.name].pneumonia_prob - r.pneumonia_prob) for r in full_res_results]
    assert max(diffs) < 0.05, diffs
    assert all(fast[r.path.name].original_size == r.original_size for r in full_res_results)


def test_every_result_is_complete_and_consistent(
    session: ModelSession, full_res_results: list[TriageResult]
) -> None:
    assert sorted(r.index for r in full_res_results) == list(range(len(full_res_results)))
    for r in full_res_results:
        assert set(r.class_probs) == set(session.contract.classes)
        assert sum(r.class_probs.values()) == pytest.approx(1.0, abs=1e-4)
        if session.contract.has_scope_output:
            assert r.scope_prob is not None and 0.0 <= r.scope_prob <= 1.0
        assert r.cam.shape == (MASK_SIDE, MASK_SIDE) and r.cam.dtype == np.float32
        assert r.cam.min() >= 0.0 and r.cam.max() <= 1.0
        assert r.thumbnail is not None and r.thumbnail.dtype == np.uint8
        assert max(r.thumbnail.shape) <= 160
        assert r.decode_ms > 0 and r.infer_ms > 0
        assert r.format == "jpeg" and min(r.original_size) > 224
        assert Flag.SMALL not in r.flags and Flag.COLOUR not in r.flags
        if session.contract.ood is not None:
            assert r.ood_score is not None and r.ood_score >= 0


def test_samples_are_triaged_sensibly(full_res_results: list[TriageResult]) -> None:
    """Real radiographs of pneumonia score higher on average than the normal ones."""
    pneu = [r.pneumonia_prob for r in full_res_results if r.path.name.startswith("person")]
    normal = [r.pneumonia_prob for r in full_res_results if not r.path.name.startswith("person")]
    assert np.mean(pneu) > np.mean(normal)


def test_bundled_samples_are_in_scope(full_res_results: list[TriageResult]) -> None:
    """Frontal films of young children (the bundled samples) are what the model is for."""
    settings = wl.TriageSettings(threshold=0.5)
    out = [(r.path.name, wl.scope_reason_text(r, settings)) for r in full_res_results
           if not wl.in_scope(r, settings)]  # fmt: skip
    assert out == []


def _write_bad_files(folder: Path, good: list[Path]) -> dict[str, str]:
    """Three real samples and a zoo of broken files; returns name -> what it is."""
    for f in good:
        shutil.copy(f, folder / f.name)
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "random.png").write_bytes(np.random.default_rng(2).bytes(5000))
    (folder / "notes.jpeg").write_text("not an image at all")
    data = good[0].read_bytes()
    (folder / "truncated.jpeg").write_bytes(data[: len(data) // 3])
    png_header = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    (folder / "broken-header.png").write_bytes(png_header)
    cv2.imwrite(str(folder / "blank.png"), np.zeros((300, 300), np.uint8))
    cv2.imwrite(
        str(folder / "tiny.png"), (np.random.default_rng(3).random((64, 80)) * 255).astype(np.uint8)
    )
    return {
        "empty.jpg": "fail",
        "random.png": "fail",
        "notes.jpeg": "fail",
        "broken-header.png": "fail",
        "truncated.jpeg": "either",
        "blank.png": "ok",
        "tiny.png": "ok",
    }


def test_bad_files_are_explained_and_do_not_stop_the_batch(
    session: ModelSession, sample_files: list[Path], tmp_path: Path
) -> None:
    good = sample_files[:3]
    expected = _write_bad_files(tmp_path, good)
    results = {r.path.name: r for r in triage(tmp_path, session, PipelineOptions(batch_size=4))}
    assert set(results) == {f.name for f in good} | set(expected)
    for f in good:
        assert results[f.name].ok and 0.0 <= results[f.name].pneumonia_prob <= 1.0
    for name, outcome in expected.items():
        r = results[name]
        if outcome == "fail":
            assert not r.ok and r.error is not None, name
            assert r.error.message and r.error.kind != FailureKind.INTERNAL, r.error
            assert r.pneumonia_prob is None and r.cam is None
        elif outcome == "ok":
            assert r.ok, r.error
    assert Flag.LOW_CONTRAST in results["blank.png"].flags
    assert Flag.SMALL in results["tiny.png"].flags
    assert sorted(r.index for r in results.values()) == list(range(len(results)))
    assert not list(tmp_path.glob("*.tmp")), "the pipeline never writes into the image folder"


def test_missing_source_is_reported_not_raised(session: ModelSession, tmp_path: Path) -> None:
    results = list(triage([tmp_path / "nowhere"], session))
    assert len(results) == 1 and results[0].error.kind == FailureKind.NOT_FOUND


def test_a_crashing_folder_walk_is_reported_and_results_kept(
    session: ModelSession, sample_files: list[Path], monkeypatch
) -> None:
    def walk_then_crash(sources, stats=None):
        yield from sample_files[:2]
        raise RuntimeError("network drive vanished")

    monkeypatch.setattr(pipeline, "iter_images", walk_then_crash)
    results = sorted(triage(sample_files[0].parent, session), key=lambda r: r.index)
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].error.kind == FailureKind.INTERNAL
    assert "network drive vanished" in results[2].error.message


def test_scan_stats_count_what_the_walk_skipped(session: ModelSession, tmp_path: Path) -> None:
    from inference.imaging.walk import ScanStats

    (tmp_path / "notes.txt").write_text("a report, not an image")
    stats = ScanStats()
    assert list(triage(tmp_path, session, scan_stats=stats)) == []
    assert stats.non_images == 1


def test_cancel_stops_within_one_batch_and_cleans_up(
    session: ModelSession, shared_data: Path
) -> None:
    folder = shared_data / "kermany-fullres"
    token = CancelToken()
    opts = PipelineOptions(batch_size=4, thumbnail_size=0)
    got = []
    t0 = time.perf_counter()
    for r in triage(folder, session, opts, cancel=token):
        got.append(r)
        if len(got) == 2:
            token.cancel()
    assert 2 <= len(got) <= 2 + opts.batch_size
    assert time.perf_counter() - t0 < 30
    assert _pipeline_threads() == [], "decode and scan threads are joined on cancel"


def test_cancel_before_start_yields_nothing(session: ModelSession, samples_dir: Path) -> None:
    token = CancelToken()
    token.cancel()
    assert list(triage(samples_dir, session, cancel=token)) == []
    assert token.cancelled


def test_breaking_out_of_the_loop_stops_the_threads(
    session: ModelSession, shared_data: Path
) -> None:
    gen = triage(shared_data / "kermany-fullres", session, PipelineOptions(batch_size=2))
    first = next(gen)
    assert isinstance(first, TriageResult)
    gen.close()
    assert _pipeline_threads() == []


def test_in_flight_work_is_bounded_when_the_consumer_is_slow(
    session: ModelSession, shared_data: Path, monkeypatch
) -> None:
    """A slow consumer must not let the decoders run ahead through a big folder."""
    calls = []
    real_prepare = pipeline.prepare

    def counting_prepare(*args, **kwargs):
        calls.append(1)
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", counting_prepare)
    opts = PipelineOptions(batch_size=2, decode_workers=2, thumbnail_size=0)
    gen = triage(shared_data / "kermany-fullres", session, opts)
    next(gen)
    time.sleep(1.5)  # decoders would finish dozens of images in this time if unbounded
    in_flight_limit = 2 * opts.batch_size + opts.decode_workers
    assert len(calls) <= in_flight_limit + opts.batch_size + 1
    gen.close()


def test_progress_reports_counts_and_a_final_total(
    session: ModelSession, samples_dir: Path
) -> None:
    seen: list[Progress] = []
    results = list(triage(samples_dir, session, on_progress=seen.append))
    assert seen[0].done == 0
    dones = [p.done for p in seen]
    assert dones == sorted(dones)
    last = seen[-1]
    assert last.done == last.total == len(results) and last.failed == 0
    assert last.eta_s == 0.0 and last.elapsed_s > 0 and last.current is not None


def test_no_network_socket_is_opened_during_a_scan(
    session: ModelSession, samples_dir: Path, monkeypatch
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a network socket was opened during a scan")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    results = list(triage(samples_dir, session))
    assert len(results) == 12 and all(r.ok for r in results)


@pytest.mark.timeout(60)
def test_a_crashing_decode_task_is_a_row_not_a_hang(
    session: ModelSession, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug that escapes prepare() for one file: that file is reported, the rest are scored,
    and the scan ends (a task that never answered would leave it waiting forever)."""
    real_prepare = pipeline.prepare
    victim = sorted(samples_dir.glob("*.jpeg"))[0].name

    def prepare(path: Path, *args, **kwargs):
        if path.name == victim:
            raise RuntimeError("decoder bug")
        return real_prepare(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", prepare)
    results = {r.path.name: r for r in triage(samples_dir, session)}
    assert len(results) == 12
    bad = results[victim]
    assert bad.error is not None and bad.error.kind == FailureKind.INTERNAL
    assert "decoder bug" in bad.error.message
    assert all(r.ok for name, r in results.items() if name != victim)


def test_a_failing_model_marks_files_instead_of_raising(
    session: ModelSession, samples_dir: Path
) -> None:
    class BrokenSession:
        contract = session.contract

        def run(self, batch: np.ndarray) -> dict[str, np.ndarray]:
            raise RuntimeError("device lost")

    results = list(triage(samples_dir, BrokenSession(), PipelineOptions(batch_size=5)))
    assert len(results) == 12
    assert all(r.error.kind == FailureKind.MODEL_ERROR for r in results)
    assert all("device lost" in r.error.message for r in results)


def test_invalid_options_are_refused_before_any_work(
    session: ModelSession, samples_dir: Path
) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        triage(samples_dir, session, PipelineOptions(batch_size=0))
    with pytest.raises(ValueError, match="decode_workers"):
        triage(samples_dir, session, PipelineOptions(decode_workers=0))


def _prepared(index: int) -> PreparedImage:
    return PreparedImage(
        index=index,
        path=Path(f"img{index}.png"),
        input=np.zeros((1, 224, 224), np.float32),
        flags={Flag.COLOUR} if index == 0 else set(),
        metadata={},
        original_size=(512, 512),
        format="png",
        thumbnail=None,
        decode_ms=1.0,
    )


def test_results_from_outputs_flags_ood_and_rejects_invalid_scores(session: ModelSession) -> None:
    """Pure check of the output mapping with a synthetic OOD reference and a NaN score."""
    dim = 4
    contract = dataclasses.replace(
        session.contract,
        ood=OODReference(mean=[0.0] * dim, precision=np.eye(dim).tolist(), threshold=3.0),
    )
    contract = dataclasses.replace(contract, scope_threshold=None, scope_probe=None)  # a 1.x model
    fake = type("S", (), {"contract": contract})()
    outputs = {
        "pneumonia_prob": np.array([0.9, 0.2, np.nan], np.float32),
        "class_probs": np.array([[0.1, 0.3, 0.6], [0.8, 0.15, 0.05], [0.3, 0.3, 0.4]], np.float32),
        "cam": np.stack([np.full((14, 14), v, np.float32) for v in (1.0, -1.0, 0.5)]),
        "embedding": np.array([[0, 0, 0, 0], [10, 0, 0, 0], [0, 0, 0, 0]], np.float32),
    }
    items = [_prepared(i) for i in range(3)]
    r0, r1, r2 = results_from_outputs(items, outputs, fake, infer_ms=2.0)
    assert r0.pneumonia_prob == pytest.approx(0.9) and r0.class_probs["viral"] == pytest.approx(0.6)
    assert r0.flags == {Flag.COLOUR} and r0.ood_score == pytest.approx(0.0)
    assert Flag.OUT_OF_DISTRIBUTION in r1.flags and r1.ood_score == pytest.approx(10.0)
    assert not r1.cam.any()
    assert r2.error is not None and r2.error.kind == FailureKind.MODEL_ERROR and not r2.ok


def test_scope_probe_keeps_adult_like_and_other_images_out_with_their_reason(
    session: ModelSession,
) -> None:
    """2.1 models: the probe's P(child) below its threshold takes an image out; the larger of
    P(adult) and P(other) says why (an adult's chest film, or an image unlike the training)."""
    dim = 4
    probe = ScopeProbe(
        classes=["child", "adult", "other"],
        mean=[0.0] * dim,
        scale=[1.0] * dim,
        coef=[[0, 0, 0, 0], [5, 0, 0, 0], [0, 5, 0, 0]],
        intercept=[0.0, 0.0, 0.0],
        threshold=0.3,
    )
    contract = dataclasses.replace(
        session.contract, ood=None, scope_threshold=0.3, scope_probe=probe
    )
    fake = type("S", (), {"contract": contract})()
    outputs = {
        "pneumonia_prob": np.array([0.9, 0.9, 0.9], np.float32),
        "class_probs": np.array([[0.1, 0.3, 0.6]] * 3, np.float32),
        "cam": np.zeros((3, 14, 14), np.float32),
        "embedding": np.array([[0, 0, 0, 0], [2, 0, 0, 0], [0, 2, 0, 0]], np.float32),
        "scope_prob": np.array([0.9, 0.9, 0.9], np.float32),
    }
    items = [dataclasses.replace(_prepared(i), flags=set()) for i in range(3)]
    r0, r1, r2 = results_from_outputs(items, outputs, fake, infer_ms=2.0)
    assert r0.flags == set() and r0.scope_classes["child"] == pytest.approx(1 / 3)
    assert r1.flags == {Flag.ADULT_LIKE} and r2.flags == {Flag.OUT_OF_DISTRIBUTION}
    settings = wl.TriageSettings(0.5)
    assert wl.in_scope(r0, settings) and not wl.in_scope(r1, settings)
    assert "adult" in wl.scope_reason_text(r1, settings)
    assert wl.label(r1, settings) is None  # never labelled pneumonia or normal


def test_scope_output_below_its_threshold_flags_unlike_training(session: ModelSession) -> None:
    """2.x models: the scope output joins the Mahalanobis rule (either one takes it out)."""
    dim = 4
    contract = dataclasses.replace(
        session.contract,
        ood=OODReference(mean=[0.0] * dim, precision=np.eye(dim).tolist(), threshold=3.0),
        scope_threshold=0.3,
        scope_probe=None,  # a 2.0 model: scope output and Mahalanobis only
    )
    fake = type("S", (), {"contract": contract})()
    outputs = {
        "pneumonia_prob": np.array([0.9, 0.9, 0.9], np.float32),
        "class_probs": np.array([[0.1, 0.3, 0.6]] * 3, np.float32),
        "cam": np.zeros((3, 14, 14), np.float32),
        "embedding": np.array([[0, 0, 0, 0], [0, 0, 0, 0], [10, 0, 0, 0]], np.float32),
        "scope_prob": np.array([0.9, 0.1, 0.9], np.float32),
    }
    items = [dataclasses.replace(_prepared(i), flags=set()) for i in range(3)]
    r0, r1, r2 = results_from_outputs(items, outputs, fake, infer_ms=2.0)
    assert r0.flags == set() and r0.scope_prob == pytest.approx(0.9)
    assert Flag.OUT_OF_DISTRIBUTION in r1.flags  # scope output says no
    assert Flag.OUT_OF_DISTRIBUTION in r2.flags  # Mahalanobis says no
    settings = wl.TriageSettings(0.5)
    assert [wl.in_scope(r, settings) for r in (r0, r1, r2)] == [True, False, False]


def _loaded(**kw) -> LoadedImage:
    base = dict(
        path=Path("x.dcm"),
        pixels=np.zeros((4, 4), np.float32),
        format="dicom",
        original_size=(2000, 2000),
    )
    return LoadedImage(**(base | kw))


def test_quality_flags_from_image_properties() -> None:
    size = (224, 224)
    assert image_flags(_loaded(), size, std=0.2) == set()
    assert image_flags(_loaded(was_colour=True), size, 0.2) == {Flag.COLOUR}
    assert image_flags(_loaded(original_size=(200, 900)), size, 0.2) == {Flag.SMALL}
    assert image_flags(_loaded(), size, std=0.001) == {Flag.LOW_CONTRAST}
    assert image_flags(_loaded(bit_depth=1), size, 0.2) == {Flag.UNUSUAL_BIT_DEPTH, Flag.BILEVEL}
    assert image_flags(_loaded(photometric="YBR_FULL_422"), size, 0.2) == {Flag.UNUSUAL_PHOTOMETRIC}
    assert image_flags(_loaded(photometric="MONOCHROME1", bit_depth=12), size, 0.2) == set()
    assert image_flags(_loaded(metadata={"body_part": "KNEE"}), size, 0.2) == {Flag.NOT_CHEST}
    assert image_flags(_loaded(flags={Flag.NOT_CHEST}), size, 0.2) == {Flag.NOT_CHEST}
    assert not is_not_chest("Chest") and not is_not_chest("") and not is_not_chest(None)
    assert is_small((223, 4000), size) and not is_small((224, 224), size)


@pytest.mark.parametrize("shape", [(2145, 2450), (700, 500), (224, 224), (100, 90)])
def test_model_plane_matches_the_shared_preprocessing(shape: tuple[int, int]) -> None:
    """uint8 input is resized before scaling: same values as the float recipe, to rounding."""
    rng = np.random.default_rng(5)
    u8 = cv2.GaussianBlur(rng.integers(0, 256, shape, dtype=np.uint8), (7, 7), 0)
    ref = squash_resize(to_unit_float(u8), (224, 224))
    got = model_plane(u8, (224, 224))
    assert got.dtype == np.float32 and got.shape == (224, 224)
    np.testing.assert_allclose(got, ref, atol=1e-6)
    np.testing.assert_array_equal(model_plane(to_unit_float(u8), (224, 224)), ref)
    assert not np.shares_memory(got, u8)


@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_thumbnail_is_close_to_an_exact_area_resize(dtype: type) -> None:
    """The whole-factor first step may drop a few edge pixels: a preview, not a measurement."""
    rng = np.random.default_rng(6)
    u8 = cv2.GaussianBlur(rng.integers(0, 256, (1537, 1203), dtype=np.uint8), (31, 31), 0)
    pixels = u8 if dtype == np.uint8 else u8.astype(np.float32) / 255.0
    thumb = make_thumbnail(pixels, 160)
    assert thumb is not None and thumb.dtype == np.uint8 and thumb.shape == (160, 125)
    exact = cv2.resize(u8, (125, 160), interpolation=cv2.INTER_AREA)
    assert np.abs(thumb.astype(int) - exact).mean() < 1.0
    small = make_thumbnail(u8[:100, :80], 160)  # already small: kept as is
    assert small is not None and np.array_equal(small, u8[:100, :80])
    assert make_thumbnail(u8, 0) is None
