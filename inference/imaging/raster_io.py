"""Decode JPEG / PNG / BMP / TIFF files into display-ready grey images, defensively.

The header is parsed first (``inference.imaging.raster_header``), before any decoding, to refuse
decompression bombs, notice truncated files and pick a reduced-scale JPEG decode. The pixel helpers at the bottom (windowing, downsampling,
colour detection) are shared with the DICOM back-end so both formats behave alike.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from inference.core.i18n import N_
from inference.core.types import FailureKind, Flag, LoadedImage, LoadError
from inference.imaging.raster_header import (
    MAX_PIXELS,
    RasterHeader,
    check_pixel_limit,
    parse_header,
    parse_jpeg,
    truncated_error,
)

__all__ = [
    "MAX_PIXELS",
    "RasterHeader",
    "check_pixel_limit",
    "decode_raster",
    "parse_header",
    "parse_jpeg",
]

REDUCTION_FACTORS = (8, 4, 2)  # the scales libjpeg can decode at directly
COLOUR_CHROMA = 12 / 255  # a pixel is "coloured" when its channels differ by more than this
COLOUR_FRACTION = 0.01  # ... and an image is colour when more than this share of pixels is
ROBUST_PERCENTILES = (0.5, 99.5)
_SAMPLE_PIXELS = 1 << 20  # statistics are computed on at most this many pixels

# --------------------------------------------------------------------------- decoding


def decode_raster(
    path: Path,
    data: bytes,
    fmt: str,
    max_side: int | None = None,
    keep_uint8: bool = False,
    keep_colour: bool = False,
) -> LoadedImage:
    """Decode a raster file's bytes into a LoadedImage; raises LoadError only.

    ``keep_uint8``: an 8-bit image's pixels stay uint8 (0-255) rather than float32 [0, 1], for
    callers that only shrink them (the batch pipeline): a full-size float copy is most of the
    cost beyond the JPEG decode itself. Other depths are windowed to float32 as usual.

    ``keep_colour``: a colour image also keeps an RGB uint8 copy for display only
    (``LoadedImage.display_rgb``, same size and orientation as ``pixels``); the viewer asks for
    it, the scan pipeline never does. ``pixels`` are the same grey either way.
    """
    header = parse_header(data, fmt)
    check_pixel_limit(header.height, header.width)
    if not header.complete:
        raise truncated_error(header.format.upper())
    factor = reduction_factor(header.height, header.width, max_side)
    jpeg_scaled = fmt == "jpeg" and header.bit_depth == 8 and factor > 1
    arr = cv2.imdecode(
        np.frombuffer(data, np.uint8), _imread_flags(header, factor if jpeg_scaled else 1)
    )
    if arr is None or arr.size == 0:
        raise _decode_failure(header)
    flags: set[Flag] = set()
    was_colour = False
    colour: np.ndarray | None = None
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3:
        was_colour = is_colour(arr)
        if keep_colour and was_colour:
            colour = arr
        arr = colour_to_gray(arr)
    done_factor = factor if jpeg_scaled else 1
    original = _oriented_size(header, arr.shape, done_factor)

    raw: np.ndarray | None = None
    window: tuple[float, float] | None = None
    if arr.dtype == np.uint8:
        pixels = arr
    else:  # 16-bit, 12-bit JPEG, float or 32-bit TIFF: window by the actual data range
        values = arr.astype(np.float32)
        if arr.dtype.kind == "f":
            np.nan_to_num(values, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
        window = robust_window(values)
        pixels = window_to_unit(values, *window, function="LINEAR_EXACT")
        if max_side is None:
            raw = values
    if factor > done_factor:
        pixels = downsample(pixels, factor)
    if not (keep_uint8 and pixels.dtype == np.uint8):
        pixels = to_float01(pixels)
    display_rgb = None if colour is None else _display_rgb(colour, window, factor // done_factor)

    depth = header_bit_depth(header)
    if header.is_float or depth > 16 or depth < 8:
        flags.add(Flag.UNUSUAL_BIT_DEPTH)
    if was_colour:
        flags.add(Flag.COLOUR)
    return LoadedImage(
        path=path,
        pixels=pixels,
        format=header.format,
        original_size=original,
        reduced_factor=factor,
        bit_depth=depth,
        was_colour=was_colour,
        raw=raw,
        default_window=window,
        flags=flags,
        frame_count=header.frames,
        display_rgb=display_rgb,
    )


def _display_rgb(bgr: np.ndarray, window: tuple[float, float] | None, factor: int) -> np.ndarray:
    """The decoded colour pixels as RGB uint8, windowed like the grey (deeper than 8 bits)."""
    if bgr.dtype != np.uint8:
        values = np.nan_to_num(bgr.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
        unit = window_to_unit(values, *(window or (0.5, 1.0)), function="LINEAR_EXACT")
        bgr = cv2.convertScaleAbs(unit, alpha=255.0)
    code = cv2.COLOR_BGRA2RGB if bgr.shape[2] == 4 else cv2.COLOR_BGR2RGB
    return np.ascontiguousarray(downsample(cv2.cvtColor(bgr, code), factor))


def header_bit_depth(header: RasterHeader) -> int:
    """Bits per grey/colour sample: palette images count as 8 (their colours are 8-bit)."""
    if header.is_float:
        return 32
    return 8 if header.colour_model == "palette" else header.bit_depth


def _imread_flags(header: RasterHeader, factor: int) -> int:
    """Grey decode for grey files; colour decode otherwise, so colour can be detected."""
    grey = header.colour_model == "gray"
    if header.format == "jpeg" and header.bit_depth == 8:
        reduced = {
            (2, True): cv2.IMREAD_REDUCED_GRAYSCALE_2,
            (4, True): cv2.IMREAD_REDUCED_GRAYSCALE_4,
            (8, True): cv2.IMREAD_REDUCED_GRAYSCALE_8,
            (2, False): cv2.IMREAD_REDUCED_COLOR_2,
            (4, False): cv2.IMREAD_REDUCED_COLOR_4,
            (8, False): cv2.IMREAD_REDUCED_COLOR_8,
        }
        if factor > 1:
            return reduced[(factor, grey)]
        return cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_COLOR
    if header.format == "tiff" and header.colour_model == "unknown":
        return cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR
    return cv2.IMREAD_ANYDEPTH | (cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_COLOR)


def _decode_failure(header: RasterHeader) -> LoadError:
    fmt = header.format.upper()
    if header.format == "jpeg" and (
        header.coding in ("hierarchical", "lossless") or header.bit_depth > 8
    ):
        return LoadError(
            FailureKind.UNSUPPORTED,
            N_("%(bits)s-bit %(coding)s JPEG is not supported by the image decoder"),
            bits=header.bit_depth,
            coding=header.coding,
        )
    if header.format == "tiff":
        return LoadError(
            FailureKind.CORRUPT,
            N_(
                "could not decode this TIFF (%(bits)s-bit %(model)s, %(channels)s samples): "
                "damaged or an unsupported compression"
            ),
            bits=header.bit_depth,
            model=header.colour_model,
            channels=header.channels,
        )
    return LoadError(
        FailureKind.CORRUPT,
        N_("could not decode the %(format)s data: the file is damaged"),
        format=fmt,
    )


def _oriented_size(header: RasterHeader, shape: tuple[int, ...], factor: int) -> tuple[int, int]:
    """Full-resolution (height, width) in the orientation of the decoded pixels.

    The decoder applies EXIF orientation, so a portrait phone photo stored landscape comes out
    transposed; report the original size the same way round.
    """
    h, w = header.height, header.width
    if h != w and shape[:2] == (math.ceil(w / factor), math.ceil(h / factor)):
        return (w, h)
    return (h, w)


# --------------------------------------------------------------------------- pixel helpers


def reduction_factor(height: int, width: int, max_side: int | None) -> int:
    """Largest of 8/4/2 that keeps the longer side >= max_side (1 = full resolution)."""
    if not max_side or max_side <= 0:
        return 1
    longer = max(height, width)
    for f in REDUCTION_FACTORS:
        if math.ceil(longer / f) >= max_side:
            return f
    return 1


def downsample(img: np.ndarray, factor: int) -> np.ndarray:
    """Area-average by an integer factor (same output size as libjpeg's scaled decode)."""
    if factor <= 1:
        return img
    h, w = img.shape[:2]
    size = (max(1, math.ceil(w / factor)), max(1, math.ceil(h / factor)))
    return cv2.resize(img, size, interpolation=cv2.INTER_AREA)


def _sample(values: np.ndarray, limit: int = _SAMPLE_PIXELS) -> np.ndarray:
    """A strided view with at most about ``limit`` elements, for cheap statistics."""
    step = max(1, math.isqrt(max(1, values.size // limit)))
    return values[::step, ::step] if values.ndim >= 2 else values[::step]


def robust_window(values: np.ndarray) -> tuple[float, float]:
    """(centre, width) covering the 0.5-99.5 percentiles: ignores a few extreme pixels."""
    lo, hi = (float(v) for v in np.percentile(_sample(values), ROBUST_PERCENTILES))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi <= lo:  # a constant image: any window shows it, keep it valid
        hi = lo + 1.0
    return ((lo + hi) / 2.0, hi - lo)


def window_to_unit(
    values: np.ndarray, center: float, width: float, function: str = "LINEAR"
) -> np.ndarray:
    """DICOM VOI window (PS3.3 C.11.2.1.2) mapped straight to float32 [0, 1].

    ``LINEAR`` is the DICOM definition (centre - 0.5, width - 1); ``LINEAR_EXACT`` maps
    centre +- width/2 exactly to 0 and 1; ``SIGMOID`` is the DICOM logistic curve.
    """
    x = np.asarray(values, dtype=np.float32)
    if function == "SIGMOID":
        out = 1.0 / (1.0 + np.exp(-4.0 * (x - np.float32(center)) / np.float32(max(width, 1e-6))))
        return out.astype(np.float32, copy=False)
    if function == "LINEAR":
        center, width = center - 0.5, width - 1.0
    if width <= 0:  # a threshold: DICOM LINEAR allows width 1
        return (x > center).astype(np.float32)
    lo = center - width / 2.0
    out = x - np.float32(lo)
    out *= np.float32(1.0 / width)
    return np.clip(out, 0.0, 1.0, out=out)


def to_float01(img: np.ndarray) -> np.ndarray:
    """uint8 -> /255; float -> clipped to [0, 1]; always a C-contiguous float32 2-D array."""
    if img.dtype == np.uint8:
        out = img.astype(np.float32)
        out *= np.float32(1.0 / 255.0)
        return out
    out = np.asarray(img, dtype=np.float32)
    return np.ascontiguousarray(np.clip(out, 0.0, 1.0))


def is_colour(img: np.ndarray) -> bool:
    """True when the channels really differ: RGB files with equal channels are grey."""
    if img.ndim != 3 or img.shape[2] < 3:
        return False
    s = _sample(img[:, :, :3], 1 << 18)
    full_scale = {np.dtype(np.uint8): 255.0, np.dtype(np.uint16): 65535.0}.get(s.dtype)
    if full_scale is None:  # float data: judge against its own range
        s = s.astype(np.float32)
        full_scale = max(float(np.nanmax(s) - np.nanmin(s)), 1e-6)
    # Element-wise max/min of the three planes: numpy's reduction over a length-3 last axis of
    # a strided view is ~50x slower (14 ms on a 6 MP photo). Unsigned max - min cannot wrap.
    c0, c1, c2 = s[..., 0], s[..., 1], s[..., 2]
    chroma = np.maximum(np.maximum(c0, c1), c2) - np.minimum(np.minimum(c0, c1), c2)
    return float(np.count_nonzero(chroma > COLOUR_CHROMA * full_scale)) > COLOUR_FRACTION * max(
        1, chroma.size
    )


def colour_to_gray(img: np.ndarray, order: str = "BGR") -> np.ndarray:
    """Luma of a 3/4-channel image (alpha ignored); 2-channel grey+alpha keeps the grey."""
    channels = img.shape[2]
    if channels == 2:
        return np.ascontiguousarray(img[:, :, 0])
    if img.dtype not in (np.uint8, np.uint16, np.float32):
        img = img.astype(np.float32)
    code = {
        ("BGR", 3): cv2.COLOR_BGR2GRAY,
        ("BGR", 4): cv2.COLOR_BGRA2GRAY,
        ("RGB", 3): cv2.COLOR_RGB2GRAY,
        ("RGB", 4): cv2.COLOR_RGBA2GRAY,
    }[(order, min(channels, 4))]
    return cv2.cvtColor(np.ascontiguousarray(img[:, :, : min(channels, 4)]), code)
