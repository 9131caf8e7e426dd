"""Site calibration: a clinic fits its own operating point from images it has read (Qt-free).

A reader marks images pneumonia / normal / unsure. From the read images that are in scope this
module fits (1) a temperature for the model's probabilities, so that "80%" means about 80% at this
site, and (2) the highest threshold that keeps the chosen sensitivity (default 0.95), with
bootstrap intervals and a plain warning when the sample is too small for them to mean much.
The result is a ``SiteProfile``: a small JSON file tied to the model's sha256, applied to every
later scan (CLI and viewer) and named on every export. A profile made for another model is refused.

Probabilities: the site temperature ``T`` acts on the model's logit, ``p' = sigmoid(logit(p)/T)``;
the profile's threshold is on that calibrated scale. Both are monotone, so the ranking never changes.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from inference.output_files import atomic_write_text

PROFILE_VERSION = 1
#: Interval half-width on sensitivity we call "meaningful"; the sample size that reaches it.
USEFUL_HALF_WIDTH = 0.05
_EPS = 1e-6


class Read(StrEnum):
    """A reader's own call on an image."""

    PNEUMONIA = "pneumonia"
    NORMAL = "normal"
    UNSURE = "unsure"


class ProfileError(ValueError):
    """The profile file is missing, damaged or made for another model."""


# -- where the user's files live -------------------------------------------------------------------
def user_dir(kind: str) -> Path:
    """The user's settings ('config') or data ('data') folder for CXR Triage, never an image
    folder. ``CXR_TRIAGE_HOME`` overrides both (tests, portable installs)."""
    override = os.environ.get("CXR_TRIAGE_HOME")
    if override:
        return Path(override) / kind
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "CXR Triage" / ("" if kind == "config" else "data")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "CXR Triage" / kind
    env = "XDG_CONFIG_HOME" if kind == "config" else "XDG_DATA_HOME"
    default = Path.home() / (".config" if kind == "config" else ".local/share")
    return Path(os.environ.get(env) or default) / "CXR Triage"


def profile_path(model_sha256: str) -> Path:
    return user_dir("config") / f"site-profile-{model_sha256[:16]}.json"


def reads_path(model_sha256: str) -> Path:
    return user_dir("data") / "reads" / f"reads-{model_sha256[:16]}.json"


# -- reads ---------------------------------------------------------------------------------------
def parse_read(text: str) -> Read | None:
    """'pneumonia', 'PNEUMONIA', 'p', '1', 'yes' ... -> Read; None for anything unclear."""
    t = text.strip().lower()
    if t in {"pneumonia", "p", "1", "yes", "positive", "abnormal", "bacteria", "virus", "viral",
             "bacterial"}:  # fmt: skip
        return Read.PNEUMONIA
    if t in {"normal", "n", "0", "no", "negative"}:
        return Read.NORMAL
    if t in {"unsure", "u", "?", "unknown"}:
        return Read.UNSURE
    return None


def load_reads(path: Path) -> dict[str, Read]:
    """Reads kept for one model ({image path: call}); empty when there are none yet."""
    if not Path(path).is_file():
        return {}
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        return {k: Read(v) for k, v in doc.get("reads", {}).items()}
    except (ValueError, OSError) as exc:
        raise ProfileError(f"the reads file {path} is damaged: {exc}") from exc


