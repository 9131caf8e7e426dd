"""The site profile: a clinic's fitted operating point for one model, as a small JSON file (Qt-free).

The file lives in the user's settings folder, where any user or tool can edit it, so loading it
is validation, not trust (``inference.triage.settings_schema``): every field has a type and a range, the
numbers are finite, the size is capped, and the temperature stays where no arithmetic can
overflow. A profile fitted on fewer reads than ``sample_size_note`` asks for is *provisional*:
it says so wherever its operating point is named, and its temperature is held to
``PROVISIONAL_TEMPERATURE`` so that a few perfectly separated reads cannot make every score
read 100% or <1%.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from inference.core.i18n import _, english, format_number, ngettext
from inference.core.output_files import atomic_write_text
from inference.triage import settings_schema as schema
from inference.triage.settings_schema import ProfileError, plain

PROFILE_VERSION = 1
PROFILE_MAX_BYTES = 64 * 1024
#: Interval half-width on sensitivity we call "meaningful"; the sample size that reaches it.
USEFUL_HALF_WIDTH = 0.05
#: Temperatures a profile may hold: the fit's own search range. Inside it, logit(p)/T stays
#: within +-277 (p is clipped at 1e-6), so exp() cannot overflow anywhere.
TEMPERATURE_RANGE = (0.05, 20.0)
#: Temperatures a provisional (small-sample) profile may hold.
PROVISIONAL_TEMPERATURE = (0.5, 2.0)
THRESHOLD_RANGE = (1e-4, 1 - 1e-4)
MIN_READS_PER_CLASS = 5
_FIGURES = {"auc", "sensitivity", "specificity", "ece_before", "ece_after"}
_INTERVALS = {"threshold", "sensitivity", "specificity"}
_SHA = re.compile(r"[0-9a-f]{16,128}")

__all__ = ["ProfileError", "SiteProfile", "describe", "load_active_profile", "set_aside"]


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


def set_aside(path: Path) -> Path:
    """Rename a damaged settings file beside itself (``NAME.set-aside-YYYYmmdd-HHMMSS``) so the
    program goes on with the default and the file stays for whoever wants to look at it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.set-aside-{stamp}")
    os.replace(path, target)
    return target


def temperature_bounds(provisional: bool) -> tuple[float, float]:
    """The one rule for a profile's temperature: a provisional (small-sample) fit is held near the
    model's own calibration, since a few perfectly separated reads would drive T towards 0
    (every score 100% or <1%). The fit and the file check both ask here."""
    return PROVISIONAL_TEMPERATURE if provisional else TEMPERATURE_RANGE


def sample_size_note(n_pos: int, n_neg: int, target: float) -> str:
    """A plain warning when the reads are too few for the intervals to mean much; '' when fine."""
    need_pos = math.ceil(1.96**2 * target * (1 - target) / USEFUL_HALF_WIDTH**2)
    need_neg = math.ceil(1.96**2 * 0.25 / (2 * USEFUL_HALF_WIDTH) ** 2)
    if n_pos >= need_pos and n_neg >= need_neg:
        return ""
    half = 1.96 * math.sqrt(target * (1 - target) / max(n_pos, 1))
    return _(
        "Small sample: with %(pos)s pneumonia and %(neg)s normal reads the sensitivity is known "
        "only to about ±%(half)s. About %(need_pos)s pneumonia and %(need_neg)s normal reads "
        "would narrow it to ±%(useful)s; until then treat this operating point as provisional."
    ) % {
        "pos": format_number(n_pos),
        "neg": format_number(n_neg),
        "half": format_number(min(half, 1.0), 2),
        "need_pos": format_number(need_pos),
        "need_neg": format_number(need_neg),
        "useful": format_number(USEFUL_HALF_WIDTH, 2),
    }


