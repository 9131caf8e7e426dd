"""Turn one path into a LoadedImage, or into a typed, human-readable reason why not.

``load_image`` raises ``LoadError`` only; ``try_load`` never raises, so a batch can go on past
any file. The format is decided by the file's content, and the file is opened read-only: nothing
is ever written next to the user's images.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from inference.core.file_access import open_regular
from inference.core.i18n import N_, Message
from inference.core.types import FailureKind, LoadedImage, LoadError, LoadFailure
from inference.imaging import dicom_io, raster_io
from inference.imaging.raster_header import parse_header
from inference.imaging.sniff import HEAD_BYTES, not_an_image, sniff_format
from inference.imaging.walk import broken_link_reason

__all__ = ["MAX_FILE_BYTES", "LoadError", "load_image", "try_load"]

#: Files above this size are refused before being read into memory.
MAX_FILE_BYTES = 1 << 30

log = logging.getLogger(__name__)


def load_image(
    path: Path | str,
    max_side: int | None = None,
    *,
    keep_uint8: bool = False,
    keep_colour: bool = False,
) -> LoadedImage:
    """Decode ``path`` for display and the model; raises LoadError (and nothing else).

    ``max_side``: the caller needs only about this many pixels on the longer side, so large
    files may be decoded at 1/2, 1/4 or 1/8 scale (``LoadedImage.reduced_factor``) and the
    raw values for window/level are not kept. None decodes at full resolution (the viewer).

    ``keep_uint8``: 8-bit JPEG/PNG/BMP/TIFF pixels are returned as uint8 0-255 instead of
    float32 [0, 1] (same values times 255), saving a full-size float copy for callers that only
    resize them; every other image (16-bit, float, DICOM) still comes back as float32 [0, 1].

    ``keep_colour``: a colour JPEG/PNG/BMP/TIFF also keeps an RGB copy for display
    (``LoadedImage.display_rgb``); the viewer asks for it, never a scan.
    """
    path = Path(path)
    try:
        return _load(path, max_side, keep_uint8, keep_colour)
    except LoadError:
        raise
    except PermissionError as exc:
        raise LoadError(
            FailureKind.UNREADABLE, N_("cannot read the file: permission denied")
        ) from exc
    except FileNotFoundError as exc:
        raise LoadError(FailureKind.NOT_FOUND, N_("file not found (moved or deleted?)")) from exc
    except IsADirectoryError as exc:
        raise LoadError(FailureKind.UNREADABLE, N_("this is a folder, not a file")) from exc
    except MemoryError as exc:
        raise LoadError(
            FailureKind.TOO_LARGE, N_("not enough memory to decode this image")
        ) from exc
    except OSError as exc:
        raise LoadError(
            FailureKind.UNREADABLE, N_("cannot read the file: %(reason)s"), reason=_reason(exc)
        ) from exc


def try_load(
    path: Path | str, max_side: int | None = None, *, keep_uint8: bool = False
) -> LoadedImage | LoadFailure:
    """Like ``load_image`` but returns a LoadFailure instead of raising, whatever happens."""
    p = Path(path) if isinstance(path, str | os.PathLike) else Path(str(path))
    try:
        return load_image(p, max_side, keep_uint8=keep_uint8)
    except LoadError as exc:
        return exc.to_failure(p)
    except Exception as exc:  # a bug: report it for this file and let the batch go on
        log.exception("internal error while loading %s", p)
        return LoadFailure(
            p,
            FailureKind.INTERNAL,
            Message(N_("internal error (%(error)s)"), error=f"{type(exc).__name__}: {exc}"),
        )


def _load(
    path: Path, max_side: int | None, keep_uint8: bool = False, keep_colour: bool = False
) -> LoadedImage:
    if max_side is not None and max_side <= 0:
        max_side = None
    if not path.exists():
        if path.is_symlink():
            raise LoadError(FailureKind.NOT_FOUND, broken_link_reason(path))
        raise LoadError(FailureKind.NOT_FOUND, N_("file not found (moved or deleted?)"))
    with open_regular(path) as fh:  # a folder, pipe, socket or device is refused, never waited on
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(HEAD_BYTES)
        if not head:
            raise LoadError(FailureKind.EMPTY, N_("the file is empty (0 bytes)"))
        fmt = sniff_format(head)
        if fmt is None:
            raise LoadError(FailureKind.NOT_AN_IMAGE, not_an_image(head))
        if size > MAX_FILE_BYTES:  # no radiograph is this big; a video or a disk image might be
            raise LoadError(
                FailureKind.TOO_LARGE,
                N_(
                    "file is %(size)s MiB, larger than the %(limit)s MiB limit for %(format)s images"
                ),
                size=f"{size / 2**20:.1f}",
                limit=f"{MAX_FILE_BYTES / 2**20:.1f}",
                format=fmt.upper(),
            )
        if fmt in ("jpeg", "png", "bmp"):  # refuse junk before reading it whole
            check_size_plausible(head + fh.read(PROBE_BYTES), fmt, size)
        data = None
        if fmt != "dicom":  # one read of the whole file, no head + rest concatenation copy
            fh.seek(0)
            data = fh.read()
    if data is None:
        return dicom_io.load_dicom(path, max_side)
    return raster_io.decode_raster(path, data, fmt, max_side, keep_uint8, keep_colour)


#: A compressed raster is never much bigger than its raw pixels; this much slack covers metadata,
#: embedded thumbnails and colour profiles.
SIZE_SLACK_BYTES = 32 << 20
PROBE_BYTES = 1 << 16  # enough for the JPEG/PNG/BMP header in practice


def check_size_plausible(head: bytes, fmt: str, size: int) -> None:
    """Refuse a file far bigger than the image its header declares (junk behind a valid header),
    using only the first bytes; headers that do not fit in them are checked after the full read."""
    try:
        header = parse_header(head, fmt)
    except LoadError as exc:
        if exc.kind is FailureKind.TRUNCATED and size > len(head):
            return  # the header goes on past the probe: checked again after the full read
        raise  # a damaged header: no need to read the rest
    bytes_per_sample = max(1, (header.bit_depth + 7) // 8)
    raw = header.width * header.height * max(1, header.channels) * bytes_per_sample
    if header.width and header.height and size > 2 * raw + SIZE_SLACK_BYTES:
        raise LoadError(
            FailureKind.CORRUPT,
            N_(
                "the file is %(size)s MiB but declares a %(width)sx%(height)s %(format)s image "
                "(at most %(raw)s MiB of pixels): damaged or not an image"
            ),
            size=f"{size / 2**20:.0f}",
            width=header.width,
            height=header.height,
            format=fmt.upper(),
            raw=f"{raw / 2**20:.0f}",
        )


def _reason(exc: OSError) -> str | Message:
    if exc.errno == errno.EACCES:
        return Message(N_("permission denied"))
    return exc.strerror.lower() if exc.strerror else type(exc).__name__
