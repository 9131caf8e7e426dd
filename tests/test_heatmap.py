"""Heatmap maths: positive evidence only, robust normalisation, full-image alignment, overlays."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from inference.core.types import TriageResult
from inference.model.heatmap import (
    COLORMAP_NAME,
    TRANSPARENT_BELOW,
    blend,
    colorize,
    colormap_lut,
    normalize_cam,
    upsample_cam,
)


def test_normalize_clips_negative_evidence_and_scales_to_one() -> None:
    cam = np.full((14, 14), -3.0, dtype=np.float32)
    cam[2:5, 3:6] = 2.0
    cam[10, 10] = 1.0
    out = normalize_cam(cam)
    assert out.dtype == np.float32 and out.shape == (14, 14)
    assert out.min() == 0.0 and out.max() == pytest.approx(1.0)
    assert np.all(out[cam < 0] == 0.0)
    assert out[10, 10] == pytest.approx(0.5)


def test_normalize_is_robust_to_one_extreme_cell() -> None:
    cam = np.ones((14, 14), dtype=np.float32)
    cam[7, 7] = 1000.0
    out = normalize_cam(cam)
    # A plain max would squash every other cell to 0.001; the 99th percentile keeps them visible.
    assert np.median(out) == pytest.approx(1.0)
    assert out[7, 7] == 1.0


def test_normalize_without_positive_evidence_is_all_zero() -> None:
    assert not normalize_cam(np.full((14, 14), -1.0)).any()
    assert not normalize_cam(np.zeros((14, 14))).any()
    cam = np.full((14, 14), np.nan)
    assert not normalize_cam(cam).any()


def test_normalize_rejects_wrong_rank() -> None:
    with pytest.raises(ValueError, match="2-D"):
        normalize_cam(np.zeros((1, 14, 14)))


@pytest.mark.parametrize(("cell", "shape"), [((0, 0), (300, 600)), ((13, 13), (512, 256))])
def test_upsample_stretches_the_grid_over_the_whole_image(cell, shape) -> None:
    """The model input is the squashed full image, so grid cell (r, c) maps to the same fraction."""
    cam = np.zeros((14, 14), dtype=np.float32)
    cam[cell] = 1.0
    heat = upsample_cam(cam, shape)
    assert heat.shape == shape and heat.dtype == np.float32
    assert heat.min() >= 0.0 and heat.max() <= 1.0
    peak = np.unravel_index(np.argmax(heat), heat.shape)
    for axis in (0, 1):
        cell_size = shape[axis] / 14
        centre = (cell[axis] + 0.5) * cell_size
        assert abs(peak[axis] - centre) <= cell_size / 2


def test_upsample_shrinks_and_rejects_bad_shapes() -> None:
    cam = np.random.default_rng(0).random((14, 14)).astype(np.float32)
    small = upsample_cam(cam, (7, 7))
    assert small.shape == (7, 7) and small.min() >= 0 and small.max() <= 1
    with pytest.raises(ValueError):
        upsample_cam(cam, (0, 10))


def test_colormap_lut_is_a_256_colour_table_without_grey() -> None:
    lut = colormap_lut()
    assert COLORMAP_NAME == "turbo"
    assert lut.shape == (256, 3) and lut.dtype == np.uint8
    spread = lut.max(axis=1).astype(int) - lut.min(axis=1)
    assert spread.min() > 20, "a grey entry could be mistaken for image content"
    lut[:] = 0
    assert colormap_lut().any(), "callers get a copy, not the cached table"


def test_colorize_alpha_grows_with_heat_and_is_clear_when_low() -> None:
    heat = np.linspace(0.0, 1.0, 101, dtype=np.float32).reshape(1, -1)
    rgba = colorize(heat, alpha=0.6)
    assert rgba.shape == (1, 101, 4) and rgba.dtype == np.uint8
    alpha = rgba[0, :, 3].astype(int)
    assert np.all(alpha[heat[0] < TRANSPARENT_BELOW] == 0)
    assert np.all(np.diff(alpha) >= 0)
    assert alpha[-1] == round(0.6 * 255)
    assert np.array_equal(rgba[0, -1, :3], colormap_lut()[255])


def test_blend_keeps_the_image_where_there_is_no_heat() -> None:
    gray = np.tile(np.linspace(0, 1, 64, dtype=np.float32), (48, 1))
    cam = np.zeros((14, 14), dtype=np.float32)
    cam[:, 7:] = 1.0  # right half hot
    rgb = blend(gray, cam, opacity=0.5)
    assert rgb.shape == (48, 64, 3) and rgb.dtype == np.uint8
    expected_grey = np.rint(gray * 255).astype(np.uint8)
    left = rgb[:, :16]
    assert np.array_equal(left, np.repeat(expected_grey[:, :16, None], 3, axis=2))
    right = rgb[:, -8:].astype(int)
    assert (right.max(axis=2) - right.min(axis=2)).min() > 10, "hot region is coloured"


def test_blend_accepts_uint8_and_uint16_images() -> None:
    heat = np.ones((8, 8), dtype=np.float32)
    a = blend(np.full((8, 8), 200, np.uint8), heat, 0.0)
    assert np.all(a == 200)
    b = blend(np.full((8, 8), 200 << 8, np.uint16), heat, 0.0)
    assert np.all(b == 200)


@pytest.mark.parametrize("n_positive", [1, 2, 3, 17, 196])
def test_normalize_cam_uses_the_99th_percentile_of_positive_cells(n_positive: int) -> None:
    """The fast percentile equals numpy's linear-method percentile."""
    rng = np.random.default_rng(n_positive)
    cam = -np.abs(rng.standard_normal(196)).astype(np.float32)
    cam[:n_positive] = np.abs(rng.standard_normal(n_positive)) + 0.01
    cam = rng.permutation(cam).reshape(14, 14)
    top = np.percentile(cam[cam > 0], 99.0)
    expected = np.clip(np.maximum(cam, 0.0) / top, 0.0, 1.0)
    np.testing.assert_allclose(normalize_cam(cam), expected, rtol=1e-6, atol=1e-7)


