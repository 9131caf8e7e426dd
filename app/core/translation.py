"""One language choice for the whole program: Qt's translators for the viewer's strings and
``inference.core.i18n`` (gettext) for the Qt-free texts.

Installing a QTranslator makes Qt post ``QEvent.LanguageChange`` to every widget; widgets that
are converted answer it with their ``retranslate()`` method, so a switch needs no restart for them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from inference.core import i18n
from inference.core.paths import resources_dir

APP_CATALOGUE = "cxr_triage"
#: Qt's own catalogue per language (its standard dialogs and buttons). There is no European
#: Portuguese qtbase: pt uses pt_BR's, whose button words (OK, Cancelar, Fechar) are the same.
QTBASE_FILES = {"fr": "qtbase_fr", "pt": "qtbase_pt_BR", "es": "qtbase_es"}
#: The QLocale that formats numbers and dates for each language (pt: European Portuguese).
QLOCALE_NAMES = {"en": "en_US", "fr": "fr_FR", "pt": "pt_PT", "es": "es_ES"}

_installed: list[QTranslator] = []


def catalogue_dir() -> Path:
    """The compiled viewer catalogues (``cxr_triage_<lang>.qm``)."""
    return resources_dir() / "i18n"


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def system_language(env: Mapping[str, str] | None = None) -> str:
    """The system's language: the gettext variables first (as the CLI reads them), else the
    desktop's locale as Qt sees it (Windows and macOS set no LANG)."""
    fallback = i18n.normalize_language(QLocale.system().name()) or i18n.DEFAULT_LANGUAGE
    return i18n.resolve_language(None, os.environ if env is None else env, default=fallback)


def startup_language(choice: str | None, saved: str, env: Mapping[str, str] | None = None) -> str:
    """--lang, else the Settings choice ("" = system default), else the system's language."""
    return i18n.normalize_language(choice) or i18n.normalize_language(saved) or system_language(env)


def install_language(code: str | None) -> str:
    """Switch the whole program to ``code`` now; returns the language in use.

    Removes the previous translators, installs the app's catalogue and Qt's own, sets the default
    QLocale (numbers in spin boxes, dates) and gettext's language. A missing catalogue leaves that
    part in English and is not an error: the program must start whatever the files.
    """
    lang = i18n.set_language(code)
    QLocale.setDefault(QLocale(QLOCALE_NAMES[lang]))
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            QCoreApplication.removeTranslator(translator)
    if lang == i18n.DEFAULT_LANGUAGE:
        if app is not None:  # gettext texts changed too: tell the widgets even with no translator
            QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
        return lang
    sources = [(QTBASE_FILES[lang], qt_translations_dir()), (f"{APP_CATALOGUE}_{lang}", "")]
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(name, folder or str(catalogue_dir())):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    return lang


def choice_items() -> list[tuple[str, str]]:
    """(value, text) for the Settings combo box: the system default first, then each language
    in its own name (not translated: a reader must find their language whatever is shown)."""
    system = QCoreApplication.translate("Language", "System language")
    return [("", system)] + [(code, i18n.LANGUAGE_NAMES[code]) for code in i18n.LANGUAGES]
