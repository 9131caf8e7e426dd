"""Decode throughput and memory: full-resolution vs reduced-scale loading. Prints figures.

    .venv/bin/python bench/bench_decode.py [--data DIR] [--limit N] [--dicom DIR]

Three modes load every JPEG of ``kermany-fullres`` (240 originals, 0.4-6 MP) through
``inference.imaging.loader.load_image``:

* ``full``: ``max_side=None`` (the viewer: every pixel, float32 output);
* ``reduced-448`` / ``reduced-224``: ``max_side=448`` / ``224`` (batch triage: libjpeg decodes at
  1/2, 1/4 or 1/8 scale, the largest that keeps the longer side >= max_side).

Each mode runs in its own subprocess so its peak RSS is its own. Per mode: images/s, MP/s (in
megapixels of the *original* files, so modes compare on the same work), mean ms per image, the
peak Python-tracked allocation while loading one image (tracemalloc, numpy arrays included) and
the growth of the process's peak RSS over the loop. Ratios are against ``full`` from the same
run. The machine's load average is printed: other work on the CPUs lowers every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "kermany-fullres"
DEFAULT_DICOM = REPO.parent / "shared" / "data" / "dicom"
MODES = {"full": None, "reduced-448": 448, "reduced-224": 224}


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20


def _files(data: Path, pattern: str, limit: int | None) -> list[Path]:
    files = sorted(p for p in data.rglob(pattern) if p.is_file())
    return files[:limit] if limit else files


def run_mode(files: list[Path], max_side: int | None, memory_sample: int) -> dict[str, float]:
    """Time every file, then measure per-image peak allocation on a sample (tracemalloc slows)."""
    from inference.imaging.loader import load_image

    for f in files[:3]:  # warm-up: imports, codec tables, page faults
        load_image(f, max_side=max_side)
    rss_before = _peak_rss_mb()
    megapixels = 0.0
    start = time.perf_counter()
    for f in files:
        img = load_image(f, max_side=max_side)
        megapixels += img.original_size[0] * img.original_size[1] / 1e6
    elapsed = time.perf_counter() - start
    rss_growth = _peak_rss_mb() - rss_before

    peaks = []
    tracemalloc.start()
    for f in files[:: max(1, len(files) // memory_sample)]:
        tracemalloc.reset_peak()
        img = load_image(f, max_side=max_side)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        del img
    tracemalloc.stop()
    return {
        "images": len(files),
        "seconds": elapsed,
        "images_per_s": len(files) / elapsed,
        "mp_per_s": megapixels / elapsed,
        "ms_per_image": 1000 * elapsed / len(files),
        "trace_peak_mb_max": max(peaks),
        "trace_peak_mb_mean": sum(peaks) / len(peaks),
        "rss_growth_mb": rss_growth,
        "rss_peak_mb": _peak_rss_mb(),
    }


def _child(args: argparse.Namespace) -> None:
    files = _files(Path(args.data), args.pattern, args.limit)
    max_side = MODES[args.mode]
    print(json.dumps(run_mode(files, max_side, args.memory_sample)))


def _spawn(mode: str, data: Path, pattern: str, limit: int | None, sample: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--pattern", pattern]
    cmd += ["--memory-sample", str(sample)] + (["--limit", str(limit)] if limit else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _table(title: str, results: dict[str, dict[str, float]]) -> None:
    base = results["full"]
    print(f"\n{title}")
    head = (
        f"{'mode':<12} {'img/s':>7} {'MP/s':>7} {'ms/img':>7} {'x speed':>8} "
        f"{'alloc MB max':>13} {'mean':>6} {'x alloc':>8} {'RSS growth MB':>14}"
    )
    print(head)
    print("-" * len(head))
    for mode, r in results.items():
        speed = r["images_per_s"] / base["images_per_s"]
        alloc = r["trace_peak_mb_max"] / base["trace_peak_mb_max"]
        print(
            f"{mode:<12} {r['images_per_s']:7.1f} {r['mp_per_s']:7.1f} {r['ms_per_image']:7.1f} "
            f"{speed:8.2f} {r['trace_peak_mb_max']:13.1f} {r['trace_peak_mb_mean']:6.1f} "
            f"{alloc:8.3f} {r['rss_growth_mb']:14.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--dicom", default=str(DEFAULT_DICOM), help="'' to skip the DICOM table")
    parser.add_argument("--pattern", default="*.jpeg")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--memory-sample", type=int, default=40)
    parser.add_argument("--child", choices=list(MODES), dest="mode")
    args = parser.parse_args()
    if args.mode:
        _child(args)
        return

    data = Path(args.data)
    files = _files(data, args.pattern, args.limit)
    if not files:
        sys.exit(f"no {args.pattern} files under {data}")
    import cv2

    print(f"data: {data} ({len(files)} files)")
    print(
        f"load average: {os.getloadavg()[0]:.2f}   cpus: {os.cpu_count()}   "
        f"opencv threads: {cv2.getNumThreads()}"
    )
    results = {m: _spawn(m, data, args.pattern, args.limit, args.memory_sample) for m in MODES}
    _table("JPEG (kermany-fullres)", results)
    if args.dicom and Path(args.dicom).is_dir():
        dicom = {m: _spawn(m, Path(args.dicom), "*.dcm", None, 25) for m in MODES}
        _table(f"DICOM ({args.dicom}, 25 files; decoded in full, then area-downsampled)", dicom)
    print(
        "\nalloc MB = tracemalloc peak while loading one image (output + temporaries), largest and"
        "\nmean over a sample of files; x = ratio to 'full' (largest peak, images/s) in this run."
    )


if __name__ == "__main__":
    main()
