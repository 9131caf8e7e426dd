"""The status bar: the message line, the disclaimer, the model, the operating point and the device.

It follows the state (model loaded or failed, settings applied) and fits itself to the window's
width; controllers write messages through ``say``. ``retranslate`` sets its own texts again on a
language change (a message already written stays as it was said)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from app.core import style
from app.identity import DISCLAIMER
from app.state.triage_state import TriageState
from app.viewer.elided_label import ElidedLabel
from app.window.layout_sizes import status_bar_fit
from inference.core.i18n import _


class StatusBar(QObject):
    """Owns the status bar's labels; ``details`` is the pane whose width the fit accounts for."""

    def __init__(self, state: TriageState, window: QMainWindow, details: QWidget) -> None:
        super().__init__(window)
        self.state, self.window, self.details = state, window, details
        self.message = ElidedLabel("", mode=Qt.TextElideMode.ElideRight, tip_follows=True)
        self.model_label = QLabel()
        self.device_label = QLabel("")
        self.site_label = QLabel("")
        self.disclaimer_label = QLabel()
        self.disclaimer_label.setStyleSheet(f"color: {style.WARNING_COLOR.name()};")
        self.model_texts: tuple[str, str] | None = None  # (full, short) once the model is known
        self.site_texts: tuple[str, str] | None = None  # the operating point (full, compact)
        sb = window.statusBar()
        sb.addWidget(self.message, 1)
        sb.addPermanentWidget(self.disclaimer_label)
        sb.addPermanentWidget(self.model_label)
        sb.addPermanentWidget(self.site_label)
        sb.addPermanentWidget(self.device_label)
        state.events.model.connect(self._on_model)
        state.events.settings.connect(lambda _s: self._on_settings())
        self.retranslate()

    def retranslate(self) -> None:
        """The labels' own texts in the current language."""
        self.disclaimer_label.setText(_(DISCLAIMER))
        self._on_model(self.state.session)
        if self.site_texts is not None:
            self._on_settings()

    def say(self, text: str) -> None:
        self.message.setText(text)

    def _on_model(self, session: object) -> None:
        state = self.state
        if state.session is None and not state.model_error:  # loading, or not asked yet
            self.model_label.setText(self.tr("Loading model…"))
            return
        if state.session is not None:
            c = state.session.contract
            short = self.tr("model %1", "the model's version, shortened").replace("%1", c.version)
            self.model_texts = (f"{c.name} {c.version}", short)
            self.fit()
            self.model_label.setToolTip(state.session.describe())
            self.device_label.setText(f"  {state.session.device_label}  ")
            tip = self.tr("Execution provider: %1").replace("%1", state.session.provider)
            self.device_label.setToolTip(tip)
        else:
            self.model_texts = (self.tr("No model: scanning disabled"),) * 2  # never shortened
            self.fit()
            self.model_label.setToolTip(state.model_error or "")
            self.device_label.setText("")

    def _on_settings(self) -> None:
        full = self.state.settings.operating_point_text()
        self.site_texts = (full, self._short(full))
        self.site_label.setToolTip(
            full
            + "\n\n"
            + self.tr(
                "The operating point in use. Settings → Calibrate for This Site fits one from "
                "your own reads; Settings → Use Model Default Operating Point goes back."
            )
        )
        self.fit()

    def _short(self, full: str) -> str:
        """The resolver's few words (the whole text without a resolved point, e.g. settings
        rebuilt from a report)."""
        point = self.state.settings.point
        return point.short_text if point is not None else full

    def fit(self) -> None:
        """On a narrow window the model's name shortens and, while the details panel shows the
        operating point in full, the status bar says it compactly: the message line keeps its
        room and nothing in the bar is cut."""
        details = self.details.width() if self.details.isVisible() else 0
        short_model, short_site = status_bar_fit(self.window.width(), details)
        full, short = self.model_texts or (self.model_label.text(),) * 2
        self.model_label.setText(short if short_model else full)
        if self.site_texts is not None:
            self.site_label.setText(f"  {self.site_texts[1 if short_site else 0]}  ")
