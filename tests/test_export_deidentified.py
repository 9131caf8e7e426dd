"""Issue 22: de-identified exports for a district office. ``scan --deidentify`` (CSV, JSON) and the
viewer's File → Export De-identified… (PDF, CSV) on DICOMs carrying patient names, IDs, birth
dates and accession numbers, in a folder whose own name identifies the patient."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pydicom
import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog

from inference.cli.scan_command import main as cli_main
from inference.export.deidentify import NOTICE, pseudonym
from inference.export.worklist_files import CSV_ENCODING
from tests.clinic_data import CHEST_DICOMS, chest_copy, kermany_jpegs, pediatric_dicom
from tests.pdf_text import record_pdf_text

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("private_qsettings")

#: What must never appear in a de-identified export (tags, the folder, file names).
SECRETS = ("Okafor", "Amara", "CXRSECRET", "20210315", "ACC-77", "Ward-7", "child-", "adult-")


def tag(path: Path, i: int) -> None:
    """Give a test DICOM a named patient, an ID, a birth date and an accession number."""
    ds = pydicom.dcmread(path)
    ds.PatientName, ds.PatientID = f"Okafor^Amara{i}", f"CXRSECRET{i}"
    ds.PatientBirthDate, ds.AccessionNumber = "20210315", f"ACC-77{i}"
    ds.save_as(path)


@pytest.fixture(scope="module")
def named_folder(tmp_path_factory, shared_data: Path) -> Path:
    """Two children's films (in scope) and an adult chest (out of scope), all named."""
    folder = tmp_path_factory.mktemp("dicoms") / "Ward-7-Okafor-Amara"
    folder.mkdir()
    files = [pediatric_dicom(j, folder, i) for i, j in enumerate(kermany_jpegs(shared_data, 2))]
    files.append(chest_copy(shared_data, CHEST_DICOMS[0], folder, 9))
    for i, f in enumerate(files):
        tag(f, i)
    return folder


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} in the {where}"


def test_a_pseudonym_keeps_only_an_image_types_extension():
    """A dot in a name is not an extension: ``scan-of.Amara`` must not become ``image-….amara``."""
    assert pseudonym(Path("/w/Okafor.Amara")).count(".") == 0
    assert pseudonym(Path("/w/Okafor-Amara.DCM")).endswith(".dcm")
    assert pseudonym(Path("/w/Okafor-Amara.jpeg")).endswith(".jpeg")
    assert pseudonym(Path("/w/Okafor-Amara")) == pseudonym(Path("/w/Okafor-Amara"))
    assert "amara" not in pseudonym(Path("/w/x.amara")).lower()


# -- the CLI -------------------------------------------------------------------------------------
def test_scan_deidentify_writes_csv_and_json_without_names_ids_or_paths(
    named_folder: Path, tmp_path: Path, model_path: Path
) -> None:
    out_csv, out_json = tmp_path / "share.csv", tmp_path / "share.json"
    args = ["scan", str(named_folder), "--csv", str(out_csv), "--json", str(out_json)]
    # the identified export first: the secrets are really in these files' tags
    assert cli_main([*args, "--model", str(model_path), "--quiet"]) == 0
    identified = out_csv.read_text(encoding=CSV_ENCODING)
    assert "Okafor, Amara0" in identified and "CXRSECRET0" in identified
    assert str(named_folder) in identified

    assert cli_main([*args, "--model", str(model_path), "--quiet", "--deidentify"]) == 0
    text = out_csv.read_text(encoding=CSV_ENCODING)
    assert text.splitlines()[0].strip('"') == NOTICE  # says so on its first line
    assert_clean(text, "CSV")
    with out_csv.open(encoding=CSV_ENCODING, newline="") as fh:
        assert next(csv.reader(fh)) == [NOTICE]  # one cell, then the usual header and rows
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    files = sorted(f.name for f in named_folder.iterdir())
    assert {r["file"] for r in rows} == {pseudonym(named_folder / f) for f in files}
    assert all(r["path"] == r["file"] and r["patient_name"] == r["patient_id"] == "" for r in rows)
    ranked = [r for r in rows if r["group"] == "ranked"]
    assert len(ranked) == 2 and all(float(r["pneumonia_probability"]) >= 0 for r in ranked)

    raw = out_json.read_text(encoding="utf-8")
    assert_clean(raw, "JSON")
    doc = json.loads(raw)
    assert next(iter(doc)) == "deidentified" and doc["deidentified"] == NOTICE
    assert "path" not in doc["model"]  # the model's folder can name a user too
    meta = [r["metadata"] for r in doc["results"]]
    assert all(set(m) <= {"patient_sex", "patient_age", "study_date", "modality", "body_part",
                          "view_position"} for m in meta)  # fmt: skip
    assert any(m.get("modality") == "CR" for m in meta)  # what the office may see stays


