"""The clinic settings (AE title, port, allowed callers, retention, where results go), shared by the
viewer and the CLI through one JSON file in the user's config folder, validated on read so a
hand-edited file never breaks start-up."""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from inference.core.i18n import _
from inference.core.output_files import atomic_write_text
from inference.triage.site_profile import user_dir

DEFAULT_AE_TITLE = "CXRTRIAGE"
DEFAULT_PORT = 11112
#: Loopback by default: listening on the clinic LAN is a choice the user makes in Settings.
DEFAULT_BIND = "127.0.0.1"
DEFAULT_RETENTION_DAYS = 30
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_AE_CHARS = re.compile(r"^[\x20-\x5b\x5d-\x7e]+$")  # printable ASCII without the backslash


def ae_title_problem(text: str) -> str | None:
    """Why ``text`` is not a valid DICOM AE title (1-16 printable ASCII, no backslash)."""
    t = text.strip()
    if not t:
        return _("an AE title cannot be empty")
    if len(t) > 16:
        return _("AE title %(value)s is longer than 16 characters") % {"value": f"{t[:20]!r}"}
    if not _AE_CHARS.match(t):
        return _("AE title %(t)s may hold only printable ASCII without a backslash") % {
            "t": f"{t!r}"
        }
    return None


def port_problem(port: int, allow_any: bool = False) -> str | None:
    """``allow_any``: 0 is valid for a listening port (the system picks a free one; tests)."""
    low = 0 if allow_any else 1
    return (
        None
        if low <= int(port) <= 65535
        else _("port %(port)s must be between %(low)s and 65535") % {"port": port, "low": low}
    )


def parse_host_port(text: str) -> tuple[str, int]:
    """'HOST:PORT' -> (host, port); ValueError with a readable message otherwise."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(_("expected HOST:PORT, got %(text)s") % {"text": f"{text!r}"})
    problem = port_problem(int(port))
    if problem:
        raise ValueError(problem)
    return host.strip("[]"), int(port)


@dataclass(frozen=True)
class PacsTarget:
    """Where results are C-STOREd: the PACS's address and its (called) AE title."""

    host: str
    port: int
    ae_title: str


@dataclass(frozen=True)
class ClinicConfig:
    """What the receiver, the watch and the result writer follow."""

    ae_title: str = DEFAULT_AE_TITLE
    port: int = DEFAULT_PORT
    bind_address: str = DEFAULT_BIND
    allowed_callers: tuple[str, ...] = ()  # empty: any calling AE (stated when listening starts)
    retention_days: int = DEFAULT_RETENTION_DAYS  # received files kept this long; 0: until triaged
    pacs: PacsTarget | None = None
    results_folder: str = ""  # write SC+SR here when no PACS is configured ('' = nowhere)
    watch_folders: tuple[str, ...] = field(default_factory=tuple)

    def problems(self) -> list[str]:
        """Everything wrong with these settings, as lines to show (empty when usable)."""
        out = [p for p in (ae_title_problem(self.ae_title), port_problem(self.port, True)) if p]
        out += [p for p in (ae_title_problem(a) for a in self.allowed_callers) if p]
        if self.retention_days < 0:
            out.append("retention must be 0 days or more")
        if self.pacs is not None:
            out += [
                p for p in (ae_title_problem(self.pacs.ae_title), port_problem(self.pacs.port)) if p
            ]
        return out

    def with_changes(self, **changes: object) -> ClinicConfig:
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_json(self) -> str:
        doc = asdict(self)
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, doc: dict) -> ClinicConfig:
        """Lenient: unknown keys are ignored and a value of the wrong type falls back to the
        default, so an old or hand-edited file still loads."""
        base = cls()
        pacs = doc.get("pacs")
        target = None
        if isinstance(pacs, dict):
            try:
                target = PacsTarget(str(pacs["host"]), int(pacs["port"]), str(pacs["ae_title"]))
            except (KeyError, TypeError, ValueError):
                target = None

        def _str(key: str, default: str) -> str:
            value = doc.get(key, default)
            return value if isinstance(value, str) else default

        def _int(key: str, default: int) -> int:
            value = doc.get(key, default)
            return value if isinstance(value, int) and not isinstance(value, bool) else default

        def _strs(key: str) -> tuple[str, ...]:
            value = doc.get(key, [])
            return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

        return cls(
            ae_title=_str("ae_title", base.ae_title),
            port=_int("port", base.port),
            bind_address=_str("bind_address", base.bind_address),
            allowed_callers=_strs("allowed_callers"),
            retention_days=_int("retention_days", base.retention_days),
            pacs=target,
            results_folder=_str("results_folder", ""),
            watch_folders=_strs("watch_folders"),
        )


