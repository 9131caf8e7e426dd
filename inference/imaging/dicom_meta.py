"""DICOM tags the worklist shows (patient, study, modality, body part, view, age), as clean text."""

from __future__ import annotations

import math
import re
from typing import Any

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

_AGE = re.compile(r"^(\d{1,3})\s*([DWMY])$", re.IGNORECASE)
_AGE_UNITS = {"D": "d", "W": "wk", "M": "mo", "Y": "y"}

# --------------------------------------------------------------------------- metadata


def read_metadata(ds: Dataset) -> dict[str, str]:
    """Worklist fields (see types.METADATA_KEYS) that the file actually has, as clean text."""
    fields = {
        "patient_id": ("PatientID", str),
        "patient_name": ("PatientName", _person_name),
        "patient_sex": ("PatientSex", str),
        "patient_age": ("PatientAge", _age),
        "patient_birth_date": ("PatientBirthDate", _date),
        "study_date": ("StudyDate", _date),
        "accession_number": ("AccessionNumber", str),
        "modality": ("Modality", str),
        "body_part": ("BodyPartExamined", str),
        "view_position": ("ViewPosition", str),
        "institution": ("InstitutionName", str),
        "study_description": ("StudyDescription", str),
        "protocol_name": ("ProtocolName", str),
        "study_uid": ("StudyInstanceUID", str),
    }
    out: dict[str, str] = {}
    for key, (keyword, fmt) in fields.items():
        try:
            value = ds.get(keyword)
            text = fmt(value).strip() if value not in (None, "") else ""
        except Exception:  # a badly encoded value must not cost the image
            text = ""
        if text:
            out[key] = text
    return out


def read_pixel_spacing(ds: Dataset) -> tuple[float, float] | None:
    """PixelSpacing, else ImagerPixelSpacing, in mm (row, column); None when absent or zero."""
    for keyword in ("PixelSpacing", "ImagerPixelSpacing"):
        try:
            value = ds.get(keyword)
            if value is None:
                continue
            row, col = (float(v) for v in list(value)[:2])
        except (TypeError, ValueError):
            continue
        if math.isfinite(row) and math.isfinite(col) and row > 0 and col > 0:
            return (row, col)
    return None


def _person_name(value: Any) -> str:
    family = getattr(value, "family_name", "")
    given = " ".join(
        p for p in (getattr(value, "given_name", ""), getattr(value, "middle_name", "")) if p
    )
    if family or given:
        return ", ".join(p for p in (family, given) if p)
    return str(value).replace("^", " ")


def _age(value: Any) -> str:
    match = _AGE.match(str(value).strip())
    if not match:
        return str(value)
    return f"{int(match.group(1))} {_AGE_UNITS[match.group(2).upper()]}"


def _date(value: Any) -> str:
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def first_float(value: Any) -> float | None:
    if isinstance(value, list | tuple | MultiValue):
        value = value[0] if len(value) else None
    if value is None or value == "":
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def float_or(value: Any, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def int_or(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default
