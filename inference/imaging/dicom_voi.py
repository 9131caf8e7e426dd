"""DICOM grey levels to display values in [0, 1]: PS3.4's order, as pure functions of the data set.

Modality LUT (rescale or LUT sequence), then the VOI transform (the file's window, its VOI LUT, or
a robust percentile window when it has none), then the inversion MONOCHROME1 and/or Presentation
LUT Shape INVERSE ask for. Those two describe the *same* inversion (the DX IOD requires INVERSE
with MONOCHROME1), so it is applied once. Colour images get a plain range (``display_range``).
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.pixels import apply_modality_lut, apply_voi

from inference.imaging.dicom_meta import first_float, float_or, int_or
from inference.imaging.raster_io import robust_window, window_to_unit


def display_range(grey: np.ndarray, photometric: str, bits: int) -> tuple[float, float]:
    """(centre, width) spanning the nominal range of a colour image's grey conversion."""
    if grey.dtype == np.uint8:
        top = 255.0
    elif photometric == "PALETTE COLOR" or not 1 <= bits <= 16:
        top = 65535.0 if grey.dtype == np.uint16 else max(float(grey.max()), 1.0)
    else:
        top = float(2**bits - 1)
    return (top / 2.0, top)


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
