"""``cxr-triage --selftest`` (inference/cli/selftest*.py), run in-process on the shipped model.

The self-test is the check a clinic runs after installing, and the one the installer builds run
on the frozen program, so these tests make sure it passes when things are right and, above all,
fails loudly when they are not (missing decoder, corrupt codestream, bad model, bad scores).
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from inference.cli import selftest, selftest_checks, selftest_fixtures
from inference.core.types import FailureKind, LoadFailure, TriageResult

REPO = Path(__file__).resolve().parents[1]


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = selftest.main(argv, out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def shipped_run() -> tuple[int, str]:
    """One full self-test on the shipped model and samples (about a second)."""
    return run([])


def test_full_selftest_passes_and_reports_provenance(shipped_run: tuple[int, str]) -> None:
    code, text = shipped_run
    assert code == 0, text
    lines = text.splitlines()
    assert lines[0] == "CXR Triage self-test"
    assert lines[-1].startswith("RESULT: PASS")
    assert "execution provider: CPUExecutionProvider (CPU)" in text
    assert "model version: " in text
    sha = next(line for line in lines if "model sha256:" in line).split()[-1]
    assert len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
    assert "PASS  model loads" in text
    assert "PASS  samples scored: 12/12" in text
    assert "PASS  probabilities in [0, 1]" in text
    assert "PASS  heatmaps finite: 12 maps of" in text
    assert "PASS  pneumonia ranked above normal" in text
    assert "PASS  DICOM uncompressed via the image loader" in text
    assert not any(line.startswith(("FAIL", "SKIP")) for line in lines), text


@pytest.mark.parametrize("uid", sorted(selftest_fixtures.CODEC_SYNTAXES))
def test_every_compressed_syntax_is_checked(shipped_run: tuple[int, str], uid: str) -> None:
    _code, text = shipped_run
    line = next(line for line in text.splitlines() if f"({uid})" in line)
    assert line.startswith("PASS  DICOM "), line
    assert "decoded by " in line


@pytest.mark.parametrize("uid", sorted(selftest_fixtures.CODEC_SYNTAXES))
def test_embedded_codestreams_decode_to_the_pattern(uid: str) -> None:
    """Each embedded frame, through every plugin installed here, gives the known pattern."""
    _name, bits = selftest_fixtures.CODEC_SYNTAXES[uid]
    errors = selftest_fixtures.decode_all_plugins(uid, selftest_fixtures.codestream(uid), bits)
    assert errors, f"no decoder plugin for {uid} in this environment"
    tolerance = selftest_fixtures.JPEG_BASELINE_TOLERANCE if bits == 8 else 0
    assert all(err is not None and err <= tolerance for err in errors.values()), errors


def test_a_corrupt_codestream_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    uid = "1.2.840.10008.1.2.4.80"  # JPEG-LS
    good = selftest_fixtures.codestream(uid)
    damaged = good[:40] + bytes(b ^ 0x5A for b in good[40:])
    monkeypatch.setitem(selftest_fixtures._CODESTREAMS, uid, base64.b64encode(damaged).decode())
    check = selftest_checks.check_codec(uid)
    assert check.status == "FAIL"
    assert "JPEG-LS" in check.title()


def test_a_missing_decoder_fails_and_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a frozen build that lost its pylibjpeg/gdcm plugins would show."""

    no_plugins = SimpleNamespace(
        is_available=False,
        available_plugins=(),
        missing_dependencies={"gdcm": ["gdcm>=3.0.10"], "pylibjpeg": ["pylibjpeg-libjpeg>=2.1"]},
    )
    monkeypatch.setattr(selftest_checks, "get_decoder", lambda uid: no_plugins)
    check = selftest_checks.check_codec("1.2.840.10008.1.2.4.70")
    assert check.status == "FAIL"
    assert "no decoder plugin is installed" in check.detail
    assert "pylibjpeg-libjpeg" in check.detail and "gdcm" in check.detail


