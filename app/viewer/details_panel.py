"""The panel beside the image: probability, class breakdown, flags, heatmap controls, disclaimer.

It only displays what it is given (a TriageResult and the operating point); the heatmap controls
emit signals that the main window routes to the image view and the settings.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.core import style
from app.core.display_text import breakable, shown
from app.identity import DISCLAIMER
from app.viewer.details_parts import ProbabilityBar, flag_hint, info_rows
from app.viewer.elided_label import ElidedCheckBox, ElidedLabel
from app.viewer.heatmap_legend import HeatmapLegend
from app.worklist.worklist_logic import (
    class_breakdown,
    format_percent,
    patient_text,
    status_text,
    study_date_text,
)
from app.worklist.worklist_words import class_name, word
from inference.core.i18n import _
from inference.core.types import FLAG_LABELS, TriageResult
from inference.triage import worklist as wl
from inference.triage.operating_point import resolve
from inference.triage.worklist import TriageSettings


class DetailsPanel(QWidget):
    """Read-only details of the selected result plus the heatmap controls. The details scroll;
    the reader's call, the operating point and the disclaimer are pinned below them, so no
    window size pushes "Assistive — not a diagnosis" out of sight."""

    overlayToggled = Signal(bool)
    opacityChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        body = QWidget()
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(10)

        # the name elides, the full path wraps below it: neither can widen the panel
        self.file_label = ElidedLabel()
        self.file_label.setFont(style.scaled_font(self.font(), 1.05, bold=True))
        layout.addWidget(self.file_label)
        self.path_label = QLabel("")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setWordWrap(True)
        self.path_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.path_label)

        # probability block
        self.prob_caption = QLabel()
        self.prob_value = QLabel("—")
        self.prob_value.setFont(style.scaled_font(self.font(), 2.3, bold=True))
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        prob_box = QVBoxLayout()
        prob_box.setSpacing(0)
        prob_box.addWidget(self.prob_caption)
        prob_box.addWidget(self.prob_value)
        prob_box.addWidget(self.verdict)
        layout.addLayout(prob_box)

        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(f"color: {style.ERROR_COLOR.name()};")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        # class breakdown
        self.classes_box = QGroupBox()
        self.classes_grid = QGridLayout(self.classes_box)
        self.classes_grid.setHorizontalSpacing(8)
        self.classes_grid.setVerticalSpacing(4)
        self.classes_grid.setColumnStretch(1, 1)
        self._class_rows: list[tuple[QLabel, ProbabilityBar, QLabel]] = []
        layout.addWidget(self.classes_box)

        # flags
        self.flags_box = QGroupBox()
        flags_layout = QVBoxLayout(self.flags_box)
        self.flags_label = QLabel("")
        self.flags_label.setWordWrap(True)
        self.flags_label.setTextFormat(Qt.TextFormat.RichText)
        flags_layout.addWidget(self.flags_label)
        layout.addWidget(self.flags_box)

        # heatmap controls
        self.heat_box = heat_box = QGroupBox()
        heat_layout = QVBoxLayout(heat_box)
        heat_layout.setSpacing(6)
        self.overlay_check = ElidedCheckBox()  # a long translation must not widen the panel
        self.overlay_check.setChecked(True)
        self.overlay_check.toggled.connect(self.overlayToggled)
        heat_layout.addWidget(self.overlay_check)
        row = QHBoxLayout()
        self.opacity_label = QLabel()
        row.addWidget(self.opacity_label)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(45)
        self.opacity_slider.valueChanged.connect(lambda v: self.opacityChanged.emit(v / 100.0))
        row.addWidget(self.opacity_slider, 1)
        heat_layout.addLayout(row)
        self.legend = HeatmapLegend()
        heat_layout.addWidget(self.legend)
        layout.addWidget(heat_box)

        # image information
        self.info_box = QGroupBox()
        self.info_label = QLabel("")
        self.info_label.setWordWrap(True)
        self.info_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_layout = QVBoxLayout(self.info_box)
        info_layout.addWidget(self.info_label)
        layout.addWidget(self.info_box)

        layout.addStretch(1)

        # pinned footer: the read, the operating point and the disclaimer, never scrolled away
        self.footer = QFrame()
        self.footer.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.footer)
        layout = QVBoxLayout(self.footer)
        layout.setContentsMargins(12, 6, 12, 10)
        layout.setSpacing(6)
        self.read_label = QLabel("")
        self.read_label.setWordWrap(True)
        layout.addWidget(self.read_label)

        self.threshold_label = QLabel("")
        self.threshold_label.setWordWrap(True)
        layout.addWidget(self.threshold_label)
        self.disclaimer = QLabel()
        self.disclaimer.setObjectName("disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.disclaimer.setFont(style.scaled_font(self.font(), 1.0, bold=True))
        self.disclaimer.setStyleSheet(
            f"QLabel#disclaimer {{ border: 1px solid {style.WARNING_COLOR.name()};"
            " border-radius: 4px; padding: 6px; }"
        )
        layout.addWidget(self.disclaimer)

        self._result: TriageResult | None = None
        self._model_available = True
        self._settings = TriageSettings(threshold=0.5)
        self._default_threshold = 0.5
        self._read: tuple[str, bool] = ("", False)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the panel, again on ``QEvent.LanguageChange``: the captions now, the
        selected result's texts by showing it again (no restart needed)."""
        self.prob_caption.setText(self.tr("P(pneumonia)"))
        self.classes_box.setTitle(self.tr("Class breakdown"))
        self.flags_box.setTitle(self.tr("Flags"))
        self.heat_box.setTitle(self.tr("Heatmap"))
        self.overlay_check.setText(self.tr("Show heatmap  (H)"))
        self.opacity_label.setText(self.tr("Opacity"))
        self.opacity_slider.setToolTip(self.tr("Heatmap opacity"))
        self.info_box.setTitle(self.tr("Image"))
        self.read_label.setToolTip(
            self.tr(
                "Your own call on this image, kept for site calibration (Reads menu): "
                "P pneumonia, N normal, U unsure, Backspace clears"
            )
        )
        self.disclaimer.setText(_(DISCLAIMER))
        self.set_read(*self._read)
        self.show_result(self._result, self._settings, self._default_threshold)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- heatmap controls mirror -------------------------------------------------------------
    def set_overlay_checked(self, on: bool) -> None:
        if self.overlay_check.isChecked() != on:
            self.overlay_check.setChecked(on)

    def set_opacity(self, value: float) -> None:
        self.opacity_slider.setValue(round(value * 100))

    def set_overlay_available(self, available: bool) -> None:
        self.overlay_check.setEnabled(available)
        self.opacity_slider.setEnabled(available)

    def set_model_available(self, available: bool) -> None:
        self._model_available = available
        self.show_result(self._result, self._settings, self._default_threshold)

    # -- content ------------------------------------------------------------------------------
    def set_read(self, read: str, enabled: bool = True) -> None:
        """Show the reader's own call on the current image (empty: not read yet)."""
        self._read = (read, enabled)
        if not enabled:
            self.read_label.setText("")
            return
        if read:
            call = f"<b>{html.escape(word(read))}</b>"
            self.read_label.setText(self.tr("Your read: %1").replace("%1", call))
        else:
            hint = html.escape(self.tr("Your read: — (press P, N or U)"))
            self.read_label.setText(f"<span style='color: gray'>{hint}</span>")

    def set_settings(self, settings: TriageSettings, default_threshold: float) -> None:
        self.show_result(self._result, settings, default_threshold)

    def show_result(
        self, result: TriageResult | None, settings: TriageSettings, default_threshold: float
    ) -> None:
        threshold = settings.threshold
        self._result, self._settings, self._default_threshold = (
            result,
            settings,
            default_threshold,
        )
        # the resolver's text (inference.triage.operating_point); bare settings resolve here
        origin = settings.site or resolve(default_threshold, custom=threshold).text
        if self._model_available:
            self.threshold_label.setText(self.tr("Operating point: %1").replace("%1", origin))
        else:
            self.threshold_label.setText(self.tr("No model loaded: images cannot be scored."))

        if result is None:
            self.file_label.setText(self.tr("No image selected"))
            self.file_label.setToolTip("")
            self.path_label.setText("")
            self._show_probability(False)
            self.verdict.setText(self.tr("Select a row of the worklist to see its details."))
            self.error_label.hide()
            self._set_classes([])
            self.flags_box.hide()
            self.info_box.hide()
            return

        self.file_label.setText(shown(result.path.name))
        self.file_label.setToolTip(shown(str(result.path)))
        self.path_label.setText(breakable(shown(str(result.path.parent))))
        self._show_info(result)
        self._show_flags(result)
        if not result.ok:
            self._show_probability(False)
            self.verdict.setText(self.tr("This file could not be scored:"))
            self.error_label.setText(status_text(result))
            self.error_label.show()
            self._set_classes([])
            return
        self.error_label.hide()
        self._show_probability(True)
        if not wl.in_scope(result, settings):
            self._show_out_of_scope(result, settings)
            return
        above = wl.is_above(result, settings)
        color = style.RISK_HIGH if above else style.RISK_LOW
        self.prob_value.setText(format_percent(wl.probability(result, settings), 1))
        self.prob_value.setStyleSheet(f"color: {color.name()};")
        shown_threshold = format_percent(threshold, 1)
        if above:
            subtype = wl.likely_type(result, settings)
            verdict = self.tr("At or above the %1 threshold").replace("%1", shown_threshold)
            if subtype:
                verdict = (
                    self.tr("%1, likely %2").replace("%1", verdict).replace("%2", word(subtype))
                )
            self.verdict.setText(verdict)
        else:
            self.verdict.setText(self.tr("Below the %1 threshold").replace("%1", shown_threshold))
        self._set_classes(class_breakdown(result, settings))

    def _show_out_of_scope(self, result: TriageResult, settings: TriageSettings) -> None:
        """Greyed probability and a caution: the model was not made for this image."""
        muted = style.OUT_OF_SCOPE_COLOR.name()
        ranked_anyway = settings.rank_out_of_scope
        self.prob_value.setText(  # not a score: no number unless the site ranks them anyway
            format_percent(wl.probability(result, settings), 1) if ranked_anyway else "—"
        )
        self.prob_value.setStyleSheet(f"color: {muted};")
        reasons = "".join(
            f"<li>{html.escape(text)}</li>"
            for _, text in wl.scope_reasons(result, settings.age_range_years)
        )
        ranked = (
            self.tr("Ranked with the others anyway (site setting).")
            if settings.rank_out_of_scope
            else self.tr("Not ranked: listed after the images the model was made for.")
        )
        title = html.escape(self.tr("Out of scope"))
        note = html.escape(
            self.tr(
                "The model reads frontal chest films of children up to 6 years. It gives no "
                "pneumonia score for this image and draws no heatmap."
            )
        )
        self.verdict.setText(
            f"<b style='color:{style.SCOPE_COLOR.name()}'>{title}</b> — {html.escape(ranked)}"
            f"<ul style='margin:2px 0 2px -20px'>{reasons}</ul><i>{note}</i>"
        )
        self._set_classes([])

    def _show_probability(self, visible: bool) -> None:
        self.prob_caption.setVisible(visible)
        self.prob_value.setVisible(visible)
        if not visible:
            self.prob_value.setText("")
            self.prob_value.setStyleSheet("")

    def _set_classes(self, items: list[tuple[str, float]]) -> None:
        while len(self._class_rows) < len(items):
            row = len(self._class_rows)
            name, bar, pct = QLabel(), ProbabilityBar(), QLabel()
            pct.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            pct.setMinimumWidth(pct.fontMetrics().horizontalAdvance(format_percent(0.999, 1)) + 8)
            self.classes_grid.addWidget(name, row, 0)
            self.classes_grid.addWidget(bar, row, 1)
            self.classes_grid.addWidget(pct, row, 2)
            self._class_rows.append((name, bar, pct))
        for i, (name, bar, pct) in enumerate(self._class_rows):
            visible = i < len(items)
            for w in (name, bar, pct):
                w.setVisible(visible)
            if visible:
                cls, p = items[i]
                name.setText(class_name(cls))
                bar.set_value(p, style.RISK_LOW if cls == "normal" else style.RISK_HIGH)
                pct.setText(format_percent(p, 1))
        self.classes_box.setVisible(bool(items))

    def _show_flags(self, result: TriageResult) -> None:
        if not result.flags:
            self.flags_box.hide()
            return
        lines = []
        for flag in sorted(result.flags, key=str):
            title = html.escape(word(FLAG_LABELS.get(flag, str(flag))))
            hint = html.escape(flag_hint(flag))
            lines.append(
                f"<p style='margin:0 0 4px 0'><b style='color:{style.WARNING_COLOR.name()}'>"
                f"⚠ {title}</b><br/>{hint}</p>"
            )
        self.flags_label.setText("".join(lines))
        self.flags_box.show()

    def _show_info(self, result: TriageResult) -> None:
        rows = info_rows(result, patient_text(result.metadata), study_date_text(result.metadata))
        if not rows:
            self.info_box.hide()
            return
        cells = "".join(
            f"<tr><td style='padding-right:8px'>{html.escape(k)}</td>"
            f"<td>{html.escape(breakable(shown(v)))}</td></tr>"
            for k, v in rows
        )
        self.info_label.setText(f"<table>{cells}</table>")
        self.info_box.show()
