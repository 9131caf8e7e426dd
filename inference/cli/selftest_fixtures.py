"""Known-answer data for the self-test's DICOM checks: a test pattern, a DICOM that holds it, and
one tiny compressed frame per transfer syntax the program promises to read.

Why a module of its own: the frames are data that ``installer/make_selftest_codestreams.py``
regenerates (it imports ``pattern``, ``build_dataset`` and ``decode_all_plugins`` from here and its
output is pasted over ``_CODESTREAMS`` below), while the checks that use them live in
``inference.cli.selftest_checks``. No DICOM file is shipped: each frame is a few hundred bytes that
encode the known 16x16 pattern, so a decode is compared with the exact expected pixels.
"""

from __future__ import annotations

import base64
import math

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixels import get_decoder
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from inference.core.i18n import N_

PATTERN_SIZE = 16
#: Largest per-pixel error accepted from a lossy JPEG baseline decode of the 8-bit pattern.
JPEG_BASELINE_TOLERANCE = 6

#: Compressed syntaxes the program promises to read: UID -> (name, bits of the test pattern).
#: The names are shown in the report (translated there); the smoke tests grep the UIDs.
CODEC_SYNTAXES: dict[str, tuple[str, int]] = {
    "1.2.840.10008.1.2.4.50": (N_("JPEG baseline"), 8),
    "1.2.840.10008.1.2.4.70": (N_("JPEG lossless"), 12),
    "1.2.840.10008.1.2.4.80": (N_("JPEG-LS lossless"), 12),
    "1.2.840.10008.1.2.4.90": (N_("JPEG 2000 lossless"), 12),
    "1.2.840.10008.1.2.5": (N_("RLE lossless"), 12),
}

# One frame per syntax, encoding ``pattern(bits)``; regenerate with
# installer/make_selftest_codestreams.py (never edit by hand).
_CODESTREAMS: dict[str, str] = {
    "1.2.840.10008.1.2.4.50": (
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkI"
        "BgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/wAALCAAQABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAEC"
        "AwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
        "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJ"
        "ipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
        "+Pn6/9oACAEBAAA/APzj+En7Lf8Aqv8AiXen8FfUHwk/Zb/1X/Eu9P4K+gPhJ+y3/qv+Jd6fwV9QfCT9lv8A"
        "1X/Eu9P4K//Z"
    ),
    "1.2.840.10008.1.2.4.70": (
        "/9j/wwALEAAQABABAREA/8QAGAABAQEBAQAAAAAAAAAAAAAABwYICRD/2gAIAQEAAQAA8qKipCKioqQioqQi"
        "oqKkJ0jVIRUVIRUVFSEVFRUhFRU0oqKkIqKipCKipCKioqQip0jhFRUhFRUVIRUVFSEVFSE0oqQioqKkIqKk"
        "IqKipCKippRUVIRUVFSEVFRUhFRUhFTpHCKioqQioqQioqKkIqKippRUhFRUVIRUVFSEVFSEVFTSioqKkIqK"
        "kIqKipCKioqQnSOEVFRUhFRUVIRUVIRUVFTSioqQioqQioqKkIqKipCKmlFRUVIRUVFSEVFSEVFRUhOkapCK"
        "ipCKioqQioqKkIqKmlFRUhFRUVIRUVIRUVFSEVOkcIqKkIqKipCKioqQioqQmlFSEVFRUhFRUhFRUVIRUVP/"
        "2Q=="
    ),
    "1.2.840.10008.1.2.4.80": (
        "/9j/9wALEAAQABABAREA//gADQH//wASAEMBFABA/9oACAEBAAAAAKU8p5Sz1Usp5Sz1UtR3zR6HP4DI0qI7"
        "yno9OsqJS0cnOo8aqy51DR2lFP4xcc7i2uuObxS3ymzOJW2VCQrXl0QtNRZVDrPk0MXHPkUKjrSdCOXHoMuu"
        "XGoJx1Bi0C4cTRvHsOgG/nML/t1B/wwt1A/rblMTjZ//YY2z+/bXzH39NX5+UqqS/DTy3v7tH19jO0fP1Z+U"
        "qREvH0NDP7/Nm5Dt8mX1+JpTqSzNxnT4M3n7zSzeXuZuK48ZyPtNLN4exm4jf62Xu9RqZdRINhNvpZez0Gpl"
        "6/Oy8Fq8ycyPNTL0+Vl37R5GTn8ZqZebi9JsviZeTwmpl5PAyb5j77HqAjGLi7zDvGHusHD3Dcw8HbTjkO0w"
        "8HZNzDv9hh3a912De4qA/9k="
    ),
    "1.2.840.10008.1.2.4.90": (
        "/0//UQApAAAAAAAQAAAAEAAAAAAAAAAAAAAAEAAAABAAAAAAAAAAAAABDwEB/1IADAAAAAEAAwQEAAH/XAAN"
        "QICIiJCIiJCIiJD/ZAAqAAFDcmVhdGVkIGJ5IEdEQ00vT3BlbkpQRUcgdmVyc2lvbiAyLjMuMP+QAAoAAAAA"
        "AUAAAf+Tz/wwJAiCHGc+HctNf8APwBYB+wPAAPnCgAz5WxvYCzf/I4cqkwuk+SafwA/ASgD8xCAB9ogAI8Kd"
        "EF79g9AVHuBcMnYgyMKvA35LSzRSEVxRU4cnT4qQFhmxv8egoGY6+YcCc1Bj4TXAB9p5AH5o8AH4HYAX+SPS"
        "fZo7VpRzgvHrXC7RRTqvuD7YEsl/ZOjEfEItH6SdEy6qfeHztpYCEhsSl7RxWiss0E1YB7JjKT9H63Bgvn7X"
        "sVp6dhagYF9BBItszGIMzZRrLflUaPVqvDs310IWcommQBgjGSwZGOzrMUgD4SPya+ZjCyQnHoLuGnvwGAlM"
        "nzSmQqOZyNJbT1HVFmIWE1Jgsa27DuKwezes7KD/dzULwXoVdYCtg01gUWywM6PX87V4LHMSwydq8Fjj/9k="
    ),
    "1.2.840.10008.1.2.5": (
        "AgAAAEAAAADUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        "APwA/AEBAgH9AvoB/QL8AwAB/AIBAwL8A/4E/gL9AwEEA/wEAQUE/QP7BPwFAAb8BPwFAQYF/QYBBQT8Bf0G"
        "AQcG/gcCBQYF/Ab7B/8I/gb7B/wIAQkI/QcBCAf9CPwJAAr8CAEJCPwJ/Qr/CP0J+gr+CwIJCgn8CvsL/wz9"
        "CvwLAQwL/Az7C/0M+w38DAENDPwN/Q4PAFSo/MEVab2C1irvQ5frsA8jdzyQ5Kn9UaVqvhJmK3/TD7cLXyR4"
        "zCDlOY1SpvpOE2cP2p/zRwxgtAjNIXXJjuI2+w9uwofbL4NInPC1CV2xdsoeDwJWqm/DF2swhNgs8UWZXrIP"
        "Jeo+kuar/1MYbMAU2S2B1Q+5DdImes6T5zuPVKj8wRVpD02h9UkOYrZ7zyN3PJDkOP0PcDWJ3TH2Sp7ytwtf"
        "JHjMIA8EWKxxxRneMoban/NHm2C0D5jsQJRZrQFVGm7Ch9svg0gPuw/UKHxBlek9Alaq/sMXaw9Po/e8EGS4"
        "fdEl6j6S5qv/D3I3i9+k+EygZbkNYSZ6zpMPBlofc8cb4DSITaH1SQ5itg=="
    ),
}


