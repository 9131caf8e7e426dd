"""Render the clinic workflow's screenshots for the README ("Connect to your PACS"):

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/clinic_screenshots.py [--out DIR]

Clinic → Network Settings filled in as a clinic would, and the live worklist after a modality
sent three studies over DICOM (127.0.0.1 only; pynetdicom plays the modality): a child's two films
kept together as one study, another child, and an adult film listed out of scope.
Everything the viewer saves goes to a temporary folder (CXR_TRIAGE_HOME), never the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pydicom  # noqa: E402

from docs.screenshots import (  # noqa: E402
    SHARED,
    new_window,
    save,
    settle,
    show_top_image,
    wait_until,
    work_folder,
)
from inference.clinic import config as cfg  # noqa: E402
from tests.clinic_data import chest_copy, kermany_jpegs, pediatric_dicom  # noqa: E402
from tests.test_clinic_network import send  # noqa: E402


def studies(out: Path) -> list[Path]:
    """Two children (the first with a second film in the same study) and one adult."""
    out.mkdir(parents=True, exist_ok=True)
    films = [pediatric_dicom(j, out, i) for i, j in enumerate(kermany_jpegs(SHARED, 3))]
    first = pydicom.dcmread(films[1])
    second = pydicom.dcmread(films[2])  # a repeat film in the first child's study
    second.PatientID, second.PatientName = first.PatientID, first.PatientName
    second.StudyInstanceUID = first.StudyInstanceUID
    second.save_as(films[2], enforce_file_format=True)
    return [*films, chest_copy(SHARED, "nema-compsamples/chest/RG1_JLSN.dcm", out, 9)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    with work_folder("cxr-triage-clinic-screenshots") as tmp:
        os.environ["CXR_TRIAGE_HOME"] = str(tmp / "home")
        from app.gui import make_application

        app = make_application(["cxr-triage"])
        cfg.save_config(cfg.ClinicConfig(
            bind_address="0.0.0.0", allowed_callers=("CR-ROOM1", "ORTHANC"), retention_days=30,
            pacs=cfg.PacsTarget("192.168.1.20", 4242, "ORTHANC"),
        ))  # fmt: skip
        window = new_window(app, tmp, "light", (1366, 768))
        dialog = window.clinic.open_settings()
        settle(app)
        save(dialog, args.out / "clinic-network-settings.png")
        dialog.reject()

        # the live worklist: listen on loopback (port chosen by the system), a modality sends
        cfg.save_config(cfg.ClinicConfig(port=0, results_folder=str(tmp / "results")))
        window.clinic.act_receive.setChecked(True)
        receiver = window.clinic.controller.receiver
        assert receiver is not None, window.status_message.text()
        files = studies(tmp / "studies")
        _assoc, statuses, _ = send(files, receiver.port, "CR-ROOM1")
        assert statuses == [0] * len(files), statuses
        wait_until(app, lambda: window.model.rowCount() == len(files))
        window.clinic.statusChanged.emit(
            f"Receiving as CXRTRIAGE on port 11112 (CR-ROOM1, ORTHANC) · {len(files)} received"
        )
        window.splitter.setSizes([760, 406, 200])  # wide enough for the Patient column
        show_top_image(app, window)
        save(window, args.out / "clinic-live-worklist.png")
        window.clinic.controller.stop_all()
        window.shutdown()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
