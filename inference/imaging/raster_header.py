"""Raster file headers (JPEG / PNG / BMP / TIFF), read without decoding any pixels.

Parsed before decoding to refuse decompression bombs (a tiny file can declare 20000x20000
pixels), to notice truncated files (OpenCV may hand back a partly grey image instead of failing)
and to pick a reduced-scale JPEG decode when only a thumbnail-sized image is needed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from inference.core.i18n import N_
from inference.core.types import FailureKind, LoadError

MAX_PIXELS = 200_000_000  # decompression-bomb guard, in pixels of the full-resolution image

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
        raise LoadError(
            FailureKind.CORRUPT,
            N_("damaged %(format)s header (%(error)s)"),
            format=fmt.upper(),
            error=str(exc),
        ) from exc


def parse_jpeg(data: bytes) -> RasterHeader:
    """Walk the marker segments up to the first scan; the file is complete if an EOI follows."""
    n = len(data)
    i = 2
    sof: tuple[int, bytes] | None = None
    adobe_transform: int | None = None
    while True:
        if i >= n:
            raise truncated_error("JPEG", before_data=True)
        if data[i] != 0xFF:
            raise LoadError(FailureKind.CORRUPT, N_("damaged JPEG header (marker expected)"))
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            raise truncated_error("JPEG", before_data=True)
        marker = data[i]
        i += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker == 0xD9:
            raise LoadError(
                FailureKind.CORRUPT, N_("damaged JPEG (no image data before its end marker)")
            )
        if i + 2 > n:
            raise truncated_error("JPEG", before_data=True)
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            raise LoadError(FailureKind.CORRUPT, N_("damaged JPEG header (bad segment length)"))
        if i + length > n:
            raise truncated_error("JPEG", before_data=True)
        segment = data[i + 2 : i + length]
        if marker in _JPEG_SOF and sof is None:
            if len(segment) < 6:
                raise LoadError(FailureKind.CORRUPT, N_("damaged JPEG header (short frame header)"))
            sof = (marker, segment)
        elif marker == 0xEE and segment.startswith(b"Adobe") and len(segment) >= 12:
            adobe_transform = segment[11]
        elif marker == 0xDA:
            scan_start = i + length
            break
        i += length
    if sof is None:
        raise LoadError(
            FailureKind.CORRUPT, N_("damaged JPEG header (no frame header before the scan)")
        )
    marker, seg = sof
    precision, height, width, channels = seg[0], _u16be(seg, 1), _u16be(seg, 3), seg[5]
    if width == 0 or height == 0:
        raise LoadError(
            FailureKind.UNSUPPORTED,
            N_("JPEG without its size in the frame header is not supported"),
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
        raise LoadError(FailureKind.CORRUPT, N_("damaged PNG header (no IHDR chunk)"))
    width, height = _u32be(data, 16), _u32be(data, 20)
    bit_depth, colour_type = data[24], data[25]
    models = {0: ("gray", 1), 2: ("rgb", 3), 3: ("palette", 1), 4: ("gray", 2), 6: ("rgb", 4)}
    if colour_type not in models or bit_depth not in (1, 2, 4, 8, 16) or not width or not height:
        raise LoadError(FailureKind.CORRUPT, N_("damaged PNG header (impossible IHDR values)"))
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
        raise LoadError(FailureKind.CORRUPT, N_("damaged BMP header (impossible size or depth)"))
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
        raise truncated_error("TIFF")
    tags = _tiff_ifd(data, ifd, endian, big)
    width = _first(tags.get(256))
    height = _first(tags.get(257))
    if not width or not height:
        raise LoadError(FailureKind.CORRUPT, N_("damaged TIFF header (no image size)"))
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
        raise LoadError(FailureKind.CORRUPT, N_("damaged TIFF header (implausible tag count)"))
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


def truncated_error(fmt: str, *, before_data: bool = False) -> LoadError:
    if before_data:
        return LoadError(
            FailureKind.TRUNCATED,
            N_("truncated %(format)s (file ends before the image data)"),
            format=fmt,
        )
    return LoadError(
        FailureKind.TRUNCATED,
        N_("truncated %(format)s (file ends before the image data is complete)"),
        format=fmt,
    )


def check_pixel_limit(height: int, width: int, limit: int = MAX_PIXELS) -> None:
    """Refuse images whose declared size would need absurd memory (decompression bombs)."""
    if height * width > limit:
        raise LoadError(
            FailureKind.TOO_LARGE,
            N_("image is %(width)sx%(height)s (%(mp)s MP), larger than the %(limit)s MP limit"),
            width=width,
            height=height,
            mp=f"{height * width / 1e6:.0f}",
            limit=f"{limit / 1e6:.0f}",
        )