@dataclass(frozen=True)
class SiteSource:
    """What the operating point says about the site profile it came from (its provenance)."""

    created: str  # ISO date of the fit
    n_images: int
    provisional: bool = False

    def text(self) -> str:
        """'site operating point, fitted 2026-11-30 on 300 images' in the current language; a
        small-sample fit says PROVISIONAL wherever its operating point is named."""
        if self.provisional:
            template = ngettext(
                "PROVISIONAL site operating point (small sample), fitted %(created)s on "
                "%(n)s image",
                "PROVISIONAL site operating point (small sample), fitted %(created)s on "
                "%(n)s images",
                self.n_images,
            )
        else:
            template = ngettext(
                "site operating point, fitted %(created)s on %(n)s image",
                "site operating point, fitted %(created)s on %(n)s images",
                self.n_images,
            )
        return template % {"created": self.created, "n": format_number(self.n_images)}


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

    @property
    def provisional(self) -> bool:
        """Fitted on fewer reads than the sample-size note asks for."""
        return bool(sample_size_note(self.n_pneumonia, self.n_normal, self.target_sensitivity))

    def provenance(self) -> str:
        """'site operating point, fitted <date> on <n> images' (PROVISIONAL for a small sample)."""
        return SiteSource(self.created, self.n_images, self.provisional).text()

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1) + "\n"

    def save(self, path: Path | None = None) -> Path:
        target = Path(path) if path is not None else profile_path(self.model_sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, self.to_json())
        return target

    @classmethod
    def from_doc(cls, doc: Any) -> SiteProfile:
        """A profile from parsed JSON, every field checked; ValueError says which one is wrong."""
        doc = schema.expect_object(doc, "the profile")
        schema.refuse_unknown(doc, {f for f in cls.__dataclass_fields__})
        sha = schema.string(doc, "model_sha256", 128)
        if not _SHA.fullmatch(sha):
            raise ValueError(
                _("model_sha256 %(shown)s is not a sha256 in hex") % {"shown": schema.shown(sha)}
            )
        created = schema.string(doc, "created", 10)
        try:
            date.fromisoformat(created)
        except ValueError:
            raise ValueError(
                _("created %(shown)s is not a date (YYYY-MM-DD)") % {"shown": schema.shown(created)}
            ) from None
        n_pos = schema.integer(doc, "n_pneumonia", MIN_READS_PER_CLASS, 10**7)
        n_neg = schema.integer(doc, "n_normal", MIN_READS_PER_CLASS, 10**7)
        n = schema.integer(doc, "n_images", 0, 2 * 10**7)
        if n != n_pos + n_neg:
            raise ValueError(
                _("n_images %(n)s is not n_pneumonia + n_normal (%(value)s)")
                % {"n": n, "value": n_pos + n_neg}
            )
        target = schema.number(doc.get("target_sensitivity"), "target_sensitivity", 0.5, 1.0)
        if target >= 1.0:
            raise ValueError(_("target_sensitivity must be below 1"))
        figures = _number_map(doc.get("figures", {}), "figures", _FIGURES, required=True)
        raw_iv = schema.expect_object(doc.get("intervals", {}), "intervals")
        schema.refuse_unknown(raw_iv, _INTERVALS)
        intervals = {k: _interval(v, f"intervals.{k}") for k, v in raw_iv.items()}
        schema.string(doc, "warning", 2000, required=False)
        profile = cls(
            model_sha256=sha,
            model_version=schema.string(doc, "model_version", 64),
            created=created,
            n_images=n,
            n_pneumonia=n_pos,
            n_normal=n_neg,
            target_sensitivity=target,
            threshold=schema.number(doc.get("threshold"), "threshold", *THRESHOLD_RANGE),
            temperature=schema.number(doc.get("temperature"), "temperature", *TEMPERATURE_RANGE),
            figures=figures,
            intervals=intervals,
            version=schema.version(doc, "version", PROFILE_VERSION),
        )
        lo, hi = temperature_bounds(profile.provisional)
        if not lo <= profile.temperature <= hi:
            raise ValueError(
                _(
                    "temperature %(temperature)s is outside [%(lo)s, %(hi)s], the range allowed for a provisional profile (%(n_pos)s pneumonia, %(n_neg)s normal reads)"
                )
                % {
                    "temperature": f"{profile.temperature:g}",
                    "lo": f"{lo:g}",
                    "hi": f"{hi:g}",
                    "n_pos": n_pos,
                    "n_neg": n_neg,
                }
            )
        # the warning is derived from the counts, never taken from the file
        with english():  # the file's text; screens word it again (``describe``)
            return replace(profile, warning=sample_size_note(n_pos, n_neg, target))

    @classmethod
    def from_json(cls, text: str) -> SiteProfile:
        try:
            return cls.from_doc(schema.parse_json(text))
        except ValueError as exc:
            raise ProfileError(_("the site profile is damaged: %(exc)s") % {"exc": exc}) from None

    @classmethod
    def load(cls, path: Path, model_sha256: str) -> SiteProfile:
        """Read a profile and refuse it unless it was made for this very model. Every refusal
        is one line that names the file."""
        text = schema.read_text(Path(path), PROFILE_MAX_BYTES, "site profile")
        try:
            profile = cls.from_doc(schema.parse_json(text))
        except ValueError as exc:
            raise ProfileError(
                _("the site profile %(plain)s is damaged: %(exc)s")
                % {"plain": plain(str(path)), "exc": exc}
            ) from None
        if profile.model_sha256 != model_sha256:
            raise ProfileError(
                _(
                    "the site profile %(plain)s was made for another model (%(shown)s, sha256 %(value)s…); fit a new one for this model"
                )
                % {
                    "plain": plain(str(path)),
                    "shown": schema.shown(profile.model_version),
                    "value": profile.model_sha256[:12],
                }
            )
        return profile


