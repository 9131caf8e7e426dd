"""Where a training run reads its data: defaults come from the repository root (the ../shared/data
layout `make model` uses), not from the working folder, and a configured folder that is missing
stops the run with its path instead of being skipped (a run started elsewhere must not quietly
train a different model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

from training.cli import build_parser, fit_config, main
from training.config import (
    REPO_ROOT,
    SHARED_DATA,
    MissingDataError,
    TrainConfig,
)
from training.outliers import build_outliers


def test_default_data_paths_do_not_depend_on_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = fit_config(build_parser().parse_args(["fit"]))
    assert SHARED_DATA.resolve() == shared_data.resolve()
    assert cfg.data == shared_data.resolve() / "kermany-224"
    assert cfg.adult_data == shared_data.resolve() / "adult-cxr"
    assert cfg.dicom_data == shared_data.resolve() / "dicom"
    cfg.require_inputs()  # every default folder is there, wherever the run starts
    lungs = build_parser().parse_args(["lungs", "--model-out", "x.onnx"])
    assert lungs.masks.resolve() == shared_data.resolve() / "lung-masks"
    assert lungs.data.resolve() == shared_data.resolve() / "kermany-224"
    gate = build_parser().parse_args(
        ["gate", "m.onnx", "--out", "g", "--model-out", "x.onnx", "--model-version", "9"]
    )
    assert gate.shared.resolve() == shared_data.resolve()
    assert gate.data.resolve() == shared_data.resolve() / "kermany-224"


def test_a_path_typed_on_the_command_line_is_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = fit_config(build_parser().parse_args(["fit", "--data", "mine", "--adult-data", "none"]))
    assert cfg.data == tmp_path.resolve() / "mine"
    assert cfg.adult_data is None  # switched off on purpose: only made-up outliers
    assert cfg.out == tmp_path.resolve() / "runs" / "cxr-triage"


def test_recipes_keep_repository_relative_paths(tmp_path: Path) -> None:
    """The recipe saved in a model names the data as `make model` does, not the builder's home."""
    cfg = TrainConfig(out=REPO_ROOT / "runs" / "v2", cache_dir=tmp_path / "cache")
    saved = cfg.to_json()
    assert saved["data"] == "../shared/data/kermany-224"
    assert saved["adult_data"] == "../shared/data/adult-cxr"
    assert saved["out"] == "runs/v2"
    assert saved["cache_dir"] == str(tmp_path.resolve() / "cache")  # elsewhere: absolute
    assert TrainConfig.from_json(saved) == cfg


def test_a_missing_outlier_folder_stops_the_run_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cxr-train fit --adult-data nowhere`, started from another folder: exit 2, the full path in
    the message, and nothing written (no run folder)."""
    monkeypatch.chdir(tmp_path)
    rc = main(["fit", "--adult-data", "nowhere", "--out", "run", "--epochs", "1"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "adult outlier folder" in err and str(tmp_path.resolve() / "nowhere") in err
    assert "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_missing_training_data_stops_the_run_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["fit", "--data", "kermany-224", "--out", "run"]) == 2
    err = capsys.readouterr().err
    assert "training data folder" in err and str(tmp_path.resolve() / "kermany-224") in err


def test_build_outliers_refuses_a_named_folder_that_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "adult-cxr"
    with pytest.raises(MissingDataError, match=str(missing)):
        build_outliers(missing, None, (32, 32), n_synthetic=6)
    with pytest.raises(MissingDataError, match="DICOM"):
        build_outliers(None, tmp_path / "dicom", (32, 32), n_synthetic=6)
    sets = build_outliers(None, None, (32, 32), n_synthetic=6)  # None: left out on purpose
    assert len(sets.train) == 6 and sets.adult_heldout.shape == (0, 32, 32)
    assert sets.train.dtype == np.uint8
