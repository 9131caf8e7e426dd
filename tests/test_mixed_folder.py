"""A clinic folder that mixes chest films with things the model was not made for: the ranked
images come first in risk order, the rest are grouped with a reason, and the CLI (CSV, JSON,
summary), the viewer (table, summary, CSV export) and the PDF report say the same."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pydicom
import pytest

from app.export.report_layout import Section, report_rows
from app.worklist.worklist_logic import Column
from inference.cli.scan_command import main as cli_main
from inference.export.worklist_files import CSV_ENCODING
from inference.triage import worklist as wl
from tests.gui_helpers import open_window, scan

pytestmark = pytest.mark.usefixtures("private_qsettings")
SIIM = "torchxrayvision/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory, shared_data: Path, samples_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("clinic")
    for f in sorted(samples_dir.glob("*.jpeg"))[::4]:  # a normal, a bacterial, a viral child
        shutil.copy(f, folder / f.name)
    shutil.copy(shared_data / "dicom/nema-compsamples/non_chest/RG2_RLE.dcm", folder / "hip.dcm")
    ds = pydicom.dcmread(shared_data / "dicom" / SIIM)  # an adult PA chest (PatientAge 62)
    ds.save_as(folder / "adult.dcm")
    ds.PatientAge, ds.ViewPosition = "004Y", "LL"  # the same film, tagged as a child's lateral
    ds.save_as(folder / "lateral.dcm")
    rng = np.random.default_rng(0)
    photo = np.zeros((480, 640, 3), np.uint8)
    for _ in range(30):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        centre = (int(rng.integers(0, 640)), int(rng.integers(0, 480)))
        cv2.circle(photo, centre, int(rng.integers(20, 120)), colour, -1)
    cv2.imwrite(str(folder / "holiday.jpg"), photo)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    return folder


EXPECTED_OUT = {
    "hip.dcm": "not a chest study",
    "adult.dcm": "adult (62 years)",
    "lateral.dcm": "lateral view",
    "holiday.jpg": "colour image",
}


@pytest.fixture(scope="module")
def cli_run(clinic: Path, tmp_path_factory, model_path: Path) -> dict:
    out = tmp_path_factory.mktemp("out")
    args = ["scan", str(clinic), "--csv", str(out / "w.csv"), "--json", str(out / "w.json")]
    return {"rc": cli_main([*args, "--model", str(model_path)]), "out": out}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding=CSV_ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


def test_cli_ranks_children_first_and_groups_the_rest_with_reasons(cli_run) -> None:
    assert cli_run["rc"] == 0
    rows = read_csv(cli_run["out"] / "w.csv")
    groups = [r["group"] for r in rows]
    assert groups == ["ranked"] * 3 + ["out of scope"] * 4 + ["error"]
    ranked = rows[:3]
    assert all(r["file"].endswith(".jpeg") and r["scope"] == "in scope" for r in ranked)
    probs = [float(r["pneumonia_probability"]) for r in ranked]
    assert probs == sorted(probs, reverse=True) and [r["rank"] for r in ranked] == ["1", "2", "3"]
    for r in rows[3:7]:
        assert r["rank"] == "" and r["scope"] == "out of scope"
        assert EXPECTED_OUT[r["file"]] in r["scope_reason"], r
        assert r["label"].startswith("out of scope: ") and r["likely_type"] == ""
        assert "pneumonia" not in r["label"] and "normal" not in r["label"]
    assert rows[-1]["file"] == "broken.jpg" and rows[-1]["error"]

    doc = json.loads((cli_run["out"] / "w.json").read_text(encoding="utf-8"))
    assert [d["file"] for d in doc["results"]] == [r["file"] for r in rows]
    assert [d["label_text"] for d in doc["results"][:7]] == [r["label"] for r in rows[:7]]
    out = [d for d in doc["results"] if d["scope"] == "out of scope"]
    assert all(d["label"] is None and d["scope_reasons"] for d in out)
    assert doc["summary"]["out_of_scope"] == 4 and doc["summary"]["in_scope"] == 3
    assert doc["out_of_scope_ranked"] is False and "listed after" in doc["ranking_note"]


def test_rank_anyway_is_stated_in_every_output(clinic: Path, tmp_path: Path, model_path: Path):
    args = ["scan", str(clinic), "--csv", str(tmp_path / "w.csv"), "--json", str(tmp_path / "j")]
    assert cli_main([*args, "--rank-out-of-scope", "--model", str(model_path), "--quiet"]) == 0
    rows = read_csv(tmp_path / "w.csv")
    assert all(r["out_of_scope_ranked"] == "yes" for r in rows)
    assert [r["rank"] for r in rows if r["group"] == "ranked"] == [str(i) for i in range(1, 8)]
    doc = json.loads((tmp_path / "j").read_text(encoding="utf-8"))
    assert doc["out_of_scope_ranked"] is True and "RANKED" in doc["ranking_note"]


def test_viewer_csv_pdf_and_summary_agree_with_the_cli(
    qtbot, clinic: Path, cli_run, model_path: Path, tmp_path: Path, capsys
) -> None:
    window = open_window(qtbot, tmp_path / "s.ini", model_path)
    scan(qtbot, window, [clinic])
    cli_rows = read_csv(cli_run["out"] / "w.csv")
    n = window.proxy.rowCount()
    files = [window.proxy.index(r, Column.FILE).data() for r in range(n)]
    labels = [window.proxy.index(r, Column.LABEL).data() for r in range(n)]
    assert files == [r["file"] for r in cli_rows]
    assert labels[:7] == [r["label"] for r in cli_rows[:7]]

    target = tmp_path / "exports" / "viewer.csv"
    target.parent.mkdir()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000) as blocker:
        assert window.export_csv(target)
    assert blocker.args[1] is True, blocker.args[2]
    keys = ("file", "group", "label", "scope", "scope_reason", "rank")
    viewer_rows = read_csv(target)
    assert [[r[k] for k in keys] for r in viewer_rows] == [[r[k] for k in keys] for r in cli_rows]

    settings = window.model.settings
    pdf_rows = report_rows(window.model.results(), settings)
    sections = [r.group for r in pdf_rows if isinstance(r, Section)]
    assert sections == [wl.Group.OUT_OF_SCOPE, wl.Group.ERROR]
    assert [r[1].path.name for r in pdf_rows if not isinstance(r, Section)] == files
    pdf = tmp_path / "exports" / "report.pdf"
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        assert window.export_pdf(pdf)
    assert blocker.args[1] is True and pdf.stat().st_size > 10_000

    # the summary line: the viewer's status text is the CLI's summary line
    summary = wl.summarize(window.model.results(), settings)
    assert window.summary_label.text() == summary.line()
    doc = json.loads((cli_run["out"] / "w.json").read_text(encoding="utf-8"))
    assert summary.as_dict() == {k: doc["summary"][k] for k in summary.as_dict()}

    # selecting an out-of-scope row: the details panel cautions instead of labelling
    row = files.index("hip.dcm")
    window.select_row(row)
    text = window.details.verdict.text()
    assert "Out of scope" in text and "not a chest study" in text
    window.shutdown()


def test_scan_heatmaps_are_written_only_for_ranked_images(
    clinic: Path, tmp_path, model_path
) -> None:
    """Issue 21, bug 3: a hip DICOM got ``…_heatmap.png``. Out-of-scope and unreadable files get
    no heatmap from ``scan --heatmaps``, as the viewer draws none for them."""
    heat = tmp_path / "heat"
    rc = cli_main(
        ["scan", str(clinic), "--csv", str(tmp_path / "w.csv"), "--heatmaps", str(heat),
         "--model", str(model_path), "--quiet"]
    )  # fmt: skip
    assert rc == 0
    written = sorted(p.name for p in heat.iterdir())
    assert len(written) == 3 and all(n.endswith("_heatmap.png") for n in written)
    assert not any(n.startswith(("hip", "adult", "lateral", "holiday")) for n in written)
