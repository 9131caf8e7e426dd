"""Draw the CXR Triage app icon: writes cxr-triage.svg and renders cxr-triage.png (256 px).

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icon.py

The SVG is the source; the PNG is rendered from it with QtSvg so both always match. The design:
two lungs on a blue tile with one warm 'heatmap' spot, i.e. the app's purpose at a glance.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2f6fbf"/>
      <stop offset="1" stop-color="#17406f"/>
    </linearGradient>
    <linearGradient id="lung" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.96"/>
      <stop offset="1" stop-color="#dfe8f3" stop-opacity="0.92"/>
    </linearGradient>
    <radialGradient id="heat" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#ff5a1f" stop-opacity="0.95"/>
      <stop offset="0.55" stop-color="#ff9a2e" stop-opacity="0.75"/>
      <stop offset="1" stop-color="#ffd23f" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="52" fill="url(#tile)"/>
  <path d="M128 40 L128 104" stroke="#dfe8f3" stroke-width="12" stroke-linecap="round"/>
  <path d="M128 100 C118 110 108 116 98 120" stroke="#dfe8f3" stroke-width="9"
        stroke-linecap="round" fill="none"/>
  <path d="M128 100 C138 110 148 116 158 120" stroke="#dfe8f3" stroke-width="9"
        stroke-linecap="round" fill="none"/>
  <path d="M112 78 C84 66 56 96 50 140 C45 178 52 206 72 210 C92 214 108 200 112 180 Z"
        fill="url(#lung)"/>
  <path d="M144 78 C172 66 200 96 206 140 C211 178 204 206 184 210 C164 214 148 200 144 180 Z"
        fill="url(#lung)"/>
  <circle cx="178" cy="162" r="34" fill="url(#heat)"/>
</svg>
"""


def main() -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg_path = HERE / "cxr-triage.svg"
    svg_path.write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(str(svg_path))
    if not renderer.isValid():
        print("invalid SVG", file=sys.stderr)
        return 1
    image = QImage(256, 256, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    renderer.render(painter)
    painter.end()
    png_path = HERE / "cxr-triage.png"
    if not image.save(str(png_path), "PNG"):
        print(f"could not write {png_path}", file=sys.stderr)
        return 1
    del app
    print(f"wrote {svg_path.name} and {png_path.name} ({png_path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
