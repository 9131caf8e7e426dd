"""Draw the CXR Triage application icon when the repository has none (resources/icons).

Why generated: installers need an icon (desktop entry, Start menu, Dock) before a designed one
exists. The drawing is deliberate, not a blank square: a dark rounded tile, a pair of lungs in
radiograph greys with a spine between them, and a warm heat spot on one lung, the program's
heatmap in miniature. Drawn at 4x and reduced with area averaging for smooth edges.

    python installer/make_icon.py OUT.png [--size 512]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

SUPERSAMPLE = 4
TILE_BGR = (92, 52, 22)  # deep blue-grey, reads well on light and dark desktops
LUNG_BGR = (226, 226, 222)
SPINE_BGR = (160, 160, 156)
HEAT_BGR = (36, 110, 246)  # warm orange, as in the heatmap's strong end


def _rounded_mask(size: int, radius: int) -> np.ndarray:
    mask = np.zeros((size, size), np.uint8)
    cv2.rectangle(mask, (radius, 0), (size - radius, size), 255, -1)
    cv2.rectangle(mask, (0, radius), (size, size - radius), 255, -1)
    for cx in (radius, size - radius):
        for cy in (radius, size - radius):
            cv2.circle(mask, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    return mask


def _lungs_mask(s: int) -> np.ndarray:
    """Two tall lobes tilted apart at the top; the heart shadow cuts their lower inner edge."""
    mask = np.zeros((s, s), np.uint8)
    for sign in (-1, 1):
        centre = (s // 2 + sign * int(s * 0.175), int(s * 0.53))
        axes = (int(s * 0.135), int(s * 0.30))
        cv2.ellipse(mask, centre, axes, sign * 9, 0, 360, 255, -1, cv2.LINE_AA)
    heart = (s // 2 + int(s * 0.06), int(s * 0.74))
    cv2.ellipse(mask, heart, (int(s * 0.11), int(s * 0.12)), -20, 0, 360, 0, -1, cv2.LINE_AA)
    return mask


def draw_icon(size: int = 512) -> np.ndarray:
    """The icon as a BGRA uint8 array of ``size`` x ``size``."""
    s = size * SUPERSAMPLE
    tile = np.empty((s, s, 3), np.float32)
    tile[:] = TILE_BGR
    lungs = (_lungs_mask(s).astype(np.float32) / 255.0)[..., None]
    # Radiograph-like shading: lungs slightly darker towards their outer edges.
    yy, xx = np.mgrid[0:s, 0:s].astype(np.float32)
    shade = 1.0 - 0.18 * (np.abs(xx - s / 2) / (s / 2)) ** 2
    bgr = tile * (1 - lungs) + np.array(LUNG_BGR, np.float32) * shade[..., None] * lungs
    # Heat spot: a soft Gaussian on the lower right lung, only where there is lung.
    cx, cy, sigma = s * 0.68, s * 0.62, s * 0.08
    heat = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * sigma**2))[..., None] * lungs * 0.9
    bgr = bgr * (1 - heat) + np.array(HEAT_BGR, np.float32) * heat
    bgr = np.clip(bgr, 0, 255).astype(np.uint8)
    # Spine and clavicles: bright strokes, as bone looks on a radiograph.
    cv2.line(bgr, (s // 2, int(s * 0.17)), (s // 2, int(s * 0.85)), SPINE_BGR, s // 30, cv2.LINE_AA)
    for sign in (-1, 1):
        end = (s // 2 + sign * int(s * 0.29), int(s * 0.19))
        cv2.line(bgr, (s // 2, int(s * 0.23)), end, SPINE_BGR, s // 42, cv2.LINE_AA)
    alpha = _rounded_mask(s, int(s * 0.18))
    bgra = np.dstack([bgr, alpha])
    return cv2.resize(bgra, (size, size), interpolation=cv2.INTER_AREA)


def write_icon(path: Path, size: int = 512) -> Path:
    """Write the PNG (creating the folder); returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), draw_icon(size)):
        raise OSError(f"could not write {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int, default=512)
    args = parser.parse_args(argv)
    write_icon(args.out, args.size)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
