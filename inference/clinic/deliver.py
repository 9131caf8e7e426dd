"""Where results go: C-STORE to the configured PACS (SCU), or DICOM files in a results folder
written through ``inference.core.output_files`` (atomic; never inside a scanned or watched folder).

Both return one line per object that did not arrive, so the caller records it in the history and
the user sees it; neither raises for a PACS that is down or a disk that is full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE
from pynetdicom.sop_class import Comprehensive3DSRStorage, SecondaryCaptureImageStorage

from inference.clinic.config import PacsTarget
from inference.core.i18n import _
from inference.core.os_errors import os_reason
from inference.core.output_files import atomic_path, is_inside

NETWORK_TIMEOUT_S = 30
_SAFE = re.compile(r"[^0-9A-Za-z.\-_]")


class Delivery(Protocol):
    def send(self, datasets: Sequence[Dataset]) -> list[str]: ...

    def describe(self) -> str: ...


def safe_name(text: str, fallback: str = "x") -> str:
    """A file-name part from a UID (untrusted text): digits, letters, dot, dash, underscore."""
    cleaned = _SAFE.sub("_", text.strip())[:64]
    return cleaned or fallback


class PacsSender:
    """C-STORE SCU: one association per batch of results, to the configured PACS only."""

    def __init__(self, target: PacsTarget, calling_ae: str, timeout_s: float = NETWORK_TIMEOUT_S):
        self.target = target
        self.calling_ae = calling_ae
        self.timeout_s = timeout_s

    def describe(self) -> str:
        t = self.target
        return _("PACS %(ae_title)s@%(host)s:%(port)s") % {
            "ae_title": t.ae_title,
            "host": t.host,
            "port": t.port,
        }

    def send(self, datasets: Sequence[Dataset]) -> list[str]:
        if not datasets:
            return []
        ae = AE(ae_title=self.calling_ae)
        ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = self.timeout_s
        syntaxes = [ExplicitVRLittleEndian, ImplicitVRLittleEndian]
        for sop in (SecondaryCaptureImageStorage, Comprehensive3DSRStorage):
            ae.add_requested_context(sop, syntaxes)
        t = self.target
        try:
            assoc = ae.associate(t.host, t.port, ae_title=t.ae_title)
        except (OSError, ValueError) as exc:
            return [f"{self.describe()}: cannot connect ({exc})"] * len(datasets)
        if not assoc.is_established:
            why = "refused the association" if assoc.is_rejected else "did not answer"
            return [f"{self.describe()} {why}"] * len(datasets)
        problems: list[str] = []
        try:
            for ds in datasets:
                status = assoc.send_c_store(ds)
                code = getattr(status, "Status", None)
                if code is None:
                    problems.append(f"{self.describe()}: no answer for {ds.SOPInstanceUID}")
                elif code not in (0x0000, 0xB000, 0xB007, 0xB006):
                    problems.append(
                        f"{self.describe()}: status 0x{code:04X} for {ds.SOPInstanceUID}"
                    )
        finally:
            assoc.release()
        return problems


class FolderWriter:
    """DICOM Part 10 files under ``folder/<study>/<sop>.dcm``, atomically."""

    def __init__(self, folder: Path, forbidden: Iterable[Path] = ()) -> None:
        self.folder = Path(folder)
        if is_inside(self.folder, forbidden):
            raise ValueError(
                _(
                    "the results folder %(folder)s is inside a folder being scanned or watched: nothing is ever written there"
                )
                % {"folder": self.folder}
            )

    def describe(self) -> str:
        return _("folder %(folder)s") % {"folder": self.folder}

    def send(self, datasets: Sequence[Dataset]) -> list[str]:
        problems: list[str] = []
        for ds in datasets:
            study = safe_name(str(ds.get("StudyInstanceUID", "")), "study")
            target = self.folder / study / f"{safe_name(str(ds.SOPInstanceUID))}.dcm"
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(target) as tmp:
                    ds.save_as(tmp, enforce_file_format=True)
            except OSError as exc:
                problems.append(f"{target}: not written ({os_reason(exc)})")
            except (ValueError, TypeError) as exc:  # a dataset pydicom cannot encode
                problems.append(f"{target}: not written ({exc})")
        return problems
