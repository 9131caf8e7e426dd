"""DICOM loading on the 25 real files in shared/data/dicom plus DICOMs generated per test."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

from inference.core.types import FailureKind, Flag, LoadedImage, LoadFailure
from inference.imaging import dicom_frames
from inference.imaging.loader import LoadError, load_image, try_load
from inference.imaging.raster_io import downsample

CR = UID("1.2.840.10008.5.1.4.1.1.1")
SIIM = "torchxrayvision/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"
FAKE_MONO1 = "torchxrayvision/Fake_MONOHR1.dcm"
GDCM_CHEST = "dcmbench/gdcm-CR-MONO1-10-chest.dcm"
NO_PREAMBLE = "dcmfx/fo-dicom_CR-MONO1-10-chest_no-preamble.dcm"
CANINE = "highdicom/non_chest/dx_image_canine_lateral_thorax.dcm"
MONO1_CHESTS = [
    GDCM_CHEST,
    "nema-compsamples/chest/RG1_J2KI.dcm",
    "nema-compsamples/chest/RG1_JLSN.dcm",
    "orthanc-tests/Issue44_Monochrome1-Jpeg.dcm",
]
MONO2_CHESTS = [
    SIIM,
    "nhsx-nccid/1.3.6.1.4.1.11129.5.5.110503645592756492463169821050252582267888.dcm",
]


def _manifest() -> list[dict[str, str]]:
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "dicom" / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


MANIFEST = _manifest()


@pytest.fixture(scope="module")
def dicom_dir(shared_data: Path) -> Path:
    return shared_data / "dicom"


def _load(dicom_dir: Path, rel: str, **kw) -> LoadedImage:
    return load_image(dicom_dir / rel, **kw)


def _lung_and_mediastinum(pixels: np.ndarray) -> tuple[float, float]:
    """Mean of the central column (spine/heart) and of both lung fields, rows 30-60 %."""
    h, w = pixels.shape
    rows = slice(int(0.3 * h), int(0.6 * h))
    centre = pixels[rows, int(0.45 * w) : int(0.55 * w)].mean()
    lungs = np.concatenate(
        [
            pixels[rows, int(0.2 * w) : int(0.35 * w)].ravel(),
            pixels[rows, int(0.65 * w) : int(0.8 * w)].ravel(),
        ]
    ).mean()
    return float(centre), float(lungs)


# --------------------------------------------------------------------------- the real files


def test_manifest_lists_every_file(dicom_dir: Path) -> None:
    on_disk = sorted(str(p.relative_to(dicom_dir)) for p in dicom_dir.rglob("*.dcm"))
    assert len(on_disk) == 25
    assert sorted(row["file"] for row in MANIFEST) == on_disk


@pytest.mark.parametrize("row", MANIFEST, ids=[r["file"].split("/")[-1][:40] for r in MANIFEST])
def test_every_real_dicom_loads(dicom_dir: Path, row: dict[str, str]) -> None:
    """All 25 decode here, including JPEG Extended (see test_jpeg_extended_*)."""
    img = _load(dicom_dir, row["file"])
    rows, cols = int(row["rows"]), int(row["cols"])
    assert img.format == "dicom"
    assert img.original_size == (rows, cols)
    assert img.pixels.shape == (rows, cols)
    assert img.pixels.dtype == np.float32
    assert float(img.pixels.min()) >= 0.0 and float(img.pixels.max()) <= 1.0
    assert img.pixels.std() > 0.05, "a blank or flat image means the window went wrong"
    assert img.photometric == row["photometric"]
    assert img.bit_depth == int(row["bits_stored"])
    assert img.raw is not None and img.raw.shape == (rows, cols)
    assert img.default_window is not None and img.default_window[1] > 0
    assert img.invert_raw == (row["photometric"] == "MONOCHROME1")
    if row["modality"]:
        assert img.metadata["modality"] == row["modality"]
    chest_like = row["body_part"] in ("CHEST", "THORAX", "")
    assert (Flag.NOT_CHEST in img.flags) == (not chest_like)
    assert (Flag.UNUSUAL_PHOTOMETRIC in img.flags) == row["photometric"].startswith("YBR")
    assert Flag.COLOUR not in img.flags  # the YBR file is a grey radiograph stored as colour


@pytest.mark.parametrize("name", ["RG2", "RG3"])
def test_jpeg_extended_decodes_via_scan_header_fix(dicom_dir: Path, name: str) -> None:
    """The NEMA JPLY files say Se=0 in their scan header: pydicom's plugins refuse them as is.

    The loader patches that byte (as GDCM/DCMTK tolerate it) and the result matches the
    lossless JPEG copy of the same image to within lossy-compression error.
    """
    lossy = dicom_dir / f"nema-compsamples/non_chest/{name}_JPLY.dcm"
    with pytest.raises(RuntimeError, match="scan stop must be 63"):
        _ = pydicom.dcmread(lossy).pixel_array
    img = load_image(lossy)
    reference = load_image(dicom_dir / f"nema-compsamples/non_chest/{name}_JPLL.dcm")
    assert img.raw is not None and reference.raw is not None
    corr = np.corrcoef(img.raw.ravel(), reference.raw.ravel())[0, 1]
    assert corr > 0.9995
    assert np.abs(img.pixels - reference.pixels).mean() < 0.01


def test_same_image_in_every_transfer_syntax_agrees(dicom_dir: Path) -> None:
    lossless = ["RG2_JPLL", "RG2_JLSL", "RG2_J2KR", "RG2_RLE"]
    imgs = [load_image(dicom_dir / f"nema-compsamples/non_chest/{n}.dcm") for n in lossless]
    for img in imgs[1:]:
        assert img.raw is not None and imgs[0].raw is not None
        assert np.array_equal(img.raw, imgs[0].raw)


def test_rle_file_with_tiff_header_in_preamble_is_dicom(dicom_dir: Path) -> None:
    """The NEMA RLE samples carry a TIFF header in their preamble: DICM must win."""
    path = dicom_dir / "nema-compsamples/non_chest/RG2_RLE.dcm"
    assert path.read_bytes()[:4] == b"II*\x00"
    assert load_image(path).format == "dicom"


def test_fake_monochrome1_is_exact_inverse_of_the_original(dicom_dir: Path) -> None:
    """Same stored pixels, only PhotometricInterpretation differs: MONOCHROME1 means "low is
    white", so the fake must display as the exact negative of the genuine MONOCHROME2 file."""
    original = _load(dicom_dir, SIIM)
    fake = _load(dicom_dir, FAKE_MONO1)
    assert original.raw is not None and fake.raw is not None
    assert np.array_equal(original.raw, fake.raw)
    assert not original.invert_raw and fake.invert_raw
    np.testing.assert_allclose(fake.pixels, 1.0 - original.pixels, atol=1e-6)
    # 8-bit data with no window is shown over its full stored range, i.e. exactly value / 255.
    np.testing.assert_allclose(original.pixels, original.raw / 255.0, atol=1e-6)


