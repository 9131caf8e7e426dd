"""One operating-point resolver and trustworthy settings files (issues 21, 22 item 3, 23).

The resolver's four origins and its one text; the CLI says what the viewer says (bugs 2 and 5);
provisional profiles from small samples; profile and reads files validated by a schema, with one
line naming the file and exit 2, through ``cxr-triage scan`` / ``calibrate``; a hypothesis
property test that nothing passing validation can overflow; bugs 6 and 7 (outlier reason, the
model's age range in the self-test).
"""

from __future__ import annotations

import csv
import functools
import json
import math
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference.cli.scan_command import main as cli_main
from inference.core.types import TriageResult
from inference.export.worklist_files import CSV_ENCODING
from inference.model.contract import ModelContract
from inference.triage import worklist as wl
from inference.triage.operating_point import Origin, calibrated, consistent_classes, resolve
from inference.triage.settings_schema import ProfileError
from inference.triage.site_calibration import fit_profile
from inference.triage.site_profile import (
    PROVISIONAL_TEMPERATURE,
    TEMPERATURE_RANGE,
    SiteProfile,
    profile_path,
)
from inference.triage.site_reads import Read, reads_from_csv

SHA = "a" * 64
CONTRACT = ModelContract(version="2", input_size=(224, 224), classes=("normal", "bacterial", "viral"),
                         preprocessing="gray-squash-area-zscore-v1", threshold=0.5,
                         temperature=1.0, age_range_years=(0.0, 10.0))  # fmt: skip


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CXR_TRIAGE_HOME", str(tmp_path / "home"))


def profile_for(sha: str, n: int = 300, **changes) -> SiteProfile:
    rng = np.random.default_rng(0)
    y = rng.random(n) < 0.5
    p = np.where(y, rng.uniform(0.45, 1.0, n), rng.uniform(0.0, 0.6, n))
    calls = [Read.PNEUMONIA if v else Read.NORMAL for v in y]
    prof = fit_profile(p, calls, model_sha256=sha, model_version="2", n_boot=20,
                       today=date(2026, 11, 30))  # fmt: skip
    return replace(prof, **changes)


def test_resolver_origins_and_the_one_text() -> None:
    site = profile_for(SHA, threshold=0.3, temperature=1.5)
    model = resolve(CONTRACT)
    assert (model.origin, model.threshold, model.temperature) == (Origin.MODEL, 0.5, 1.0)
    assert model.text == "model default operating point (threshold 50.0%)"
    assert resolve(CONTRACT, custom=0.5).origin is Origin.MODEL  # equal to the default
    custom = resolve(CONTRACT, custom=0.2)
    assert custom.origin is Origin.CUSTOM_OVER_MODEL and custom.threshold == 0.2
    assert custom.text == "custom threshold 20.0% (model default 50.0%)"
    on_site = resolve(CONTRACT, site)
    assert (on_site.origin, on_site.threshold, on_site.temperature) == (Origin.SITE, 0.3, 1.5)
    assert on_site.text.startswith("site operating point, fitted 2026-11-30 on 300 images")
    over = resolve(CONTRACT, site, 0.8)
    assert (over.origin, over.threshold, over.temperature) == (Origin.CUSTOM_OVER_SITE, 0.8, 1.5)
    assert over.text.startswith("custom threshold 80.0% on probabilities calibrated by the site")
    assert resolve(CONTRACT, site, model_default=True).origin is Origin.MODEL
    s = wl.TriageSettings.from_contract(CONTRACT, 0.8, profile=site)
    assert s.operating_point_text() == over.text and s.age_range_years == (0.0, 10.0)


# -- bug 2 and bug 5 through the CLI ------------------------------------------------------------
@pytest.fixture(scope="module")
def model_id(model_path) -> str:
    from inference.model.session import ModelSession

    return ModelSession.load(model_path).model_id


@pytest.fixture
def two_images(tmp_path, samples_dir) -> Path:
    folder = tmp_path / "films"
    folder.mkdir()
    for name in ("IM-0671-0001.jpeg", "person418_virus_852.jpeg"):
        shutil.copy(samples_dir / name, folder / name)
    return folder