#: Where results go, as the Settings dialog offers it.
DESTINATIONS = ("none", "pacs", "folder")


def callers_from_text(text: str) -> tuple[str, ...]:
    """'MODALITY, DIGITISER' (commas or new lines; an AE title may hold a space) -> titles."""
    parts = (p.strip() for p in re.split(r"[,\n;]", text))
    return tuple(dict.fromkeys(p for p in parts if p))


def config_from_form(
    base: ClinicConfig,
    *,
    ae_title: str,
    port: int,
    bind_address: str,
    allowed_callers: str,
    retention_days: int,
    destination: str,
    pacs_host: str = "",
    pacs_port: int = 104,
    pacs_ae: str = "",
    results_folder: str = "",
) -> tuple[ClinicConfig | None, list[str]]:
    """What the Settings dialog's fields make: the new settings, or None and every problem as a
    line to show (the dialog stays open until they are fixed)."""
    callers = callers_from_text(allowed_callers)
    labelled = [("this node's AE title", ae_title_problem(ae_title))]
    labelled += [("this node's port", port_problem(port))]
    labelled += [("allowed calling AE", ae_title_problem(a)) for a in callers]
    if destination == "pacs":
        labelled += [("the PACS's AE title", ae_title_problem(pacs_ae))]
        labelled += [("the PACS's port", port_problem(pacs_port))]
    problems = [f"{what}: {p}" for what, p in labelled if p]
    if _CONTROL.search(ae_title + allowed_callers.replace("\n", "") + pacs_ae):
        problems.append("AE titles cannot hold control characters (tab, new line…)")
    if retention_days < 0:
        problems.append("retention must be 0 days or more")
    bind = bind_address.strip()
    try:
        ipaddress.ip_address(bind)
    except ValueError:
        problems.append(f"listen address {bind[:40]!r} is not an IP address (e.g. 0.0.0.0)")
    pacs = None
    folder = ""
    if destination not in DESTINATIONS:
        problems.append(f"unknown results destination {destination!r}")
    elif destination == "pacs":
        host = pacs_host.strip()
        if not host or any(c.isspace() for c in host) or len(host) > 253:
            problems.append("the PACS host must be a name or an IP address without spaces")
        pacs = PacsTarget(host, int(pacs_port), pacs_ae.strip())
    elif destination == "folder":
        folder = results_folder.strip()
        if not folder or not Path(folder).expanduser().is_absolute():
            problems.append("the results folder must be a full path (choose it with Browse…)")
        else:
            folder = str(Path(folder).expanduser())
    config = base.with_changes(
        ae_title=ae_title.strip(),
        port=int(port),
        bind_address=bind,
        allowed_callers=callers,
        retention_days=int(retention_days),
        pacs=pacs,
        results_folder=folder,
    )
    problems = problems or config.problems()  # the labelled checks above cover these
    return (None, problems) if problems else (config, [])


def config_path() -> Path:
    return user_dir("config") / "clinic.json"


def inbox_dir() -> Path:
    """The managed inbox for received DICOM files: in the user's data folder, never an image folder."""
    return user_dir("data") / "inbox"


def history_path() -> Path:
    return user_dir("data") / "history.sqlite"


def load_config(path: Path | None = None) -> ClinicConfig:
    """The saved settings, or the defaults when there are none or the file is damaged."""
    target = path or config_path()
    try:
        doc = json.loads(Path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ClinicConfig()
    return ClinicConfig.from_dict(doc) if isinstance(doc, dict) else ClinicConfig()


def save_config(config: ClinicConfig, path: Path | None = None) -> Path:
    target = path or config_path()
    problems = config.problems()
    if problems:
        raise ValueError("; ".join(problems))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, config.to_json())
    return target
