"""Test studies for the clinic workflow, made in tmp folders from the read-only shared data:
copies of the real chest DICOMs with new UIDs (adult films: out of scope, so a short SR comes
back), and real pediatric films (Kermany, the model's own population) wrapped as DICOM CR with
their JPEG bytes encapsulated as-is (in scope, so SC + SR come back)."""

from __future__ import annotations

from pathlib import Path

import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import JPEGBaseline8Bit, generate_uid

CR_STORAGE = "1.2.840.10008.5.1.4.1.1.1"
#: Chest DICOMs in the shared data that carry a file meta header (the no-preamble one does not).
CHEST_DICOMS = (
    "dcmbench/gdcm-CR-MONO1-10-chest.dcm",
    "torchxrayvision/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm",
    "torchxrayvision/Fake_MONOHR1.dcm",
    "nhsx-nccid/1.3.6.1.4.1.11129.5.5.110503645592756492463169821050252582267888.dcm",
    "nema-compsamples/chest/RG1_JLSN.dcm",
    "orthanc-tests/Issue44_Monochrome1-Jpeg.dcm",
)


def chest_copy(shared: Path, name: str, out: Path, i: int) -> Path:
    """A copy of a shared chest DICOM as a new patient, study, series and instance."""
    ds = pydicom.dcmread(shared / "dicom" / name)
    ds.PatientID = f"CXRTEST{i:03d}"
    ds.PatientName = f"Test^Adult{i:03d}"
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    target = out / f"adult-{i:03d}.dcm"
    ds.save_as(target, enforce_file_format=True)
    return target


def pediatric_dicom(jpeg: Path, out: Path, i: int) -> Path:
    """A Kermany pediatric film as a DICOM CR (JPEG baseline, the original bytes)."""
    data = jpeg.read_bytes()
    with Image.open(jpeg) as im:
        if im.mode != "L":  # a colour JPEG cannot be declared MONOCHROME2
            raise ValueError(f"{jpeg.name} is not a greyscale JPEG ({im.mode})")
        cols, rows = im.size
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CR_STORAGE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = JPEGBaseline8Bit
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CR_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientID, ds.PatientName = f"CXRPED{i:03d}", f"Test^Child{i:03d}"
    ds.PatientBirthDate, ds.PatientSex, ds.PatientAge = "", "O", "003Y"
    ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20240101", "120000", "1", ""
    ds.ReferringPhysicianName = ""
    ds.Modality, ds.BodyPartExamined, ds.ViewPosition = "CR", "CHEST", "PA"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = encapsulate([data])
    ds["PixelData"].is_undefined_length = True
    target = out / f"child-{i:03d}.dcm"
    ds.save_as(target, enforce_file_format=True)
    return target


def kermany_jpegs(shared: Path, n: int) -> list[Path]:
    """Real pediatric films from both classes (sorted, so tests are repeatable)."""
    root = shared / "kermany-fullres" / "train"
    normal = sorted((root / "NORMAL").glob("*.jpeg"))
    pneumonia = sorted((root / "PNEUMONIA").glob("*.jpeg"))
    mixed = [p for pair in zip(normal, pneumonia, strict=False) for p in pair]
    return mixed[:n]


def make_studies(shared: Path, out: Path, n_children: int, n_adults: int) -> list[Path]:
    """``n_children`` in-scope and ``n_adults`` out-of-scope studies, one image each."""
    out.mkdir(parents=True, exist_ok=True)
    files = [pediatric_dicom(j, out, i) for i, j in enumerate(kermany_jpegs(shared, n_children))]
    files += [
        chest_copy(shared, CHEST_DICOMS[i % len(CHEST_DICOMS)], out, i) for i in range(n_adults)
    ]
    return files
