"""Decode JPEG / PNG / BMP / TIFF files into display-ready grey images, defensively.

The header is parsed here, before any decoding, for three reasons: to refuse decompression bombs
(a tiny file can declare 20000x20000 pixels), to notice truncated files (OpenCV may hand back a
partly grey image instead of failing), and to pick a reduced-scale JPEG decode when the caller
needs only a thumbnail-sized image. The pixel helpers at the bottom (windowing, downsampling,
colour detection) are shared with the DICOM back-end so both formats behave alike.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inference.types import FailureKind, Flag, LoadedImage, LoadError

MAX_PIXELS = 200_000_000  # decompression-bomb guard, in pixels of the full-resolution image
REDUCTION_FACTORS = (8, 4, 2)  # the scales libjpeg can decode at directly
COLOUR_CHROMA = 12 / 255  # a pixel is "coloured" when its channels differ by more than this
COLOUR_FRACTION = 0.01  # ... and an image is colour when more than this share of pixels is
ROBUST_PERCENTILES = (0.5, 99.5)
_SAMPLE_PIXELS = 1 << 20  # statistics are computed on at most this many pixels

_JPEG_SOF = {
    0xC0: "baseline",
    0xC1: "extended",
    0xC2: "progressive",
    0xC3: "lossless",
    0xC5: "hierarchical",
    0xC6: "hierarchical",
    0xC7: "hierarchical",
    0xC9: "arithmetic",
    0xCA: "arithmetic",
    0xCB: "arithmetic",
    0xCD: "hierarchical",
    0xCE: "hierarchical",
    0xCF: "hierarchical",
}
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}


@dataclass(frozen=True)
class RasterHeader:
    """What the file declares about itself, read without decoding any pixels."""

    format: str
    width: int
    height: int
    bit_depth: int  # bits per sample (per palette index for palette images)
    channels: int  # samples per pixel as stored (a palette image has 1)
    colour_model: str  # "gray", "rgb", "palette", "cmyk", "unknown"
    complete: bool = True  # False when the file visibly ends before the image data does
    is_float: bool = False
    frames: int = 1
    coding: str = ""  # JPEG process (baseline, progressive, ...)

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1e6


# --------------------------------------------------------------------------- header parsing


def parse_header(data: bytes, fmt: str) -> RasterHeader:
    """Dispatch on the sniffed format; raises LoadError (CORRUPT/TRUNCATED) for a bad header."""
    parsers = {"jpeg": parse_jpeg, "png": parse_png, "bmp": parse_bmp, "tiff": parse_tiff}
    try:
        return parsers[fmt](data)
    except LoadError:
        raise
    except (IndexError, ValueError, struct.error) as exc:
        raise LoadError(FailureKind.CORRUPT, f"damaged {fmt.upper()} header ({exc})") from exc


def parse_jpeg(data: bytes) -> RasterHeader:
    """Walk the marker segments up to the first scan; the file is complete if an EOI follows."""
    n = len(data)
    i = 2
    sof: tuple[int, bytes] | None = None
    adobe_transform: int | None = None
    while True:
        if i >= n:
            raise _truncated("JPEG", "before the image data")
        if data[i] != 0xFF:
            raise LoadError(FailureKind.CORRUPT, "damaged JPEG header (marker expected)")
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            raise _truncated("JPEG", "before the image data")
        marker = data[i]
        i += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker == 0xD9:
            raise LoadError(
                FailureKind.CORRUPT, "damaged JPEG (no image data before its end marker)"
            )
        if i + 2 > n:
            raise _truncated("JPEG", "before the image data")
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            raise LoadError(FailureKind.CORRUPT, "damaged JPEG header (bad segment length)")
        if i + length > n:
            raise _truncated("JPEG", "before the image data")
        segment = data[i + 2 : i + length]
        if marker in _JPEG_SOF and sof is None:
            if len(segment) < 6:
                raise LoadError(FailureKind.CORRUPT, "damaged JPEG header (short frame header)")
            sof = (marker, segment)
        elif marker == 0xEE and segment.startswith(b"Adobe") and len(segment) >= 12:
            adobe_transform = segment[11]
        elif marker == 0xDA:
            scan_start = i + length
            break
        i += length
    if sof is None:
        raise LoadError(
            FailureKind.CORRUPT, "damaged JPEG header (no frame header before the scan)"
        )
    marker, seg = sof
    precision, height, width, channels = seg[0], _u16be(seg, 1), _u16be(seg, 3), seg[5]
    if width == 0 or height == 0:
        raise LoadError(
            FailureKind.UNSUPPORTED, "JPEG without its size in the frame header is not supported"
        )
    model = {1: "gray", 3: "rgb"}.get(channels, "cmyk" if channels == 4 else "unknown")
    if channels == 4 and adobe_transform == 2:
        model = "ycck"
    complete = data.rfind(b"\xff\xd9", scan_start) >= 0
    return RasterHeader(
        "jpeg", width, height, precision, channels, model, complete, coding=_JPEG_SOF[marker]
    )


def parse_png(data: bytes) -> RasterHeader:
    """IHDR gives size, bit depth and colour type; a complete PNG has an IEND chunk."""
    if data[12:16] != b"IHDR" or len(data) < 33:
        raise LoadError(FailureKind.CORRUPT, "damaged PNG header (no IHDR chunk)")
    width, height = _u32be(data, 16), _u32be(data, 20)
    bit_depth, colour_type = data[24], data[25]
    models = {0: ("gray", 1), 2: ("rgb", 3), 3: ("palette", 1), 4: ("gray", 2), 6: ("rgb", 4)}
    if colour_type not in models or bit_depth not in (1, 2, 4, 8, 16) or not width or not height:
        raise LoadError(FailureKind.CORRUPT, "damaged PNG header (impossible IHDR values)")
    model, channels = models[colour_type]
    complete = data.rfind(b"IEND") > 33
    return RasterHeader("png", width, height, bit_depth, channels, model, complete)


def parse_bmp(data: bytes) -> RasterHeader:
    """BITMAPCOREHEADER or BITMAPINFOHEADER; uncompressed rows must all be in the file."""
    offset, dib = _u32le(data, 10), _u32le(data, 14)
    if dib == 12:
        width, height, bpp = _u16le(data, 18), _u16le(data, 20), _u16le(data, 24)
        compression = 0
    else:
        width, height = struct.unpack_from("<ii", data, 18)
        bpp, compression = _u16le(data, 28), _u32le(data, 30)
    height = abs(height)
    if width <= 0 or height == 0 or bpp not in (1, 2, 4, 8, 16, 24, 32):
        raise LoadError(FailureKind.CORRUPT, "damaged BMP header (impossible size or depth)")
    complete = True
    if compression in (0, 3, 6):  # BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS: fixed row size
        stride = ((width * bpp + 31) // 32) * 4
        complete = offset + stride * height <= len(data)
    model, channels, depth = ("palette", 1, bpp) if bpp <= 8 else ("rgb", 3, 8)
    return RasterHeader("bmp", width, height, depth, channels, model, complete)


def parse_tiff(data: bytes) -> RasterHeader:
    """First IFD of a classic or Big TIFF; pages are counted; strips must lie inside the file."""
    endian = "<" if data[:2] == b"II" else ">"
    big = struct.unpack_from(endian + "H", data, 2)[0] == 43
    if big:
        ifd = struct.unpack_from(endian + "Q", data, 8)[0]
    else:
        ifd = struct.unpack_from(endian + "I", data, 4)[0]
    if ifd >= len(data):  # writers often put the directory after the pixel data
        raise _truncated("TIFF")
    tags = _tiff_ifd(data, ifd, endian, big)
    width = _first(tags.get(256))
    height = _first(tags.get(257))
    if not width or not height:
        raise LoadError(FailureKind.CORRUPT, "damaged TIFF header (no image size)")
    bits = tags.get(258) or [1]
    spp = _first(tags.get(277)) or 1
    photometric = _first(tags.get(262))
    sample_format = _first(tags.get(339)) or 1
    model = {0: "gray", 1: "gray", 2: "rgb", 3: "palette", 5: "cmyk", 6: "rgb"}.get(
        photometric if photometric is not None else -1, "unknown"
    )
    offsets = tags.get(273) or tags.get(324) or []
    counts = tags.get(279) or tags.get(325) or []
    complete = all(o + c <= len(data) for o, c in zip(offsets, counts, strict=False))
    return RasterHeader(
        "tiff",
        int(width),
        int(height),
        int(bits[0]),
        int(spp),
        model,
        complete,
        is_float=sample_format == 3,
        frames=_tiff_page_count(data, ifd, endian, big),
    )


_TIFF_TYPES = {1: "B", 3: "H", 4: "I", 16: "Q", 8: "h", 9: "i", 6: "b", 17: "q"}


def _tiff_ifd(data: bytes, ifd: int, endian: str, big: bool) -> dict[int, list[int]]:
    """Integer-valued tags of one IFD (other types are skipped: nothing here needs them)."""
    count_fmt, entry_size, value_fmt, value_size = ("Q", 20, "Q", 8) if big else ("H", 12, "I", 4)
    n_entries = struct.unpack_from(endian + count_fmt, data, ifd)[0]
    if n_entries > 4096:
        raise LoadError(FailureKind.CORRUPT, "damaged TIFF header (implausible tag count)")
    base = ifd + struct.calcsize(count_fmt)
    tags: dict[int, list[int]] = {}
    for k in range(n_entries):
        pos = base + k * entry_size
        tag, typ = struct.unpack_from(endian + "HH", data, pos)
        count = struct.unpack_from(endian + value_fmt, data, pos + 4)[0]
        code = _TIFF_TYPES.get(typ)
        if code is None or count > 1 << 20:
            continue
        size = struct.calcsize(code) * count
        where = pos + 4 + value_size
        if size > value_size:
            where = struct.unpack_from(endian + value_fmt, data, where)[0]
        tags[tag] = list(struct.unpack_from(f"{endian}{count}{code}", data, where))
    return tags


def _tiff_page_count(data: bytes, ifd: int, endian: str, big: bool, limit: int = 10_000) -> int:
    count_fmt, entry_size, next_fmt = ("Q", 20, "Q") if big else ("H", 12, "I")
    seen: set[int] = set()
    pages = 0
    while ifd and ifd not in seen and pages < limit:
        seen.add(ifd)
        pages += 1
        try:
            n_entries = struct.unpack_from(endian + count_fmt, data, ifd)[0]
            pos = ifd + struct.calcsize(count_fmt) + n_entries * entry_size
            ifd = struct.unpack_from(endian + next_fmt, data, pos)[0]
        except struct.error:
            break
    return max(pages, 1)


def _first(values: list[int] | None) -> int | None:
    return values[0] if values else None


def _u16be(b: bytes, i: int) -> int:
    return int.from_bytes(b[i : i + 2], "big")


def _u32be(b: bytes, i: int) -> int:
    return struct.unpack_from(">I", b, i)[0]


def _u16le(b: bytes, i: int) -> int:
    return struct.unpack_from("<H", b, i)[0]


def _u32le(b: bytes, i: int) -> int:
    return struct.unpack_from("<I", b, i)[0]


def _truncated(fmt: str, where: str = "before the image data is complete") -> LoadError:
    return LoadError(FailureKind.TRUNCATED, f"truncated {fmt} (file ends {where})")


def check_pixel_limit(height: int, width: int, limit: int = MAX_PIXELS) -> None:
    """Refuse images whose declared size would need absurd memory (decompression bombs)."""
    if height * width > limit:
        raise LoadError(
            FailureKind.TOO_LARGE,
            f"image is {width}x{height} ({height * width / 1e6:.0f} MP), larger than the "
            f"{limit / 1e6:.0f} MP limit",
        )


# --------------------------------------------------------------------------- decoding


def decode_raster(
    path: Path, data: bytes, fmt: str, max_side: int | None = None, keep_uint8: bool = False
) -> LoadedImage:
    """Decode a raster file's bytes into a LoadedImage; raises LoadError only.

    ``keep_uint8``: an 8-bit image's pixels stay uint8 (0-255) rather than float32 [0, 1], for
    callers that only shrink them (the batch pipeline): a full-size float copy is most of the
    cost beyond the JPEG decode itself. Other depths are windowed to float32 as usual.
    """
    header = parse_header(data, fmt)
    check_pixel_limit(header.height, header.width)
    if not header.complete:
        raise _truncated(header.format.upper())
    factor = reduction_factor(header.height, header.width, max_side)
    jpeg_scaled = fmt == "jpeg" and header.bit_depth == 8 and factor > 1
    arr = cv2.imdecode(
        np.frombuffer(data, np.uint8), _imread_flags(header, factor if jpeg_scaled else 1)
    )
    if arr is None or arr.size == 0:
        raise _decode_failure(header)
    flags: set[Flag] = set()
    was_colour = False
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim == 3:
        was_colour = is_colour(arr)
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
    )


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
            f"{header.bit_depth}-bit {header.coding} JPEG is not supported by the image decoder",
        )
    if header.format == "tiff":
        return LoadError(
            FailureKind.CORRUPT,
            f"could not decode this TIFF ({header.bit_depth}-bit {header.colour_model}, "
            f"{header.channels} samples): damaged or an unsupported compression",
        )
    return LoadError(FailureKind.CORRUPT, f"could not decode the {fmt} data: the file is damaged")


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
