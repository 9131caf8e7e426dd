"""The language of every Qt-free text (scope reasons, labels, operating-point text, CLI messages).

Stdlib ``gettext`` only: the catalogues are ``resources/locale/<lang>/LC_MESSAGES/cxr-triage.mo``,
compiled from ``.po`` sources with Babel at build time (``make i18n``); nothing here imports Babel
or Qt. The viewer's own strings use Qt's translator, and ``app.core.translation`` drives both from
one language choice by calling :func:`set_language`.

``_()`` translates now; ``N_()`` only marks a module-level constant for extraction, and the code
that shows it calls ``_()`` on it at use time, so a language switch is seen by the next use.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
from collections.abc import Callable, Iterator, Mapping

from inference.core.paths import resources_dir

DOMAIN = "cxr-triage"
DEFAULT_LANGUAGE = "en"
#: The languages the program is translated into, in the order menus list them.
LANGUAGES = ("en", "fr", "pt", "es")
#: Each language's own name (a language menu shows names as their speakers write them).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt": "Português", "es": "Español"}
#: The environment variables gettext reads, strongest first (POSIX and GNU order).
ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# Decimal and grouping separators per language. fr: narrow no-break space groups and comes before
# "%"; pt: European Portuguese (Mozambique, Angola), no-break space groups, "%" attached;
# es: "." groups only numbers of 5+ digits (CLDR minimum grouping), "%" after a no-break space.
_DECIMAL = {"en": ".", "fr": ",", "pt": ",", "es": ","}
_GROUP = {"en": ",", "fr": "\u202f", "pt": "\u00a0", "es": "."}
_MIN_GROUP_DIGITS = {"en": 4, "fr": 4, "pt": 4, "es": 5}
_PERCENT = {"en": "{}%", "fr": "{}\u202f%", "pt": "{}%", "es": "{}\u00a0%"}

_state: dict[str, object] = {
    "language": DEFAULT_LANGUAGE,
    "translation": gettext.NullTranslations(),
}
_NULL = gettext.NullTranslations()
#: True inside ``english()``: this thread (context) writes machine-readable files.
_ENGLISH: contextvars.ContextVar[bool] = contextvars.ContextVar("cxr_triage_english", default=False)


def normalize_language(code: str | None) -> str | None:
    """'fr_FR.UTF-8', 'pt_BR', 'es-419', 'FR' → 'fr' / 'pt' / 'es'; None for anything else
    (including 'C' and 'POSIX', which mean "no preference")."""
    if not code:
        return None
    base = code.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    base = base.lower()
    return base if base in LANGUAGES else None


def resolve_language(
    cli_lang: str | None, env: Mapping[str, str], default: str = DEFAULT_LANGUAGE
) -> str:
    """The language to use: an explicit choice (``--lang`` or the Settings choice), else the first
    of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, else ``default``.

    LANGUAGE may list several ("pt_BR:pt:en"): the first supported one wins. The first variable
    that is set decides (an unsupported "de_DE" means English, as gettext would show it); a
    "C"/"POSIX" locale does not count as a choice.
    """
    chosen = normalize_language(cli_lang)
    if chosen is not None:
        return chosen
    for name in ENV_ORDER:
        value = (env.get(name) or "").strip()
        if not value or value.split(".", 1)[0] in ("C", "POSIX"):
            continue
        for item in value.split(":") if name == "LANGUAGE" else [value]:
            found = normalize_language(item)
            if found is not None:
                return found
        if name != "LANGUAGE":
            return normalize_language(default) or DEFAULT_LANGUAGE
    return normalize_language(default) or DEFAULT_LANGUAGE


def locale_dir() -> str:
    return str(resources_dir() / "locale")


def set_language(code: str | None) -> str:
    """Translate every later ``_()`` into ``code`` (unsupported or None: English); returns the
    language now in use. A missing catalogue falls back to English rather than failing."""
    lang = normalize_language(code) or DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        translation: gettext.NullTranslations = gettext.NullTranslations()
    else:
        translation = gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)
    _state["language"] = lang
    _state["translation"] = translation
    return lang


def current_language() -> str:
    return str(_state["language"])


@contextlib.contextmanager
def english() -> Iterator[None]:
    """Every ``_()`` / ``format_*`` inside answers in English, in this thread only: the CSV, the
    JSON, the DICOM results and the audit files are read by programs, so a French session writes
    the same file as an English one while its screen stays French."""
    token = _ENGLISH.set(True)
    try:
        yield
    finally:
        _ENGLISH.reset(token)


@contextlib.contextmanager
def readers_language() -> Iterator[None]:
    """Inside ``english()``, the session's language again: for the few cells of a machine-read
    file that a person reads (the CSV's scope reason, error message and operating point)."""
    token = _ENGLISH.set(False)
    try:
        yield
    finally:
        _ENGLISH.reset(token)


def _translation() -> gettext.NullTranslations:
    translation = _NULL if _ENGLISH.get() else _state["translation"]
    assert isinstance(translation, gettext.NullTranslations)
    return translation


def _shown_language(lang: str | None) -> str:
    """An explicit ``lang``, else English inside ``english()``, else the current language."""
    return normalize_language(lang) or (DEFAULT_LANGUAGE if _ENGLISH.get() else current_language())


def _(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for extraction only; translate it with ``_()`` where it is shown."""
    return message


def format_number(value: float, digits: int = 0, lang: str | None = None) -> str:
    """``value`` with ``digits`` decimals in the language's separators: 1234.5 → '1,234.5' (en),
    '1 234,5' (fr), '1 234,5' (pt), '1234,5' (es)."""
    lang = _shown_language(lang)
    text = f"{abs(value):.{max(0, digits)}f}"
    whole, _sep, frac = text.partition(".")
    if len(whole) >= _MIN_GROUP_DIGITS[lang]:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = _GROUP[lang].join([whole, *groups])
    sign = "-" if value < 0 and float(text) != 0.0 else ""
    return sign + whole + (_DECIMAL[lang] + frac if frac else "")


def format_percent(fraction: float, digits: int = 0, lang: str | None = None) -> str:
    """A fraction as a percentage in the language's form: 0.125 → '12.5%' (en), '12,5 %' (fr,
    narrow no-break space), '12,5%' (pt), '12,5 %' (es, no-break space)."""
    lang = _shown_language(lang)
    return _PERCENT[lang].format(format_number(100.0 * fraction, digits, lang))


class Message:
    """Text made now and shown later, perhaps in another language: the English template (marked
    with ``N_()`` where it is written, ``%(name)s`` placeholders) and its values, kept apart so
    every rendering translates the template then (a file-read error made during a scan reads in
    French on a French screen and in English in the CSV). A value may itself be a ``Message``."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: str | int | float | Message) -> None:
        self.template = template
        self.values: tuple[tuple[str, str | int | float | Message], ...] = tuple(
            sorted(values.items())
        )

    def text(self) -> str:
        """In the current language (English inside ``english()``)."""
        shown = _(self.template)
        if not self.values:
            return shown
        return shown % {k: v.text() if isinstance(v, Message) else v for k, v in self.values}

    def english_text(self) -> str:
        with english():
            return self.text()

    def map_text(self, change: Callable[[str], str]) -> Message:
        """A copy with ``change`` applied to every plain-text value (nested ones too)."""
        out = Message(self.template)
        out.values = tuple(
            (
                k,
                v.map_text(change)
                if isinstance(v, Message)
                else change(v)
                if isinstance(v, str)
                else v,
            )
            for k, v in self.values
        )
        return out

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {dict(self.values)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.values) == (
            other.template,
            other.values,
        )

    def __hash__(self) -> int:
        return hash((self.template, self.values))


def as_message(value: str | Message) -> Message:
    """``value`` itself, or plain text (an exception's own words, a test's) as a Message."""
    return value if isinstance(value, Message) else Message(value)
