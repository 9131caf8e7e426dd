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
from inference.core.i18n import N_, Message, _, format_number, ngettext
from inference.core.types import LoadFailure, TriageResult
from inference.imaging.loader import try_load
from inference.imaging.walk import IMAGE_EXTENSIONS
from inference.model.session import ModelLoadError, ModelSession
from inference.triage.pipeline import PipelineOptions, triage

Status = Literal["PASS", "FAIL", "SKIP"]
#: Sample file names that say the image shows pneumonia / a normal chest (Kermany naming).
PNEUMONIA_WORDS = ("bacteria", "virus")
NORMAL_WORDS = ("normal", "im-")


#: The self-test's indent for a line of information under a check (no status token).
INFO_INDENT = "      "


@dataclass(frozen=True)
class Check:
    """One line of the report. ``name`` is the check's English name marked with ``N_()`` (a stable
    key: tests and callers look checks up by it) or a ``Message``; it is translated in ``line()``.
    ``detail`` is already in the current language. ``status`` (PASS / FAIL / SKIP) is a token the
    installers' smoke tests grep: it is never translated."""

    name: str | Message
    status: Status
    detail: str = ""

    def title(self) -> str:
        """The check's name in the current language."""
        return self.name.text() if isinstance(self.name, Message) else _(self.name)

    def line(self) -> str:
        if not self.detail:
            return f"{self.status}  {self.title()}"
        shown = _("%(check)s: %(detail)s") % {"check": self.title(), "detail": self.detail}
        return f"{self.status}  {shown}"


def info_line(text: str) -> str:
    """An indented line of information (provenance, timings) under the checks."""
    return INFO_INDENT + text


def _r(value: float) -> str:
    return format_number(value, 3)


# --------------------------------------------------------------------------- DICOM decoders


def check_codec(uid: str) -> Check:
    """Every installed plugin for ``uid`` decodes the embedded frame to the known pattern."""
    name, bits = CODEC_SYNTAXES[uid]
    label = Message(N_("DICOM %(syntax)s (%(uid)s)"), syntax=Message(name), uid=uid)
    try:
        decoder = get_decoder(uid)
    except NotImplementedError:
        return Check(label, "FAIL", _("pydicom has no decoder for this transfer syntax"))
    if not decoder.is_available:
        missing = "; ".join(
            f"{plugin}: {', '.join(deps)}" for plugin, deps in decoder.missing_dependencies.items()
        )
        return Check(
            label, "FAIL", _("no decoder plugin is installed (%(missing)s)") % {"missing": missing}
        )
    tolerance = JPEG_BASELINE_TOLERANCE if bits <= 8 else 0
    errors = decode_all_plugins(uid, codestream(uid), bits)
    bad = [
        _("%(plugin)s raised an error") % {"plugin": plugin}
        if err is None
        else _("%(plugin)s is off by up to %(error)s")
        % {"plugin": plugin, "error": format_number(err, 0 if float(err).is_integer() else 2)}
        for plugin, err in errors.items()
        if err is None or err > tolerance
    ]
    if bad:
        return Check(label, "FAIL", "; ".join(bad))
    return Check(label, "PASS", _("decoded by %(plugins)s") % {"plugins": ", ".join(errors)})


