"""Reasons made during a scan are words shown later: an unreadable file's reason is kept as an
English template and its values (``i18n.Message``), rendered in the screen's language where it is
shown (terminal, details panel) and in English in the CSV; the summary counts use plural forms;
the site-calibration plot and the threshold box's percent sign follow the language."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from inference.core import i18n
from inference.core.types import FailureKind, LoadFailure
from inference.imaging.loader import try_load
from inference.triage.worklist import Summary

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
SAMPLE = SAMPLES / "person1343_bacteria_3419.jpeg"


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A text file named like a JPEG and a JPEG cut in half, beside one good film."""
    root = tmp_path_factory.mktemp("bad")
    shutil.copy(SAMPLE, root / "good.jpeg")
    (root / "notes.jpg").write_text("clinic notes, not an image\n" * 4, encoding="utf-8")
    data = SAMPLE.read_bytes()
    (root / "cut.jpg").write_bytes(data[: len(data) // 2])
    return root


def test_a_failure_keeps_its_template_and_renders_in_the_current_language(bad_folder: Path):
    notes = try_load(bad_folder / "notes.jpg")
    assert isinstance(notes, LoadFailure) and notes.kind is FailureKind.NOT_AN_IMAGE
    assert notes.reason.template == "not an image: its content is not JPEG, PNG, BMP, TIFF or DICOM"
    english = notes.message
    assert english.startswith("not an image")
    i18n.set_language("fr")
    assert (
        notes.message
        == "pas une image\u00a0: son contenu n'est ni JPEG, ni PNG, ni BMP, ni TIFF, ni DICOM"
    )
    with i18n.english():
        assert notes.message == english  # what the CSV and JSON write
    i18n.set_language("pt")
    assert notes.message.startswith("não é uma imagem: ")


def test_nested_values_and_plain_text_values():
    inner = i18n.Message(i18n.N_("a PDF document"))
    outer = i18n.Message(i18n.N_("not an image: it is %(what)s"), what=inner)
    i18n.set_language("es")
    assert outer.text() == "no es una imagen: es un documento PDF"
    assert outer.english_text() == "not an image: it is a PDF document"
    # a value that is the OS's or a library's own text is kept as it is, never translated
    plain = i18n.Message(i18n.N_("cannot read the file: %(reason)s"), reason="disk on fire")
    assert plain.text() == "no se puede leer el archivo: disk on fire"
    scrubbed = plain.map_text(lambda t: t.replace("fire", "X"))
    assert scrubbed.english_text() == "cannot read the file: disk on X"
    # plain text (a test's, an old caller's) still works as a reason
    assert LoadFailure(Path("x.jpg"), FailureKind.CORRUPT, "bad data").message == "bad data"


def _scan(folder: Path, csv_path: Path, *lang: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}
    return subprocess.run(
        [sys.executable, "-m", "app", *lang, "scan", str(folder), "--csv", str(csv_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**clean, "LANG": "C.UTF-8"},
    )  # fmt: skip


def _errors(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["file"]: r["error"] for r in csv.DictReader(fh) if r["error"]}


def test_french_scan_words_unreadable_files_in_french_and_the_csv_keeps_the_codes(
    bad_folder: Path, tmp_path: Path
):
    en = _scan(bad_folder, tmp_path / "en.csv")
    fr = _scan(bad_folder, tmp_path / "fr.csv", "--lang", "fr")
    assert en.returncode == 0 and fr.returncode == 0, (en.stderr, fr.stderr)
    text = fr.stdout
    assert "pas une image\u00a0: son contenu n'est ni JPEG" in text, text
    assert "JPEG tronqué (le fichier s'arrête" in text, text
    assert "not an image" not in text and "truncated JPEG" not in text and "file ends" not in text
    assert "2 illisibles" in text
    # the CSV's error cell: the stable kind code first, then the message in the reader's language
    errors, en_errors = _errors(tmp_path / "fr.csv"), _errors(tmp_path / "en.csv")
    assert en_errors["notes.jpg"].startswith("not_an_image: not an image: its content is not JPEG")
    assert "truncated JPEG" in en_errors["cut.jpg"]
    assert errors["notes.jpg"].startswith("not_an_image: pas une image\u00a0: son contenu")
    assert "JPEG tronqué" in errors["cut.jpg"]
    assert {k: v.split(": ", 1)[0] for k, v in errors.items()} == {
        k: v.split(": ", 1)[0] for k, v in en_errors.items()
    }


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("fr", ("1 signalée", "1 illisible"), ("2 signalées", "2 illisibles")),
        ("pt", ("1 assinalada", "1 ilegível"), ("2 assinaladas", "2 ilegíveis")),
        ("es", ("1 marcada", "1 ilegible"), ("2 marcadas", "2 ilegibles")),
        ("en", ("1 flagged", "1 unreadable"), ("2 flagged", "2 unreadable")),
    ],
)
def test_summary_counts_use_plural_forms(lang: str, one: tuple[str, str], two: tuple[str, str]):
    i18n.set_language(lang)

    def line(n: int) -> str:
        s = Summary(total=n, scored=n, in_scope=n, above=n, out_of_scope=n, flagged=n, errors=n)
        return s.line()

    for n, words in ((1, one), (2, two)):
        parts = line(n).split(" · ")
        assert words[0] in parts and words[1] in parts, parts


def _figure_texts(fig) -> list[str]:
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return texts


def test_calibration_plot_is_drawn_in_french():
    from inference.export.calibration_plot import calibration_figure
    from inference.triage.site_calibration import fit_profile
    from inference.triage.site_reads import Read

    rng = np.random.default_rng(1)
    calls = [Read.PNEUMONIA] * 8 + [Read.NORMAL] * 8
    scores = [float(v) for v in np.r_[rng.uniform(0.5, 0.99, 8), rng.uniform(0.01, 0.6, 8)]]
    profile = fit_profile(
        scores, calls, model_sha256="0" * 64, model_version="2.1", target_sensitivity=0.9, n_boot=20
    )
    i18n.set_language("fr")
    texts = _figure_texts(calibration_figure(scores, calls, profile))
    joined = "\n".join(texts)
    assert "ROC sur 16 images lues" in texts, texts
    assert "fiabilité (10 classes)" in texts
    assert "1 − spécificité" in texts and "sensibilité" in texts
    assert "modèle tel que livré" in texts and "calibré pour le centre" in texts
    assert any(t.startswith("ce centre (AUC ") and "," in t for t in texts), texts
    assert (
        "ROC on" not in joined and "reliability" not in joined and "site-calibrated" not in joined
    )