def save_reads(path: Path, reads: Mapping[str, Read], model_sha256: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    doc = {"model_sha256": model_sha256, "reads": {k: str(v) for k, v in sorted(reads.items())}}
    atomic_write_text(Path(path), json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def reads_from_csv(path: Path) -> dict[str, Read]:
    """A CSV with a path column and a call column (header names 'path'/'file' and
    'call'/'read'/'label'; without a header, the first two columns). Unclear calls are skipped."""
    out: dict[str, Read] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        return out
    head = [c.strip().lower() for c in rows[0]]
    p_col = next((head.index(n) for n in ("path", "file", "image") if n in head), None)
    c_col = next((head.index(n) for n in ("call", "read", "label", "truth") if n in head), None)
    body = rows[1:] if p_col is not None and c_col is not None else rows
    p_col, c_col = (0, 1) if p_col is None or c_col is None else (p_col, c_col)
    base = Path(path).parent
    for row in body:
        if len(row) <= max(p_col, c_col) or not row[p_col].strip():
            continue
        call = parse_read(row[c_col])
        if call is None:
            continue
        p = Path(row[p_col].strip())
        out[str(p if p.is_absolute() else (base / p).resolve())] = call
    return out


def reads_from_folders(root: Path) -> dict[str, Read]:
    """Images laid out as ROOT/NORMAL/... and ROOT/PNEUMONIA/... (any depth below them)."""
    out: dict[str, Read] = {}
    for sub in sorted(Path(root).iterdir()):
        call = parse_read(sub.name) if sub.is_dir() else None
        if call is None or call is Read.UNSURE:
            continue
        for f in sorted(sub.rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                out[str(f.resolve())] = call
    return out


# -- fitting ---------------------------------------------------------------------------------------
def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def apply_temperature(p: np.ndarray | float, temperature: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logit(p) / float(temperature)))


def fit_temperature(p: np.ndarray, y: np.ndarray, lo: float = 0.05, hi: float = 20.0) -> float:
    """Temperature minimising the binary NLL of ``sigmoid(logit(p)/T)`` (golden-section on log T)."""
    z, y = logit(p), np.asarray(y, dtype=np.float64)

    def nll(t: float) -> float:
        q = np.clip(1.0 / (1.0 + np.exp(-z / t)), _EPS, 1 - _EPS)
        return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())

    a, b = math.log(lo), math.log(hi)
    g = (math.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    for _ in range(80):
        if nll(math.exp(c)) < nll(math.exp(d)):
            b = d
        else:
            a = c
        c, d = b - g * (b - a), a + g * (b - a)
    return float(math.exp((a + b) / 2))


def threshold_for_sensitivity(p: np.ndarray, y: np.ndarray, target: float) -> float:
    """The highest threshold with sensitivity >= ``target``, halfway to the next lower score."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    pos = np.sort(p[y])[::-1]
    if len(pos) == 0:
        return 0.5
    k = math.ceil(target * len(pos))
    keep = float(pos[min(k, len(pos)) - 1])
    below = p[p < keep]
    t = (keep + float(below.max())) / 2 if len(below) else keep
    return float(np.clip(t, 1e-4, 1 - 1e-4))


def operating_point(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    p, y = np.asarray(p), np.asarray(y, bool)
    pred = p >= threshold
    tp, fn = int((pred & y).sum()), int((~pred & y).sum())
    tn, fp = int((~pred & ~y).sum()), int((pred & ~y).sum())
    return {
        "sensitivity": tp / max(tp + fn, 1),
        "specificity": tn / max(tn + fp, 1),
        "flagged_share": float(pred.mean()) if len(p) else 0.0,
    }


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (rank statistic, ties averaged)."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = p[order]
    i = 0
    while i < len(sp):
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / max(len(p), 1))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed share, count) per non-empty bin: the reliability plot."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    return [(float(p[idx == b].mean()), float(y[idx == b].mean()), int((idx == b).sum()))
            for b in range(bins) if (idx == b).any()]  # fmt: skip


def roc_points(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate) from the strictest threshold down."""
    p, y = np.asarray(p, dtype=np.float64), np.asarray(y, bool)
    order = np.argsort(-p, kind="mergesort")
    tp = np.cumsum(y[order])
    fp = np.cumsum(~y[order])
    return (np.r_[0.0, fp / max((~y).sum(), 1)], np.r_[0.0, tp / max(y.sum(), 1)])


def sample_size_note(n_pos: int, n_neg: int, target: float) -> str:
    """A plain warning when the reads are too few for the intervals to mean much; '' when fine."""
    need_pos = math.ceil(1.96**2 * target * (1 - target) / USEFUL_HALF_WIDTH**2)
    need_neg = math.ceil(1.96**2 * 0.25 / (2 * USEFUL_HALF_WIDTH) ** 2)
    if n_pos >= need_pos and n_neg >= need_neg:
        return ""
    half = 1.96 * math.sqrt(target * (1 - target) / max(n_pos, 1))
    return (
        f"Small sample: with {n_pos} pneumonia and {n_neg} normal reads the sensitivity is known "
        f"only to about ±{min(half, 1.0):.2f}. About {need_pos} pneumonia and {need_neg} normal "
        f"reads would narrow it to ±{USEFUL_HALF_WIDTH:.2f}; until then treat this operating point "
        "as provisional."
    )


@dataclass(frozen=True)
class SiteProfile:
    """A site's operating point for one model (by sha256), with the evidence it rests on."""

    model_sha256: str
    model_version: str
    created: str  # ISO date
    n_images: int
    n_pneumonia: int
    n_normal: int
    target_sensitivity: float
    threshold: float  # on the site-calibrated probability
    temperature: float  # applied to the model's logit
    figures: dict[str, float] = field(default_factory=dict)
    intervals: dict[str, list[float]] = field(default_factory=dict)
    warning: str = ""
    version: int = PROFILE_VERSION

    def provenance(self) -> str:
        return f"site operating point, fitted {self.created} on {self.n_images} images"

    def calibrate(self, p: float | np.ndarray) -> np.ndarray:
        return apply_temperature(p, self.temperature)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"

    def save(self, path: Path | None = None) -> Path:
        target = Path(path) if path is not None else profile_path(self.model_sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, self.to_json())
        return target

    @classmethod
    def from_json(cls, text: str) -> SiteProfile:
        try:
            doc = json.loads(text)
            profile = cls(**doc)
        except (ValueError, TypeError) as exc:
            raise ProfileError(f"the site profile is damaged: {exc}") from exc
        if profile.version != PROFILE_VERSION:
            raise ProfileError(f"site profile version {profile.version} is not supported")
        if not (0 < profile.threshold < 1 and profile.temperature > 0):
            raise ProfileError("the site profile holds an impossible threshold or temperature")
        return profile

    @classmethod
    def load(cls, path: Path, model_sha256: str) -> SiteProfile:
        """Read a profile and refuse it unless it was made for this very model."""
        try:
            profile = cls.from_json(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ProfileError(f"cannot read the site profile {path}: {exc.strerror}") from exc
        if profile.model_sha256 != model_sha256:
            raise ProfileError(
                f"the site profile {Path(path).name} was made for another model "
                f"({profile.model_version}, sha256 {profile.model_sha256[:12]}…); fit a new one "
                "for this model"
            )
        return profile


def load_active_profile(model_sha256: str) -> SiteProfile | None:
    """The profile saved for this model in the user's settings folder, if any."""
    path = profile_path(model_sha256)
    return SiteProfile.load(path, model_sha256) if path.is_file() else None


def fit_profile(
    scores: Sequence[float],
    calls: Sequence[Read],
    *,
    model_sha256: str,
    model_version: str,
    target_sensitivity: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
    today: date | None = None,
) -> SiteProfile:
    """Fit temperature and threshold from read, in-scope images (unsure reads are left out)."""
    pairs = [(float(s), c) for s, c in zip(scores, calls, strict=True) if c is not Read.UNSURE]
    if not 0.5 <= target_sensitivity < 1.0:
        raise ValueError(f"target sensitivity {target_sensitivity} must be in [0.5, 1)")
    p = np.array([s for s, _ in pairs], dtype=np.float64)
    y = np.array([c is Read.PNEUMONIA for _, c in pairs], bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos < 5 or n_neg < 5:
        raise ValueError(
            f"at least 5 pneumonia and 5 normal reads are needed to fit anything (have {n_pos} "
            f"and {n_neg})"
        )
    temperature = fit_temperature(p, y)
    q = apply_temperature(p, temperature)
    threshold = threshold_for_sensitivity(q, y, target_sensitivity)
    point = operating_point(q, y, threshold)
    figures = {
        "auc": round(auc(p, y), 4),
        "sensitivity": round(point["sensitivity"], 4),
        "specificity": round(point["specificity"], 4),
        "ece_before": round(expected_calibration_error(p, y), 4),
        "ece_after": round(expected_calibration_error(q, y), 4),
    }
    rng = np.random.default_rng(seed)
    boot: dict[str, list[float]] = {"threshold": [], "sensitivity": [], "specificity": []}
    for _ in range(n_boot):
        idx = rng.integers(0, len(p), len(p))
        yb, pb = y[idx], p[idx]
        if yb.all() or not yb.any():
            continue
        qb = apply_temperature(pb, fit_temperature(pb, yb))
        boot["threshold"].append(threshold_for_sensitivity(qb, yb, target_sensitivity))
        op = operating_point(qb, yb, threshold)  # the fitted threshold on resampled sites
        boot["sensitivity"].append(op["sensitivity"])
        boot["specificity"].append(op["specificity"])
    intervals = {
        k: [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)]
        for k, v in boot.items()
        if v
    }
    return SiteProfile(
        model_sha256=model_sha256,
        model_version=model_version,
        created=(today or date.today()).isoformat(),
        n_images=len(p),
        n_pneumonia=n_pos,
        n_normal=n_neg,
        target_sensitivity=target_sensitivity,
        threshold=round(threshold, 6),
        temperature=round(temperature, 5),
        figures=figures,
        intervals=intervals,
        warning=sample_size_note(n_pos, n_neg, target_sensitivity),
    )


def describe(profile: SiteProfile) -> list[str]:
    """Lines for the CLI and the viewer's dialog."""
    f, iv = profile.figures, profile.intervals

    def rng(k: str) -> str:
        return f" (95% interval {iv[k][0]:.3f}–{iv[k][1]:.3f})" if k in iv else ""

    lines = [
        f"{profile.provenance()} ({profile.n_pneumonia} pneumonia, {profile.n_normal} normal)",
        f"  threshold {profile.threshold:.4f} on the site-calibrated probability{rng('threshold')}",
        f"  sensitivity {f['sensitivity']:.3f}{rng('sensitivity')}, "
        f"specificity {f['specificity']:.3f}{rng('specificity')} on these reads",
        f"  temperature {profile.temperature:.3f}: calibration error {f['ece_before']:.3f} -> "
        f"{f['ece_after']:.3f}; AUC {f['auc']:.3f}",
    ]
    if profile.warning:
        lines.append(f"  ! {profile.warning}")
    return lines


def scored_reads(
    reads: Mapping[str, Read], results: Iterable[Any], in_scope: Any
) -> tuple[list[float], list[Read], int]:
    """Pair reads with scored, in-scope results by path; returns scores, calls and how many reads
    were left out (unreadable, out of scope, unsure or not in the results)."""
    scores, calls, matched = [], [], 0
    for r in results:
        call = reads.get(str(r.path)) or reads.get(str(Path(r.path).resolve()))
        if call is None:
            continue
        matched += 1
        if call is Read.UNSURE or not r.ok or not in_scope(r):
            continue
        scores.append(float(r.pneumonia_prob))
        calls.append(call)
    return scores, calls, len(reads) - len(calls)
