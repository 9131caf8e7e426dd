"""English leaks in a rendered window: the English source strings of the catalogues (the viewer's
``.ts`` files and the Qt-free ``.pot``/``.po``) as exact texts and as patterns (placeholders become
wildcards), every text a widget tree shows, and the check of one against the other. Used by
``tests/test_i18n_rendered.py``."""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

REPO = Path(__file__).resolve().parents[1]
TS_FILE = str(REPO / "resources" / "i18n" / "cxr_triage_{lang}.ts")
PO_FILE = str(REPO / "resources" / "locale" / "{lang}" / "LC_MESSAGES" / "cxr-triage.po")

#: Placeholders in the sources: Qt's %1 / %n / %L1, printf's %(name)s / %s / %d / %.1f, str.format's
#: {name}. Each becomes a wildcard.
PLACEHOLDER = re.compile(
    r"%L?\d+|%n|%\([a-z_]+\)[sdifr]|%[-+ #0]*\d*(?:\.\d+)?[sdifr]|\{[a-z_0-9]*\}"
)
#: A pattern needs this many letters of its own (outside placeholders): "%1: %2" or "(%1)"
#: would match any text at all.
MIN_PATTERN_LETTERS = 6

#: English words that give a leak away wherever they appear in a shown text (whole words, any case).
GIVEAWAYS = ("out of scope", "not a diagnosis", "threshold", "operating point", "unreadable",
             "Open Folder", "Export")  # fmt: skip
GIVEAWAY_WORDS = {g: re.compile(rf"\b{re.escape(g)}\b", re.IGNORECASE) for g in GIVEAWAYS}

#: Qt's own words the app shows through Qt's catalogue (qtbase_<lang>.qm), not its own:
#: (context, English). A standard button left English would be a leak the app's catalogues miss.
QT_OWN = (("QPlatformTheme", "OK"), ("QPlatformTheme", "Cancel"), ("QPlatformTheme", "Close"),
          ("QPlatformTheme", "Apply"), ("QPlatformTheme", "Yes"), ("QPlatformTheme", "No"),
          ("QPlatformTheme", "Restore Defaults"), ("QPlatformTheme", "Reset"),
          ("QPlatformTheme", "Help"), ("QMessageBox", "Show Details..."),
          ("QMessageBox", "Hide Details..."))  # fmt: skip

#: Shown texts that are English in every language on purpose, with the reason. Compared after
#: file names and paths of the scan are masked (see ``Catalogue.masked``).
ALLOWED = {
    "CXR Triage": "the program's name",
    "CXR Triage pneumonia model 2.1.0": "the model's name, from its model card",
    "JPEG": "a file format's name",
    "PNG": "a file format's name",
    "DICOM": "a file format's name",
    "CSV": "a file format's name",
    "PDF": "a file format's name",
    "1:1": "the zoom ratio, a number",
}


def _bare(text: str) -> str:
    """``text`` as a reader sees it: mnemonics (&) and HTML tags gone, entities decoded,
    whitespace (no-break spaces included) single."""
    text = re.sub(r"&(?=[^&\s])", "", text.replace("&&", "\x00")).replace("\x00", "&")
    if "<" in text and ">" in text:
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _pattern(source: str) -> re.Pattern[str] | None:
    """A regex for texts made from ``source`` (placeholders filled), or None without one."""
    parts = PLACEHOLDER.split(source)
    if len(parts) == 1:
        return None
    letters = sum(c.isalpha() for part in parts for c in part)
    if letters < MIN_PATTERN_LETTERS:
        return None
    return re.compile(".+?".join(re.escape(_bare(p)) for p in parts), re.DOTALL)


@dataclass
class Catalogue:
    """One language's English sources (bare text → its translations, bare too)."""

    lang: str
    exact: dict[str, set[str]] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)
    #: per giveaway phrase: the translations' own words that hold it (French "export" is French)
    legit: dict[str, list[str]] = field(default_factory=dict)

    def add(self, source: str, translations: Iterable[str]) -> None:
        source, words = _bare(source), {_bare(t) for t in translations if t}
        if not source or not words:
            return
        self.exact.setdefault(source, set()).update(words)
        self.translations += words

    def finish(self, raw_sources: dict[str, str]) -> None:
        """Keep only the sources whose translation differs (those that stay English in some
        context are fine); make patterns of those with placeholders."""
        self.exact = {s: t for s, t in self.exact.items() if s not in t}
        parts = [p for t in self.translations for p in PLACEHOLDER.split(t)]
        self.legit = {g: [p for p in parts if w.search(p)] for g, w in GIVEAWAY_WORDS.items()}
        for raw, bare in raw_sources.items():
            pattern = _pattern(raw) if bare in self.exact else None
            if pattern is not None:
                self.patterns.append((pattern, bare))

    def leak_of(self, text: str) -> str | None:
        """The English source ``text`` is (or is made from), or a giveaway phrase it holds."""
        bare = _bare(text)
        if not bare or bare in ALLOWED:
            return None
        pieces = {bare, *(_bare(p) for p in re.split(r"\n+| · | — ", text))} - {""}
        for piece in pieces:
            if piece in self.exact:
                return f"source {piece!r}"
            for pattern, source in self.patterns:
                if pattern.fullmatch(piece):
                    return f"source {source!r}"
        for phrase, word in GIVEAWAY_WORDS.items():
            if word.search(bare) and not any(part in bare for part in self.legit[phrase]):
                return f"giveaway {phrase!r}"
        return None


