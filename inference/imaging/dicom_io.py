"""Decode a DICOM file into a display-ready grey image (bright bones) plus worklist metadata.

The grey-level pipeline follows PS3.4's order: Modality LUT (rescale or LUT sequence), then the
VOI transform (the file's window, its VOI LUT, or a robust percentile window when it has none),
then the inversion MONOCHROME1 and/or Presentation LUT Shape INVERSE ask for. Those two describe
the *same* inversion (the DX IOD requires INVERSE with MONOCHROME1), so it is applied once.

Files are read twice on purpose: a cheap pass without pixel data rejects non-image objects
(reports, presentation states, ...) and decompression bombs before anything is decoded.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.pixels import apply_color_lut, apply_modality_lut, apply_voi, get_decoder
from pydicom.pixels import pixel_array as decode_pixels
from pydicom.uid import UID, ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from inference.core.file_access import open_regular
from inference.core.types import FailureKind, Flag, LoadedImage, LoadError
from inference.imaging.dicom_meta import (
    first_float,
    float_or,
    int_or,
    read_metadata,
    read_pixel_spacing,
)
from inference.imaging.quality import is_not_chest
from inference.imaging.raster_io import (
    check_pixel_limit,
    colour_to_gray,
    downsample,
    is_colour,
    reduction_factor,
    robust_window,
    to_float01,
    window_to_unit,
)
from inference.imaging.sniff import looks_like_raw_dicom, read_head

#: SOP class UID prefixes of objects that hold no radiograph (reports, states, documents ...).
NON_IMAGE_SOP_PREFIXES = (
    "1.2.840.10008.5.1.4.1.1.88.",  # structured reports, key object selection
    "1.2.840.10008.5.1.4.1.1.11.",  # presentation states
    "1.2.840.10008.5.1.4.1.1.104.",  # encapsulated PDF / CDA / STL
    "1.2.840.10008.5.1.4.1.1.9.",  # waveforms (ECG ...)
    "1.2.840.10008.5.1.4.1.1.66",  # raw data, registration, fiducials, segmentation
    "1.2.840.10008.5.1.4.1.1.481.3",  # RT structure set
    "1.2.840.10008.5.1.4.1.1.481.4",  # RT beams treatment record
    "1.2.840.10008.5.1.4.1.1.481.5",  # RT plan
    "1.2.840.10008.5.1.4.1.1.481.6",  # RT brachy treatment record
    "1.2.840.10008.5.1.4.1.1.481.7",  # RT treatment summary record
    "1.2.840.10008.5.1.4.1.1.481.8",  # RT ion plan
    "1.2.840.10008.5.1.4.1.1.481.9",  # RT ion beams treatment record
    "1.2.840.10008.1.3.10",  # media storage directory (DICOMDIR)
)

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


# --------------------------------------------------------------------------- reading


def read_dataset(path: Path, stop_before_pixels: bool) -> tuple[Dataset, bool]:
    """Read a DICOM file; returns (dataset, forced).

    A normal read first; only when that fails for lack of a preamble/file meta *and* the bytes
    look like a raw DICOM data set is ``force=True`` used, then a transfer syntax is inferred.
    """
    try:
        with open_regular(path) as fh:  # never blocks on a file swapped for a pipe or device
            return pydicom.dcmread(fh, stop_before_pixels=stop_before_pixels), False
    except InvalidDicomError as exc:
        if not looks_like_raw_dicom(read_head(path)):
            raise LoadError(FailureKind.NOT_AN_IMAGE, "not a DICOM file") from exc
        forced = True
    except (OSError, LoadError):
        raise
    except Exception as exc:
        raise _damaged(exc) from exc
    try:
        with open_regular(path) as fh:
            ds = pydicom.dcmread(fh, stop_before_pixels=stop_before_pixels, force=forced)
    except (OSError, LoadError):
        raise
    except Exception as exc:
        raise _damaged(exc) from exc
    _infer_transfer_syntax(ds)
    return ds, forced


def _infer_transfer_syntax(ds: Dataset) -> None:
    """Give a file without file meta the (uncompressed) syntax it was actually read with."""
    meta = ds.get("file_meta") or FileMetaDataset()
    if "TransferSyntaxUID" in meta:
        return
    implicit, little = ds.original_encoding
    if implicit:
        meta.TransferSyntaxUID = ImplicitVRLittleEndian
    else:
        meta.TransferSyntaxUID = ExplicitVRLittleEndian if little else ExplicitVRBigEndian
    ds.file_meta = meta


def _damaged(exc: BaseException) -> LoadError:
    text = str(exc).split("\n")[0][:200]
    if isinstance(exc, EOFError) or "end of file" in text.lower():
        return LoadError(FailureKind.TRUNCATED, f"truncated DICOM (file ends early: {text})")
    return LoadError(FailureKind.CORRUPT, f"damaged DICOM file ({type(exc).__name__}: {text})")


def check_is_image(ds: Dataset) -> None:
    """Reject objects with no radiograph in them, naming what they are."""
    sop = str(ds.get("SOPClassUID", "") or "")
    if sop and sop.startswith(NON_IMAGE_SOP_PREFIXES):
        raise LoadError(FailureKind.NON_IMAGE_DICOM, f"DICOM {_sop_name(sop)} object, not an image")
    if not ds.get("Rows") or not ds.get("Columns"):
        what = f"{_sop_name(sop)} object" if sop else "object"
        raise LoadError(
            FailureKind.NON_IMAGE_DICOM, f"DICOM {what} without an image (no Rows/Columns)"
        )


def _sop_name(sop: str) -> str:
    name = UID(sop).name
    return name.removesuffix(" Storage") if name and name != sop else f"SOP class {sop}"


def check_decoder(ts: UID) -> None:
    """Name the missing package when no installed plugin can decode this transfer syntax."""
    try:
        decoder = get_decoder(ts)
    except NotImplementedError as exc:
        raise LoadError(
            FailureKind.UNSUPPORTED,
            f"unsupported transfer syntax {ts} ({ts.name}): no decoder exists for it",
        ) from exc
    if not decoder.is_available:
        package = _DECODER_PACKAGES.get(str(ts), "a pydicom pixel data plugin")
        raise LoadError(
            FailureKind.UNSUPPORTED,
            f"unsupported transfer syntax {ts} ({ts.name}) — install {package}",
        )


# --------------------------------------------------------------------------- decoding


def load_dicom(path: Path, max_side: int | None = None) -> LoadedImage:
    """Decode the first frame of a DICOM image; raises LoadError only (OSError passes through)."""
    header, _ = read_dataset(path, stop_before_pixels=True)
    check_is_image(header)
    rows, cols = int(header.Rows), int(header.Columns)
    check_pixel_limit(rows, cols)
    ds, _ = read_dataset(path, stop_before_pixels=False)
    if not any(tag in ds for tag in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        if _has_pixel_data_tag(path):  # pydicom drops an element cut off by the end of file
            raise LoadError(
                FailureKind.TRUNCATED, "truncated DICOM (file ends inside the pixel data)"
            )
        raise LoadError(FailureKind.NON_IMAGE_DICOM, "DICOM file without pixel data")
    ts = UID(str(ds.file_meta.get("TransferSyntaxUID", ImplicitVRLittleEndian)))
    check_decoder(ts)
    arr = _decode_first_frame(ds, ts)
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2")).strip().upper()
    flags: set[Flag] = set()
    was_colour = False

    if arr.ndim == 3 or photometric not in ("MONOCHROME1", "MONOCHROME2"):
        flags.add(Flag.UNUSUAL_PHOTOMETRIC)
        if photometric == "PALETTE COLOR":
            arr = apply_color_lut(arr, ds)
        if arr.ndim == 3:
            was_colour = is_colour(arr)
            arr = colour_to_gray(arr, order="RGB")
        values = arr.astype(np.float32)
        window = _display_range(arr, photometric, int_or(ds.get("BitsStored"), 8))
        pixels = window_to_unit(values, *window, function="LINEAR_EXACT")
        invert = False
    else:
        values = modality_values(arr, ds)
        pixels, window, _ = voi_transform(values, arr, ds)
        invert = needs_inversion(ds)
        if invert:
            np.subtract(np.float32(1.0), pixels, out=pixels)

    factor = reduction_factor(rows, cols, max_side)
    pixels = to_float01(downsample(pixels, factor))
    bits = int(ds.get("BitsStored", ds.get("BitsAllocated", 8)) or 8)
    if bits < 8 or bits > 16 or "PixelData" not in ds:
        flags.add(Flag.UNUSUAL_BIT_DEPTH)
    if was_colour:
        flags.add(Flag.COLOUR)
    metadata = read_metadata(ds)
    if is_not_chest(metadata.get("body_part")):
        flags.add(Flag.NOT_CHEST)
    return LoadedImage(
        path=path,
        pixels=pixels,
        format="dicom",
        original_size=(rows, cols),
        reduced_factor=factor,
        bit_depth=bits,
        was_colour=was_colour,
        photometric=photometric,
        metadata=metadata,
        pixel_spacing=read_pixel_spacing(ds),
        raw=values if max_side is None else None,
        default_window=window,
        invert_raw=invert,
        flags=flags,
        frame_count=int_or(ds.get("NumberOfFrames"), 1),
    )


def _display_range(grey: np.ndarray, photometric: str, bits: int) -> tuple[float, float]:
    """(centre, width) spanning the nominal range of a colour image's grey conversion."""
    if grey.dtype == np.uint8:
        top = 255.0
    elif photometric == "PALETTE COLOR" or not 1 <= bits <= 16:
        top = 65535.0 if grey.dtype == np.uint16 else max(float(grey.max()), 1.0)
    else:
        top = float(2**bits - 1)
    return (top / 2.0, top)


