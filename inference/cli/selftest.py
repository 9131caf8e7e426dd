"""``cxr-triage --selftest``: prove that this installation can do its job, without a display.

Why it exists: a frozen build (PyInstaller) can start fine and still be broken in ways only real
work reveals: the model or samples not bundled, onnxruntime missing a provider library, or
pydicom silently losing its decoder plugins (they are found through package metadata that
PyInstaller does not copy unless told to). So this loads the shipped model, triages the bundled
samples, checks the numbers, and decodes a tiny DICOM of every supported transfer syntax through
every decoder plugin that is present. No DICOM file is shipped: each compressed test frame is a
few hundred bytes embedded below (made by ``installer/make_selftest_codestreams.py``) that encode
a known 16x16 pattern, so a decode is compared with the exact expected pixels.

It prints one ``PASS`` / ``FAIL`` / ``SKIP`` line per check and ``RESULT: PASS`` or ``RESULT:
FAIL``; ``main`` returns 0 when every check passed and 1 otherwise. No Qt, no network, and
nothing is written anywhere except one temporary file in the system temp folder.
"""

from __future__ import annotations

import argparse
import base64
import math
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixels import get_decoder
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from inference.core.paths import resources_dir, samples_dir
from inference.core.types import LoadFailure, TriageResult
from inference.imaging.loader import try_load
from inference.imaging.walk import IMAGE_EXTENSIONS
from inference.model.session import ModelLoadError, ModelSession
from inference.triage.pipeline import PipelineOptions, triage

Status = Literal["PASS", "FAIL", "SKIP"]
EXIT_PASS, EXIT_FAIL = 0, 1
PATTERN_SIZE = 16
#: Largest per-pixel error accepted from a lossy JPEG baseline decode of the 8-bit pattern.
JPEG_BASELINE_TOLERANCE = 6
#: Sample file names that say the image shows pneumonia / a normal chest (Kermany naming).
PNEUMONIA_WORDS = ("bacteria", "virus")
NORMAL_WORDS = ("normal", "im-")

#: Compressed syntaxes the program promises to read: UID -> (name, bits of the test pattern).
CODEC_SYNTAXES: dict[str, tuple[str, int]] = {
    "1.2.840.10008.1.2.4.50": ("JPEG baseline", 8),
    "1.2.840.10008.1.2.4.70": ("JPEG lossless", 12),
    "1.2.840.10008.1.2.4.80": ("JPEG-LS lossless", 12),
    "1.2.840.10008.1.2.4.90": ("JPEG 2000 lossless", 12),
    "1.2.840.10008.1.2.5": ("RLE lossless", 12),
}

