"""About box: version, disclaimer, intended use, the loaded model's provenance and its model card.

The text follows the language: it is rebuilt on ``QEvent.LanguageChange``."""

from __future__ import annotations

import html
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.identity import APP_NAME, DISCLAIMER, DISCLAIMER_LONG, INTENDED_USE
from inference.core.i18n import _, current_language, format_percent
from inference.core.paths import resources_dir
from inference.model.session import ModelSession

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods


def app_version() -> str:
    try:
        return metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        return translate("About", "development build")


def model_card_path() -> Path:
    return resources_dir() / "models" / "MODEL_CARD.md"


def model_lines(session: ModelSession, operating_point: str) -> list[str]:
    """The loaded model's facts, one Markdown list item each."""
    c = session.contract
    lines = [
        translate("About", "- Name: %1").replace("%1", c.name),
        translate("About", "- Version: %1").replace("%1", c.version),
        translate("About", "- Default threshold: %1").replace("%1", format_percent(c.threshold, 1)),
        translate("About", "- Operating point in use: %1").replace(
            "%1", operating_point or translate("About", "model default")
        ),
        translate("About", "- Scope: %1").replace("%1", session.scope_note),
        translate("About", "- Classes: %1").replace("%1", ", ".join(c.classes)),
        translate("About", "- Running on: %1 (%2), %3 model `%4`")
        .replace("%1", session.device_label)
        .replace("%2", session.provider)
        .replace("%3", session.precision)
        .replace("%4", session.path.name),
        translate("About", "- File: `%1`").replace("%1", str(session.path)),
        translate("About", "- SHA-256: `%1`").replace("%1", session.sha256),
    ]
    if session.lungs is not None:
        lc = session.lungs.contract
        lines += [
            translate("About", "- Lung-field model: %1 %2, `%3`, SHA-256 `%4`")
            .replace("%1", lc.name)
            .replace("%2", lc.version)
            .replace("%3", session.lungs.path.name)
            .replace("%4", session.lungs.sha256),
            translate("About", "- Heatmaps: shown only inside the lung fields (%1)").replace(
                "%1", _(lc.retrocardiac)
            ),
        ]
    else:
        lines.append(
            translate("About", "- Lung-field model: not found (heat shown inside the body outline)")
        )
    if c.intended_use:
        lines += [
            "",
            translate("About", "Intended use stated by the model: %1").replace(
                "%1", c.intended_use
            ),
        ]
    return lines


def about_markdown(
    session: ModelSession | None, model_error: str | None = None, operating_point: str = ""
) -> str:
    """The About text as Markdown, in the current language (the model card is appended as-is)."""
    lines = [
        f"# {APP_NAME}",
        "",
        translate("About", "Version %1").replace("%1", app_version()),
        "",
        f"**{_(DISCLAIMER)}** {_(DISCLAIMER_LONG)}",
        "",
        "## " + translate("About", "Intended use"),
        "",
        *_(INTENDED_USE).split("\n"),
        "",
        "## " + translate("About", "Model"),
    ]
    if session is not None:
        lines += model_lines(session, operating_point)
    else:
        lines.append(
            translate("About", "No model is loaded. %1").replace(
                "%1", html.escape(model_error or "")
            )
        )
    card = model_card_path()
    if card.is_file():
        if current_language() != "en":
            lines += [
                "",
                translate(
                    "About", "The model card below is in English, as the model was published."
                ),
            ]
        try:
            lines += ["", "---", "", demote_headings(card.read_text(encoding="utf-8"))]
        except (OSError, UnicodeDecodeError) as exc:
            lines += [
                "",
                translate("About", "(The model card could not be read: %1)").replace(
                    "%1", str(exc)
                ),
            ]
    else:
        lines += ["", translate("About", "(No model card found next to the model.)")]
    return "\n".join(lines)


MAX_FIGURE_WIDTH = 760  # model-card figures are scaled down to this (never up)


def card_image_path(name: str, card_dir: Path) -> Path | None:
    """The local file a card image link names, or None if it is remote or leaves ``card_dir``.

    Offline program: only files next to the model card are shown; nothing is fetched.
    """
    url = QUrl(name)
    if url.scheme() not in ("", "file"):
        return None
    rel = url.toLocalFile() if url.isLocalFile() else url.path()
    try:
        path = (card_dir / rel).resolve()
        root = card_dir.resolve()
    except (OSError, RuntimeError):
        return None
    return path if path.is_relative_to(root) and path.is_file() else None


def demote_headings(markdown: str) -> str:
    """One level down (outside code blocks), so the card nests under the About box's title."""
    out: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#") and len(line) - len(line.lstrip("#")) < 6:
            line = "#" + line
        out.append(line)
    return "\n".join(out)


class CardBrowser(QTextBrowser):
    """Shows the model card with its figures (from the card's folder), scaled to fit."""

    def __init__(self, card_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._card_dir = card_dir
        self.setOpenExternalLinks(False)  # offline program: no link leaves the app
        self.setOpenLinks(False)

    def loadResource(self, kind: int, name: QUrl) -> object:
        if kind == int(QTextDocument.ResourceType.ImageResource):
            path = card_image_path(name.toString(), self._card_dir)
            if path is None:
                return None
            image = QImage(str(path))
            if image.isNull():
                return None
            if image.width() > MAX_FIGURE_WIDTH:
                image = image.scaledToWidth(
                    MAX_FIGURE_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            return image
        return super().loadResource(kind, name)


class AboutDialog(QDialog):
    def __init__(
        self,
        session: ModelSession | None,
        model_error: str | None = None,
        parent: QWidget | None = None,
        operating_point: str = "",
    ) -> None:
        super().__init__(parent)
        self._facts = (session, model_error, operating_point)
        self.resize(880, 680)  # the card's widest line (a command) fits
        layout = QVBoxLayout(self)
        self.browser = CardBrowser(model_card_path().parent)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        self.browser.setMarkdown(about_markdown(*self._facts))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