def _number_map(raw: Any, key: str, known: set[str], required: bool) -> dict[str, float]:
    doc = schema.expect_object(raw, key)
    schema.refuse_unknown(doc, known)
    missing = sorted(known - set(doc)) if required else []
    if missing:
        raise ValueError(_("%(key)s lacks %(join)s") % {"key": key, "join": ", ".join(missing)})
    return {k: schema.number(v, f"{key}.{k}", 0.0, 1.0) for k, v in doc.items()}


def _interval(raw: Any, key: str) -> list[float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise ValueError(
            _("%(key)s must be a pair of numbers, not %(shown)s")
            % {"key": key, "shown": schema.shown(raw)}
        )
    lo, hi = (schema.number(v, key, 0.0, 1.0) for v in raw)
    if lo > hi:
        raise ValueError(
            _("%(key)s runs backwards (%(lo)s > %(hi)s)")
            % {"key": key, "lo": f"{lo:g}", "hi": f"{hi:g}"}
        )
    return [lo, hi]


def load_active_profile(model_sha256: str) -> SiteProfile | None:
    """The profile saved for this model in the user's settings folder, if any."""
    path = profile_path(model_sha256)
    return SiteProfile.load(path, model_sha256) if os.path.lexists(path) else None


def describe(profile: SiteProfile) -> list[str]:
    """Lines for the CLI and the viewer's dialog, in the current language."""
    f, iv = profile.figures, profile.intervals
    num = format_number

    def rng(k: str) -> str:
        if k not in iv:
            return ""
        return " " + _("(95%% interval %(low)s–%(high)s)") % {
            "low": num(iv[k][0], 3),
            "high": num(iv[k][1], 3),
        }

    lines = [
        _("%(provenance)s (%(pos)s pneumonia, %(neg)s normal)")
        % {
            "provenance": profile.provenance(),
            "pos": num(profile.n_pneumonia),
            "neg": num(profile.n_normal),
        },
        "  "
        + _("threshold %(threshold)s on the site-calibrated probability")
        % {"threshold": num(profile.threshold, 4)}
        + rng("threshold"),
        "  "
        + _("sensitivity %(sens)s%(sens_range)s, specificity %(spec)s%(spec_range)s on these reads")
        % {
            "sens": num(f["sensitivity"], 3),
            "sens_range": rng("sensitivity"),
            "spec": num(f["specificity"], 3),
            "spec_range": rng("specificity"),
        },
        "  "
        + _("temperature %(t)s: calibration error %(before)s -> %(after)s; AUC %(auc)s")
        % {
            "t": num(profile.temperature, 3),
            "before": num(f["ece_before"], 3),
            "after": num(f["ece_after"], 3),
            "auc": num(f["auc"], 3),
        },
    ]
    if profile.provisional:
        lo, hi = PROVISIONAL_TEMPERATURE
        lines.append(
            "  "
            + _(
                "provisional: the temperature is held to [%(low)s, %(high)s] until there are enough reads"
            )
            % {"low": f"{lo:g}", "high": f"{hi:g}"}
        )
    if profile.warning:  # worded again from the counts: the stored text is the English one
        note = sample_size_note(profile.n_pneumonia, profile.n_normal, profile.target_sensitivity)
        lines.append(f"  ! {note or profile.warning}")
    return lines