# One frame per syntax, encoding ``pattern(bits)``; regenerate with
# installer/make_selftest_codestreams.py (never edit by hand).
_CODESTREAMS: dict[str, str] = {
    "1.2.840.10008.1.2.4.50": (
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkI"
        "BgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr/wAALCAAQABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAEC"
        "AwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
        "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJ"
        "ipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3"
        "+Pn6/9oACAEBAAA/APzj+En7Lf8Aqv8AiXen8FfUHwk/Zb/1X/Eu9P4K+gPhJ+y3/qv+Jd6fwV9QfCT9lv8A"
        "1X/Eu9P4K//Z"
    ),
    "1.2.840.10008.1.2.4.70": (
        "/9j/wwALEAAQABABAREA/8QAGAABAQEBAQAAAAAAAAAAAAAABwYICRD/2gAIAQEAAQAA8qKipCKioqQioqQi"
        "oqKkJ0jVIRUVIRUVFSEVFRUhFRU0oqKkIqKipCKipCKioqQip0jhFRUhFRUVIRUVFSEVFSE0oqQioqKkIqKk"
        "IqKipCKippRUVIRUVFSEVFRUhFRUhFTpHCKioqQioqQioqKkIqKippRUhFRUVIRUVFSEVFSEVFTSioqKkIqK"
        "kIqKipCKioqQnSOEVFRUhFRUVIRUVIRUVFTSioqQioqQioqKkIqKipCKmlFRUVIRUVFSEVFSEVFRUhOkapCK"
        "ipCKioqQioqKkIqKmlFRUhFRUVIRUVIRUVFSEVOkcIqKkIqKipCKioqQioqQmlFSEVFRUhFRUhFRUVIRUVP/"
        "2Q=="
    ),
    "1.2.840.10008.1.2.4.80": (
        "/9j/9wALEAAQABABAREA//gADQH//wASAEMBFABA/9oACAEBAAAAAKU8p5Sz1Usp5Sz1UtR3zR6HP4DI0qI7"
        "yno9OsqJS0cnOo8aqy51DR2lFP4xcc7i2uuObxS3ymzOJW2VCQrXl0QtNRZVDrPk0MXHPkUKjrSdCOXHoMuu"
        "XGoJx1Bi0C4cTRvHsOgG/nML/t1B/wwt1A/rblMTjZ//YY2z+/bXzH39NX5+UqqS/DTy3v7tH19jO0fP1Z+U"
        "qREvH0NDP7/Nm5Dt8mX1+JpTqSzNxnT4M3n7zSzeXuZuK48ZyPtNLN4exm4jf62Xu9RqZdRINhNvpZez0Gpl"
        "6/Oy8Fq8ycyPNTL0+Vl37R5GTn8ZqZebi9JsviZeTwmpl5PAyb5j77HqAjGLi7zDvGHusHD3Dcw8HbTjkO0w"
        "8HZNzDv9hh3a912De4qA/9k="
    ),
    "1.2.840.10008.1.2.4.90": (
        "/0//UQApAAAAAAAQAAAAEAAAAAAAAAAAAAAAEAAAABAAAAAAAAAAAAABDwEB/1IADAAAAAEAAwQEAAH/XAAN"
        "QICIiJCIiJCIiJD/ZAAqAAFDcmVhdGVkIGJ5IEdEQ00vT3BlbkpQRUcgdmVyc2lvbiAyLjMuMP+QAAoAAAAA"
        "AUAAAf+Tz/wwJAiCHGc+HctNf8APwBYB+wPAAPnCgAz5WxvYCzf/I4cqkwuk+SafwA/ASgD8xCAB9ogAI8Kd"
        "EF79g9AVHuBcMnYgyMKvA35LSzRSEVxRU4cnT4qQFhmxv8egoGY6+YcCc1Bj4TXAB9p5AH5o8AH4HYAX+SPS"
        "fZo7VpRzgvHrXC7RRTqvuD7YEsl/ZOjEfEItH6SdEy6qfeHztpYCEhsSl7RxWiss0E1YB7JjKT9H63Bgvn7X"
        "sVp6dhagYF9BBItszGIMzZRrLflUaPVqvDs310IWcommQBgjGSwZGOzrMUgD4SPya+ZjCyQnHoLuGnvwGAlM"
        "nzSmQqOZyNJbT1HVFmIWE1Jgsa27DuKwezes7KD/dzULwXoVdYCtg01gUWywM6PX87V4LHMSwydq8Fjj/9k="
    ),
    "1.2.840.10008.1.2.5": (
        "AgAAAEAAAADUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        "APwA/AEBAgH9AvoB/QL8AwAB/AIBAwL8A/4E/gL9AwEEA/wEAQUE/QP7BPwFAAb8BPwFAQYF/QYBBQT8Bf0G"
        "AQcG/gcCBQYF/Ab7B/8I/gb7B/wIAQkI/QcBCAf9CPwJAAr8CAEJCPwJ/Qr/CP0J+gr+CwIJCgn8CvsL/wz9"
        "CvwLAQwL/Az7C/0M+w38DAENDPwN/Q4PAFSo/MEVab2C1irvQ5frsA8jdzyQ5Kn9UaVqvhJmK3/TD7cLXyR4"
        "zCDlOY1SpvpOE2cP2p/zRwxgtAjNIXXJjuI2+w9uwofbL4NInPC1CV2xdsoeDwJWqm/DF2swhNgs8UWZXrIP"
        "Jeo+kuar/1MYbMAU2S2B1Q+5DdImes6T5zuPVKj8wRVpD02h9UkOYrZ7zyN3PJDkOP0PcDWJ3TH2Sp7ytwtf"
        "JHjMIA8EWKxxxRneMoban/NHm2C0D5jsQJRZrQFVGm7Ch9svg0gPuw/UKHxBlek9Alaq/sMXaw9Po/e8EGS4"
        "fdEl6j6S5qv/D3I3i9+k+EygZbkNYSZ6zpMPBlofc8cb4DSITaH1SQ5itg=="
    ),
}


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    status: Status
    detail: str = ""

    def line(self) -> str:
        return f"{self.status}  {self.name}" + (f": {self.detail}" if self.detail else "")


# --------------------------------------------------------------------------- DICOM decoders


