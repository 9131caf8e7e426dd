"""Results as DICOM objects the PACS can show, built with highdicom (hand-built datasets miss
required modules): a Secondary Capture with the heatmap and the facts burned in, and a
Comprehensive 3D SR with the same facts as coded content, both in the source study, new series.

Out-of-scope and unreadable images get only a short SR saying why (no heatmap, no probability):
the model was not made for them and must not appear to have an opinion. Every fact comes from
``inference.triage.worklist`` so the PACS says what the viewer, the CSV and the PDF say.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import highdicom as hd
import numpy as np
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid

from inference.core.i18n import _, english
from inference.core.types import TriageResult
from inference.model.heatmap import blend
from inference.triage import worklist as wl

MANUFACTURER = "CXR Triage"
DISCLAIMER = "Assistive triage, not a diagnosis"
SC_SERIES_NUMBER = 9901
SR_SERIES_NUMBER = 9902
SC_MAX_SIDE = 1024
HEATMAP_OPACITY = 0.5
#: Our local coding scheme ("99" prefix: private, per PS3.16) for facts no standard code names.
SCHEME = "99CXRT"
C_REPORT = hd.sr.CodedConcept("18748-4", "LN", "Diagnostic imaging report")
C_PROBABILITY = hd.sr.CodedConcept("P-PNEU", SCHEME, "Estimated probability of pneumonia")
C_TRIAGE = hd.sr.CodedConcept("TRIAGE", SCHEME, "Triage label at operating point")
C_OPERATING = hd.sr.CodedConcept("OP-POINT", SCHEME, "Operating point")
C_THRESHOLD = hd.sr.CodedConcept("THRESH", SCHEME, "Decision threshold")
C_SCOPE = hd.sr.CodedConcept("SCOPE", SCHEME, "Scope of the triage model")
C_REASON = hd.sr.CodedConcept("NOT-TRIAGED", SCHEME, "Reason not triaged")
C_DISCLAIMER = hd.sr.CodedConcept("DISCLAIMER", SCHEME, "Disclaimer")
C_MODEL_SHA = hd.sr.CodedConcept("MODEL-SHA", SCHEME, "Model SHA-256")
C_ABOVE = hd.sr.CodedConcept("ABOVE", SCHEME, "Pneumonia risk at or above operating point")
C_BELOW = hd.sr.CodedConcept("BELOW", SCHEME, "Pneumonia risk below operating point")
C_IN = hd.sr.CodedConcept("IN-SCOPE", SCHEME, "In scope")
C_OUT = hd.sr.CodedConcept("OUT-OF-SCOPE", SCHEME, "Out of scope")
C_ERROR = hd.sr.CodedConcept("UNREADABLE", SCHEME, "Image could not be read")
UNIT_ONE = hd.sr.CodedConcept("1", "UCUM", "no units")


class ResultError(ValueError):
    """The source cannot carry results (no study to put them in, or highdicom refused it)."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    sha256: str


@dataclass(frozen=True)
class Facts:
    """What the results say about one image, decided by ``inference.triage.worklist``."""

    triaged: bool  # in scope and scored: SC + full SR; otherwise only a short SR
    scope: str  # 'in scope' / 'out of scope' / 'error'
    label: str
    reason: str
    probability: float | None
    above: bool
    threshold: float
    operating_point: str
    model: ModelInfo
    heat: bool = False  # the displayed heat may be drawn (``worklist.shows_heatmap``)


@english()  # PACS objects: coded, burned in ASCII, the same in every language
def facts_of(result: TriageResult, settings: wl.TriageSettings, model: ModelInfo) -> Facts:
    scope = wl.scope_text(result, settings)
    triaged = scope == wl.IN_SCOPE
    if result.error is not None:
        reason = result.error.message
    else:
        reason = wl.scope_reason_text(result, settings) if not triaged else ""
    return Facts(
        triaged=triaged,
        scope=scope,
        label=wl.label_text(result, settings),
        reason=reason,
        probability=wl.probability(result, settings) if triaged else None,
        above=triaged and wl.is_above(result, settings),
        threshold=settings.threshold,
        operating_point=settings.operating_point_text(),
        model=model,
        heat=wl.shows_heatmap(result, settings),
    )


