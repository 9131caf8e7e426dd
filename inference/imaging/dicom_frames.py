"""Pixel data of a DICOM file decoded to an array: frame 0 only, through pydicom's plugins.

Kept apart from the grey-level maths (``dicom_voi``) and the file handling (``dicom_io``): this is
where a missing decoder is named (which package to install), a truncated or damaged codestream
becomes a typed ``LoadError``, and one known encoder defect (sequential JPEG with Se=0) is repaired.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.pixels import get_decoder
from pydicom.pixels import pixel_array as decode_pixels
from pydicom.uid import UID

from inference.core.file_access import open_regular
from inference.core.i18n import N_
from inference.core.types import FailureKind, LoadError
from inference.imaging.dicom_meta import int_or

#: pip packages that add a decoder, per transfer syntax family (for "install X" messages).
_DECODER_PACKAGES = {
    "1.2.840.10008.1.2.4.50": "pylibjpeg-libjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.51": "pylibjpeg-libjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.57": "pylibjpeg-libjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.70": "pylibjpeg-libjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.80": "pylibjpeg-libjpeg, pyjpegls or python-gdcm",
    "1.2.840.10008.1.2.4.81": "pylibjpeg-libjpeg, pyjpegls or python-gdcm",
    "1.2.840.10008.1.2.4.90": "pylibjpeg-openjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.91": "pylibjpeg-openjpeg or python-gdcm",
    "1.2.840.10008.1.2.4.201": "pylibjpeg-openjpeg",
    "1.2.840.10008.1.2.4.202": "pylibjpeg-openjpeg",
    "1.2.840.10008.1.2.4.203": "pylibjpeg-openjpeg",
    "1.2.840.10008.1.2.5": "pylibjpeg-rle",
}
_JPEG_SEQUENTIAL = ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51")


def check_decoder(ts: UID) -> None:
    """Name the missing package when no installed plugin can decode this transfer syntax."""
    try:
        decoder = get_decoder(ts)
    except NotImplementedError as exc:
        raise LoadError(
            FailureKind.UNSUPPORTED,
            N_("unsupported transfer syntax %(uid)s (%(name)s): no decoder exists for it"),
            uid=str(ts),
            name=ts.name,
        ) from exc
    if not decoder.is_available:
        package = _DECODER_PACKAGES.get(str(ts), "a pydicom pixel data plugin")
        raise LoadError(
            FailureKind.UNSUPPORTED,
            N_("unsupported transfer syntax %(uid)s (%(name)s) — install %(package)s"),
            uid=str(ts),
            name=ts.name,
            package=package,
        )


def has_pixel_data_tag(path: Path) -> bool:
    """Whether the bytes contain a (7FE0,0010) Pixel Data tag, little or big endian."""
    with open_regular(path) as fh:
        data = fh.read()
    return data.find(b"\xe0\x7f\x10\x00") >= 0 or data.find(b"\x7f\xe0\x00\x10") >= 0


def decode_first_frame(ds: Dataset, ts: UID) -> np.ndarray:
    """Frame 0 only (multi-frame files are not decoded in full)."""
    try:
        arr = decode_pixels(ds, index=0)
    except Exception as exc:
        text = str(exc)
        fixed = _decode_with_sos_fix(ds, ts) if str(ts) in _JPEG_SEQUENTIAL else None
        if fixed is not None:
            return fixed
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), type(exc).__name__)
        if "less than expected" in text:
            sizes = re.search(r"\((\d+) vs (\d+) bytes\)", text)
            if sizes is None:
                raise LoadError(
                    FailureKind.TRUNCATED, N_("truncated DICOM (pixel data ends early)")
                ) from exc
            raise LoadError(
                FailureKind.TRUNCATED,
                N_("truncated DICOM (pixel data ends early: %(got)s of %(size)s bytes)"),
                got=sizes[1],
                size=sizes[2],
            ) from exc
        detail = "; ".join(ln.strip() for ln in text.splitlines()[1:] if ln.strip())[:240]
        raise LoadError(
            FailureKind.CORRUPT,
            N_("could not decode the %(name)s pixel data: %(error)s"),
            name=ts.name,
            error=detail or first[:200],
        ) from exc
    arr = np.asarray(arr)
    if arr.ndim == 3 and ds.get("SamplesPerPixel", 1) == 1:  # defensive: a frame stack slipped in
        arr = arr[0]
    return arr


def _decode_with_sos_fix(ds: Dataset, ts: UID) -> np.ndarray | None:
    """Decode sequential JPEG frames whose scan header says Se=0 instead of 63.

    Some encoders (e.g. the NEMA RG2/RG3 "JPLY" samples) write that; strict decoders refuse it,
    lenient ones (GDCM, DCMTK) accept it. Patching that one byte in a copy of the frame lets
    pylibjpeg-libjpeg decode it. Returns None when the fix does not apply.
    """
    try:
        import libjpeg
        from pydicom.encaps import get_frame
    except ImportError:
        return None
    if int(ds.get("SamplesPerPixel", 1)) != 1:
        return None
    try:
        frames = int_or(ds.get("NumberOfFrames"), 1)
        frame = bytearray(get_frame(ds.PixelData, 0, number_of_frames=frames))
        if not patch_sequential_scan_end(frame):
            return None
        arr = np.asarray(libjpeg.decode(bytes(frame)))
    except Exception:
        return None
    if arr.shape != (int(ds.Rows), int(ds.Columns)):
        return None
    return arr


def patch_sequential_scan_end(frame: bytearray) -> bool:
    """Set Se=63 in the SOS segments of a sequential DCT JPEG where it reads 0; True if patched."""
    i, n, sequential, patched = 2, len(frame), False, False
    while i + 4 <= n and frame[i] == 0xFF:
        marker = frame[i + 1]
        length = int.from_bytes(frame[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1):
            sequential = True
        if marker == 0xDA:
            ns = frame[i + 4]
            se = i + 4 + 1 + 2 * ns + 1
            if sequential and se < n and frame[se - 1] == 0 and frame[se] == 0:
                frame[se] = 63
                patched = True
            break  # only the first scan header precedes entropy-coded data we can skip safely
        i += 2 + length
    return patched
