"""Fusion style with a light and a dark palette, and the few semantic colours the app uses.

Risk colours are chosen to read on both palettes and to stay distinguishable for the common
red-green colour deficiencies (orange vs blue-grey rather than red vs green).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

RISK_HIGH = QColor(232, 112, 38)  # above threshold
RISK_LOW = QColor(96, 139, 186)  # below threshold
ERROR_COLOR = QColor(214, 69, 65)
WARNING_COLOR = QColor(200, 140, 20)
OK_COLOR = QColor(70, 150, 90)
OUT_OF_SCOPE_COLOR = QColor(128, 128, 140)  # greyed: not ranked, probability secondary
SCOPE_COLOR = QColor(150, 110, 190)  # the "out of scope" label: distinct from risk and errors


def _palette(colors: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    pal = QPalette()
    for role, value in colors.items():
        pal.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return pal


def light_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#f3f4f6",
            R.WindowText: "#1d2026",
            R.Base: "#ffffff",
            R.AlternateBase: "#f5f7fa",
            R.ToolTipBase: "#ffffe6",
            R.ToolTipText: "#1d2026",
            R.PlaceholderText: "#8a8f98",
            R.Text: "#1d2026",
            R.Button: "#e9ebef",
            R.ButtonText: "#1d2026",
            R.BrightText: "#ffffff",
            R.Light: "#ffffff",
            R.Midlight: "#e3e5e9",
            R.Mid: "#c4c8cf",
            R.Dark: "#9ca1aa",
            R.Shadow: "#5c6068",
            R.Highlight: "#2f6fbf",
            R.HighlightedText: "#ffffff",
            R.Link: "#2462b0",
        },
        "#9aa0a8",
    )


def dark_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#26282c",
            R.WindowText: "#e4e6ea",
            R.Base: "#1c1d20",
            R.AlternateBase: "#26282d",  # rows must stay trackable across the table
            R.ToolTipBase: "#33363b",
            R.ToolTipText: "#e4e6ea",
            R.PlaceholderText: "#80858e",
            R.Text: "#e4e6ea",
            R.Button: "#32353a",
            R.ButtonText: "#e4e6ea",
            R.BrightText: "#ffffff",
            R.Light: "#45484e",
            R.Midlight: "#3a3d42",
            R.Mid: "#2c2e33",
            R.Dark: "#1a1b1e",
            R.Shadow: "#101113",
            R.Highlight: "#3a78c8",
            R.HighlightedText: "#ffffff",
            R.Link: "#6aa5f0",
        },
        "#6c7078",
    )


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion plus our palette; the same look on Windows, macOS and Linux."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else light_palette())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def track_color(palette: QPalette) -> QColor:
    """Background of probability bars: a little off the base colour."""
    return QColor("#3a3d43") if is_dark(palette) else QColor("#e2e5ea")


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    font.setBold(bold)
    return font