def pattern(bits: int, size: int = PATTERN_SIZE) -> np.ndarray:
    """A deterministic test image: smooth ramps plus a fine texture, using ``bits`` of range.

    The texture makes byte-order, bit-depth and row/column mix-ups change many pixels, so a
    decoder that is subtly wrong cannot pass an exact comparison.
    """
    r, c = np.mgrid[0:size, 0:size]
    if bits <= 8:
        values = 8 + r * 9 + c * 5  # smooth: lossy JPEG keeps it within a few grey levels
        return values.astype(np.uint8)
    values = r * 200 + c * 45 + ((r * 7 + c * 3) % 11) * 13
    return (values % (1 << bits)).astype(np.uint16)


def build_dataset(pixels: np.ndarray, bits: int, uid: str | None, frame: bytes = b"") -> Dataset:
    """A minimal single-frame MONOCHROME2 DICOM holding ``pixels`` (uid None: uncompressed)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = uid or ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.BodyPartExamined = "CHEST"
    ds.Rows, ds.Columns = (int(v) for v in pixels.shape)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    if uid is None:
        ds.PixelData = np.ascontiguousarray(pixels, dtype=f"<u{ds.BitsAllocated // 8}").tobytes()
    else:
        ds.PixelData = encapsulate([frame])
        ds["PixelData"].VR = "OB"
    return ds


def codestream(uid: str) -> bytes:
    """The embedded test frame for ``uid`` (KeyError when none is embedded)."""
    return base64.b64decode(_CODESTREAMS[uid])


def decode_all_plugins(uid: str, frame: bytes, bits: int) -> dict[str, float | None]:
    """Decode ``frame`` with every available plugin: max abs error per plugin, None on error."""
    ds = build_dataset(pattern(bits), bits, uid, frame)
    expected = pattern(bits).astype(np.int64)
    decoder = get_decoder(uid)
    errors: dict[str, float | None] = {}
    for plugin in decoder.available_plugins:
        try:
            arr, _meta = decoder.as_array(ds, decoding_plugin=plugin)
        except Exception:  # any plugin failure is a finding, reported by name
            errors[plugin] = None
            continue
        arr = np.asarray(arr)
        if arr.shape != expected.shape:
            errors[plugin] = math.inf
            continue
        errors[plugin] = float(np.abs(arr.astype(np.int64) - expected).max())
    return errors


def check_codec(uid: str) -> Check:
    """Every installed plugin for ``uid`` decodes the embedded frame to the known pattern."""
    name, bits = CODEC_SYNTAXES[uid]
    label = f"DICOM {name} ({uid})"
    try:
        decoder = get_decoder(uid)
    except NotImplementedError:
        return Check(label, "FAIL", "pydicom has no decoder for this transfer syntax")
    if not decoder.is_available:
        missing = "; ".join(
            f"{plugin}: {', '.join(deps)}" for plugin, deps in decoder.missing_dependencies.items()
        )
        return Check(label, "FAIL", f"no decoder plugin is installed ({missing})")
    tolerance = JPEG_BASELINE_TOLERANCE if bits <= 8 else 0
    errors = decode_all_plugins(uid, codestream(uid), bits)
    bad = [
        f"{plugin} {'raised an error' if err is None else f'is off by up to {err:g}'}"
        for plugin, err in errors.items()
        if err is None or err > tolerance
    ]
    if bad:
        return Check(label, "FAIL", "; ".join(bad))
    return Check(label, "PASS", f"decoded by {', '.join(errors)}")


def check_dicom_loader() -> Check:
    """An uncompressed DICOM goes through the program's own loader (file read, LUTs, VOI)."""
    label = "DICOM uncompressed via the image loader"
    pixels = pattern(12)
    ds = build_dataset(pixels, 12, None)
    with tempfile.TemporaryDirectory(prefix="cxr-triage-selftest-") as tmp:
        path = Path(tmp) / "selftest.dcm"
        pydicom.dcmwrite(path, ds, enforce_file_format=True)
        loaded = try_load(path)
    if isinstance(loaded, LoadFailure):
        return Check(label, "FAIL", loaded.message)
    img = np.asarray(loaded.pixels, dtype=np.float64)
    if loaded.format != "dicom" or img.shape != pixels.shape:
        return Check(label, "FAIL", f"read as {loaded.format} of shape {img.shape}")
    if not (np.all(np.isfinite(img)) and img.min() >= 0.0 and img.max() <= 1.0):
        return Check(label, "FAIL", "display pixels are not finite values in [0, 1]")
    corr = float(np.corrcoef(img.ravel(), pixels.ravel().astype(np.float64))[0, 1])
    if not corr > 0.95:
        return Check(label, "FAIL", f"decoded image does not match the pattern (r={corr:.3f})")
    return Check(
        label, "PASS", f"{img.shape[1]}x{img.shape[0]}, matches the pattern (r={corr:.3f})"
    )


