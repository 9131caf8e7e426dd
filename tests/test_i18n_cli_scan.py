"""``cxr-triage scan`` in French, Portuguese and Spanish: the summary, the scope reasons and the
errors on the terminal are in the chosen language (--lang, LANG, LC_MESSAGES), while the CSV is the
same file an English run writes (header, codes, labels, reasons: programs read it)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from inference.core import i18n

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
#: Columns that differ between two runs of the same folder (timings).
VOLATILE = {"decode_ms", "infer_ms"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bundled films, a colour photo (out of scope) and a file that is not an image."""
    root = tmp_path_factory.mktemp("mixed")
    for name in ("person1343_bacteria_3419.jpeg", "NORMAL2-IM-0845-0001.jpeg"):
        shutil.copy(SAMPLES / name, root / name)
    photo = np.zeros((400, 400, 3), np.uint8)
    photo[:, :, 2] = 200
    photo[:, :, 1] = np.random.default_rng(0).integers(0, 255, (400, 400))
    cv2.imwrite(str(root / "photo.jpg"), photo)
    (root / "broken.jpg").write_bytes(b"x")
    return root


def scan(folder: Path, csv_path: Path, *lang: str, env: dict[str, str] | None = None):
    """The user's command, as a new process: ``cxr-triage [--lang L] scan FOLDER --csv OUT``."""
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}
    return subprocess.run(
        [sys.executable, "-m", "app", *lang, "scan", str(folder), "--csv", str(csv_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**clean, **(env or {})},
    )  # fmt: skip


#: The CSV cells a person reads: worded in the reader's language. Everything else (the column
#: names, codes, labels, numbers, ``scope_reason_codes``) is the same in every language.
READ_BY_PEOPLE = {"scope_reason", "error", "operating_point"}


def rows(path: Path, drop: set[str] = READ_BY_PEOPLE) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [
            {k: v for k, v in r.items() if k not in VOLATILE | drop} for r in reader
        ]


@pytest.fixture(scope="module")
def english(folder: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("en") / "en.csv"
    run = scan(folder, out, env={"LANG": "C.UTF-8"})
    assert run.returncode == 0, run.stderr
    return run, out


def test_french_summary_and_reasons_english_csv(folder: Path, tmp_path: Path, english):
    en_run, en_csv = english
    out = tmp_path / "fr.csv"
    run = scan(folder, out, "--lang", "fr", env={"LANG": "es_ES.UTF-8"})
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert "4 fichiers analysés en " in text and "modèle " in text
    assert "parcours des dossiers\u00a0: 3 images, 1 problème" in text
    assert "4 images · 1 au seuil ou au-dessus · 1 hors domaine" in text
    assert "(point de fonctionnement du modèle (seuil " in text and "\u202f%))" in text
    assert "classées 2, hors domaine 1, illisibles 1" in text
    assert "échec\u00a0: " in text and "Pas une image\u00a0: " in text
    assert "Scanned" not in text and "at or above" not in text
    assert "en échec" in run.stderr  # the progress line
    # the CSV: the same header, codes, labels and numbers as the English run; the reason, the
    # error message and the operating point read in French, the codes beside them do not change
    assert rows(out) == rows(en_csv)
    header, fr_rows = rows(out, drop=set())
    _header, en_rows = rows(en_csv, drop=set())
    assert header[:3] == ["rank", "group", "file"] and "scope_reason_codes" in header
    photo = next(r for r in fr_rows if r["file"] == "photo.jpg")
    en_photo = next(r for r in en_rows if r["file"] == "photo.jpg")
    assert photo["scope"] == "out of scope" and photo["scope_reason_codes"] == "colour_image"
    assert en_photo["scope_reason"] == "colour image: a photo, not a radiograph"
    assert photo["scope_reason"] == "image en couleur : une photo, pas une radiographie"
    assert "point de fonctionnement du modèle" in photo["operating_point"]
    broken = next(r for r in fr_rows if r["error"])
    assert broken["error"].startswith("not_an_image: ") and "Scanned 4 files" in en_run.stdout


def test_french_worklist_on_the_terminal_shows_french_scope_reasons(folder: Path):
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}
    run = subprocess.run(
        [sys.executable, "-m", "app", "--lang", "fr", "scan", str(folder), "--quiet"],
        cwd=REPO, capture_output=True, text=True, timeout=300, env=clean,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "hors domaine (non classées)\u00a0:" in run.stdout
    assert "photo.jpg: image en couleur\u00a0: une photo, pas une radiographie" in run.stdout
    assert "pneumonie (" in run.stdout or "pneumonie  " in run.stdout


def test_portuguese_by_lang_and_spanish_by_lc_messages(folder: Path, tmp_path: Path, english):
    _en_run, en_csv = english
    pt = scan(folder, tmp_path / "pt.csv", env={"LANG": "pt_MZ.UTF-8"})
    assert pt.returncode == 0, pt.stderr
    assert "4 ficheiros analisados em " in pt.stdout
    assert (
        "1 fora do âmbito" in pt.stdout
        and "(ponto de funcionamento do modelo (limiar " in pt.stdout
    )
    es = scan(folder, tmp_path / "es.csv", env={"LC_MESSAGES": "es_CO.UTF-8", "LANG": "fr_FR"})
    assert es.returncode == 0, es.stderr
    assert "4 archivos analizados en " in es.stdout
    assert (
        "1 fuera de ámbito" in es.stdout and "(punto de operación del modelo (umbral " in es.stdout
    )
    assert rows(tmp_path / "pt.csv") == rows(en_csv) == rows(tmp_path / "es.csv")


def test_french_usage_errors_and_help(tmp_path: Path):
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--lang", "fr", *args],
            cwd=REPO, capture_output=True, text=True, timeout=300, env=clean,
        )  # fmt: skip

    bad = run("scan", str(SAMPLES), "--threshold", "2")
    assert bad.returncode == 2 and "doit être strictement entre 0 et 1, reçu 2.0" in bad.stderr
    help_text = " ".join(run("scan", "--help").stdout.split())
    assert "écrire la liste de travail en CSV (risque le plus élevé d'abord)" in help_text
    assert "codes de sortie" in help_text
    (tmp_path / "h").write_bytes(b"")  # a file where the heatmap folder should go
    taken = run("scan", str(SAMPLES), "--heatmaps", str(tmp_path / "h"))
    assert taken.returncode == 2
    assert "cxr-triage scan\u00a0: erreur\u00a0: --heatmaps " in taken.stderr
    assert "existe et n'est pas un dossier" in taken.stderr
