"""The self-test's checks, each returning ``Check`` lines: the DICOM decoders (every installed
plugin against the known frames of ``inference.cli.selftest_fixtures``), the program's own DICOM
loader, and the shipped model on the bundled samples. ``inference.cli.selftest`` runs them in order
and prints the report; this module prints nothing itself except through the ``emit`` it is given.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pydicom
from pydicom.pixels import get_decoder

from inference.cli.selftest_fixtures import (
    CODEC_SYNTAXES,
    JPEG_BASELINE_TOLERANCE,
    build_dataset,
    codestream,
    decode_all_plugins,
    pattern,
)
from inference.core.types import LoadFailure, TriageResult
from inference.imaging.loader import try_load
from inference.imaging.walk import IMAGE_EXTENSIONS
from inference.model.session import ModelLoadError, ModelSession
from inference.triage.pipeline import PipelineOptions, triage

Status = Literal["PASS", "FAIL", "SKIP"]
#: Sample file names that say the image shows pneumonia / a normal chest (Kermany naming).
PNEUMONIA_WORDS = ("bacteria", "virus")
NORMAL_WORDS = ("normal", "im-")


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    status: Status
    detail: str = ""

    def line(self) -> str:
        return f"{self.status}  {self.name}" + (f": {self.detail}" if self.detail else "")


# --------------------------------------------------------------------------- DICOM decoders


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
