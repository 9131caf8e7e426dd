"""DICOM tags the worklist shows (patient, study, modality, body part, view, age), as clean text."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

_AGE = re.compile(r"^(\d{1,3})\s*([DWMY])$", re.IGNORECASE)
_AGE_UNITS = {"D": "d", "W": "wk", "M": "mo", "Y": "y"}
#: PatientAge as files hold it: "045Y" (the standard), and bare numbers (common; read as years).
_AGE_VALUE = re.compile(r"^(\d{1,3})([DWMY]?)$", re.IGNORECASE)
_DAYS_PER_UNIT = {"D": 1.0, "W": 7.0, "M": 365.25 / 12.0, "Y": 365.25}

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


def read_age_years(ds: Dataset) -> float | None:
    """The patient's age at the study in years, as a number: PatientAge ("045Y", "006M"),
    else StudyDate - PatientBirthDate. None when unknown; a birth date in 1900 or before is a
    placeholder (a "119-year-old" dental film), not an age."""
    try:
        raw = str(ds.get("PatientAge", "") or "").replace(" ", "")
        match = _AGE_VALUE.match(raw)
        if match:
            days = int(match.group(1)) * _DAYS_PER_UNIT[(match.group(2) or "Y").upper()]
            return days / 365.25
        birth = dicom_date(ds.get("PatientBirthDate"))
        study = dicom_date(ds.get("StudyDate"))
    except Exception:  # a badly encoded value must not cost the image
        return None
    if birth and study and study >= birth and birth.year > 1900:
        return (study - birth).days / 365.25
    return None


def dicom_date(value: Any) -> date | None:
    """A DICOM DA value ("20240131"; "2024.01.31" from old files) as a date; None otherwise."""
    raw = str(value or "").strip().replace("-", "").replace(".", "")
    if len(raw) >= 8 and raw[:8].isdigit():
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        except ValueError:
            return None
    return None


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