@pytest.fixture(scope="module")
def named_files(named_folder: Path, tmp_path_factory) -> Path:
    """The same films, their file names carrying the patient's name too (clinics do this)."""
    folder = tmp_path_factory.mktemp("named") / named_folder.name
    folder.mkdir()
    for f in sorted(named_folder.iterdir()):
        shutil.copy(f, folder / f"Okafor_Amara_{f.name}")
    return folder


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def test_scan_deidentify_heatmaps_are_named_by_pseudonym_and_carry_no_names(
    named_files: Path, tmp_path: Path, model_path: Path, capsys
) -> None:
    """``--deidentify --heatmaps``: one heatmap per ranked row, named after the row's pseudonym,
    with nothing of the patient (name, ID, folder, file name) in its name, bytes or PNG text."""
    stems = [f.stem for f in sorted(named_files.iterdir())]
    secrets = (*SECRETS, named_files.name, *stems)
    # the identified run first: heatmaps keep the images' own names, as before
    plain = tmp_path / "plain"
    args = ["scan", str(named_files), "--model", str(model_path), "--heatmaps"]
    assert cli_main([*args, str(plain), "--quiet"]) == 0
    kept = sorted(p.name for p in plain.iterdir())
    assert kept == [f"Okafor_Amara_child-00{i}_heatmap.png" for i in (0, 1)]
    capsys.readouterr()  # that run's worklist names everyone, as it should

    heat, out_csv, out_json = tmp_path / "heat", tmp_path / "share.csv", tmp_path / "share.json"
    rc = cli_main([*args, str(heat), "--deidentify", "--csv", str(out_csv), "--json",
                   str(out_json)])  # fmt: skip
    assert rc == 0
    terminal = capsys.readouterr().out
    assert "heatmaps: 2 written to " in terminal
    for secret in secrets:
        assert secret.lower() not in terminal.lower(), f"{secret!r} on the terminal"
    with out_csv.open(encoding=CSV_ENCODING, newline="") as fh:
        next(fh)  # the notice
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    written = sorted(p.name for p in heat.iterdir())
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    by_file = {r["file"]: r for r in doc["results"]}
    for row in rows:
        stem = Path(row["file"]).stem
        mine = [n for n in written if n.startswith(f"{stem}_")]
        if row["group"] == "ranked":
            assert mine == [f"{stem}_heatmap.png"], row["file"]
            assert by_file[row["file"]]["heatmap"] == mine[0]  # the name alone, no folder
        else:  # the adult film is out of scope: no heatmap, as without --deidentify
            assert mine == [] and by_file[row["file"]]["heatmap"] is None, row["file"]
    assert len(written) == 2 == sum(r["group"] == "ranked" for r in rows)
    assert {r["file"] for r in rows} == {pseudonym(named_files / f"{s}.dcm") for s in stems}

    for name in written:
        data = (heat / name).read_bytes()
        text = data.decode("latin-1").lower()
        for secret in secrets:
            assert secret.lower() not in name.lower(), f"{secret!r} in the heatmap name {name}"
            assert secret.lower() not in text, f"{secret!r} in the bytes of {name}"
        assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}  # no text, no EXIF
        with Image.open(heat / name) as im:
            im.load()
            assert im.format == "PNG" and not getattr(im, "text", {})
            meta = " ".join(f"{k}={v}" for k, v in im.info.items()).lower()
        assert all(secret.lower() not in meta for secret in secrets), meta


