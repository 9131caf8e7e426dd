"""Out of scope at any hospital (issue 27): adults from four sources, as plain JPEG/PNG files with no
DICOM tags, an adult chest DICOM with its age removed, a hand and a canine lateral thorax are kept
out of the ranking by the image alone, through the real ``cxr-triage scan``; the bundled children
stay ranked. Plus the probe's contract and the int8 model agreeing with the float one."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pydicom
import pytest

from inference.cli.scan_command import main as cli_main
from inference.export.worklist_files import CSV_ENCODING
from inference.model.contract import ContractError, ModelContract, ScopeProbe
from inference.model.session import ModelSession

ADULTS = {
    "nih": "adult-cxr/nih-cxr14/images",
    "mhh": "adult-cxr/mhh-covid19/images",
    "jsrt": "lung-masks/jsrt/images",
    "openist": "lung-masks/openist/images",
}
SIIM = "dicom/torchxrayvision/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, shared_data: Path, samples_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("gate")
    for name, rel in ADULTS.items():
        for i, f in enumerate(sorted((shared_data / rel).iterdir())[:3]):
            shutil.copy(f, folder / f"adult_{name}_{i}{f.suffix}")
    ds = pydicom.dcmread(shared_data / SIIM)
    for tag in ("PatientAge", "PatientBirthDate", "ViewPosition", "BodyPartExamined"):
        if tag in ds:
            delattr(ds, tag)
    ds.save_as(folder / "adult_untagged.dcm")
    hand = sorted((shared_data / "non-chest/hands-children/images").iterdir())[0]
    shutil.copy(hand, folder / f"hand{hand.suffix}")
    shutil.copy(
        shared_data / "dicom/highdicom/non_chest/dx_image_canine_lateral_thorax.dcm",
        folder / "lateral_thorax.dcm",
    )
    for f in sorted(samples_dir.glob("*.jpeg")):
        shutil.copy(f, folder / f"child_{f.name}")
    return folder


@pytest.fixture(scope="module")
def rows(mixed: Path, tmp_path_factory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("out") / "w.csv"
    assert cli_main(["scan", str(mixed), "--csv", str(out), "--quiet"]) == 0
    with out.open(encoding=CSV_ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


def test_adults_from_every_source_are_kept_out_by_the_image_alone(rows) -> None:
    adults = [r for r in rows if r["file"].startswith("adult_")]
    assert len(adults) == 13
    for r in adults:
        assert r["scope"] == "out of scope" and r["rank"] == "", r
        assert "adult" in r["scope_reason"], r


def test_other_images_are_kept_out_and_children_stay_ranked(rows) -> None:
    by_name = {r["file"]: r for r in rows}
    assert by_name["hand.png"]["scope"] == "out of scope"
    assert by_name["lateral_thorax.dcm"]["scope"] == "out of scope"
    children = [r for r in rows if r["file"].startswith("child_")]
    assert children and all(r["scope"] == "in scope" and r["rank"] for r in children)
    assert [r["group"] for r in rows[: len(children)]] == ["ranked"] * len(children)


def test_the_probe_is_in_the_contract_and_refuses_bad_shapes() -> None:
    session = ModelSession.load()
    probe = session.contract.scope_probe
    assert probe is not None and probe.classes == ["child", "adult", "other"]
    p = probe.probabilities(np.zeros((2, len(probe.mean))))
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)
    meta = session.contract.to_metadata()
    bad = json.loads(meta["cxr.scope_probe"])
    bad["coef"] = bad["coef"][:2]
    with pytest.raises(ContractError):
        ModelContract.from_metadata({**meta, "cxr.scope_probe": json.dumps(bad)})
    with pytest.raises(ContractError):
        ScopeProbe(**{**json.loads(meta["cxr.scope_probe"]), "threshold": 1.5}).validate()


def test_int8_and_float_models_keep_the_same_films_out(mixed: Path, tmp_path: Path) -> None:
    scopes = {}
    for name, flag in (("int8", []), ("float", ["--float"])):
        out = tmp_path / f"{name}.csv"
        assert cli_main(["scan", str(mixed), "--csv", str(out), "--quiet", *flag]) == 0
        with out.open(encoding=CSV_ENCODING, newline="") as fh:
            scopes[name] = {r["file"]: r["scope"] for r in csv.DictReader(fh)}
    assert scopes["int8"] == scopes["float"]