@pytest.mark.parametrize("rel", MONO1_CHESTS + MONO2_CHESTS)
def test_chest_has_bright_mediastinum_and_dark_lungs(dicom_dir: Path, rel: str) -> None:
    """Bright bones for both photometric interpretations: the spine/heart column is brighter."""
    img = _load(dicom_dir, rel, max_side=256)
    centre, lungs = _lung_and_mediastinum(img.pixels)
    assert centre > lungs + 0.15, (centre, lungs)


def test_no_preamble_file_equals_the_copy_with_file_meta(dicom_dir: Path) -> None:
    raw = (dicom_dir / NO_PREAMBLE).read_bytes()
    assert raw[128:132] != b"DICM" and raw[:2] == b"\x08\x00"
    with pytest.raises(pydicom.errors.InvalidDicomError):
        pydicom.dcmread(dicom_dir / NO_PREAMBLE)
    forced = _load(dicom_dir, NO_PREAMBLE)
    normal = _load(dicom_dir, GDCM_CHEST)
    assert np.array_equal(forced.pixels, normal.pixels)
    assert forced.raw is not None and normal.raw is not None
    assert np.array_equal(forced.raw, normal.raw)
    assert forced.default_window == normal.default_window == (550.0, 1024.0)
    assert forced.metadata == normal.metadata
    assert forced.metadata["body_part"] == "CHEST"


def test_canine_inverse_presentation_lut_is_applied_once(dicom_dir: Path) -> None:
    """MONOCHROME1 + Presentation LUT Shape INVERSE describe one inversion (DX IOD), not two.

    Window 128/256 (LINEAR) maps stored value x to x/255, so the display must be 1 - x/255:
    air above the back dark, spine and ribs bright.
    """
    path = dicom_dir / CANINE
    ds = pydicom.dcmread(path)
    assert ds.PhotometricInterpretation == "MONOCHROME1" and ds.PresentationLUTShape == "INVERSE"
    img = load_image(path)
    np.testing.assert_allclose(img.pixels, 1.0 - ds.pixel_array / 255.0, atol=1e-5)
    assert img.invert_raw
    assert img.pixels[:8].mean() < 0.15  # air above the dog's back
    assert img.pixels.mean() > 0.3