def test_pattern_uses_the_requested_bits_and_is_not_flat() -> None:
    p8, p12 = selftest_fixtures.pattern(8), selftest_fixtures.pattern(12)
    assert p8.dtype == np.uint8 and p12.dtype == np.uint16
    assert p12.max() < 4096 and len(np.unique(p12)) > 100
    assert len(np.unique(p8)) > 20


def test_uncompressed_dataset_round_trips_through_the_loader() -> None:
    check = selftest_checks.check_dicom_loader()
    assert check.status == "PASS", check


def test_a_broken_model_fails_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not an onnx model")
    code, text = run(["--model", str(bad), "--samples", str(tmp_path)])
    assert code == 1
    assert "FAIL  model loads" in text
    assert text.splitlines()[-1].startswith("RESULT: FAIL")


def test_an_empty_samples_folder_fails(tmp_path: Path) -> None:
    code, text = run(["--samples", str(tmp_path)])
    assert code == 1
    assert "FAIL  samples scored: no sample images" in text


def test_unreadable_sample_is_reported_by_name(tmp_path: Path, samples_dir: Path) -> None:
    for name in ("IM-0671-0001.jpeg", "person418_virus_852.jpeg"):
        shutil.copy(samples_dir / name, tmp_path / name)
    (tmp_path / "person1_bacteria_1.jpeg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    code, text = run(["--samples", str(tmp_path)])
    assert code == 1
    line = next(line for line in text.splitlines() if "samples scored" in line)
    assert line.startswith("FAIL  samples scored: 2/3")
    assert "person1_bacteria_1.jpeg" in line


def test_viewer_arguments_are_ignored_when_called_from_app_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """app.cli calls main() with no argv: sys.argv still holds --selftest and viewer flags."""
    monkeypatch.setattr(sys, "argv", ["cxr-triage", "--selftest", "--theme", "dark"])
    code = selftest.main(out=io.StringIO())
    assert code == 0


def test_usage_error_returns_2() -> None:
    assert selftest.main(["--no-such-option"], out=io.StringIO()) == 2


# --------------------------------------------------------------------------- result checks


def result(name: str, prob: float, cam: np.ndarray | None = None) -> TriageResult:
    return TriageResult(
        path=Path(name),
        index=0,
        pneumonia_prob=prob,
        class_probs={"normal": 1 - prob, "bacterial": prob / 2, "viral": prob / 2},
        cam=np.full((14, 14), 0.5, np.float32) if cam is None else cam,
    )


def statuses(results: list[TriageResult], expected: int | None = None) -> dict[str, str]:
    checks = selftest_checks.check_results(results, expected or len(results), (14, 14))
    return {c.name: c.status for c in checks}


def test_check_results_passes_sane_results() -> None:
    got = statuses([result("person1_virus_1.jpeg", 0.9), result("IM-0001-0001.jpeg", 0.1)])
    assert set(got.values()) == {"PASS"}


def test_check_results_catches_inverted_ordering() -> None:
    got = statuses([result("person1_virus_1.jpeg", 0.2), result("IM-0001-0001.jpeg", 0.8)])
    assert got["pneumonia ranked above normal"] == "FAIL"


def test_check_results_catches_out_of_range_probability_and_bad_cam() -> None:
    cam = np.full((14, 14), np.nan, np.float32)
    got = statuses([result("person1_virus_1.jpeg", 1.5), result("IM-0001-0001.jpeg", 0.1, cam)])
    assert got["probabilities in [0, 1]"] == "FAIL"
    assert got["heatmaps finite"] == "FAIL"


def test_check_results_catches_a_missing_file_and_a_failed_one() -> None:
    failed = TriageResult(
        path=Path("x.dcm"), index=1, error=LoadFailure(Path("x.dcm"), FailureKind.CORRUPT, "bad")
    )
    got = statuses([result("person1_virus_1.jpeg", 0.9), failed], expected=3)
    assert got["samples scored"] == "FAIL"


def test_unnamed_samples_skip_the_ordering_check() -> None:
    got = statuses([result("a.png", 0.9), result("b.png", 0.1)])
    assert got["pneumonia ranked above normal"] == "SKIP"


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("person1343_bacteria_3419.jpeg", "pneumonia"),
        ("person418_virus_852.jpeg", "pneumonia"),
        ("NORMAL2-IM-0845-0001.jpeg", "normal"),
        ("IM-0671-0001.jpeg", "normal"),
        ("scan.dcm", None),
    ],
)
def test_sample_group_from_kermany_names(name: str, group: str | None) -> None:
    assert selftest_checks.sample_group(Path(name)) == group


