"""About box: version, disclaimer, the loaded model's provenance and its model card."""

from __future__ import annotations

import html
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import APP_NAME, DISCLAIMER, DISCLAIMER_LONG
from app.worklist.worklist_logic import format_percent
from inference.core.paths import resources_dir
from inference.model.session import ModelSession


def app_version() -> str:
    try:
        return metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        return "development build"


def model_card_path() -> Path:
    return resources_dir() / "models" / "MODEL_CARD.md"


def about_markdown(
    session: ModelSession | None, model_error: str | None = None, operating_point: str = ""
) -> str:
    """The About text as Markdown (the model card is appended as-is)."""
    lines = [
        f"# {APP_NAME}",
        "",
        f"Version {app_version()}",
        "",
        f"**{DISCLAIMER}** {DISCLAIMER_LONG}",
        "",
        "## Model",
    ]
    if session is not None:
        c = session.contract
        lines += [
            f"- Name: {c.name}",
            f"- Version: {c.version}",
            f"- Default threshold: {format_percent(c.threshold, 1)}",
            f"- Operating point in use: {operating_point or 'model default'}",
            f"- Scope: {session.scope_note}",
            f"- Classes: {', '.join(c.classes)}",
            f"- Running on: {session.device_label} ({session.provider}), "
            f"{session.precision} model `{session.path.name}`",
            f"- File: `{session.path}`",
            f"- SHA-256: `{session.sha256}`",
        ]
        if session.lungs is not None:
            lc = session.lungs.contract
            lines += [
                f"- Lung-field model: {lc.name} {lc.version}, `{session.lungs.path.name}`, "
                f"SHA-256 `{session.lungs.sha256}`",
                f"- Heatmaps: shown only inside the lung fields ({lc.retrocardiac})",
            ]
        else:
            lines.append("- Lung-field model: not found (heat shown inside the body outline)")
        if c.intended_use:
            lines += ["", f"Intended use: {c.intended_use}"]
    else:
        lines.append(f"No model is loaded. {html.escape(model_error or '')}")
    card = model_card_path()
    if card.is_file():
        try:
            lines += ["", "---", "", demote_headings(card.read_text(encoding="utf-8"))]
        except (OSError, UnicodeDecodeError) as exc:
            lines += ["", f"(The model card could not be read: {exc})"]
    else:
        lines += ["", "(No model card found next to the model.)"]
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
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(880, 680)  # the card's widest line (a command) fits
        layout = QVBoxLayout(self)
        self.browser = CardBrowser(model_card_path().parent)
        self.browser.setMarkdown(about_markdown(session, model_error, operating_point))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
