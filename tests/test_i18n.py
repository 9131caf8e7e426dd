"""Languages without Qt: choosing the language, locale numbers, the catalogues (complete, no
obsolete entries, in step with the sources, compiled files up to date) and the command line.

The viewer's side (the Settings dialog switching the open dialogs) is in test_i18n_gui.py; the
unwrapped-string check in test_i18n_strings.py.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from inference.core import i18n

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LANGS = ("fr", "pt", "es")
TS = {lang: REPO / "resources" / "i18n" / f"cxr_triage_{lang}.ts" for lang in LANGS}
PO = {
    lang: REPO / "resources" / "locale" / lang / "LC_MESSAGES" / "cxr-triage.po" for lang in LANGS
}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


# -- choosing the language ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("fr", {"LANG": "es_ES.UTF-8"}, "fr"),  # --lang / the Settings choice first
        ("fr_FR.UTF-8", {}, "fr"),
        ("pt_BR", {}, "pt"),
        ("es-419", {}, "es"),
        ("PT", {}, "pt"),
        (None, {"LANGUAGE": "pt_BR:pt:en", "LANG": "fr_FR.UTF-8"}, "pt"),
        (None, {"LANGUAGE": "de:es", "LANG": "fr_FR.UTF-8"}, "es"),  # first supported in the list
        (None, {"LANGUAGE": "de", "LC_ALL": "fr_FR.UTF-8"}, "fr"),  # nothing usable: next variable
        (None, {"LC_ALL": "es_MX.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "pt_PT"}, "es"),
        (None, {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "pt_PT.UTF-8"}, "fr"),
        (None, {"LANG": "pt_MZ.UTF-8"}, "pt"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # set but unsupported: English, as gettext shows
        (None, {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "fr"),  # C is no preference
        (None, {"LANG": "C"}, "en"),
        (None, {}, "en"),
        ("de", {"LANG": "es_AR.UTF-8"}, "es"),  # an unknown choice does not hide the system's
    ],
)
def test_resolve_language(cli, env, expected):
    assert i18n.resolve_language(cli, env) == expected


def test_resolve_language_default_is_used_when_nothing_is_set():
    assert i18n.resolve_language(None, {}, default="fr_FR") == "fr"
    assert i18n.resolve_language(None, {}, default="xx") == "en"


def test_set_language_switches_gettext_and_falls_back_to_english():
    disclaimer = "Assistive — not a diagnosis."
    assert i18n.set_language("fr_FR.UTF-8") == "fr" and i18n.current_language() == "fr"
    assert i18n._(disclaimer) == "Aide au tri — ne constitue pas un diagnostic."
    assert i18n.set_language("es") == "es"
    assert i18n._(disclaimer) == "Ayuda al triaje — no es un diagnóstico."
    assert i18n.set_language("pt") == "pt"
    assert i18n._(disclaimer) == "Apoio à triagem — não é um diagnóstico."
    assert i18n.set_language("klingon") == "en" and i18n._(disclaimer) == disclaimer
    assert i18n.N_(disclaimer) is disclaimer  # a marker only


# -- locale numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "fraction", "digits", "expected"),
    [
        ("en", 0.125, 1, "12.5%"),
        ("fr", 0.125, 1, "12,5\u202f%"),
        ("pt", 0.125, 1, "12,5%"),
        ("es", 0.125, 1, "12,5\u00a0%"),
        ("en", 0.87, 0, "87%"),
        ("fr", 1.0, 0, "100\u202f%"),
        ("es", 0.0, 1, "0,0\u00a0%"),
    ],
)
def test_format_percent(lang, fraction, digits, expected):
    assert i18n.format_percent(fraction, digits, lang) == expected


def test_format_percent_follows_the_current_language():
    i18n.set_language("fr")
    assert i18n.format_percent(0.5, 0) == "50\u202f%"


@pytest.mark.parametrize(
    ("lang", "value", "digits", "expected"),
    [
        ("en", 1234.5, 1, "1,234.5"),
        ("fr", 1234.5, 1, "1\u202f234,5"),
        ("pt", 1234567.0, 0, "1\u00a0234\u00a0567"),
        ("es", 1234.5, 1, "1234,5"),  # Spanish groups from 5 digits (CLDR minimum grouping)
        ("es", 12345.5, 1, "12.345,5"),
        ("en", -3.25, 1, "-3.2"),
        ("fr", -0.01, 1, "0,0"),  # no "-0,0"
    ],
)
def test_format_number(lang, value, digits, expected):
    assert i18n.format_number(value, digits, lang) == expected


# -- catalogues -----------------------------------------------------------------------------------
def ts_messages(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter("message"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_viewer_string_is_translated(lang):
    problems = []
    for message in ts_messages(TS[lang]):
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{kind}: {source!r}")
        forms = [f.text for f in translation.iter("numerusform")]
        if message.get("numerus") == "yes":
            if len(forms) < 2 or not all(forms):
                problems.append(f"plural forms missing: {source!r}")
        elif not (translation.text or "").strip():
            problems.append(f"empty: {source!r}")
    assert ts_messages(TS[lang]), "empty catalogue"
    assert not problems, f"{TS[lang].name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_qt_free_string_is_translated(lang):
    from babel.messages.pofile import read_po

    with PO[lang].open("rb") as fh:
        catalog = read_po(fh)
    assert len(catalog) > 0 and not catalog.obsolete
    problems = [
        f"{'fuzzy' if m.fuzzy else 'untranslated'}: {m.id!r}"
        for m in catalog
        if m.id and (m.fuzzy or not m.string or (m.pluralizable and not all(m.string)))
    ]
    assert not problems, f"{PO[lang]}:\n" + "\n".join(problems)


def test_catalogues_hold_every_string_the_sources_mark(tmp_path: Path):
    """lupdate and Babel run over today's sources into copies: a string wrapped in the code but
    missing from a catalogue (it would show in English) fails here."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    copies = [tmp_path / p.name for p in TS.values()]
    for src, dst in zip(TS.values(), copies, strict=True):
        shutil.copy(src, dst)
    run = subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none",
         "app", "-ts", *map(str, copies)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for copy in copies:
        untranslated = [
            m.findtext("source")
            for m in ts_messages(copy)
            if m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
        ]
        assert not untranslated, f"{copy.name}: new strings without a translation: {untranslated}"
    marked = set()
    for folder in ("app", "inference"):
        keywords = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            REPO / folder, keywords=keywords
        ):
            marked.add(message if isinstance(message, str) else message[0])
    for lang in LANGS:
        with PO[lang].open("rb") as fh:
            known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        assert not marked - known, f"{lang}: run `make i18n-update`: {sorted(marked - known)}"


