"""Model v2 training pieces with known answers: the shifted validation is deterministic and
really shifted, outlier sources are split and labelled as they should be, and the scope threshold
keeps the promised share of in-scope images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")

from training.acquisition import acquisition_augment, shift_image, shifted_copy
from training.data import discover, load_arrays
from training.outliers import (
    load_adult,
    load_dicom_outliers,
    scope_breaking,
    synthetic_outliers,
)
from training.scope import evaluate_scope, scope_threshold_for

SIZE = (224, 224)


@pytest.fixture(scope="module")
def films(shared_data: Path) -> np.ndarray:
    samples = discover(shared_data / "kermany-224")[::600][:8]
    return load_arrays(samples, SIZE, None)


def test_shifted_copy_is_fixed_by_its_seed_and_differs_from_training_changes(films) -> None:
    a, b = shifted_copy(films, seed=7), shifted_copy(films, seed=7)
    assert np.array_equal(a, b) and a.shape == films.shape and a.dtype == np.uint8
    assert not np.array_equal(shifted_copy(films, seed=8), a)
    # stronger than the training changes: on average further from the original
    rng = np.random.default_rng(0)
    train_like = np.stack([acquisition_augment(f, rng) for f in films])

    def dist(x: np.ndarray) -> float:
        return float(np.abs(x.astype(float) - films.astype(float)).mean())

    assert dist(a) > dist(train_like) > 0


def test_every_transform_keeps_a_valid_uint8_image(films) -> None:
    rng = np.random.default_rng(1)
    for f in films:
        for out in (acquisition_augment(f, rng), shift_image(f, rng), scope_breaking(f, rng)):
            assert out.shape == f.shape and out.dtype == np.uint8 and out.flags.c_contiguous


def test_scope_breaking_makes_films_out_of_scope_in_recognisable_ways(films) -> None:
    rng = np.random.default_rng(2)
    f = films[0]
    outs = [scope_breaking(f, rng) for _ in range(40)]
    assert any(np.array_equal(o, 255 - f) for o in outs)  # inverted
    assert any(np.array_equal(o, np.rot90(f, 2)) for o in outs)  # upside down


def test_made_outliers_are_deterministic_and_varied() -> None:
    a, kinds = synthetic_outliers(30, SIZE, seed=3)
    b, _ = synthetic_outliers(30, SIZE, seed=3)
    assert np.array_equal(a, b) and a.shape == (30, *SIZE)
    assert {"document", "screenshot", "plot", "texture"} <= set(kinds)


def test_adult_films_split_by_patient(shared_data: Path) -> None:
    train, held = load_adult(shared_data / "adult-cxr", (64, 64), held_fraction=0.2, seed=0)
    assert len(train) + len(held) == 243 and 0.1 < len(held) / 243 < 0.35


def test_dicom_outliers_keep_measured_anatomies_out_of_training(shared_data: Path) -> None:
    tr, held, chest = load_dicom_outliers(shared_data / "dicom", (64, 64))
    assert len(tr) >= 2 and len(held) >= 3 and len(chest) >= 5  # hip+dental / rest / adult chests


def test_scope_threshold_keeps_the_promised_share() -> None:
    rng = np.random.default_rng(0)
    val, shifted = rng.uniform(0.3, 1, 1000), rng.uniform(0.1, 1, 1000)
    ood_val, ood_sh = np.zeros(1000, bool), np.zeros(1000, bool)
    ood_sh[:5] = True  # the Mahalanobis opinion already takes 0.5% out
    t = scope_threshold_for([val, shifted], [ood_val, ood_sh], kept=0.98)
    assert evaluate_scope(val, ood_val, t) <= 0.02
    assert evaluate_scope(shifted, ood_sh, t) <= 0.02
    assert evaluate_scope(shifted, ood_sh, t) >= 0.015  # and not needlessly low
    assert np.isnan(evaluate_scope(np.array([]), None, t))  # nothing to measure: not 0%