def ascii_text(text: str) -> str:
    """Burned-in text: OpenCV's fonts draw ASCII only; tags are untrusted text, never markup."""
    text = text.replace("—", "-").replace("–", "-").replace("≥", ">=")
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in text)


def burned_lines(facts: Facts) -> list[str]:
    p = f"{facts.probability:.2f}" if facts.probability is not None else "-"
    return [
        f"CXR Triage: {facts.label}   P(pneumonia) {p}",
        f"Operating point: {facts.operating_point} (threshold {facts.threshold:.3f})",
        f"Model {facts.model.name} {facts.model.version} sha256 {facts.model.sha256[:12]}",
        f"{DISCLAIMER.upper()}",
    ]


def burn_in(rgb: np.ndarray, lines: list[str]) -> np.ndarray:
    """The image with a black band below it holding ``lines`` in white (never over anatomy)."""
    w = rgb.shape[1]
    scale = max(0.4, w / 1400)
    line_h = int(32 * scale) + 6
    band = np.zeros((line_h * len(lines) + 12, w, 3), dtype=np.uint8)
    for i, line in enumerate(lines):
        y = 6 + line_h * (i + 1) - 8
        cv2.putText(
            band,
            ascii_text(line),
            (8, y),
            cv2.FONT_HERSHEY_SIMPLEX,
            scale,
            (255, 255, 255),
            max(1, round(scale * 2)),
            cv2.LINE_AA,
        )
    return np.ascontiguousarray(np.vstack([rgb, band]))


def sc_pixels(gray: np.ndarray, result: TriageResult, facts: Facts) -> np.ndarray:
    """RGB uint8: the film (at most SC_MAX_SIDE) with the displayed heat and the facts."""
    g = np.asarray(gray)
    h, w = g.shape[:2]
    scale = min(1.0, SC_MAX_SIDE / max(h, w))
    if scale < 1.0:
        g = cv2.resize(
            g, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
        )
    heat = result.cam if facts.heat else None  # the one heatmap rule, as the viewer and PDF
    rgb = blend(g, heat, HEATMAP_OPACITY) if heat is not None else cv2.merge([g] * 3)
    return burn_in(rgb, burned_lines(facts))


def series_uid(study_uid: str, model_sha: str, kind: str) -> str:
    """One results series per study, model and kind: re-sends land in the same series."""
    return generate_uid(entropy_srcs=[study_uid, model_sha, kind, "cxr-triage-results"])


#: Patient and study attributes highdicom copies; type 2, so an empty value is valid DICOM.
_REFERENCE_KEYWORDS = (
    "PatientName",
    "PatientID",
    "PatientBirthDate",
    "PatientSex",
    "PatientAge",
    "StudyDate",
    "StudyTime",
    "ReferringPhysicianName",
    "StudyID",
    "AccessionNumber",
    "StudyDescription",
)


def reference(source: Dataset) -> Dataset:
    """The source's identity, patient and study, with missing type-2 attributes present but empty
    (real files omit them; highdicom then refuses). Raises when there is no study to go back to."""
    ref = Dataset()
    for keyword in ("StudyInstanceUID", "SOPInstanceUID", "SOPClassUID", "SeriesInstanceUID"):
        value = str(source.get(keyword, "") or "").strip()
        if not value:
            raise ResultError(
                _("the image has no %(keyword)s: there is no study to return results to")
                % {"keyword": keyword}
            )
        setattr(ref, keyword, value)
    for keyword in _REFERENCE_KEYWORDS:
        try:
            value = source.get(keyword)
        except Exception:  # a badly encoded tag: leave it empty rather than lose the result
            value = None
        setattr(ref, keyword, value if value is not None else "")
    for keyword in ("Modality", "InstanceNumber", "PatientOrientation"):
        if keyword in source:
            setattr(ref, keyword, source.get(keyword))
    return ref


