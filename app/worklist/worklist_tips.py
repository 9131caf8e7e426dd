"""The worklist's tooltips in the reader's language (Qt's translator): what each column means
and why a row is greyed or flagged."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.worklist.worklist_logic import Column, column_title

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def header_tip(column: Column) -> str:
    """The column's whole title (a narrow column elides it) and what it means, in the reader's
    language."""
    tips = {
        Column.PROBABILITY: translate(
            "Worklist", "Calibrated probability of pneumonia estimated by the model"
        ),
        Column.LABEL: translate(
            "Worklist",
            "Label at the current operating point (threshold); changes with the threshold.\n"
            "Images the model was not made for say 'out of scope' and the reason, and are listed "
            "after the ranked images",
        ),
        Column.LIKELY_TYPE: translate(
            "Worklist", "Most likely pneumonia type, for images above the threshold"
        ),
        Column.FLAGS: translate(
            "Worklist", "Quality and out-of-distribution warnings: treat these scores with caution"
        ),
        Column.STATUS: translate("Worklist", "OK, or why the file could not be scored"),
    }
    tip = tips.get(column)
    return f"{column_title(column)}\n{tip}" if tip else column_title(column)


def header_menu_hint() -> str:
    return translate("Worklist", "Right-click the header to show or hide columns.")


def out_of_scope_tip(reasons: str) -> str:
    return translate(
        "Worklist",
        "Out of scope: %1. Not ranked and not scored: the model was not made for this image.",
    ).replace("%1", reasons)


def caution_tip(flags: str) -> str:
    return translate("Worklist", "Treat this score with caution: %1").replace("%1", flags)