# --------------------------------------------------------------------------- model and samples


def sample_files(folder: Path) -> list[Path]:
    """Image files directly in ``folder`` (what the bundled demo worklist shows)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS
    )


def sample_group(path: Path) -> str | None:
    """'pneumonia' / 'normal' from a Kermany-style file name, None when the name says neither."""
    name = path.name.lower()
    if any(word in name for word in PNEUMONIA_WORDS):
        return "pneumonia"
    if any(name.startswith(word) for word in NORMAL_WORDS):
        return "normal"
    return None


def check_results(
    results: Sequence[TriageResult],
    expected: int,
    cam_size: tuple[int, int],
    age_range_years: tuple[float, float] | None = None,
) -> list[Check]:
    """Scores, probabilities, heatmaps and the normal/pneumonia ordering of the sample results.
    Scope follows the model's own age range (``contract.age_range_years``), as a scan does."""
    checks: list[Check] = []
    scored = [r for r in results if r.ok]
    failed = [
        f"{r.path.name} ({r.error.message if r.error else 'no score'})" for r in results if not r.ok
    ]
    if expected and len(scored) == expected and not failed:
        checks.append(Check("samples scored", "PASS", f"{len(scored)}/{expected}"))
    else:
        detail = f"{len(scored)}/{expected} scored" + (
            f"; failed: {', '.join(failed)}" if failed else ""
        )
        checks.append(Check("samples scored", "FAIL", detail))
    if not scored:
        return checks

    def in_unit(v: float | None) -> bool:
        return v is not None and math.isfinite(v) and 0.0 <= v <= 1.0

    bad_probs = [
        r.path.name
        for r in scored
        if not in_unit(r.pneumonia_prob)
        or not all(in_unit(p) for p in r.class_probs.values())
        or abs(sum(r.class_probs.values()) - 1.0) > 1e-3
    ]
    probs = [float(r.pneumonia_prob or 0.0) for r in scored]
    if bad_probs:
        checks.append(
            Check("probabilities in [0, 1]", "FAIL", f"invalid for {', '.join(bad_probs)}")
        )
    else:
        detail = (
            f"P(pneumonia) from {min(probs):.3f} to {max(probs):.3f}; class probabilities sum to 1"
        )
        checks.append(Check("probabilities in [0, 1]", "PASS", detail))

    bad_cams = [
        r.path.name
        for r in scored
        if r.cam is None
        or r.cam.ndim != 2
        or r.cam.shape[0] < cam_size[0]
        or not np.all(np.isfinite(r.cam))
        or r.cam.min() < 0.0
        or r.cam.max() > 1.0
    ]
    if bad_cams:
        checks.append(
            Check("heatmaps finite", "FAIL", f"missing or invalid for {', '.join(bad_cams)}")
        )
    else:
        h, w = scored[0].cam.shape  # type: ignore[union-attr]
        where = "inside the lung fields" if scored[0].lungs is not None else "inside the body"
        checks.append(
            Check("heatmaps finite", "PASS", f"{len(scored)} maps of {h}x{w} in [0, 1], {where}")
        )

    groups: dict[str, list[float]] = {"pneumonia": [], "normal": []}
    for r in scored:
        group = sample_group(r.path)
        if group is not None:
            groups[group].append(float(r.pneumonia_prob or 0.0))
    if not groups["pneumonia"] or not groups["normal"]:
        checks.append(
            Check("pneumonia ranked above normal", "SKIP", "samples are not named by class")
        )
    else:
        pn, nn = np.mean(groups["pneumonia"]), np.mean(groups["normal"])
        detail = (
            f"mean P(pneumonia) {pn:.3f} over {len(groups['pneumonia'])} pneumonia samples vs "
            f"{nn:.3f} over {len(groups['normal'])} normal"
        )
        checks.append(Check("pneumonia ranked above normal", "PASS" if pn > nn else "FAIL", detail))
    if scored and any(r.scope_prob is not None for r in scored):
        from inference.triage.worklist import DEFAULT_AGE_RANGE_YEARS, TriageSettings, in_scope

        settings = TriageSettings(0.5, age_range_years=age_range_years or DEFAULT_AGE_RANGE_YEARS)
        kept = sum(in_scope(r, settings) for r in scored)
        status = "PASS" if kept == len(scored) else "FAIL"
        checks.append(
            Check("samples in scope", status, f"{kept}/{len(scored)} frontal child films")
        )
    return checks