@functools.cache
def catalogue(lang: str) -> Catalogue:
    from babel.messages.pofile import read_po
    from PySide6.QtCore import QTranslator

    from app.core.translation import QTBASE_FILES, qt_translations_dir

    cat = Catalogue(lang)
    raw: dict[str, str] = {}
    for message in ET.parse(TS_FILE.format(lang=lang)).getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
        cat.add(source, forms)
        raw[source] = _bare(source)
    with open(PO_FILE.format(lang=lang), "rb") as fh:
        po = read_po(fh)
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            cat.add(source, strings)
            raw[source] = _bare(source)
    qt = QTranslator()
    if qt.load(QTBASE_FILES[lang], qt_translations_dir()):
        for context, source in QT_OWN:
            cat.add(source, [qt.translate(context, source)])
            raw[source] = _bare(source)
    cat.finish(raw)
    return cat


# -- what a widget tree shows ----------------------------------------------------------------------
def model_texts(model: QAbstractItemModel, where: str) -> Iterator[tuple[str, str]]:
    """Every cell's display text and tooltip, and every column header's."""
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    for col in range(model.columnCount()):
        for role in roles:
            yield f"{where} header {col}", model.headerData(col, Qt.Orientation.Horizontal, role)
        for row in range(model.rowCount()):
            for role in roles:
                yield f"{where} [{row},{col}]", model.index(row, col).data(role)


def action_texts(actions: Iterable[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        name = f"{where} > {action.text()!r}"
        yield name, action.text()
        yield f"{name} tip", action.toolTip() if action.toolTip() != _bare(action.text()) else ""
        yield f"{name} status tip", action.statusTip()
        yield f"{name} what's this", action.whatsThis()
        if action.menu() is not None:
            yield from action_texts(action.menu().actions(), name)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts one widget itself shows (its children are walked apart)."""
    yield widget.toolTip()
    yield widget.statusTip()
    yield widget.whatsThis()
    if widget.isWindow() or isinstance(widget, QDockWidget):
        yield widget.windowTitle()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox):
        yield widget.placeholderText()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.placeholderText()
        if widget.isReadOnly() and not isinstance(widget.parent(), QDockWidget):
            yield widget.toPlainText()
    if isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            yield widget.prefix()
            yield widget.suffix()
    if isinstance(widget, QComboBox):
        yield widget.placeholderText()
        yield from (widget.itemText(i) for i in range(widget.count()))
        yield from (widget.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(widget.count()))
    if isinstance(widget, QTabBar):
        yield from (widget.tabText(i) for i in range(widget.count()))
        yield from (widget.tabToolTip(i) for i in range(widget.count()))
    if isinstance(widget, QStatusBar):
        yield widget.currentMessage()
    if isinstance(widget, QMessageBox):
        yield widget.text()
        yield widget.informativeText()
        yield widget.detailedText()


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything ``root`` and its visible descendants show: widget texts,
    tooltips, item views' cells and headers, and the actions of every menu and toolbar."""
    out: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, QMenu):
            continue  # a closed menu: its actions are walked below
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
        out += [(where, t) for t in widget_texts(widget)]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            out += list(model_texts(widget.model(), where))
        if not isinstance(widget, QMenu):
            out += list(action_texts(widget.actions(), where))
    for menu in root.findChildren(QMenu):
        if menu.menuAction() is not None:
            out += [(f"menu {menu.title()!r}", menu.title())]
            out += list(action_texts(menu.actions(), f"menu {menu.title()!r}"))
    return [(where, text) for where, text in out if isinstance(text, str) and text.strip()]


def leaks(root: QObject, lang: str, masks: Iterable[str] = ()) -> list[str]:
    """Every English text ``root`` shows in ``lang``, with where and why. ``masks`` (file names,
    folders) are cut out of a text first: they are the user's, never translated."""
    cat = catalogue(lang)
    masks = sorted({m for m in masks if m}, key=len, reverse=True)
    found = []
    for where, text in shown_texts(root):
        for mask in masks:
            text = text.replace(mask, "")
        why = cat.leak_of(text)
        if why is not None:
            shown = text if len(text) < 300 else f"{text[:300]}…"
            found.append(f"{where}: {shown!r} ({why})")
    return sorted(set(found))
