"""Read a DICOM file into a display-ready grey image (bright bones) plus worklist metadata.

This module handles the file: it reads it, rejects what holds no radiograph, and puts the pieces
together. The pixel decoding is in ``dicom_frames``, the grey-level maths (Modality LUT, VOI,
inversion) in ``dicom_voi``, the tags in ``dicom_meta``.

Files are read twice on purpose: a cheap pass without pixel data rejects non-image objects
(reports, presentation states, ...) and decompression bombs before anything is decoded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.pixels import apply_color_lut
from pydicom.uid import UID, ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

from inference.core.file_access import open_regular
from inference.core.i18n import N_
from inference.core.types import FailureKind, Flag, LoadedImage, LoadError
from inference.imaging.body_part import is_not_chest
from inference.imaging.dicom_frames import check_decoder, decode_first_frame, has_pixel_data_tag
from inference.imaging.dicom_meta import int_or, read_age_years, read_metadata, read_pixel_spacing
from inference.imaging.dicom_voi import (
    display_range,
    modality_values,
    needs_inversion,
    voi_transform,
)
from inference.imaging.raster_io import (
    check_pixel_limit,
    colour_to_gray,
    downsample,
    is_colour,
    reduction_factor,
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
            raise LoadError(FailureKind.NOT_AN_IMAGE, N_("not a DICOM file")) from exc
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
        return LoadError(
            FailureKind.TRUNCATED, N_("truncated DICOM (file ends early: %(error)s)"), error=text
        )
    return LoadError(
        FailureKind.CORRUPT,
        N_("damaged DICOM file (%(error)s)"),
        error=f"{type(exc).__name__}: {text}",
    )


def check_is_image(ds: Dataset) -> None:
    """Reject objects with no radiograph in them, naming what they are."""
    sop = str(ds.get("SOPClassUID", "") or "")
    if sop and sop.startswith(NON_IMAGE_SOP_PREFIXES):
        raise LoadError(
            FailureKind.NON_IMAGE_DICOM,
            N_("DICOM %(sop)s object, not an image"),
            sop=_sop_name(sop),
        )
    if not ds.get("Rows") or not ds.get("Columns"):
        if not sop:
            raise LoadError(
                FailureKind.NON_IMAGE_DICOM, N_("DICOM object without an image (no Rows/Columns)")
            )
        raise LoadError(
            FailureKind.NON_IMAGE_DICOM,
            N_("DICOM %(sop)s object without an image (no Rows/Columns)"),
            sop=_sop_name(sop),
        )


def _sop_name(sop: str) -> str:
    name = UID(sop).name
    return name.removesuffix(" Storage") if name and name != sop else f"SOP class {sop}"


# --------------------------------------------------------------------------- decoding


def load_dicom(path: Path, max_side: int | None = None) -> LoadedImage:
    """Decode the first frame of a DICOM image; raises LoadError only (OSError passes through)."""
    header, _ = read_dataset(path, stop_before_pixels=True)
    check_is_image(header)
    rows, cols = int(header.Rows), int(header.Columns)
    check_pixel_limit(rows, cols)
    ds, _ = read_dataset(path, stop_before_pixels=False)
    if not any(tag in ds for tag in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
        if has_pixel_data_tag(path):  # pydicom drops an element cut off by the end of file
            raise LoadError(
                FailureKind.TRUNCATED, N_("truncated DICOM (file ends inside the pixel data)")
            )
        raise LoadError(FailureKind.NON_IMAGE_DICOM, N_("DICOM file without pixel data"))
    ts = UID(str(ds.file_meta.get("TransferSyntaxUID", ImplicitVRLittleEndian)))
    check_decoder(ts)
    arr = decode_first_frame(ds, ts)
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
        window = display_range(arr, photometric, int_or(ds.get("BitsStored"), 8))
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
        age_years=read_age_years(ds),
    )
