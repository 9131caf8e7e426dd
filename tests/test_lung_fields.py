"""The lung fields: the heat mask, the lung check, the lung model's contract and the bundled file."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference.core.paths import lung_model_path
from inference.core.types import TriageResult
from inference.model.heatmap import display_heat, result_heat
from inference.model.lung_contract import LungContract, LungContractError
from inference.model.lung_fields import (
    MASK_SIDE,
    LungProblem,
    LungSession,
    analyse,
    lung_input,
    mask_on,
)

C = LungContract(version="test")


def two_lungs(consolidated: bool = False) -> np.ndarray:
    """Lung probabilities (2, 64, 64) of a frontal film: two upright ellipses."""
    prob = np.zeros((2, 64, 64), np.float32)
    cv2.ellipse(prob[0], (18, 32), (8, 20), 0, 0, 360, 1.0, -1)
    cv2.ellipse(prob[1], (46, 32), (8, 20), 0, 0, 360, 1.0, -1)
    if consolidated:  # the net left a dense patch out of the right lung: a hole on its edge
        prob[0, 30:44, 17:27] = 0.0
    return prob


def test_two_lung_fields_pass_the_check_and_mask_the_heat() -> None:
    fields = analyse(two_lungs(), C)
    assert fields.problem is None
    assert fields.mask.shape == (MASK_SIDE, MASK_SIDE) and fields.mask.dtype == np.uint8
    cam = np.full((14, 14), 100.0, np.float32)  # strong evidence everywhere
    heat = display_heat(cam, 10.0, fields.mask)
    assert heat.shape == (MASK_SIDE, MASK_SIDE)
    m = mask_on(fields, heat.shape)
    assert heat[m == 0.0].max() == 0.0  # nothing outside the lungs (arms, neck, abdomen)
    assert (m == 0.0).mean() > 0.3  # and outside is most of the film
    assert heat[m > 0.99].min() > 0.99  # full heat inside
    # The mediastinum between the lungs (image centre column, mid height) shows no heat.
    assert heat[MASK_SIDE // 2, MASK_SIDE // 2] < 0.2


def test_a_consolidation_the_net_left_out_still_counts_as_lung() -> None:
    whole = analyse(two_lungs(), C)
    holed = analyse(two_lungs(consolidated=True), C)
    # The hull closes the gap: the mask covers the consolidated region as before.
    assert abs(int(holed.mask.astype(int).sum()) - int(whole.mask.astype(int).sum())) < 0.12 * int(
        whole.mask.astype(int).sum()
    )


@pytest.mark.parametrize(
    "prob, problem",
    [
        (np.zeros((2, 64, 64), np.float32), LungProblem.NOT_SEEN),  # a hand, a photo
        (two_lungs()[[0, 0]] * np.array([1, 0], np.float32)[:, None, None], LungProblem.NOT_SEEN),
    ],
)
def test_no_two_lung_fields_fail_the_check(prob: np.ndarray, problem: LungProblem) -> None:
    assert analyse(prob, C).problem is problem


def test_a_lung_along_the_border_is_cut_off() -> None:
    prob = np.zeros((2, 64, 64), np.float32)
    prob[0, 10:60, 0:22] = 1.0  # runs down the whole left edge
    prob[1, 10:60, 40:56] = 1.0
    assert analyse(prob, C).problem is LungProblem.CUT_OFF


def test_small_lungs_in_a_big_film_fail() -> None:
    prob = np.zeros((2, 64, 64), np.float32)
    prob[0, 28:38, 24:30] = 1.0
    prob[1, 28:38, 34:40] = 1.0
    assert analyse(prob, C).problem is not None


def test_lung_input_is_the_standardised_64px_plane() -> None:
    x = lung_input(np.random.default_rng(0).random((224, 224)).astype(np.float32))
    assert x.shape == (1, 64, 64) and x.dtype == np.float32
    assert abs(float(x.mean())) < 1e-3


def test_relative_view_keeps_the_raw_map() -> None:
    cam = np.zeros((14, 14), np.float32)
    cam[0, 0] = 5.0  # evidence on the corner (outside any lung)
    r = TriageResult(path=Path("x.png"), index=0, cam=np.zeros((32, 32), np.float32), cam_raw=cam)
    assert result_heat(r, relative=True)[0, 0] == 1.0
    assert result_heat(r).max() == 0.0


def test_contract_round_trip_and_refusals() -> None:
    meta = C.to_metadata()
    assert LungContract.from_metadata(meta) == C
    with pytest.raises(LungContractError):
        LungContract.from_metadata({**meta, "cxr.kind": "classifier"})
    with pytest.raises(LungContractError):
        LungContract.from_metadata({**meta, "cxr.preprocessing": "other"})
    with pytest.raises(LungContractError):
        LungContract.from_metadata({**meta, "cxr.check": json.dumps({"nope": 1})})


def test_bundled_lung_model_loads_and_finds_lungs_in_a_child_sample() -> None:
    from inference.core.paths import samples_dir
    from inference.imaging.loader import try_load
    from inference.model.preprocess import model_plane

    session = LungSession.load(lung_model_path())
    assert session.contract.version and len(session.sha256) == 64
    assert session.contract.val_metrics["held_out"]  # Dice per source is in the contract
    films = sorted(p for p in samples_dir().iterdir() if p.suffix.lower() in {".jpeg", ".jpg"})
    ok = 0
    for path in films:
        img = try_load(path, max_side=448)
        probs = session.run(lung_input(model_plane(img.pixels))[None])
        ok += analyse(probs[0], session.contract).problem is None
    assert ok == len(films)