# -- absolute scale and the body outline (model v2) ------------------------------------------
def test_absolute_heat_uses_one_fixed_scale() -> None:
    from inference.model.heatmap import absolute_heat

    weak = np.full((14, 14), 0.1, np.float32)
    strong = np.full((14, 14), 2.0, np.float32)
    # relative scaling would paint both fully; on the fixed scale the weak film stays faint
    assert absolute_heat(weak, 1.0).max() == pytest.approx(0.1)
    assert absolute_heat(strong, 1.0).max() == 1.0
    assert not absolute_heat(-strong, 1.0).any()  # evidence against: no colour
    with pytest.raises(ValueError):
        absolute_heat(weak, 0.0)
    # a floor: evidence a normal film commonly shows is not painted
    assert not absolute_heat(weak * 5, 2.0, floor=0.6).any()
    assert absolute_heat(strong, 2.0, floor=0.6).max() == 1.0
    assert absolute_heat(np.full((2, 2), 1.3, np.float32), 2.0, 0.6)[0, 0] == pytest.approx(0.5)


def synthetic_film() -> np.ndarray:
    """A bright body (ellipse) with two dark lungs inside, on a black background."""
    img = np.zeros((224, 224), np.float32)
    cv2.ellipse(img, (112, 120), (80, 100), 0, 0, 360, 0.8, -1)
    cv2.ellipse(img, (80, 110), (22, 50), 0, 0, 360, 0.25, -1)
    cv2.ellipse(img, (144, 110), (22, 50), 0, 0, 360, 0.25, -1)
    return img


def test_body_outline_keeps_the_lungs_and_drops_the_background() -> None:
    from inference.model.heatmap import body_grid, body_mask

    mask = body_mask(synthetic_film())
    assert mask[110, 80] and mask[110, 144]  # dark lungs inside the ribs are body
    assert not mask[5, 5] and not mask[220, 10]  # the black corners are not
    grid = body_grid(synthetic_film(), (14, 14))
    assert grid.shape == (14, 14) and grid[0, 0] == 0.0 and grid[7, 7] == 1.0
    assert body_mask(np.full((224, 224), 0.5, np.float32)).all()  # no background: no masking


def test_display_heat_masks_outside_the_body_and_falls_back_to_relative() -> None:
    from inference.model.heatmap import body_grid, display_heat, result_heat

    cam = np.ones((14, 14), np.float32)
    body = body_grid(synthetic_film(), (14, 14))
    heat = display_heat(cam, 0.5, body)
    assert heat[0, 0] == 0.0 and heat[7, 7] == 1.0
    np.testing.assert_allclose(display_heat(cam * 3, None), normalize_cam(cam * 3))  # 1.x model
    r = TriageResult(path=Path("x.png"), index=0, cam=heat, cam_raw=cam * 0.1, body=body)
    assert result_heat(r) is heat
    rel = result_heat(r, relative=True)
    assert rel[7, 7] == pytest.approx(1.0)  # its own maximum
    assert rel[0, 0] == pytest.approx(1.0)  # the study view keeps the raw map: unmasked


def test_cam_scale_is_the_median_pneumonia_peak() -> None:
    pytest.importorskip("torch")
    from training.heatmap_scale import fit_cam_scale

    cams = np.stack([np.full((14, 14), v, np.float32) for v in (1.0, 2.0, 3.0, 9.0, -1.0)])
    assert fit_cam_scale(cams, np.array([1, 1, 1, 0, 1], bool)) == pytest.approx(2.0)
    from training.heatmap_scale import fit_cam_floor

    normals = np.stack([np.full((14, 14), v, np.float32) for v in (0.0, 1.0, 2.0, 3.0, 4.0)])
    assert fit_cam_floor(normals, np.zeros(5, bool)) == pytest.approx(3.0)  # 75th percentile
