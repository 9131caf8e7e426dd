"""Property test: damaged versions of real files never make try_load raise, hang or lie.

Each example takes a real JPEG, PNG, BMP, TIFF or DICOM, then truncates it, overwrites a few
bytes, or splices in garbage. Whatever comes back must be a LoadFailure, or a LoadedImage whose
pixels obey the contract (2-D float32, finite, in [0, 1]).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference.core.types import LoadedImage, LoadFailure
from inference.imaging.loader import try_load

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _sources() -> dict[str, bytes]:
    """Small real files (a few hundred kB at most) so each example decodes in milliseconds."""
    jpeg_path = ROOT / "resources" / "samples" / "person1343_bacteria_3419.jpeg"
    grey = cv2.imread(str(jpeg_path), cv2.IMREAD_GRAYSCALE)
    small = cv2.resize(grey, (160, 96), interpolation=cv2.INTER_AREA)
    return {
        "jpeg": jpeg_path.read_bytes(),
        "png": cv2.imencode(".png", small)[1].tobytes(),
        "png16": cv2.imencode(".png", small.astype(np.uint16) * 257)[1].tobytes(),
        "bmp": cv2.imencode(".bmp", small)[1].tobytes(),
        "tiff": cv2.imencode(".tiff", small)[1].tobytes(),
        "dicom": (
            SHARED / "dicom/highdicom/non_chest/dx_image_canine_lateral_thorax.dcm"
        ).read_bytes(),
        "dicom_jpeg": (SHARED / "dicom/torchxrayvision/Fake_MONOHR1.dcm").read_bytes(),
        "dicom_raw": (
            SHARED / "dicom/dcmfx/fo-dicom_CR-MONO1-10-chest_no-preamble.dcm"
        ).read_bytes(),
    }


SOURCES = _sources() if SHARED.is_dir() else {}


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    how = draw(st.sampled_from(["truncate", "overwrite", "splice", "header"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "overwrite":
        for _ in range(draw(st.integers(1, 8))):
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] = draw(st.integers(0, 255))
    elif how == "splice":
        pos = draw(st.integers(0, len(data)))
        data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
    else:  # damage the first 400 bytes, where every format keeps its header
        for _ in range(draw(st.integers(1, 4))):
            pos = draw(st.integers(0, min(len(data), 400) - 1))
            data[pos] = draw(st.integers(0, 255))
    return name, bytes(data)


@pytest.mark.skipif(not SOURCES, reason="shared data missing")
@pytest.mark.filterwarnings("ignore::UserWarning")  # pydicom warns about the damage it reads
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=damaged(), max_side=st.sampled_from([None, 64]))
def test_damaged_files_never_raise(case: tuple[str, bytes], max_side: int | None) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"damaged.{name}"
        path.write_bytes(data)
        result = try_load(path, max_side=max_side)
    assert isinstance(result, LoadedImage | LoadFailure)
    if isinstance(result, LoadFailure):
        assert result.message and result.kind.value != "internal", result
        return
    px = result.pixels
    assert px.ndim == 2 and px.dtype == np.float32 and px.size > 0
    assert np.isfinite(px).all()
    assert float(px.min()) >= 0.0 and float(px.max()) <= 1.0
