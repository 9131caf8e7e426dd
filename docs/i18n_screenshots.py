"""Render the main window in each language at 1366x768 (samples scanned, top row selected) into
docs/screenshots/i18n/worklist-<lang>.png, to check translated labels for clipping by eye.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/i18n_screenshots.py [--out DIR] [--lang fr ...]

The language is chosen before the window opens (as a saved Settings choice is at start); the
settings go to a temporary folder, so the user's preferences are untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "docs"))

from PySide6.QtCore import QSettings  # noqa: E402
from screenshots import new_window, save, scan_and_wait, settle, show_top_image  # noqa: E402

from app.core import translation  # noqa: E402
from app.gui import make_application  # noqa: E402
from inference.core import i18n  # noqa: E402
from inference.core.paths import samples_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots" / "i18n")
    parser.add_argument("--lang", nargs="*", default=list(i18n.LANGUAGES))
    args = parser.parse_args(argv)
    app = make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="cxr-i18n-shots-") as tmp_name:
        tmp = Path(tmp_name)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
        os.environ["CXR_TRIAGE_HOME"] = str(tmp / "home")
        for lang in args.lang:
            translation.install_language(lang)
            window = new_window(app, tmp / lang, "light", (1366, 768))
            scan_and_wait(app, window, [samples_dir()])
            show_top_image(app, window)
            settle(app)
            save(window, args.out / f"worklist-{lang}.png")
            window.shutdown()
            window.deleteLater()
    translation.install_language("en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
