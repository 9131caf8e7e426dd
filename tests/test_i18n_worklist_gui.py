"""The worklist and the details panel in French, Portuguese and Spanish: the real window scans the
bundled samples with the language chosen, the table's headers, filters, cells and the details
panel read in that language, and a switch back to English follows live (no restart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHeaderView

from app.core import translation
from app.window.main_window import MainWindow
from app.worklist import worklist_words as words
from app.worklist.worklist_logic import COLUMN_TITLES, Column, cell_text, format_percent
from inference.core import i18n
from inference.core.types import FLAG_LABELS, FailureKind, Flag, LoadFailure, TriageResult
from inference.triage import worklist as wl
from inference.triage.scope_rules import SHORT_REASONS
from inference.triage.site_reads import Read
from tests.gui_helpers import open_window, scan

REPO = Path(__file__).resolve().parents[1]

FRENCH_HEADERS = {
    Column.FILE: "Fichier",
    Column.PROBABILITY: "P(pneumonie)",
    Column.LABEL: "Étiquette",
    Column.LIKELY_TYPE: "Type probable",
    Column.FLAGS: "Alertes",
    Column.STATUS: "État",
    Column.PATIENT: "Patient",
    Column.STUDY_DATE: "Date de l'examen",
    Column.READ: "Votre lecture",
}


def header_texts(window: MainWindow) -> dict[Column, str]:
    """The titles as the header shows them, without the sort arrow of the sorted column."""
    proxy = window.table.model()
    return {
        c: str(proxy.headerData(int(c), Qt.Orientation.Horizontal)).rstrip(" ▼▲") for c in Column
    }


def scanned_in(lang: str, qtbot, ini: Path, model_path: Path, samples_dir: Path) -> MainWindow:
    """The language is chosen first (as a saved Settings choice is at start), then the window
    opens and scans the samples; the first row is selected with the keyboard."""
    translation.install_language(lang)
    window = open_window(qtbot, ini, model_path)
    window.resize(1366, 768)
    scan(qtbot, window, [samples_dir])
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.details._result is not None, timeout=5000)
    return window


def test_french_worklist_and_details_then_english_live(
    qtbot, ini: Path, model_path: Path, samples_dir: Path
):
    window = scanned_in("fr", qtbot, ini, model_path, samples_dir)
    try:
        panel, details = window.worklist_panel, window.details
        # Headers: French titles, none of the English ones that differ ("Patient" is both).
        shown = header_texts(window)
        assert shown == FRENCH_HEADERS
        english_only = {t for c, t in COLUMN_TITLES.items() if t != FRENCH_HEADERS[c]}
        assert not english_only & set(shown.values())
        tip = window.table.model().headerData(
            int(Column.PROBABILITY), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
        )
        assert "risque le plus élevé d'abord" in tip and "Clic droit" in tip
        # Filters, search hint and the cells the model fills.
        combo = panel.filter_combo
        items = [combo.itemText(i) for i in range(combo.count())]
        assert items[0] == "Toutes les images" and items[-1] == "Non lues"
        assert panel.search_edit.placeholderText().startswith("Rechercher")
        proxy = window.table.model()
        labels = {proxy.index(r, Column.LABEL).data() for r in range(proxy.rowCount())}
        assert labels <= {"pneumonie", "normal"} and "pneumonie" in labels
        first_p = proxy.index(0, Column.PROBABILITY).data()
        assert first_p.endswith("\u202f%"), first_p  # French: narrow no-break space before %
        # The details panel of the selected (top-risk) row.
        classes = [
            name.text() for name, _bar, _pct in details._class_rows if name.isVisibleTo(details)
        ]
        assert "Pneumonie" in classes or "Bactérienne" in classes, classes
        assert details.classes_box.title() == "Détail par classe"
        assert details.prob_caption.text() == "P(pneumonie)"
        assert "seuil" in details.verdict.text()
        assert details.threshold_label.text().startswith("Point de fonctionnement\u00a0:")
        assert details.disclaimer.text() == "Aide au tri — ne constitue pas un diagnostic."
        assert details.overlay_check.text().startswith("Afficher la carte de chaleur")
        assert details.legend.middle_text() == "échelle fixe"
        assert "champs pulmonaires" in details.legend.toolTip()
        # Right-click menu of the header: titles in French, the fit action too.
        menu = panel.header_menu()
        texts = [a.text() for a in menu.actions() if a.text()]
        assert texts[0] == "Fichier" and texts[-1] == "Ajuster les colonnes à la largeur"
        menu.deleteLater()

        # Back to English while the window is open: everything follows at once.
        translation.install_language("en")
        qtbot.waitUntil(lambda: header_texts(window)[Column.LABEL] == "Label", timeout=5000)
        assert header_texts(window) == {c: t for c, t in COLUMN_TITLES.items()}
        qtbot.waitUntil(lambda: details.classes_box.title() == "Class breakdown", timeout=5000)
        assert details.disclaimer.text() == "Assistive — not a diagnosis."
        assert combo.itemText(0) == "All images"
        labels = {proxy.index(r, Column.LABEL).data() for r in range(proxy.rowCount())}
        assert labels <= {"pneumonia", "normal"}
        assert proxy.index(0, Column.PROBABILITY).data().endswith("%")
        assert "\u202f" not in proxy.index(0, Column.PROBABILITY).data()
    finally:
        window.shutdown()


@pytest.mark.parametrize(
    ("lang", "label", "caption"),
    [("pt", "Classificação", "Detalhe por classe"), ("es", "Etiqueta", "Desglose por clase")],
)
def test_portuguese_and_spanish_worklist(
    qtbot, ini: Path, model_path: Path, samples_dir: Path, lang, label, caption
):
    window = scanned_in(lang, qtbot, ini, model_path, samples_dir)
    try:
        assert header_texts(window)[Column.LABEL] == label
        assert window.details.classes_box.title() == caption
        # Every header fits its column at 1366x768: no title elided in the translated table.
        header = window.table.horizontalHeader()
        fm = header.fontMetrics()
        for col, text in header_texts(window).items():
            if window.table.isColumnHidden(col) or col is Column.FILE:
                continue
            assert fm.horizontalAdvance(text) + 8 <= header.sectionSize(col), (lang, text)
        assert header.sectionResizeMode(Column.FILE) == QHeaderView.ResizeMode.Stretch
    finally:
        window.shutdown()


# -- the Qt-free words --------------------------------------------------------------------------
def _result(**kw) -> TriageResult:
    base = dict(path=Path("x.jpeg"), index=0, pneumonia_prob=0.9, class_probs={})
    base.update(kw)
    return TriageResult(**base)


def test_every_inference_word_is_marked():
    """Every word inference can put in a cell is marked for extraction (else it would stay
    English): the msgids Babel finds in inference/ hold the whole vocabulary."""
    from babel.messages.extract import extract_from_dir

    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    marked = {
        m if isinstance(m, str) else m[0]
        for _f, _l, m, _c, _x in extract_from_dir(REPO / "inference", keywords=keywords)
    }
    vocabulary = (
        set(FLAG_LABELS.values())
        | set(wl.FAILURE_TITLES.values())
        | set(wl.FILTER_TITLES.values())
        | set(SHORT_REASONS.values())
        | {str(r) for r in Read}
        | {wl.PNEUMONIA, wl.NORMAL, wl.OUT_OF_SCOPE, wl.ERROR, "adult", "older child"}
        | {"bacterial", "viral", "No score", "OK"}
    )
    assert vocabulary <= marked, sorted(vocabulary - marked)


def test_english_words_are_inference_words_and_french_follows():
    s = wl.TriageSettings(threshold=0.5)
    ok = _result(class_probs={"normal": 0.1, "viral": 0.6, "bacterial": 0.3}, flags={Flag.SMALL})
    out = _result(metadata={"modality": "CT"})
    bad = _result(
        pneumonia_prob=None, error=LoadFailure(Path("x.jpeg"), FailureKind.TRUNCATED, "cut short")
    )
    for r in (ok, out, bad):
        assert words.label_text(r, s) == wl.label_text(r, s)
        assert words.status_text(r) == wl.status_text(r)
        assert words.flags_text(r.flags) == wl.flags_text(r.flags)
    assert format_percent(0.996) == ">99%" and format_percent(0.8734, 1) == "87.3%"
    i18n.set_language("fr")
    try:
        assert cell_text(ok, Column.LABEL, s) == "pneumonie"
        assert cell_text(ok, Column.LIKELY_TYPE, s) == "virale"
        assert cell_text(ok, Column.FLAGS, s) == "basse résolution"
        assert cell_text(out, Column.LABEL, s).startswith("hors domaine\u00a0: ")
        assert cell_text(bad, Column.LABEL, s) == "tronqué"
        assert cell_text(bad, Column.STATUS, s) == "Tronqué\u00a0: cut short"
        assert format_percent(0.996) == ">99\u202f%" and format_percent(0.8734, 1) == "87,3\u202f%"
        summary = wl.Summary(total=1, above=1, out_of_scope=2)
        assert summary.line(ranked_anyway=True) == (
            "1 image · 1 au seuil ou au-dessus · 2 hors domaine (classées quand même\u00a0: "
            "réglage du centre)"
        )
        assert words.read_note(3, 1200) == "3 sur 1\u202f200 lues"
    finally:
        i18n.set_language("en")