# --------------------------------------------------------------------------- languages

#: English words of the report that must not be left in a translated one.
ENGLISH_WORDS = (
    "CXR Triage self-test",
    "model loads",
    "samples scored",
    "probabilities in",
    "heatmaps finite",
    "decoded by",
    "checks,",
)


def selftest_process(*lang: str, env: dict[str, str] | None = None) -> str:
    """The user's command, as a new process: ``cxr-triage [--lang L] --selftest``."""
    from inference.core import i18n

    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}
    run = subprocess.run(
        [sys.executable, "-m", "app", *lang, "--selftest"],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**clean, **(env or {})},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


@pytest.mark.parametrize(
    ("lang", "env", "expected"),
    [
        (
            ("--lang", "fr"),
            {"LANG": "es_ES.UTF-8"},
            (
                "Autotest de CXR Triage",
                "PASS  chargement du modèle\u00a0: ",
                "PASS  exemples notés\u00a0: 12/12",
                "PASS  probabilités dans [0, 1]\u00a0: P(pneumonie) de 0,",
                "PASS  DICOM JPEG 2000 sans perte (1.2.840.10008.1.2.4.90)\u00a0: décodé par ",
                " vérifications, ",
            ),
        ),
        (
            (),
            {"LANG": "pt_MZ.UTF-8"},
            (
                "Autoteste do CXR Triage",
                "PASS  carregamento do modelo: ",
                "PASS  exemplos com pontuação: 12/12",
                "PASS  mapas de calor finitos: 12 mapas de ",
                "PASS  DICOM JPEG-LS sem perdas (1.2.840.10008.1.2.4.80): descodificado por ",
                " verificações, ",
            ),
        ),
        (
            (),
            {"LC_MESSAGES": "es_CO.UTF-8", "LANG": "C.UTF-8"},
            (
                "Autoprueba de CXR Triage",
                "PASS  carga del modelo: ",
                "PASS  ejemplos con puntuación: 12/12",
                "PASS  neumonías ordenadas por encima de las normales: P(neumonía) media 0,",
                "PASS  DICOM sin comprimir mediante el lector de imágenes: 16x16",
                " comprobaciones, ",
            ),
        ),
    ],
    ids=["fr-flag", "pt-LANG", "es-LC_MESSAGES"],
)
def test_the_report_follows_the_language_and_keeps_its_status_tokens(
    lang: tuple[str, ...], env: dict[str, str], expected: tuple[str, ...]
) -> None:
    """The real command in French (--lang), Portuguese (LANG) and Spanish (LC_MESSAGES): every
    description translated, while PASS / RESULT: PASS and the UIDs stay for the smoke tests."""
    text = selftest_process(*lang, env=env)
    lines = text.splitlines()
    assert lines[-1].startswith("RESULT: PASS ("), lines[-1]
    for needle in expected:
        assert needle in text, (needle, text)
    for word in ENGLISH_WORDS:
        assert word not in text, (word, text)
    status_lines = [line for line in lines[1:] if not line.startswith(" ")]
    assert len(status_lines) == 14, status_lines  # 13 checks and the result
    assert all(line.startswith(("PASS  ", "RESULT: PASS (")) for line in status_lines)


def test_an_installed_bundle_is_marked_in_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The smoke tests grep "[frozen]" (not the translated "installed bundle")."""
    from inference.core import i18n

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    try:
        for lang in i18n.LANGUAGES:
            i18n.set_language(lang)
            assert " ([frozen] " in selftest.program_description(), lang
    finally:
        i18n.set_language("en")
    monkeypatch.delattr(sys, "frozen")
    assert "[frozen]" not in selftest.program_description()
