"""Image format by content (magic bytes), not by extension: hospital exports have extensionless
DICOM files and renamed JPEGs. Pure functions on a file's first bytes."""

from __future__ import annotations

from pathlib import Path

from inference.core.file_access import read_head_regular
from inference.core.i18n import N_, Message

HEAD_BYTES = 132  # enough for the 128-byte DICOM preamble and its 'DICM' prefix

# Explicit VRs, to recognise a DICOM stream that starts without preamble/file meta.
_DICOM_VRS = frozenset(
    b"AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR "
    b"US UT UV".split()
)


def sniff_format(head: bytes) -> str | None:
    """Image format from a file's first bytes: jpeg, png, bmp, tiff, dicom, or None."""
    if len(head) >= 132 and head[128:132] == b"DICM":  # first: a preamble may hold a TIFF header
        return "dicom"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if looks_like_raw_dicom(head):
        return "dicom"
    if head.startswith(b"BM") and len(head) >= 18:
        dib_size = int.from_bytes(head[14:18], "little")
        if dib_size in (12, 16, 40, 52, 56, 64, 108, 124):
            return "bmp"
    return None


def looks_like_raw_dicom(head: bytes) -> bool:
    """True for a DICOM data set with no preamble/file meta (ACR-NEMA style, little endian).

    Such a stream starts with a tag of group 0x0008 (or 0x0002) followed either by an explicit
    VR or by a 4-byte implicit length that is plausible for a header element.
    """
    if len(head) < 8:
        return False
    group = int.from_bytes(head[0:2], "little")
    element = int.from_bytes(head[2:4], "little")
    if group not in (0x0002, 0x0008) or element > 0x1FFF:
        return False
    if head[4:6] in _DICOM_VRS:
        return True
    return int.from_bytes(head[4:8], "little") < 1024


def describe_content(head: bytes) -> Message | None:
    """Name a few common non-image (or unsupported image) formats, for a helpful message
    (translated where shown)."""
    known = {
        b"%PDF": N_("a PDF document"),
        b"PK\x03\x04": N_("a ZIP archive (or Office document)"),
        b"GIF8": N_("a GIF image (not supported: save it as PNG)"),
        b"\x00\x00\x00\x0cjP  ": N_("a JPEG 2000 image (not supported: save it as PNG)"),
        b"\xff\x4f\xff\x51": N_("a JPEG 2000 codestream (not supported: save it as PNG)"),
        b"{\\rtf": N_("an RTF document"),
        b"<?xml": N_("an XML file"),
    }
    for magic, name in known.items():
        if head.startswith(magic):
            return Message(name)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Message(N_("a WebP image (not supported: save it as PNG)"))
    if head[4:8] == b"ftyp":
        return Message(N_("a HEIC/MP4 file (not supported: save it as PNG or JPEG)"))
    return None


def not_an_image(head: bytes) -> Message:
    """The reason for a file whose content is no image format this program reads."""
    what = describe_content(head)
    if what is None:
        return Message(N_("not an image: its content is not JPEG, PNG, BMP, TIFF or DICOM"))
    return Message(N_("not an image: it is %(what)s"), what=what)


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    """The first ``n`` bytes of a regular file, never blocking on a pipe or device (LoadError for
    anything but a regular file; OSError like ``open``)."""
    return read_head_regular(path, n)
