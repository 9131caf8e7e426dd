"""About box: version, disclaimer, the loaded model's provenance and its model card."""

from __future__ import annotations

import html
from importlib import metadata
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import APP_NAME, DISCLAIMER, DISCLAIMER_LONG
from app.worklist_logic import format_percent
from inference.paths import resources_dir
from inference.session import ModelSession


def app_version() -> str:
    try:
        return metadata.version("cxr-triage")
    except metadata.PackageNotFoundError:
        return "development build"


def model_card_path() -> Path:
    return resources_dir() / "models" / "MODEL_CARD.md"


def about_markdown(session: ModelSession | None, model_error: str | None = None) -> str:
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
            f"- Classes: {', '.join(c.classes)}",
            f"- Running on: {session.device_label} ({session.provider})",
            f"- File: `{session.path}`",
            f"- SHA-256: `{session.sha256}`",
        ]
        if c.intended_use:
            lines += ["", f"Intended use: {c.intended_use}"]
    else:
        lines.append(f"No model is loaded. {html.escape(model_error or '')}")
    card = model_card_path()
    if card.is_file():
        try:
            lines += ["", "---", "", card.read_text(encoding="utf-8")]
        except (OSError, UnicodeDecodeError) as exc:
            lines += ["", f"(The model card could not be read: {exc})"]
    else:
        lines += ["", "(No model card found next to the model.)"]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(
        self,
        session: ModelSession | None,
        model_error: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # offline program: no link leaves the app
        self.browser.setMarkdown(about_markdown(session, model_error))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
