"""Check that a smoke-test screenshot shows something: not black, not one flat colour.

A window that Wine or Qt failed to paint still gives a PNG of the right size (the Windows smoke
test once recorded a PASS for an all-black screen). A real window of the viewer has text,
icons, thumbnails and anti-aliased edges: a spread of grey levels and a clear pixel variance.

    python installer/check_screenshot.py SCREENSHOT.png [...]   # exit 0 when every one is fine

Used by installer/smoke_test.sh and installer/windows/smoke_test_windows.sh; the rules are
unit-tested in tests/test_installer.py on made-up images.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

#: Below this standard deviation of the luminance (0-255) the picture is blank.
MIN_STD = 6.0
#: A painted window has anti-aliased text: many grey levels. A flat fill has one or two.
MIN_LEVELS = 16
#: At least this share of the pixels must differ from the commonest grey level by > 8.
MIN_SHARE_OFF_BACKGROUND = 0.01
MIN_SIDE = 64


def luminance(image: np.ndarray) -> np.ndarray:
    """Luminance 0-255 (float) of a grey, BGR or BGRA array (OpenCV's channel order)."""
    pixels = np.asarray(image, dtype=np.float64)
    if pixels.ndim == 2:
        return pixels
    if pixels.ndim == 3 and pixels.shape[2] >= 3:
        b, g, r = pixels[..., 0], pixels[..., 1], pixels[..., 2]
        return 0.114 * b + 0.587 * g + 0.299 * r
    raise ValueError(f"not an image array: shape {pixels.shape}")


def measure(image: np.ndarray) -> dict[str, float]:
    grey = luminance(image)
    levels = np.rint(grey).astype(np.int64).ravel()
    counts = np.bincount(np.clip(levels, 0, 255), minlength=256)
    background = int(np.argmax(counts))
    return {
        "std": float(grey.std()),
        "levels": float(np.count_nonzero(counts)),
        "off_background": float(np.mean(np.abs(levels - background) > 8)),
        "mean": float(grey.mean()),
    }


def problems(image: np.ndarray) -> list[str]:
    """Why the screenshot is not a painted window (empty list: it looks like one)."""
    if image.ndim < 2 or min(image.shape[:2]) < MIN_SIDE:
        return [f"too small: {image.shape[:2]}"]
    m = measure(image)
    found = []
    if m["std"] < MIN_STD:
        kind = "black" if m["mean"] < 16 else "blank"
        found.append(f"{kind}: luminance standard deviation {m['std']:.2f} < {MIN_STD}")
    if m["levels"] < MIN_LEVELS:
        found.append(f"flat: {int(m['levels'])} grey levels < {MIN_LEVELS}")
    if m["off_background"] < MIN_SHARE_OFF_BACKGROUND:
        found.append(
            f"empty: {100 * m['off_background']:.2f}% of pixels differ from the background "
            f"(< {100 * MIN_SHARE_OFF_BACKGROUND:.0f}%)"
        )
    return found


def main(argv: list[str]) -> int:
    import cv2  # only for reading the files: the rules above are plain numpy

    if not argv:
        print(__doc__.strip().splitlines()[0])
        return 2
    bad = 0
    for name in argv:
        image = cv2.imread(name, cv2.IMREAD_UNCHANGED)
        if image is None:
            print(f"{name}: not a readable image")
            bad += 1
            continue
        found = problems(image)
        m = measure(image)
        summary = f"std {m['std']:.1f}, {int(m['levels'])} grey levels"
        if found:
            print(f"{Path(name).name}: {'; '.join(found)} ({summary})")
            bad += 1
        else:
            print(f"{Path(name).name}: painted ({image.shape[1]}x{image.shape[0]}, {summary})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