def _compiled(mo: gettext.GNUTranslations, message) -> str | tuple[str | None, ...]:
    """What the .mo holds for ``message``: its text, or each plural form (ngettext's table)."""
    if isinstance(message.id, str):
        return mo.gettext(message.id)
    return tuple(mo._catalog.get((message.id[0], i)) for i in range(len(message.string)))


def test_compiled_gettext_catalogues_are_up_to_date():
    from babel.messages.pofile import read_po

    for lang in LANGS:
        with PO[lang].open("rb") as fh:
            catalog = read_po(fh)
        mo = gettext.GNUTranslations(PO[lang].with_suffix(".mo").open("rb"))
        stale = [m.id for m in catalog if m.id and _compiled(mo, m) != m.string]
        assert not stale, f"{lang}: run `make i18n` (stale .mo): {stale}"


def test_compiled_qt_catalogues_are_up_to_date():
    """Each .qm answers every .ts message with its translation (Qt's own lookup)."""
    from PySide6.QtCore import QTranslator

    for lang in LANGS:
        translator = QTranslator()
        assert translator.load(str(TS[lang].with_suffix(".qm"))), f"{lang}: .qm missing"
        stale = []
        for context in ET.parse(TS[lang]).getroot().iter("context"):
            name = context.findtext("name")
            for m in context.iter("message"):
                source, comment = m.findtext("source"), m.findtext("comment")
                translation = m.find("translation")
                if m.get("numerus") == "yes":
                    got = translator.translate(name, source, comment, 5)
                    want = [f.text for f in translation.iter("numerusform")][-1]
                else:
                    got = translator.translate(name, source, comment)
                    want = translation.text
                if got != want:
                    stale.append(source)
        assert not stale, f"{lang}: run `make i18n` (stale .qm): {stale}"


def test_qt_ships_its_own_catalogues_for_each_language():
    from PySide6.QtCore import QTranslator

    from app.core.translation import QTBASE_FILES, qt_translations_dir

    for lang, name in QTBASE_FILES.items():
        assert QTranslator().load(name, qt_translations_dir()), f"{lang}: {name}.qm missing"


# -- the command line -----------------------------------------------------------------------------
def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in i18n.ENV_ORDER}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120, env={**clean, **(env or {})},
    )  # fmt: skip


def test_cli_lang_flag_prints_french(tmp_path: Path):
    missing = tmp_path / "absent"
    run = cli("--lang", "fr", str(missing))
    assert run.returncode == 2
    assert f"cxr-triage\u00a0: erreur\u00a0: introuvable\u00a0: {missing}" in run.stderr
    help_run = cli("--help", "--lang=fr")
    assert "Aide au tri — ne constitue pas un diagnostic." in " ".join(help_run.stdout.split())


def test_cli_follows_lang_and_lc_messages(tmp_path: Path):
    missing = tmp_path / "absent"
    assert "não encontrado" in cli(str(missing), env={"LANG": "pt_MZ.UTF-8"}).stderr
    spanish = cli(str(missing), env={"LC_MESSAGES": "es_CO.UTF-8", "LANG": "fr_FR.UTF-8"})
    assert "no encontrado" in spanish.stderr
    assert "not found" in cli(str(missing), env={"LANG": "C.UTF-8"}).stderr
    # --lang wins over the environment, wherever it stands among the arguments
    assert "introuvable" in cli(str(missing), "--lang", "fr", env={"LANG": "es_ES.UTF-8"}).stderr


def test_cli_refuses_an_unknown_language():
    run = cli("--lang", "de", "--selftest")
    assert run.returncode == 2 and "unsupported language 'de'" in run.stderr
    assert "--lang needs a language" in cli("--lang").stderr


def test_split_lang_option():
    from app.cli import split_lang_option

    assert split_lang_option(["scan", "--lang", "fr", "x"]) == ("fr", ["scan", "x"], None)
    assert split_lang_option(["--lang=es_419", "--samples"]) == ("es", ["--samples"], None)
    assert split_lang_option(["scan", "--", "--lang"]) == (None, ["scan", "--", "--lang"], None)
    assert split_lang_option(["--lang", "xx"])[2] is not None


def test_a_stored_language_choice_is_validated():
    from app.core.prefs import valid_language

    assert [valid_language(v) for v in ("fr", "pt", "es", "en", "")] == ["fr", "pt", "es", "en", ""]
    assert [valid_language(v) for v in ("de", "fr_FR", None, 3, ["fr"])] == [""] * 5