def scan_csv(folder: Path, model_path: Path, tmp_path: Path, *extra: str) -> list[dict]:
    target = tmp_path / "out" / "w.csv"
    target.parent.mkdir(exist_ok=True)
    argv = ["scan", str(folder), "--csv", str(target), "--model", str(model_path), "--quiet"]
    assert cli_main([*argv, *extra]) == 0
    with target.open(encoding=CSV_ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


def test_cli_custom_threshold_over_a_saved_site_profile_says_so(
    two_images, model_path, model_id, tmp_path
) -> None:
    from inference.model.session import ModelSession

    contract = ModelSession.load(model_path).contract
    profile = profile_for(model_id, threshold=0.3)
    profile.save(profile_path(model_id))
    rows = scan_csv(two_images, model_path, tmp_path, "--threshold", "0.8")
    expected = resolve(contract, profile, 0.8).text
    assert {r["operating_point"] for r in rows} == {expected}
    assert expected.startswith("custom threshold 80.0% on probabilities calibrated by the site")
    assert float(rows[0]["threshold"]) == 0.8
    # bug 5: a custom threshold without a profile is not "model default"
    rows = scan_csv(two_images, model_path, tmp_path, "--threshold", "0.2", "--model-default")
    assert rows[0]["operating_point"].startswith("custom threshold 20.0% (model default")


# -- issue 22 item 3: provisional profiles ------------------------------------------------------
def test_small_perfectly_separated_sample_gives_a_bounded_provisional_profile() -> None:
    scores = [0.92, 0.95, 0.97, 0.9, 0.99, 0.93, 0.05, 0.1, 0.2, 0.08, 0.15, 0.3]
    calls = [Read.PNEUMONIA] * 6 + [Read.NORMAL] * 6
    prof = fit_profile(scores, calls, model_sha256=SHA, model_version="2", n_boot=50)
    lo, hi = PROVISIONAL_TEMPERATURE
    assert prof.provisional and lo <= prof.temperature <= hi  # was 0.093 before
    assert prof.provenance().startswith("PROVISIONAL site operating point")
    assert "PROVISIONAL" in resolve(CONTRACT, prof).text
    assert "PROVISIONAL" in resolve(CONTRACT, prof, 0.7).text
    assert SiteProfile.from_json(prof.to_json()) == prof
    # a hand-edited provisional profile cannot bring the tiny temperature back
    with pytest.raises(ProfileError, match="provisional"):
        SiteProfile.from_json(json.dumps({**json.loads(prof.to_json()), "temperature": 0.093}))
    assert not profile_for(SHA).provisional


def test_class_breakdown_agrees_with_the_calibrated_headline() -> None:
    from app.worklist.worklist_logic import class_breakdown

    r = TriageResult(path=Path("a.png"), index=0, pneumonia_prob=0.997,
                     class_probs={"normal": 0.003, "bacterial": 0.797, "viral": 0.2})  # fmt: skip
    s = wl.TriageSettings(0.5, temperature=2.0)
    shown = wl.probability(r, s)
    probs = dict(class_breakdown(r, s))
    assert probs["normal"] == pytest.approx(1 - shown)
    assert probs["bacterial"] + probs["viral"] == pytest.approx(shown)
    assert probs["bacterial"] / probs["viral"] == pytest.approx(0.797 / 0.2)
    assert consistent_classes(r.class_probs, 0.997, 1.0) == r.class_probs


# -- issue 23: the profile schema -----------------------------------------------------------------
@functools.cache
def _good_json() -> str:
    return profile_for(SHA).to_json()


def good_doc() -> dict:
    return json.loads(_good_json())


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"temperature": 0.005}, "temperature"),
        ({"temperature": None}, "temperature must be a number"),
        ({"threshold": "0.5"}, "threshold must be a number"),
        ({"model_sha256": 12345}, "model_sha256 must be text"),
        ({"n_images": True}, "n_images"),
        ({"version": 2}, "version"),
        ({"figures": {"auc": 0.9}}, "figures lacks"),
        ({"intervals": {"threshold": [0.9, 0.1]}}, "backwards"),
        ({"x" * 200: 1}, "unknown field"),
    ],
)
def test_profile_schema_refuses_bad_values_in_one_line(change, says) -> None:
    with pytest.raises(ProfileError, match=says) as info:
        SiteProfile.from_json(json.dumps({**good_doc(), **change}))
    assert "\n" not in str(info.value) and len(str(info.value)) < 300


@pytest.mark.parametrize("text", ['{"temperature": Infinity}', '{"threshold": NaN}',
                                  '{"temperature": 1e999}', "[" * 100_000, '{"a": 1'])  # fmt: skip
def test_profile_schema_refuses_non_finite_and_broken_json(text) -> None:
    with pytest.raises(ProfileError):
        SiteProfile.from_json(text)


def test_version_one_as_text_is_version_one(tmp_path) -> None:
    doc = {**good_doc(), "version": "1"}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    assert SiteProfile.load(path, SHA).version == 1


def bad_profile_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    doc = good_doc()
    files = {
        "tiny temperature": json.dumps({**doc, "temperature": 0.005}).encode(),
        "infinite temperature": json.dumps({**doc, "temperature": float("inf")}).encode(),
        "latin-1": json.dumps({**doc, "model_version": "Müller"}, ensure_ascii=False).encode(
            "latin-1"
        ),
        "10 MB unknown key": json.dumps({**doc, "k" * 10_000_000: 1}).encode(),
    }
    out = {}
    for i, (name, data) in enumerate(files.items()):
        out[name] = folder / f"bad{i}.json"
        out[name].write_bytes(data)
    return out