def pattern(bits: int, size: int = PATTERN_SIZE) -> np.ndarray:
    """A deterministic test image: smooth ramps plus a fine texture, using ``bits`` of range.

    The texture makes byte-order, bit-depth and row/column mix-ups change many pixels, so a
    decoder that is subtly wrong cannot pass an exact comparison.
    """
    r, c = np.mgrid[0:size, 0:size]
    if bits <= 8:
        values = 8 + r * 9 + c * 5  # smooth: lossy JPEG keeps it within a few grey levels
        return values.astype(np.uint8)
    values = r * 200 + c * 45 + ((r * 7 + c * 3) % 11) * 13
    return (values % (1 << bits)).astype(np.uint16)


def build_dataset(pixels: np.ndarray, bits: int, uid: str | None, frame: bytes = b"") -> Dataset:
    """A minimal single-frame MONOCHROME2 DICOM holding ``pixels`` (uid None: uncompressed)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = uid or ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.BodyPartExamined = "CHEST"
    ds.Rows, ds.Columns = (int(v) for v in pixels.shape)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    if uid is None:
        ds.PixelData = np.ascontiguousarray(pixels, dtype=f"<u{ds.BitsAllocated // 8}").tobytes()
    else:
        ds.PixelData = encapsulate([frame])
        ds["PixelData"].VR = "OB"
    return ds


def codestream(uid: str) -> bytes:
    """The embedded test frame for ``uid`` (KeyError when none is embedded)."""
    return base64.b64decode(_CODESTREAMS[uid])


def decode_all_plugins(uid: str, frame: bytes, bits: int) -> dict[str, float | None]:
    """Decode ``frame`` with every available plugin: max abs error per plugin, None on error."""
    ds = build_dataset(pattern(bits), bits, uid, frame)
    expected = pattern(bits).astype(np.int64)
    decoder = get_decoder(uid)
    errors: dict[str, float | None] = {}
    for plugin in decoder.available_plugins:
        try:
            arr, _meta = decoder.as_array(ds, decoding_plugin=plugin)
        except Exception:  # any plugin failure is a finding, reported by name
            errors[plugin] = None
            continue
        arr = np.asarray(arr)
        if arr.shape != expected.shape:
            errors[plugin] = math.inf
            continue
        errors[plugin] = float(np.abs(arr.astype(np.int64) - expected).max())
    return errors