def _has_pixel_data_tag(path: Path) -> bool:
    """Whether the bytes contain a (7FE0,0010) Pixel Data tag, little or big endian."""
    with open_regular(path) as fh:
        data = fh.read()
    return data.find(b"\xe0\x7f\x10\x00") >= 0 or data.find(b"\x7f\xe0\x00\x10") >= 0


def _decode_first_frame(ds: Dataset, ts: UID) -> np.ndarray:
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
            detail = f": {sizes[1]} of {sizes[2]} bytes" if sizes else ""
            raise LoadError(
                FailureKind.TRUNCATED, f"truncated DICOM (pixel data ends early{detail})"
            ) from exc
        detail = "; ".join(ln.strip() for ln in text.splitlines()[1:] if ln.strip())[:240]
        raise LoadError(
            FailureKind.CORRUPT,
            f"could not decode the {ts.name} pixel data: {detail or first[:200]}",
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


def modality_values(stored: np.ndarray, ds: Dataset) -> np.ndarray:
    """Stored values -> modality units as float32 (Rescale Slope/Intercept or Modality LUT).

    The rescale is done in float32 here because pydicom's returns float64: twice the memory
    on a large radiograph for no useful precision.
    """
    if ds.get("ModalityLUTSequence"):
        return np.asarray(apply_modality_lut(stored, ds), dtype=np.float32)
    values = stored.astype(np.float32)
    slope = float_or(ds.get("RescaleSlope"), 1.0)
    intercept = float_or(ds.get("RescaleIntercept"), 0.0)
    if slope != 1.0:
        values *= np.float32(slope)
    if intercept != 0.0:
        values += np.float32(intercept)
    return values


def voi_transform(
    values: np.ndarray, stored: np.ndarray, ds: Dataset
) -> tuple[np.ndarray, tuple[float, float], str]:
    """Window (or VOI LUT) modality values to [0, 1]; returns pixels, (centre, width), function.

    The file's first window wins when it is plausible for the data; else its VOI LUT; else
    (no VOI at all) the stored bit range for 8-bit images, a 0.5-99.5 percentile window
    otherwise. A window that misses the data entirely is ignored instead of showing a blank.
    """
    data_window = robust_window(values)
    file_window = read_window(ds)
    if file_window is not None and _overlaps(file_window, data_window):
        center, width, function = file_window
        return window_to_unit(values, center, width, function), (center, width), function
    if ds.get("VOILUTSequence"):
        lut_out = _apply_voi_lut(stored, ds)
        if lut_out is not None:
            return lut_out
    bits = int_or(ds.get("BitsStored"), 16)
    identity = not ds.get("ModalityLUTSequence") and float_or(ds.get("RescaleSlope"), 1.0) == 1.0
    identity = identity and float_or(ds.get("RescaleIntercept"), 0.0) == 0.0
    if bits <= 8 and identity:
        lo = -(2 ** (bits - 1)) if int_or(ds.get("PixelRepresentation"), 0) else 0
        hi = lo + 2**bits - 1
        window = ((lo + hi) / 2.0, float(hi - lo))
    else:
        window = data_window
    return window_to_unit(values, *window, function="LINEAR_EXACT"), window, "LINEAR_EXACT"


def read_window(ds: Dataset) -> tuple[float, float, str] | None:
    """The first Window Center/Width pair and VOI LUT Function, if present and usable."""
    center = first_float(ds.get("WindowCenter"))
    width = first_float(ds.get("WindowWidth"))
    if center is None or width is None or width <= 0:
        return None
    function = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR").strip().upper()
    if function not in ("LINEAR", "LINEAR_EXACT", "SIGMOID"):
        function = "LINEAR"
    if function == "LINEAR" and width < 1:
        return None
    return center, width, function


def _overlaps(window: tuple[float, float, str], data: tuple[float, float]) -> bool:
    c, w, _ = window
    dc, dw = data
    return c - w / 2 < dc + dw / 2 and c + w / 2 > dc - dw / 2


def _apply_voi_lut(
    stored: np.ndarray, ds: Dataset
) -> tuple[np.ndarray, tuple[float, float], str] | None:
    """Apply the first VOI LUT (to stored values after any rescale) and scale by its output."""
    try:
        item = ds.VOILUTSequence[0]
        lut = np.asarray(item.LUTData, dtype=np.float64).ravel()
        entries, first = int(item.LUTDescriptor[0]) or 65536, int(item.LUTDescriptor[1])
        mapped = np.asarray(apply_voi(apply_modality_lut(stored, ds), ds), dtype=np.float32)
    except Exception:
        return None
    lo, hi = float(lut.min()), float(lut.max())
    if hi <= lo:
        return None
    pixels = (mapped - np.float32(lo)) * np.float32(1.0 / (hi - lo))
    window = (first + entries / 2.0, float(entries))
    return np.clip(pixels, 0.0, 1.0, out=pixels), window, "LUT"


def needs_inversion(ds: Dataset) -> bool:
    """MONOCHROME1 or Presentation LUT Shape INVERSE: one inversion, never two."""
    photometric = str(ds.get("PhotometricInterpretation", "")).strip().upper()
    shape = str(ds.get("PresentationLUTShape", "") or "").strip().upper()
    return photometric == "MONOCHROME1" or shape == "INVERSE"