def check_model_and_samples(
    model_path: Path | None,
    folder: Path,
    report: Callable[[Check], None],
    emit: Callable[[str], None],
) -> None:
    """Load the model, print its provenance, triage the samples and check the results."""
    try:
        session = ModelSession.load(model_path)
    except ModelLoadError as exc:
        report(Check("model loads", "FAIL", str(exc)))
        report(Check("samples scored", "SKIP", "no model"))
        return
    c = session.contract
    report(Check("model loads", "PASS", f"{c.name} from {session.path}"))
    emit(f"      model version: {c.version}")
    emit(f"      model sha256: {session.sha256}")
    emit(f"      execution provider: {session.provider} ({session.device_label})")
    emit(f"      intra-op threads: {session.threads or 'onnxruntime default'}")
    emit(f"      scope: {session.scope_note}")
    emit(f"      precision: {session.precision} ({session.path.name})")
    for note in session.fallback_notes:
        emit(f"      note: {note}")
    if session.lungs is not None:
        lc = session.lungs.contract
        report(Check("lung model loads", "PASS", f"{lc.name} from {session.lungs.path}"))
        emit(f"      lung model version: {lc.version}")
        emit(f"      lung model sha256: {session.lungs.sha256}")
    else:
        report(Check("lung model loads", "FAIL", "heat is not limited to the lungs; no lung check"))

    files = sample_files(folder)
    if not files:
        report(Check("samples scored", "FAIL", f"no sample images in {folder}"))
        return
    start = time.perf_counter()
    results = list(triage(files, session, PipelineOptions(thumbnail_size=0)))
    elapsed = time.perf_counter() - start
    emit(f"      triaged {len(results)} sample(s) in {elapsed:.2f} s")
    for check in check_results(results, len(files), c.cam_size, tuple(c.age_range_years)):
        report(check)


# --------------------------------------------------------------------------- report


def program_description() -> str:
    """Version, Python and whether this is a frozen bundle: the first thing support asks."""
    from importlib import metadata

    try:
        version = metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        version = "development build"
    kind = "installed bundle" if getattr(sys, "frozen", False) else "source install"
    return (
        f"cxr-triage {version} ({kind}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, pydicom {pydicom.__version__}"
    )


def run_checks(model_path: Path | None, folder: Path, emit: Callable[[str], None]) -> list[Check]:
    """Every check, printing each line as soon as it is known (a hang shows where it stopped)."""
    checks: list[Check] = []

    def report(check: Check) -> None:
        checks.append(check)
        emit(check.line())

    check_model_and_samples(model_path, folder, report, emit)
    report(check_dicom_loader())
    for uid in CODEC_SYNTAXES:
        report(check_codec(uid))
    return checks


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxr-triage --selftest",
        description="Check that this installation can load the model, triage the bundled "
        "samples and decode every supported DICOM syntax. Exit 0 when healthy, 1 otherwise.",
    )
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help="ONNX model (default: the bundled one)")
    parser.add_argument("--samples", type=Path, help="folder of sample images (default: bundled)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the self-test; 0 when every check passed, 1 otherwise (2 for a usage error).

    With ``argv`` None the process arguments are read leniently: ``app.cli`` has already
    validated them and passes ``--selftest`` along with viewer options that do not apply here.
    """
    stream = out or sys.stdout
    parser = build_parser()
    try:
        if argv is None:
            args, _ignored = parser.parse_known_args(sys.argv[1:])
        else:
            args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2

    def emit(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    folder = args.samples if args.samples is not None else samples_dir()
    emit("CXR Triage self-test")
    emit(f"      program: {program_description()}")
    emit(f"      resources: {resources_dir()}")
    start = time.perf_counter()
    checks = run_checks(args.model, folder, emit)
    failed = [c for c in checks if c.status == "FAIL"]
    elapsed = time.perf_counter() - start
    if failed:
        emit(f"RESULT: FAIL ({len(failed)} of {len(checks)} checks failed, {elapsed:.1f} s)")
        return EXIT_FAIL
    emit(f"RESULT: PASS ({len(checks)} checks, {elapsed:.1f} s)")
    return EXIT_PASS


if __name__ == "__main__":
    sys.exit(main())