def test_cli_bad_site_profile_is_one_line_and_exit_2(two_images, model_path, tmp_path,
                                                     capsys) -> None:  # fmt: skip
    for name, path in bad_profile_files(tmp_path / "profiles").items():
        argv = ["scan", str(two_images), "--model", str(model_path), "--site-profile", str(path)]
        rc = cli_main([*argv, "--csv", str(tmp_path / "w.csv")])
        err = capsys.readouterr().err
        assert rc == 2, name
        assert err.count("\n") == 1 and len(err) < 400, (name, err[:300])
        assert str(path) in err and "Traceback" not in err, name


def test_damaged_saved_profile_does_not_block_the_scan(two_images, model_path, model_id,
                                                       tmp_path, capsys) -> None:  # fmt: skip
    saved = profile_path(model_id)
    saved.parent.mkdir(parents=True)
    saved.write_text(json.dumps({**good_doc(), "model_sha256": model_id, "temperature": 0.005}))
    rows = scan_csv(two_images, model_path, tmp_path)
    err = capsys.readouterr().err
    assert str(saved) in err and "model default" in err and err.count("\n") == 1
    assert rows and rows[0]["operating_point"].startswith("model default operating point")


# -- issue 23: reads files ------------------------------------------------------------------------
def test_reads_csv_long_field_huge_file_and_folder_are_refused_cleanly(tmp_path) -> None:
    long = tmp_path / "long.csv"
    long.write_text('path,call\n"' + "a" * 200_000 + '",normal\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="line"):
        reads_from_csv(long)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # sparse: 1 GB on paper, nothing on disk
        fh.truncate(1 << 30)
    with pytest.raises(ProfileError, match="too large"):
        reads_from_csv(huge)
    (tmp_path / "images").mkdir()
    folder_row = tmp_path / "folder.csv"
    folder_row.write_text("path,call\nimages,pneumonia\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="is a folder"):
        reads_from_csv(folder_row)


def test_cli_calibrate_refuses_bad_reads_in_one_line(tmp_path, model_path, capsys) -> None:
    (tmp_path / "images").mkdir()
    cases = {
        "long.csv": 'path,call\n"' + "a" * 200_000 + '",normal\n',
        "folder.csv": f"path,call\n{tmp_path / 'images'},pneumonia\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        rc = cli_main(["calibrate", str(tmp_path / name), "--model", str(model_path),
                       "--dry-run"])  # fmt: skip
        err = capsys.readouterr().err
        assert rc == 2 and err.count("\n") == 1 and name in err, (name, err[:300])
        assert "Traceback" not in err and len(err) < 500


# -- property tests: nothing that passes validation can overflow -----------------------------------
_values = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20))  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(good_doc())), _values, max_size=4),
       st.floats(0.0, 1.0))  # fmt: skip
def test_profile_parser_property(changes, p) -> None:
    text = json.dumps({**good_doc(), **changes})
    try:
        prof = SiteProfile.from_json(text)
    except ProfileError as exc:
        assert "\n" not in str(exc)
        return
    lo, hi = TEMPERATURE_RANGE
    assert lo <= prof.temperature <= hi and 0 < prof.threshold < 1
    shown = calibrated(p, prof.temperature)
    assert shown is not None and math.isfinite(shown) and 0.0 <= shown <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_reads_csv_parser_property(tmp_path_factory, text) -> None:
    path = tmp_path_factory.mktemp("r") / "reads.csv"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    try:
        reads = reads_from_csv(path)
    except ProfileError as exc:
        assert "\n" not in str(exc)
        return
    assert all(isinstance(v, Read) for v in reads.values())


# -- bugs 6 and 7 ---------------------------------------------------------------------------------
def test_outlier_loader_skips_an_unreadable_file(tmp_path) -> None:
    from training.outliers import _load_gray

    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert _load_gray(bad, (64, 64)) is None  # AttributeError .reason before


def test_selftest_scope_uses_the_models_age_range() -> None:
    from inference.cli import selftest_checks

    rng = np.random.default_rng(0)
    cam = rng.random((14, 14)).astype(np.float32)
    r = TriageResult(path=Path("NORMAL-a.jpeg"), index=0, pneumonia_prob=0.2,
                     class_probs={"normal": 0.8, "bacterial": 0.1, "viral": 0.1}, cam=cam,
                     scope_prob=0.9, age_years=8.0)  # fmt: skip
    by_name = {c.name: c for c in selftest_checks.check_results([r], 1, (14, 14), (0.0, 10.0))}
    assert by_name["samples in scope"].status == "PASS"
    by_name = {c.name: c for c in selftest_checks.check_results([r], 1, (14, 14))}
    assert by_name["samples in scope"].status == "FAIL"  # the default range (0-6) says no
