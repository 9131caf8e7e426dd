"""The benchmark scripts still run: each measurement mode on the bundled samples, figures sane.

Not a timing test (figures on a shared machine are noise at this size); it keeps bench/ from
rotting when the pipeline's API moves.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"


def _bench_module():
    """bench/ is not a package: load bench_pipeline.py by path, to run modes as the bench does."""
    spec = importlib.util.spec_from_file_location(
        "bench_pipeline", REPO / "bench" / "bench_pipeline.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("mode", ["latency", "naive", "decode", "pipeline", "pipeline-nolungs"])
def test_bench_mode_reports_figures(mode: str) -> None:
    out = _bench_module()._spawn(mode, SAMPLES, None)  # raises with the child's stderr if it fails
    assert out["mode"] == mode
    assert out["provider"] == "CPUExecutionProvider"
    assert out["peak_rss_mb"] > 0
    if mode == "latency":
        assert 0 < out["batch1_median_ms"] <= out["batch1_p90_ms"]
        assert out["batch16_cpu_ms_per_image"] > 0
        return
    assert out["images"] == 12
    assert out["images_per_s"] > 0
    if mode == "decode":
        # decoding every pixel costs far more (~2.4x) than decoding at 1/8 scale for a 224 side
        assert out["cpu_ms_per_image_full"] > out["cpu_ms_per_image_224"] > 0
    if mode.startswith("pipeline"):
        assert out["lungs"] is (mode == "pipeline")  # the lung model's cost is measured apart
        assert out["failed"] == 0
        assert out["cold_images_per_s"] > 0 and out["cold_cpu_ms_per_image"] > 0
