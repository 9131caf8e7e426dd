"""Clinic network settings (Clinic → Network Settings…): this node's AE title, port and listen
address, the calling AEs it accepts, how long received files are kept, and where results go (a
PACS or a folder). Saved to the same ``clinic.json`` as ``cxr-triage listen --save``; the checks
are ``inference.clinic.config.config_from_form``'s, and the dialog stays open until they pass."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
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
from inference.core.os_errors import os_reason


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(max(low, min(high, value)))
    return spin


class ClinicSettingsDialog(QDialog):
    """OK validates and saves; ``saved`` is the config written (None until then). Texts are set
    in ``retranslate()``, run again on a language change."""

    def __init__(self, config: cfg.ClinicConfig, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(560)
        self.base, self.path = config, Path(path)
        self.saved: cfg.ClinicConfig | None = None
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)

        self.node_box = QGroupBox()
        form = QFormLayout(self.node_box)
        self.ae_edit = QLineEdit(config.ae_title)
        self.ae_edit.setMaxLength(64)  # longer text gets a message, not a silent cut
        self._row(form, "ae", self.ae_edit)
        self.port_spin = _spin(1, 65535, config.port or cfg.DEFAULT_PORT)
        self._row(form, "port", self.port_spin)
        self.bind_edit = QLineEdit(config.bind_address)
        self._row(form, "bind", self.bind_edit)
        self.callers_edit = QLineEdit(", ".join(config.allowed_callers))
        self._row(form, "callers", self.callers_edit)
        self.retention_spin = _spin(0, 3650, config.retention_days)
        self._row(form, "retention", self.retention_spin)
        layout.addWidget(self.node_box)

        self.results_box = QGroupBox()
        rform = QFormLayout(self.results_box)
        self.dest_group = QButtonGroup(self)
        row = QHBoxLayout()
        self.dest_buttons: dict[str, QRadioButton] = {}
        for key in ("none", "pacs", "folder"):
            button = QRadioButton()
            self.dest_buttons[key] = button
            self.dest_group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._update)
        self._row(rform, "send", row)
        pacs = config.pacs or cfg.PacsTarget("", 104, "")
        self.pacs_host_edit = QLineEdit(pacs.host)
        self._row(rform, "pacs_host", self.pacs_host_edit)
        self.pacs_port_spin = _spin(1, 65535, pacs.port)
        self._row(rform, "pacs_port", self.pacs_port_spin)
        self.pacs_ae_edit = QLineEdit(pacs.ae_title)
        self.pacs_ae_edit.setMaxLength(64)
        self._row(rform, "pacs_ae", self.pacs_ae_edit)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(config.results_folder)
        folder_row.addWidget(self.folder_edit, 1)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.browse_button)
        self._row(rform, "folder", folder_row)
        layout.addWidget(self.results_box)
        chosen = "pacs" if config.pacs else "folder" if config.results_folder else "none"
        self.dest_buttons[chosen].setChecked(True)

        self.problem_label = QLabel("")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet(f"color: {style.ERROR_COLOR.name()};")
        layout.addWidget(self.problem_label)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retranslate()
        self._update()

    def _row(self, form: QFormLayout, key: str, field: QWidget | QHBoxLayout) -> None:
        label = QLabel()
        self.labels[key] = label
        form.addRow(label, field)

    def retranslate(self) -> None:
        """Every visible text, in the current language."""
        self.setWindowTitle(self.tr("Clinic Network Settings"))
        self.node_box.setTitle(self.tr("This workstation as a DICOM node"))
        self.results_box.setTitle(self.tr("Results (Secondary Capture + Structured Report)"))
        texts = {
            "ae": self.tr("AE title"),
            "port": self.tr("Port"),
            "bind": self.tr("Listen on"),
            "callers": self.tr("Allowed calling AEs"),
            "retention": self.tr("Keep received files"),
            "send": self.tr("Send results"),
            "pacs_host": self.tr("PACS host"),
            "pacs_port": self.tr("PACS port"),
            "pacs_ae": self.tr("PACS AE title"),
            "folder": self.tr("Results folder"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.ae_edit.setToolTip(
            self.tr("Up to 16 characters: letters, digits, spaces; no backslash")
        )
        self.bind_edit.setToolTip(
            self.tr(
                "127.0.0.1: this computer only. 0.0.0.0 (or this workstation's LAN address): "
                "accept studies from the modality or the PACS on the clinic's network."
            )
        )
        hint = self.tr("any calling AE (e.g. MODALITY, ORTHANC)")
        self.callers_edit.setPlaceholderText(hint)  # wide enough to read whole, in any language
        self.callers_edit.setMinimumWidth(
            self.callers_edit.fontMetrics().horizontalAdvance(hint) + 20
        )
        self.callers_edit.setToolTip(
            self.tr("Accept studies only from these calling AE titles, separated by commas")
        )
        self.retention_spin.setSuffix(self.tr(" days"))
        self.retention_spin.setSpecialValueText(self.tr("until triaged"))
        self.retention_spin.setToolTip(
            self.tr("Received files are kept this long in the inbox (in your data folder)")
        )
        destinations = {
            "none": self.tr("Nowhere"),
            "pacs": self.tr("Send to a PACS"),
            "folder": self.tr("Folder"),
        }
        for key, text in destinations.items():
            self.dest_buttons[key].setText(text)
        self.pacs_host_edit.setPlaceholderText(self.tr("host name or IP address"))
        self.browse_button.setText(self.tr("Browse…"))
        self.note.setText(
            self.tr("Saved to %1 (shared with cxr-triage listen and watch).").replace(
                "%1", str(self.path)
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
            self, self.tr("Folder for results"), self.folder_edit.text()
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
                problems = [self.tr("not saved: %1").replace("%1", reason)]
        if problems:
            self.problem_label.setText("\n".join(problems))
            return
        self.saved = config
        super().accept()