def test_modality_lut_sequence_is_applied(dicom_dir: Path) -> None:
    path = dicom_dir / "dcmfx/non_chest/CR-ModalitySequenceLUT_dental.dcm"
    ds = pydicom.dcmread(path)
    expected = pydicom.pixels.apply_modality_lut(ds.pixel_array, ds).astype(np.float32)
    img = load_image(path)
    assert img.raw is not None
    assert np.array_equal(img.raw, expected)
    assert img.invert_raw and img.pixel_spacing == (0.15, 0.15)
    assert img.metadata["patient_birth_date"] == "1900-01-01"


def test_ybr_colour_dicom_becomes_grey(dicom_dir: Path) -> None:
    img = _load(dicom_dir, "vpop-pro/non_chest/jpeg-baseline.dcm")
    assert img.photometric == "YBR_FULL_422"
    assert Flag.UNUSUAL_PHOTOMETRIC in img.flags
    assert not img.was_colour and Flag.COLOUR not in img.flags
    assert img.pixels.shape == (2421, 1296)


def test_metadata_and_spacing(dicom_dir: Path) -> None:
    rg1 = _load(dicom_dir, "nema-compsamples/chest/RG1_J2KI.dcm", max_side=224)
    assert rg1.metadata == {
        "patient_id": "9RG1",
        "patient_name": "CompressedSamples, RG1",
        "patient_sex": "F",
        "patient_birth_date": "1940-03-05",
        "study_date": "2004-08-26",
        "accession_number": "exam Number",
        "modality": "CR",
        "body_part": "CHEST",
        "view_position": "PA",
        "institution": "Philips Medical Systems Hamburg",
        "study_description": "THORAX",
        "study_uid": "1.3.6.1.4.1.5962.1.2.9.20040826185059.5457",
    }
    assert rg1.pixel_spacing is None  # the file says 0.000\0.000: unknown, not zero
    issue44 = _load(dicom_dir, "orthanc-tests/Issue44_Monochrome1-Jpeg.dcm", max_side=224)
    assert issue44.pixel_spacing == (0.175, 0.175)
    assert "body_part" not in issue44.metadata  # present but empty: treated as absent
    canine = _load(dicom_dir, CANINE)
    assert canine.metadata["patient_age"] == "5 y"
    assert canine.metadata["body_part"] == "THORAX"


def test_reduced_decode_matches_downsampled_full_decode(dicom_dir: Path) -> None:
    path = dicom_dir / "nema-compsamples/chest/RG1_J2KI.dcm"
    full = load_image(path)
    small = load_image(path, max_side=224)
    assert small.reduced_factor == 8  # 1955 / 8 = 245 >= 224, / 16 would be too small
    assert small.pixels.shape == (245, 231)
    assert small.original_size == full.original_size == (1955, 1841)
    assert small.raw is None, "batch triage must not hold the full-resolution raw values"
    np.testing.assert_allclose(small.pixels, downsample(full.pixels, 8), atol=1e-6)
    assert load_image(path, max_side=600).reduced_factor == 2
    assert load_image(path, max_side=5000).reduced_factor == 1


