"""Plain data passed between the loader, the engine and the app. No behaviour beyond helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from inference.core.i18n import N_, Message, as_message


class FailureKind(StrEnum):
    """Why a file produced no image. Stable codes; the message carries the human detail."""

    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"  # permissions, I/O error, a directory
    EMPTY = "empty"  # zero-byte file
    NOT_AN_IMAGE = "not_an_image"  # content is no known image format
    TRUNCATED = "truncated"  # truncated/corrupt JPEG/PNG/DICOM pixel data
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"  # decompression-bomb guard
    UNSUPPORTED = "unsupported"  # e.g. a transfer syntax no installed decoder handles
    NON_IMAGE_DICOM = "non_image_dicom"  # SR, PR, KOS, RT ... or no Pixel Data
    CANCELLED = "cancelled"
    MODEL_ERROR = "model_error"
    INTERNAL = "internal"  # a bug: still reported per file, never stops a batch


class Flag(StrEnum):
    """Quality / out-of-distribution flags. A flagged result stays in the worklist, marked."""

    COLOUR = "colour"  # the file was a colour image: probably a photo, not a radiograph
    SMALL = "small"  # fewer pixels than the model input: little detail
    OUT_OF_DISTRIBUTION = "out_of_distribution"  # embedding far from the training set
    UNUSUAL_BIT_DEPTH = "unusual_bit_depth"
    UNUSUAL_PHOTOMETRIC = "unusual_photometric"  # e.g. YBR / palette in a DICOM
    NOT_CHEST = "not_chest"  # DICOM BodyPartExamined says something other than chest
    LOW_CONTRAST = "low_contrast"
    MULTI_FRAME = "multi_frame"  # a multi-frame DICOM: the first frame was scored
    LUNGS_NOT_SEEN = "lungs_not_seen"  # the lung model found no two whole lung fields
    ADULT_LIKE = "adult_like"  # the image looks like an adult's chest film
    BILEVEL = "bilevel"  # 1 bit per pixel: black and white, no grey levels to read


#: Marked for extraction; translated with ``_()`` where shown (``flags_text``).
FLAG_LABELS: dict[Flag, str] = {
    Flag.COLOUR: N_("colour image"),
    Flag.SMALL: N_("low resolution"),
    Flag.OUT_OF_DISTRIBUTION: N_("unlike training images"),
    Flag.UNUSUAL_BIT_DEPTH: N_("unusual bit depth"),
    Flag.UNUSUAL_PHOTOMETRIC: N_("unusual photometric"),
    Flag.NOT_CHEST: N_("not a chest study"),
    Flag.LOW_CONTRAST: N_("low contrast"),
    Flag.MULTI_FRAME: N_("multi-frame: frame 1 scored"),
    Flag.LUNGS_NOT_SEEN: N_("lungs not seen / cut off"),
    Flag.ADULT_LIKE: N_("looks like an adult"),
    Flag.BILEVEL: N_("1-bit black and white"),
}


@dataclass
class LoadedImage:
    """One decoded image, ready for display (bright bones) and for preprocessing.

    ``pixels`` is a 2-D float32 array in [0, 1] after Modality LUT, VOI LUT/windowing and any
    MONOCHROME1/INVERSE inversion. It may be a reduced-scale decode (``reduced_factor`` > 1) when the
    caller asked for at most ``max_side`` pixels; ``original_size`` always gives the file's size.
    ``raw`` optionally holds the pre-VOI values (modality units, float32) for interactive window/level
    with ``default_window`` (centre, width) in those units and ``invert_raw`` telling whether the
    display must be inverted (MONOCHROME1 / INVERSE).
    """

    path: Path
    pixels: np.ndarray
    format: str  # "jpeg", "png", "bmp", "tiff", "dicom"
    original_size: tuple[int, int]  # (height, width) of the full-resolution image
    reduced_factor: int = 1
    bit_depth: int = 8
    was_colour: bool = False
    photometric: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # see METADATA_KEYS
    pixel_spacing: tuple[float, float] | None = None  # mm (row, column)
    raw: np.ndarray | None = None
    default_window: tuple[float, float] | None = None
    invert_raw: bool = False
    flags: set[Flag] = field(default_factory=set)
    frame_count: int = 1
    age_years: float | None = None  # the patient's age at the study, from the DICOM values
    # a colour raster's RGB uint8 copy, for display only: filled when the viewer asks, never by scans
    display_rgb: np.ndarray | None = None


#: Worklist metadata keys a loader fills when it knows them (DICOM mostly).
METADATA_KEYS = (
    "patient_id",
    "patient_name",
    "patient_sex",
    "patient_age",
    "patient_birth_date",
    "study_date",
    "accession_number",
    "modality",
    "body_part",
    "view_position",
    "institution",
    "study_description",
    "protocol_name",
    "study_uid",  # StudyInstanceUID: the live worklist keeps a study's images together
)


@dataclass(frozen=True)
class LoadFailure:
    """A file that produced no image, with a reason a clinician can read.

    ``reason`` keeps the English template and its values apart (plain text is accepted and kept
    as it is): ``message`` renders it in the current language, so a failure met during a scan is
    shown in the language of the screen, and in English inside ``i18n.english()`` (CSV, JSON)."""

    path: Path
    kind: FailureKind
    reason: Message

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", as_message(self.reason))

    @property
    def message(self) -> str:
        """The reason in the current language."""
        return self.reason.text()

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


@dataclass
class TriageResult:
    """The outcome for one file: facts (scores, heatmap, scope, flags, metadata) or the reason there
    are none. Labels, scope reasons and order are derived by ``inference.triage.worklist``."""

    path: Path
    index: int  # position in the scan order
    metadata: dict[str, str] = field(default_factory=dict)
    pneumonia_prob: float | None = None
    class_probs: dict[str, float] = field(default_factory=dict)
    cam: np.ndarray | None = None  # displayed heat (h, w) float32 in [0, 1]: absolute, body-masked
    cam_raw: np.ndarray | None = (
        None  # the model's CAM (logit contributions), for the relative view
    )
    body: np.ndarray | None = None  # share of each CAM cell inside the body outline (no lung model)
    lungs: LungFields | None = None  # the lung fields: heat mask and the lung check's measurements
    ood_score: float | None = None  # Mahalanobis distance of the embedding to the training set
    scope_prob: float | None = None  # model's P(in scope) (2.x models; None for 1.x)
    scope_classes: dict[str, float] = field(default_factory=dict)  # P(child/adult/other), 2.1+
    flags: set[Flag] = field(default_factory=set)
    original_size: tuple[int, int] | None = None
    format: str | None = None
    decode_ms: float = 0.0
    infer_ms: float = 0.0
    error: LoadFailure | None = None
    thumbnail: np.ndarray | None = None  # small uint8 preview (<= 256 px), for tables and reports
    # the patient's age at the study (PatientAge, else StudyDate - PatientBirthDate), a number
    # read once from the DICOM values; ``metadata`` holds only the text shown, never parsed back
    age_years: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.pneumonia_prob is not None


class LoadError(Exception):
    """Raised by the image loader with a typed reason and a message a clinician can read.

    Lives here (not in ``inference.imaging.loader``, which re-exports it) so the format back-ends can
    raise it without importing the loader.
    """

    def __init__(
        self, kind: FailureKind, template: str | Message, /, **values: str | int | float | Message
    ) -> None:
        """``template``: the English text marked with ``N_()`` (``%(name)s`` for ``values``), or
        a ``Message`` made elsewhere."""
        self.reason = Message(template, **values) if isinstance(template, str) else template
        super().__init__(self.reason.english_text())
        self.kind = kind

    @property
    def message(self) -> str:
        """The reason in the current language."""
        return self.reason.text()

    def to_failure(self, path: Path) -> LoadFailure:
        return LoadFailure(path, self.kind, self.reason)


class LungProblem(StrEnum):
    """Why the lung check failed (stable codes)."""

    NOT_SEEN = "lungs_not_seen"  # fewer than two lung fields
    CUT_OFF = "lungs_cut_off"  # a lung runs along the image border
    SMALL = "lungs_small"  # the lungs are a small part of the image


#: Marked for extraction; translated with ``_()`` where shown.
PROBLEM_TEXT = {
    LungProblem.NOT_SEEN: N_("two lung fields not seen"),
    LungProblem.CUT_OFF: N_("a lung is cut off at the image edge"),
    LungProblem.SMALL: N_("the lungs are a small part of the image"),
}


@dataclass(frozen=True)
class LungFields:
    """Facts about one film's lungs: the soft display mask and the measurements of the check."""

    mask: np.ndarray  # (MASK_SIDE, MASK_SIDE) uint8, 255 = inside a lung field
    areas: tuple[float, float]  # hull area share of the plane, lung on image left / right
    edge_shares: tuple[float, float]  # share of each hull's outline on the image border
    problem: LungProblem | None
