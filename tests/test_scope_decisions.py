"""Issue 21, "one decision, one place": every scope decision is made in
``inference/triage/scope_rules.py``, the chest vocabulary is one set (``inference/imaging/body_part.py``),
ages are typed values read once from the DICOM (never formatted text parsed back), and every surface
that draws heat asks ``worklist.shows_heatmap``. The user's path is ``cxr-triage scan``: DICOM files
in, a JSON worklist out.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from inference.cli.scan_command import main
from inference.clinic import results_dicom as rd
from inference.core.types import Flag, LungProblem, TriageResult
from inference.imaging.body_part import CHEST_WORDS, is_not_chest, other_body_part
from inference.imaging.dicom_meta import read_age_years
from inference.triage.scope_rules import model_scope_flags
from inference.triage.worklist import TriageSettings, in_scope

REPO = Path(__file__).resolve().parents[1]
CR = "1.2.840.10008.5.1.4.1.1.1"


def _film_dicom(path: Path, film: np.ndarray, **tags: str) -> Path:
    """A real child's chest film (a bundled sample) as a CR DICOM with the given tags."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CR
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = CR, meta.MediaStorageSOPInstanceUID
    ds.Modality, ds.ViewPosition = "CR", "PA"
    ds.Rows, ds.Columns = film.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit, ds.PixelRepresentation = 7, 0
    ds.PixelData = np.ascontiguousarray(film, dtype=np.uint8).tobytes()
    for key, value in tags.items():
        setattr(ds, key, value)
    ds.save_as(path, enforce_file_format=True)
    return path


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path, model_path: Path):
    """One scan through the CLI of films whose tags test the age and body-part rules."""
    sample = sorted(samples_dir.glob("*NORMAL*.jpeg")) or sorted(samples_dir.glob("*.jpeg"))
    film = cv2.imread(str(sample[0]), cv2.IMREAD_GRAYSCALE)
    film = cv2.resize(film, (384, 320), interpolation=cv2.INTER_AREA)
    folder = tmp_path_factory.mktemp("films")
    cases = {
        "child": {"PatientAge": "003Y"},
        "adult": {"PatientAge": "045Y"},
        "born1960": {"PatientBirthDate": "19600301", "StudyDate": "20200101"},
        "placeholder_birth": {"PatientBirthDate": "19000101", "StudyDate": "20190601"},
        "torso_words": {"StudyDescription": "TORSO AND HAND", "PatientAge": "003Y"},
        "knee_words": {"StudyDescription": "KNEE 2 VIEWS", "PatientAge": "003Y"},
        "torso_tag": {"BodyPartExamined": "TORSO", "PatientAge": "003Y"},
    }
    for name, tags in cases.items():
        _film_dicom(folder / f"{name}.dcm", film, **tags)
    out = tmp_path_factory.mktemp("out") / "worklist.json"
    assert main(["scan", str(folder), "--json", str(out), "--model", str(model_path)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    return {Path(d["file"]).stem: d for d in doc["results"]}


def _codes(row: dict) -> list[str]:
    return [r["code"] for r in row["scope_reasons"]]


def _texts(row: dict) -> str:
    return "; ".join(r["text"] for r in row["scope_reasons"])


# -- ages are typed values ------------------------------------------------------------------------
def test_the_scan_reads_ages_from_the_dicom_values(scanned: dict) -> None:
    assert "age" not in _codes(scanned["child"])
    assert "adult (45 years)" in _texts(scanned["adult"])
    assert "adult (60 years)" in _texts(scanned["born1960"])  # StudyDate - PatientBirthDate
    # a 1900 birth date is a placeholder: an unknown age, not a "119-year-old"
    assert "age" not in _codes(scanned["placeholder_birth"])
    assert "years" not in _texts(scanned["placeholder_birth"])
    assert scanned["adult"]["metadata"]["patient_age"] == "45 y"  # the text is only shown


@pytest.mark.parametrize(
    ("tags", "years"),
    [
        ({"PatientAge": "045Y"}, 45.0),
        ({"PatientAge": "006M"}, 0.5),
        ({"PatientAge": "026W"}, 26 * 7 / 365.25),
        ({"PatientAge": "010D"}, 10 / 365.25),
        ({"PatientAge": "81"}, 81.0),  # no unit, common in real files: years
        ({"PatientAge": "garbage"}, None),
        ({"PatientBirthDate": "19600301", "StudyDate": "20200101"}, 59.84),
        ({"PatientBirthDate": "19000101", "StudyDate": "20190601"}, None),
        ({"PatientBirthDate": "20200101", "StudyDate": "20190601"}, None),  # born after the study
        ({}, None),
    ],
)
@pytest.mark.filterwarnings("ignore:Invalid value for VR AS")
def test_read_age_years_reads_the_dicom_values(tags: dict[str, str], years: float | None) -> None:
    ds = Dataset()
    for key, value in tags.items():
        setattr(ds, key, value)
    got = read_age_years(ds)
    assert got == (None if years is None else pytest.approx(years, abs=0.01))


def test_metadata_text_is_never_parsed_back_into_an_age() -> None:
    r = TriageResult(path=Path("x.dcm"), index=0, pneumonia_prob=0.4,
                     metadata={"patient_age": "45 y", "patient_birth_date": "1960-03-01",
                               "study_date": "2020-01-01"})  # fmt: skip
    assert r.age_years is None and in_scope(r, TriageSettings(0.5))
    r.age_years = 45.0
    assert not in_scope(r, TriageSettings(0.5))


# -- one chest vocabulary -------------------------------------------------------------------------
def test_the_scan_uses_one_chest_vocabulary(scanned: dict) -> None:
    # TORSO names the chest for the BodyPartExamined flag, so it does for descriptions too
    assert "not_chest" not in _codes(scanned["torso_words"])
    assert "not_chest" not in scanned["torso_tag"]["flags"]
    assert "not a chest study (knee)" in _texts(scanned["knee_words"])


@pytest.mark.parametrize(
    "word", ["CHEST", "THORAX", "TORACE", "BRUST", "POITRINE", "PECHO", "PULMON", "TORSO"]
)
def test_a_chest_word_is_chest_for_the_tag_and_the_description(word: str) -> None:
    assert CHEST_WORDS.search(word)
    assert not is_not_chest(word)
    assert other_body_part(f"{word} AND HAND") is None
    assert other_body_part("XR HAND 2 VIEWS") == "hand" and is_not_chest("HAND")


def test_no_module_keeps_its_own_chest_words() -> None:
    """The vocabulary is in body_part.py only: no other module spells out the chest words."""
    spelled = []
    for path in sorted((REPO / "inference").rglob("*.py")) + sorted(
        (REPO / "training").rglob("*.py")
    ):
        if path.name == "body_part.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "POITRINE" in text or "THORA|" in text or "KNEE|" in text:
            spelled.append(str(path.relative_to(REPO)))
    assert not spelled, f"a second chest vocabulary: {spelled}"


# -- the model's scope rule is in scope_rules ------------------------------------------------------
def _contract(scope_t: float | None = 0.5, ood_t: float | None = 10.0, probe_t: float | None = 0.4):
    return SimpleNamespace(
        scope_threshold=scope_t,
        ood=None if ood_t is None else SimpleNamespace(threshold=ood_t),
        scope_probe=None if probe_t is None else SimpleNamespace(threshold=probe_t),
    )


@pytest.mark.parametrize(
    ("kwargs", "flags"),
    [
        ({"distance": 3.0, "scope": 0.9, "probe": (0.9, 0.05, 0.05)}, set()),
        ({"distance": 30.0, "scope": 0.9, "probe": None}, {Flag.OUT_OF_DISTRIBUTION}),
        ({"distance": float("nan"), "scope": None, "probe": None}, {Flag.OUT_OF_DISTRIBUTION}),
        ({"distance": 3.0, "scope": 0.2, "probe": None}, {Flag.OUT_OF_DISTRIBUTION}),
        ({"distance": None, "scope": None, "probe": (0.1, 0.8, 0.1)}, {Flag.ADULT_LIKE}),
        ({"distance": None, "scope": None, "probe": (0.1, 0.1, 0.8)}, {Flag.OUT_OF_DISTRIBUTION}),
    ],
)
def test_model_scope_flags_follow_the_contract(kwargs: dict, flags: set[Flag]) -> None:
    assert model_scope_flags(_contract(), lungs=None, **kwargs) == flags


def test_a_1x_contract_rests_on_the_distance_and_a_failed_lung_check_is_a_flag() -> None:
    old = _contract(scope_t=None, probe_t=None)
    assert model_scope_flags(old, 3.0, None, None, None) == set()
    lungs = SimpleNamespace(problem=LungProblem.CUT_OFF)
    assert model_scope_flags(old, 3.0, None, None, lungs) == {Flag.LUNGS_NOT_SEEN}  # type: ignore[arg-type]


def test_no_scope_threshold_is_compared_outside_scope_rules() -> None:
    """The batch turns outputs into facts; only scope_rules compares them with the thresholds."""
    for path in sorted((REPO / "inference").rglob("*.py")):
        if path.name in ("scope_rules.py", "contract.py", "lung_contract.py"):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("ood.threshold", "probe.threshold", "scope_threshold or", "pp[0] <"):
            assert needle not in text, f"{path.relative_to(REPO)} decides scope ({needle})"


# -- one heatmap rule --------------------------------------------------------------------------------
def test_the_clinic_secondary_capture_asks_shows_heatmap() -> None:
    """An out-of-scope film that still carries a CAM gets no heat burned into a DICOM result."""
    cam = np.zeros((14, 14), np.float32)
    cam[4:9, 3:7] = 1.0
    model = rd.ModelInfo("CXR Triage pneumonia model", "2.1.0", "ab" * 32)
    settings = TriageSettings(0.5)
    child = TriageResult(path=Path("c.dcm"), index=0, pneumonia_prob=0.9, cam=cam,
                         class_probs={"normal": 0.1, "bacterial": 0.9}, age_years=3.0)  # fmt: skip
    adult = TriageResult(path=Path("a.dcm"), index=1, pneumonia_prob=0.9, cam=cam,
                         class_probs={"normal": 0.1, "bacterial": 0.9}, age_years=45.0)  # fmt: skip
    gray = np.full((100, 100), 90, np.uint8)
    assert rd.facts_of(child, settings, model).heat
    assert not rd.facts_of(adult, settings, model).heat
    film = rd.sc_pixels(gray, adult, rd.facts_of(adult, settings, model))[:100]
    assert np.all(film == 90), "heat drawn on an out-of-scope film"
    hot = rd.sc_pixels(gray, child, rd.facts_of(child, settings, model))[:100]
    assert not np.all(hot == 90)