def check_dicom_loader() -> Check:
    """An uncompressed DICOM goes through the program's own loader (file read, LUTs, VOI)."""
    label = N_("DICOM uncompressed via the image loader")
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
        shape = "x".join(str(n) for n in img.shape)
        detail = _("read as %(format)s of shape %(shape)s")
        return Check(label, "FAIL", detail % {"format": loaded.format, "shape": shape})
    if not (np.all(np.isfinite(img)) and img.min() >= 0.0 and img.max() <= 1.0):
        return Check(label, "FAIL", _("display pixels are not finite values in [0, 1]"))
    corr = float(np.corrcoef(img.ravel(), pixels.ravel().astype(np.float64))[0, 1])
    if not corr > 0.95:
        detail = _("decoded image does not match the pattern (r=%(r)s)")
        return Check(label, "FAIL", detail % {"r": _r(corr)})
    detail = _("%(width)dx%(height)d, matches the pattern (r=%(r)s)")
    return Check(
        label, "PASS", detail % {"width": img.shape[1], "height": img.shape[0], "r": _r(corr)}
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
    no_score = _("no score")
    failed = [
        f"{r.path.name} ({r.error.message if r.error else no_score})" for r in results if not r.ok
    ]
    counts = {"scored": len(scored), "expected": expected}
    if expected and len(scored) == expected and not failed:
        checks.append(Check(N_("samples scored"), "PASS", f"{len(scored)}/{expected}"))
    else:
        detail = _("%(scored)d/%(expected)d scored") % counts
        if failed:
            detail += _("; failed: %(files)s") % {"files": ", ".join(failed)}
        checks.append(Check(N_("samples scored"), "FAIL", detail))
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
        detail = _("invalid for %(files)s") % {"files": ", ".join(bad_probs)}
        checks.append(Check(N_("probabilities in [0, 1]"), "FAIL", detail))
    else:
        detail = _("P(pneumonia) from %(low)s to %(high)s; class probabilities sum to 1") % {
            "low": _r(min(probs)),
            "high": _r(max(probs)),
        }
        checks.append(Check(N_("probabilities in [0, 1]"), "PASS", detail))

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
        detail = _("missing or invalid for %(files)s") % {"files": ", ".join(bad_cams)}
        checks.append(Check(N_("heatmaps finite"), "FAIL", detail))
    else:
        h, w = scored[0].cam.shape  # type: ignore[union-attr]
        where = _("inside the lung fields") if scored[0].lungs is not None else _("inside the body")
        detail = ngettext(
            "%(n)d map of %(h)dx%(w)d in [0, 1], %(where)s",
            "%(n)d maps of %(h)dx%(w)d in [0, 1], %(where)s",
            len(scored),
        ) % {"n": len(scored), "h": h, "w": w, "where": where}
        checks.append(Check(N_("heatmaps finite"), "PASS", detail))

    groups: dict[str, list[float]] = {"pneumonia": [], "normal": []}
    for r in scored:
        group = sample_group(r.path)
        if group is not None:
            groups[group].append(float(r.pneumonia_prob or 0.0))
    if not groups["pneumonia"] or not groups["normal"]:
        detail = _("samples are not named by class")
        checks.append(Check(N_("pneumonia ranked above normal"), "SKIP", detail))
    else:
        pn, nn = np.mean(groups["pneumonia"]), np.mean(groups["normal"])
        detail = _(
            "mean P(pneumonia) %(pneumonia)s over %(n_pneumonia)d pneumonia samples vs "
            "%(normal)s over %(n_normal)d normal"
        ) % {
            "pneumonia": _r(float(pn)),
            "n_pneumonia": len(groups["pneumonia"]),
            "normal": _r(float(nn)),
            "n_normal": len(groups["normal"]),
        }
        status: Status = "PASS" if pn > nn else "FAIL"
        checks.append(Check(N_("pneumonia ranked above normal"), status, detail))
    if scored and any(r.scope_prob is not None for r in scored):
        from inference.triage.worklist import DEFAULT_AGE_RANGE_YEARS, TriageSettings, in_scope

        settings = TriageSettings(0.5, age_range_years=age_range_years or DEFAULT_AGE_RANGE_YEARS)
        kept = sum(in_scope(r, settings) for r in scored)
        status = "PASS" if kept == len(scored) else "FAIL"
        detail = _("%(kept)d/%(total)d frontal child films") % {"kept": kept, "total": len(scored)}
        checks.append(Check(N_("samples in scope"), status, detail))
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
        report(Check(N_("model loads"), "FAIL", str(exc)))
        report(Check(N_("samples scored"), "SKIP", _("no model")))
        return
    c = session.contract
    loaded_from = _("%(name)s from %(path)s")
    report(Check(N_("model loads"), "PASS", loaded_from % {"name": c.name, "path": session.path}))
    threads = str(session.threads) if session.threads else _("onnxruntime's default")
    for text, value in (
        (_("model version: %(value)s"), c.version),
        (_("model sha256: %(value)s"), session.sha256),
        (_("execution provider: %(value)s"), f"{session.provider} ({session.device_label})"),
        (_("intra-op threads: %(value)s"), threads),
        (_("scope: %(value)s"), session.scope_note),
        (_("precision: %(value)s"), f"{session.precision} ({session.path.name})"),
        *((_("note: %(value)s"), note) for note in session.fallback_notes),
    ):
        emit(info_line(text % {"value": value}))
    if session.lungs is not None:
        lc = session.lungs.contract
        detail = loaded_from % {"name": lc.name, "path": session.lungs.path}
        report(Check(N_("lung model loads"), "PASS", detail))
        emit(info_line(_("lung model version: %(value)s") % {"value": lc.version}))
        emit(info_line(_("lung model sha256: %(value)s") % {"value": session.lungs.sha256}))
    else:
        detail = _("heat is not limited to the lungs; no lung check")
        report(Check(N_("lung model loads"), "FAIL", detail))

    files = sample_files(folder)
    if not files:
        detail = _("no sample images in %(folder)s") % {"folder": folder}
        report(Check(N_("samples scored"), "FAIL", detail))
        return
    start = time.perf_counter()
    results = list(triage(files, session, PipelineOptions(thumbnail_size=0)))
    elapsed = time.perf_counter() - start
    triaged = ngettext(
        "triaged %(n)d sample in %(seconds)s s",
        "triaged %(n)d samples in %(seconds)s s",
        len(results),
    )
    emit(info_line(triaged % {"n": len(results), "seconds": format_number(elapsed, 2)}))
    for check in check_results(results, len(files), c.cam_size, tuple(c.age_range_years)):
        report(check)