def secondary_capture(source: Dataset, rgb: np.ndarray, facts: Facts) -> Dataset:
    source = reference(source)
    orientation = source.get("PatientOrientation")
    orient = tuple(orientation) if orientation is not None and len(orientation) == 2 else ("L", "F")
    try:
        sc = hd.sc.SCImage.from_ref_dataset(
            ref_dataset=source,
            pixel_array=rgb,
            photometric_interpretation="RGB",
            bits_allocated=8,
            coordinate_system="PATIENT",
            series_instance_uid=series_uid(source.StudyInstanceUID, facts.model.sha256, "sc"),
            series_number=SC_SERIES_NUMBER,
            sop_instance_uid=generate_uid(),
            instance_number=int(source.get("InstanceNumber") or 1),
            manufacturer=MANUFACTURER,
            patient_orientation=orient,
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise ResultError(_("secondary capture not built: %(exc)s") % {"exc": exc}) from exc
    sc.SeriesDescription = "CXR Triage heatmap (assistive, not a diagnosis)"
    sc.BurnedInAnnotation = "YES"
    return sc


def _text(name: hd.sr.CodedConcept, value: str) -> hd.sr.TextContentItem:
    return hd.sr.TextContentItem(name=name, value=value[:1024] or "-", relationship_type="CONTAINS")


def report_items(facts: Facts, source: Dataset, sc: Dataset | None) -> list:
    """The SR's content: the same facts as the SC, coded; the short form when not triaged."""
    items: list = [
        hd.sr.CodeContentItem(
            name=C_SCOPE,
            value={wl.IN_SCOPE: C_IN, wl.OUT_OF_SCOPE: C_OUT}.get(facts.scope, C_ERROR),
            relationship_type="CONTAINS",
        )
    ]
    if facts.triaged and facts.probability is not None:
        items += [
            hd.sr.CodeContentItem(
                name=C_TRIAGE,
                value=C_ABOVE if facts.above else C_BELOW,
                relationship_type="CONTAINS",
            ),
            hd.sr.NumContentItem(
                name=C_PROBABILITY,
                value=round(float(facts.probability), 4),
                unit=UNIT_ONE,
                relationship_type="CONTAINS",
            ),
            hd.sr.NumContentItem(
                name=C_THRESHOLD,
                value=round(float(facts.threshold), 4),
                unit=UNIT_ONE,
                relationship_type="CONTAINS",
            ),
            _text(C_OPERATING, facts.operating_point),
        ]
    else:
        items.append(_text(C_REASON, facts.reason or facts.label))
    items += [
        _text(codes.DCM.AlgorithmName, f"{MANUFACTURER} {facts.model.name}"),
        _text(codes.DCM.AlgorithmVersion, facts.model.version),
        _text(C_MODEL_SHA, facts.model.sha256),
        _text(C_DISCLAIMER, DISCLAIMER),
        hd.sr.ImageContentItem(
            name=codes.DCM.SourceOfMeasurement,
            referenced_sop_class_uid=source.SOPClassUID,
            referenced_sop_instance_uid=source.SOPInstanceUID,
            relationship_type="CONTAINS",
        ),
    ]
    if sc is not None:
        items.append(
            hd.sr.ImageContentItem(
                name=hd.sr.CodedConcept("HEATMAP", SCHEME, "Heatmap secondary capture"),
                referenced_sop_class_uid=sc.SOPClassUID,
                referenced_sop_instance_uid=sc.SOPInstanceUID,
                relationship_type="CONTAINS",
            )
        )
    return items


def structured_report(source: Dataset, facts: Facts, sc: Dataset | None = None) -> Dataset:
    source = reference(source)
    container = hd.sr.ContainerContentItem(name=C_REPORT)
    container.ContentSequence = hd.sr.ContentSequence(report_items(facts, source, sc))
    try:
        sr = hd.sr.Comprehensive3DSR(
            evidence=[source] + ([sc] if sc is not None else []),
            content=container,
            series_instance_uid=series_uid(source.StudyInstanceUID, facts.model.sha256, "sr"),
            series_number=SR_SERIES_NUMBER,
            sop_instance_uid=generate_uid(),
            instance_number=int(source.get("InstanceNumber") or 1),
            manufacturer=MANUFACTURER,
            is_complete=True,
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise ResultError(_("structured report not built: %(exc)s") % {"exc": exc}) from exc
    sr.SeriesDescription = "CXR Triage report (assistive, not a diagnosis)"
    return sr


def build_results(
    source: Dataset, result: TriageResult, facts: Facts, gray: np.ndarray | None
) -> list[Dataset]:
    """[SC, SR] for a triaged image; [short SR] for any other (``gray``: the film to draw on)."""
    if not facts.triaged or gray is None:
        return [structured_report(source, facts)]
    sc = secondary_capture(source, sc_pixels(gray, result, facts), facts)
    return [sc, structured_report(source, facts, sc)]