def test_reading_never_writes_to_the_source_folder(dicom_dir: Path) -> None:
    def snapshot() -> list[tuple[str, int, int]]:
        return sorted(
            (str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in dicom_dir.rglob("*")
        )

    before = snapshot()
    for rel in (NO_PREAMBLE, CANINE, SIIM):
        load_image(dicom_dir / rel)
    assert snapshot() == before


# --------------------------------------------------------------------------- generated files


def make_dicom(
    path: Path,
    pixels: np.ndarray | None,
    sop_class: str = CR,
    **attrs: object,
) -> Path:
    """Write a minimal valid DICOM (explicit VR little endian) with optional pixel data."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(sop_class)
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = UID(sop_class)
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CR"
    ds.PatientID = "TEST-1"
    if pixels is not None:
        frames = pixels if pixels.ndim == 3 else pixels[None]
        ds.Rows, ds.Columns = frames.shape[1:]
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        bits = 8 if pixels.dtype.itemsize == 1 else 16
        ds.BitsAllocated = bits
        ds.BitsStored = bits
        ds.HighBit = bits - 1
        ds.PixelRepresentation = 1 if pixels.dtype.kind == "i" else 0
        if pixels.ndim == 3:
            ds.NumberOfFrames = pixels.shape[0]
        ds.PixelData = frames.tobytes()
    for key, value in attrs.items():
        setattr(ds, key, value)
    ds.save_as(path, enforce_file_format=True)
    return path


def _ramp(h: int = 64, w: int = 48, dtype: type = np.uint16, top: int = 4095) -> np.ndarray:
    return (np.linspace(0, top, h * w).reshape(h, w)).astype(dtype)


def test_generated_dicom_roundtrip_and_non_ascii_name(tmp_path: Path) -> None:
    arr = _ramp()
    img = load_image(make_dicom(tmp_path / "röntgen_肺.dcm", arr, BitsStored=12))
    assert img.raw is not None and np.array_equal(img.raw, arr.astype(np.float32))
    assert img.bit_depth == 12 and not img.flags
    # no window in the file: 0.5-99.5 percentile window, so the ramp spans almost all of [0, 1]
    assert img.pixels[0, 0] == 0.0 and img.pixels[-1, -1] == 1.0


def test_dicom_without_pixel_data_is_non_image(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "nopix.dcm", None, Rows=64, Columns=64)
    failure = try_load(path)
    assert isinstance(failure, LoadFailure)
    assert failure.kind is FailureKind.NON_IMAGE_DICOM
    assert failure.message == "DICOM file without pixel data"


def test_structured_report_is_named(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "sr.dcm", None, sop_class="1.2.840.10008.5.1.4.1.1.88.11")
    failure = try_load(path)
    assert isinstance(failure, LoadFailure)
    assert failure.kind is FailureKind.NON_IMAGE_DICOM
    assert failure.message == "DICOM Basic Text SR object, not an image"


def test_object_without_rows_is_non_image(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "x.dcm", None, sop_class="1.2.840.10008.5.1.4.1.1.7")
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.NON_IMAGE_DICOM
    assert "no Rows/Columns" in failure.message


def test_random_bytes_named_dcm(tmp_path: Path) -> None:
    path = tmp_path / "noise.dcm"
    path.write_bytes(np.random.default_rng(3).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.NOT_AN_IMAGE


def test_truncated_native_pixel_data(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "t.dcm", _ramp(256, 256))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60_000])
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.TRUNCATED
    assert failure.message == "truncated DICOM (pixel data ends early: 71072 of 131072 bytes)"


@pytest.mark.filterwarnings("ignore:End of file reached before delimiter")
@pytest.mark.parametrize("cut", [1000, 100_000])
def test_truncated_compressed_pixel_data(tmp_path: Path, dicom_dir: Path, cut: int) -> None:
    """pydicom silently drops a cut-off encapsulated Pixel Data: not "no pixel data"."""
    data = (dicom_dir / "nema-compsamples/chest/RG1_J2KI.dcm").read_bytes()
    path = tmp_path / "cut.dcm"
    path.write_bytes(data[: len(data) - cut])
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.TRUNCATED
    assert failure.message == "truncated DICOM (file ends inside the pixel data)"


def test_header_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "bomb.dcm", None, Rows=60000, Columns=60000, BitsAllocated=16)
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.TOO_LARGE
    assert failure.message == "image is 60000x60000 (3600 MP), larger than the 200 MP limit"


def test_missing_decoder_names_the_package(tmp_path: Path, dicom_dir: Path, monkeypatch) -> None:
    class Unavailable:
        is_available = False

    monkeypatch.setattr(dicom_frames, "get_decoder", lambda ts: Unavailable())
    failure = try_load(dicom_dir / "nema-compsamples/non_chest/RG2_JPLY.dcm")
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.UNSUPPORTED
    assert failure.message == (
        "unsupported transfer syntax 1.2.840.10008.1.2.4.51 (JPEG Extended (Process 2 and 4)) "
        "— install pylibjpeg-libjpeg or python-gdcm"
    )


def test_transfer_syntax_without_any_decoder(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "mpeg.dcm", _ramp(8, 8))
    ds = pydicom.dcmread(path)
    ds.file_meta.TransferSyntaxUID = UID("1.2.840.10008.1.2.4.100")  # MPEG2 video
    ds.PixelData = pydicom.encaps.encapsulate([b"\x00" * 16])
    ds.save_as(path, enforce_file_format=True)
    failure = try_load(path)
    assert isinstance(failure, LoadFailure) and failure.kind is FailureKind.UNSUPPORTED
    assert "1.2.840.10008.1.2.4.100" in failure.message and "MPEG2" in failure.message


def test_window_outside_the_data_is_ignored(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "w.dcm", _ramp(), WindowCenter=40000, WindowWidth=100)
    img = load_image(path)
    assert img.pixels.std() > 0.2  # not an all-black image
    assert img.default_window != (40000.0, 100.0)


def test_file_window_linear_and_sigmoid(tmp_path: Path) -> None:
    arr = _ramp(16, 16, top=1000)
    lin = load_image(make_dicom(tmp_path / "l.dcm", arr, WindowCenter=500, WindowWidth=201))
    expected = np.clip((arr - 499.5) / 200.0 + 0.5, 0, 1)
    np.testing.assert_allclose(lin.pixels, expected, atol=1e-5)
    sig = load_image(
        make_dicom(
            tmp_path / "s.dcm", arr, WindowCenter=500, WindowWidth=200, VOILUTFunction="SIGMOID"
        )
    )
    np.testing.assert_allclose(
        sig.pixels, 1 / (1 + np.exp(-4 * (arr.astype(float) - 500) / 200)), atol=1e-5
    )


def test_rescale_and_signed_pixels(tmp_path: Path) -> None:
    arr = (np.arange(32 * 32).reshape(32, 32) - 512).astype(np.int16)
    path = make_dicom(tmp_path / "ct.dcm", arr, RescaleSlope=2, RescaleIntercept=-1024)
    img = load_image(path)
    assert img.raw is not None
    np.testing.assert_allclose(img.raw, arr * 2.0 - 1024)


def test_voi_lut_sequence(tmp_path: Path) -> None:
    arr = _ramp(16, 16, top=255)
    item = Dataset()
    item.LUTDescriptor = [256, 0, 16]
    item.LUTData = [int(v) for v in (np.arange(256)[::-1] * 16)]  # a decreasing LUT
    item["LUTData"].VR = "US"
    path = make_dicom(tmp_path / "lut.dcm", arr, BitsStored=16, VOILUTSequence=[item])
    img = load_image(path)
    np.testing.assert_allclose(img.pixels, 1.0 - np.round(arr) / 255.0, atol=1e-5)


def test_monochrome2_with_inverse_presentation_is_inverted(tmp_path: Path) -> None:
    arr = _ramp(8, 8, np.uint8, 255)
    plain = load_image(make_dicom(tmp_path / "a.dcm", arr))
    inverse = load_image(make_dicom(tmp_path / "b.dcm", arr, PresentationLUTShape="INVERSE"))
    assert inverse.invert_raw and not plain.invert_raw
    np.testing.assert_allclose(inverse.pixels, 1.0 - plain.pixels, atol=1e-6)


def test_multi_frame_takes_the_first_frame(tmp_path: Path) -> None:
    frames = np.stack([_ramp(), _ramp()[::-1].copy(), _ramp()])
    img = load_image(make_dicom(tmp_path / "mf.dcm", frames))
    assert img.frame_count == 3
    assert img.raw is not None and np.array_equal(img.raw, frames[0].astype(np.float32))


def test_not_chest_flag_only_for_other_body_parts(tmp_path: Path) -> None:
    arr = _ramp(8, 8, np.uint8, 255)
    for body, flagged in [("KNEE", True), ("CHEST", False), ("PORT CHEST", False), ("", False)]:
        img = load_image(make_dicom(tmp_path / f"{body or 'none'}.dcm", arr, BodyPartExamined=body))
        assert (Flag.NOT_CHEST in img.flags) is flagged, body


def test_load_error_carries_kind_and_message(tmp_path: Path) -> None:
    path = make_dicom(tmp_path / "nopix.dcm", None, Rows=4, Columns=4)
    with pytest.raises(LoadError) as info:
        load_image(path)
    assert info.value.kind is FailureKind.NON_IMAGE_DICOM
    assert str(info.value) == info.value.message


def test_sos_patch_only_touches_sequential_scans() -> None:
    sequential = bytearray(
        b"\xff\xd8\xff\xc1\x00\x0b" + bytes(9) + b"\xff\xda\x00\x08\x01\x01\x00\x00\x00\x00"
    )
    assert dicom_frames.patch_sequential_scan_end(sequential)
    assert sequential[-2] == 63
    lossless = bytearray(
        b"\xff\xd8\xff\xc3\x00\x0b" + bytes(9) + b"\xff\xda\x00\x08\x01\x01\x00\x01\x00\x00"
    )
    assert not dicom_frames.patch_sequential_scan_end(lossless)


def test_copy_of_real_file_with_extensionless_name(tmp_path: Path, dicom_dir: Path) -> None:
    target = tmp_path / "IM000001"
    shutil.copy(dicom_dir / CANINE, target)
    assert load_image(target).format == "dicom"