def test_scan_deidentify_heatmap_errors_name_the_pseudonym(
    named_files: Path, tmp_path: Path, model_path: Path, capsys
) -> None:
    """A heatmap that cannot be written is reported under the row's pseudonym, never the file."""
    first = named_files / "Okafor_Amara_child-000.dcm"  # in scope: it gets a heatmap
    heat = tmp_path / "heat"
    (heat / f"{Path(pseudonym(first)).stem}_heatmap.png").mkdir(parents=True)  # in the way
    rc = cli_main(["scan", str(named_files), "--model", str(model_path), "--heatmaps", str(heat),
                   "--deidentify", "--csv", str(tmp_path / "w.csv")])  # fmt: skip
    assert rc == 0
    out = capsys.readouterr().out
    assert f"! {pseudonym(first)}: heatmap not written (" in out
    for secret in (*SECRETS, named_files.name, first.stem):
        assert secret.lower() not in out.lower(), f"{secret!r} on the terminal"


def test_scan_deidentify_without_outputs_prints_no_names(
    named_folder: Path, model_path: Path, capsys
) -> None:
    assert cli_main(["scan", str(named_folder), "--deidentify", "--model", str(model_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(NOTICE)
    assert_clean(out, "terminal worklist")


# -- the viewer ----------------------------------------------------------------------------------
def export_via_menu(qtbot, window: MainWindow, monkeypatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        window.act_export_deidentified.trigger()
    assert blocker.args[1] is True, blocker.args[2]


def test_export_deidentified_action_writes_pdf_and_csv_without_names(
    qtbot, window: MainWindow, named_folder: Path, tmp_path: Path, monkeypatch
) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    entries = [a.text() for a in file_menu.actions()]
    assert entries.index("Export De-identified…") == entries.index("Export PDF Report…") + 1
    assert not window.act_export_deidentified.isEnabled()  # nothing to export yet
    from tests.gui_helpers import scan

    outcome = scan(qtbot, window, [named_folder])
    assert outcome.error is None and window.model.rowCount() == 3
    assert window.act_export_deidentified.isEnabled()
    assert any("Okafor" in r.metadata.get("patient_name", "") for r in window.model.results())

    drawn = record_pdf_text(monkeypatch)
    pdf = tmp_path / "out" / "district.pdf"
    pdf.parent.mkdir()
    export_via_menu(qtbot, window, monkeypatch, pdf)
    text = "\n".join(drawn)
    assert "DE-IDENTIFIED" in text.splitlines()[0]  # the running header, first on every page
    assert NOTICE in text
    assert_clean(text, "PDF text")
    assert_clean(pdf.read_bytes().decode("latin-1"), "PDF file")
    assert pseudonym(sorted(named_folder.iterdir())[0]) in text
    assert window.settings.last_export_dir == str(pdf.parent)

    target = tmp_path / "out" / "district.csv"
    export_via_menu(qtbot, window, monkeypatch, target)
    csv_text = target.read_text(encoding=CSV_ENCODING)
    assert csv_text.splitlines()[0].strip('"') == NOTICE
    assert_clean(csv_text, "viewer CSV")
    # the ordinary exports are unchanged: names stay where the clinic needs them
    plain = tmp_path / "out" / "clinic.csv"
    with qtbot.waitSignal(window.exportFinished, timeout=30_000):
        assert window.export_csv(plain)
    assert "Okafor" in plain.read_text(encoding=CSV_ENCODING)
