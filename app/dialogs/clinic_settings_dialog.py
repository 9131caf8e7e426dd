"""Clinic network settings (Clinic → Network Settings…): this node's AE title, port and listen
address, the calling AEs it accepts, how long received files are kept, and where results go (a
PACS or a folder). Saved to the same ``clinic.json`` as ``cxr-triage listen --save``; the checks
are ``inference.clinic.config.config_from_form``'s, and the dialog stays open until they pass."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import style
from inference.clinic import config as cfg
from inference.core.output_files import os_reason


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(max(low, min(high, value)))
    spin.setSuffix(suffix)
    return spin


class ClinicSettingsDialog(QDialog):
    """OK validates and saves; ``saved`` is the config written (None until then)."""

    def __init__(self, config: cfg.ClinicConfig, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic Network Settings")
        self.setMinimumWidth(560)
        self.base, self.path = config, Path(path)
        self.saved: cfg.ClinicConfig | None = None
        layout = QVBoxLayout(self)

        node = QGroupBox("This workstation as a DICOM node")
        form = QFormLayout(node)
        self.ae_edit = QLineEdit(config.ae_title)
        self.ae_edit.setMaxLength(64)  # longer text gets a message, not a silent cut
        self.ae_edit.setToolTip("Up to 16 characters: letters, digits, spaces; no backslash")
        form.addRow("AE title", self.ae_edit)
        self.port_spin = _spin(1, 65535, config.port or cfg.DEFAULT_PORT)
        form.addRow("Port", self.port_spin)
        self.bind_edit = QLineEdit(config.bind_address)
        self.bind_edit.setToolTip(
            "127.0.0.1: this computer only. 0.0.0.0 (or this workstation's LAN address): "
            "accept studies from the modality or the PACS on the clinic's network."
        )
        form.addRow("Listen on", self.bind_edit)
        self.callers_edit = QLineEdit(", ".join(config.allowed_callers))
        self.callers_edit.setPlaceholderText("any calling AE (e.g. MODALITY, ORTHANC)")
        self.callers_edit.setToolTip("Accept studies only from these calling AE titles, by commas")
        form.addRow("Allowed calling AEs", self.callers_edit)
        self.retention_spin = _spin(0, 3650, config.retention_days, " days")
        self.retention_spin.setSpecialValueText("until triaged")
        self.retention_spin.setToolTip(
            "Received files are kept this long in the inbox (in your data folder)"
        )
        form.addRow("Keep received files", self.retention_spin)
        layout.addWidget(node)

        results = QGroupBox("Results (Secondary Capture + Structured Report)")
        rform = QFormLayout(results)
        self.dest_group = QButtonGroup(self)
        row = QHBoxLayout()
        self.dest_buttons: dict[str, QRadioButton] = {}
        for key, text in (("none", "Nowhere"), ("pacs", "Send to a PACS"), ("folder", "Folder")):
            button = QRadioButton(text)
            self.dest_buttons[key] = button
            self.dest_group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._update)
        rform.addRow("Send results", row)
        pacs = config.pacs or cfg.PacsTarget("", 104, "")
        self.pacs_host_edit = QLineEdit(pacs.host)
        self.pacs_host_edit.setPlaceholderText("host name or IP address")
        rform.addRow("PACS host", self.pacs_host_edit)
        self.pacs_port_spin = _spin(1, 65535, pacs.port)
        rform.addRow("PACS port", self.pacs_port_spin)
        self.pacs_ae_edit = QLineEdit(pacs.ae_title)
        self.pacs_ae_edit.setMaxLength(64)
        rform.addRow("PACS AE title", self.pacs_ae_edit)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(config.results_folder)
        folder_row.addWidget(self.folder_edit, 1)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.browse_button)
        rform.addRow("Results folder", folder_row)
        layout.addWidget(results)
        chosen = "pacs" if config.pacs else "folder" if config.results_folder else "none"
        self.dest_buttons[chosen].setChecked(True)

        self.problem_label = QLabel("")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet(f"color: {style.ERROR_COLOR.name()};")
        layout.addWidget(self.problem_label)
        note = QLabel(f"Saved to {self.path} (shared with cxr-triage listen and watch).")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def destination(self) -> str:
        return next((k for k, b in self.dest_buttons.items() if b.isChecked()), "none")

    def _update(self) -> None:
        dest = self.destination()
        for w in (self.pacs_host_edit, self.pacs_port_spin, self.pacs_ae_edit):
            w.setEnabled(dest == "pacs")
        for w in (self.folder_edit, self.browse_button):
            w.setEnabled(dest == "folder")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder for results", self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def form(self) -> tuple[cfg.ClinicConfig | None, list[str]]:
        return cfg.config_from_form(
            self.base,
            ae_title=self.ae_edit.text(),
            port=self.port_spin.value(),
            bind_address=self.bind_edit.text(),
            allowed_callers=self.callers_edit.text(),
            retention_days=self.retention_spin.value(),
            destination=self.destination(),
            pacs_host=self.pacs_host_edit.text(),
            pacs_port=self.pacs_port_spin.value(),
            pacs_ae=self.pacs_ae_edit.text(),
            results_folder=self.folder_edit.text(),
        )

    def accept(self) -> None:
        config, problems = self.form()
        if config is not None:
            try:
                cfg.save_config(config, self.path)
            except (OSError, ValueError) as exc:
                reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
                problems = [f"not saved: {reason}"]
        if problems:
            self.problem_label.setText("\n".join(problems))
            return
        self.saved = config
        super().accept()
