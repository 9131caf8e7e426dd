"""The caption band under a saved overlay PNG (QtGui only: it runs on the export worker).

The band is added below the film, never drawn over it; its font follows the image width (about
1/55 of it, never under ``MIN_FONT_PX``) so the text stays readable when the PNG is viewed whole.
The caption's lines come translated (``overlay_caption``); the scale's two words are Qt's here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QLinearGradient, QPainter

from app.core import style
from app.export.overlay_caption import Caption, Tone
from inference.model.heatmap import TRANSPARENT_BELOW, colormap_lut

translate = QCoreApplication.translate  # the name lupdate looks for outside QObject methods

MIN_FONT_PX = 14
FONT_SHARE = 1 / 55  # of the image width
BAND = QColor(24, 26, 30)
INK = QColor(236, 236, 236)
MUTED = QColor(170, 174, 182)
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_TONES = {
    Tone.HIGH: style.RISK_HIGH,
    Tone.LOW: QColor(140, 180, 225),  # RISK_LOW lightened: legible on the dark band
    Tone.OUT_OF_SCOPE: QColor(190, 160, 225),  # SCOPE_COLOR lightened
    Tone.ERROR: style.ERROR_COLOR,
}


def font_px(width: int) -> int:
    return max(MIN_FONT_PX, round(width * FONT_SHARE))


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _lines(caption: Caption, px: int) -> list[tuple[str, QFont, QColor]]:
    """(text, font, colour) of each line; the heat line is followed by the scale bar."""
    out = [(caption.file, _font(px, True), INK)]
    out.append((caption.verdict, _font(round(px * 1.15), True), _TONES[caption.tone]))
    out.append((caption.operating_point, _font(px), INK))
    if caption.heat:
        out.append((caption.heat, _font(round(px * 0.9)), MUTED))
    out.append((caption.disclaimer, _font(px, True), style.WARNING_COLOR))
    return out


def _heights(lines: list[tuple[str, QFont, QColor]], width: float) -> list[float]:
    box = QRectF(0, 0, width, 1e6)
    return [QFontMetricsF(f).boundingRect(box, _WRAP, t).height() for t, f, _ in lines]


def _scale_bar(p: QPainter, rect: QRectF, label_font: QFont) -> None:
    """The heat colours from none to strong, greyed below the cut where nothing is drawn."""
    fm = QFontMetricsF(label_font)
    weak = translate("OverlayBand", "weak", "heatmap scale: little evidence")
    strong = translate("OverlayBand", "strong", "heatmap scale: much evidence")
    weak_w, strong_w = fm.horizontalAdvance(weak + " "), fm.horizontalAdvance(" " + strong)
    bar = QRectF(rect.left() + weak_w, rect.top(), rect.width() - weak_w - strong_w, rect.height())
    lut = colormap_lut()
    grad = QLinearGradient(bar.topLeft(), bar.topRight())
    for i in range(0, 256, 16):
        grad.setColorAt(i / 255.0, QColor(*map(int, lut[i])))
    grad.setColorAt(1.0, QColor(*map(int, lut[255])))
    p.setPen(Qt.PenStyle.NoPen)
    p.fillRect(bar, grad)
    cut = QRectF(bar.left(), bar.top(), bar.width() * TRANSPARENT_BELOW, bar.height())
    p.fillRect(cut, QColor(90, 90, 96))
    p.setFont(label_font)
    p.setPen(MUTED)
    middle = int(Qt.AlignmentFlag.AlignVCenter)
    p.drawText(QRectF(rect.left(), rect.top(), weak_w, rect.height()), middle, weak)
    right = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
    p.drawText(QRectF(bar.right(), rect.top(), strong_w, rect.height()), right, strong)


def with_caption(image: QImage, caption: Caption) -> QImage:
    """``image`` above a dark band carrying ``caption``; the film's pixels are unchanged."""
    width = image.width()
    px = font_px(width)
    pad = round(px * 0.7)
    text_w = max(1, width - 2 * pad)
    lines = _lines(caption, px)
    heights = _heights(lines, text_w)
    gap = px * 0.35
    bar_h = px * 0.9 if caption.heat else 0.0
    bar_w = min(text_w, max(px * 14, width * 0.45))
    band_h = round(2 * pad + sum(heights) + gap * (len(lines) - 1) + (bar_h + gap if bar_h else 0))
    out = QImage(width, image.height() + band_h, QImage.Format.Format_RGB32)
    out.fill(BAND)
    p = QPainter(out)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.drawImage(QPointF(0, 0), image)
        y = image.height() + pad
        for (text, font, color), h in zip(lines, heights, strict=True):
            p.setFont(font)
            p.setPen(color)
            p.drawText(QRectF(pad, y, text_w, h), _WRAP, text)
            y += h + gap
            if caption.heat and text == caption.heat:
                _scale_bar(p, QRectF(pad, y, bar_w, bar_h), _font(round(px * 0.8)))
                y += bar_h + gap
    finally:
        p.end()
    return out
