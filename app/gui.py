"""Start the Qt application: organisation names, theme, exception hook, the window.

Separate from ``app.cli`` so that importing the command line never imports Qt.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import style, translation
from app.core.settings import AppSettings
from app.core.workers import ScanOutcome
from app.dialogs.log_panel import install_excepthook
from app.identity import APP_NAME, ORG_DOMAIN, ORG_NAME
from app.window.main_window import MainWindow, app_icon
from inference.core.i18n import _
from inference.core.output_files import atomic_path
from inference.core.paths import samples_dir
from inference.core.safe_text import visible

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names set (QSettings uses them for the settings location)."""
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setWindowIcon(app_icon())
    return app


class ScreenshotDriver:
    """Waits for results and the first image, saves the window, then quits the event loop."""

    def __init__(self, window: MainWindow, target: Path, expect_scan: bool, timeout_s: int) -> None:
        self.window = window
        self.target = target
        self.expect_scan = expect_scan
        self.exit_code = 0
        self._done = False
        window.scanFinished.connect(self._on_scan_finished)
        window.imageShown.connect(lambda _r: QTimer.singleShot(300, self.capture))
        window.modelFailed.connect(lambda _m: QTimer.singleShot(300, self.capture))
        if not expect_scan:
            window.modelReady.connect(lambda _s: QTimer.singleShot(300, self.capture))
        QTimer.singleShot(timeout_s * 1000, self._timeout)

    def _on_scan_finished(self, outcome: ScanOutcome) -> None:
        if self.window.proxy.rowCount() == 0 or not any(r.ok for r in self.window.model.results()):
            QTimer.singleShot(300, self.capture)
        elif self.window.current_result() is None:
            self.window.select_row(0)

    def _timeout(self) -> None:
        if not self._done:
            print(_("cxr-triage: --screenshot timed out; saving what is shown"), file=sys.stderr)
            self.exit_code = 1
            self.capture()

    def capture(self) -> None:
        if self._done:
            return
        if self.window.state.scanning and self.exit_code == 0:
            return  # an image appeared mid-scan: wait for the end
        self._done = True
        fmt = self.target.suffix.lstrip(".").upper() or "PNG"
        try:  # atomic, through links, never replacing a pipe or device (checked by app.cli)
            with atomic_path(self.target) as tmp:
                if not self.window.grab().save(str(tmp), fmt):
                    raise OSError(f"Qt could not encode a {fmt} image")
        except OSError as exc:
            text = _("cxr-triage: could not write {path}: {error}")
            print(text.format(path=visible(self.target), error=exc), file=sys.stderr)
            self.exit_code = 2
        else:
            print(_("screenshot saved: {path}").format(path=visible(self.target)))
        self.window.close()
        QApplication.quit()


def run_gui(
    sources: list[Path],
    samples: bool,
    model_path: Path | None,
    screenshot: Path | None,
    size: tuple[int, int],
    theme: str | None,
    timeout_s: int,
    language: str | None = None,
) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = make_application()
    settings = AppSettings()
    # --lang (not saved), else Settings → Language, else the system's; before any widget exists
    translation.install_language(translation.startup_language(language, settings.language))
    theme = theme or settings.theme  # a --theme override is not saved
    style.apply_theme(app, theme)
    window = MainWindow(settings, model_path=model_path)
    window.theme_actions[theme].setChecked(True)

    def show_error(summary: str, details: str) -> None:
        title = QCoreApplication.translate("Gui", "Unexpected error")
        window.show_message(QMessageBox.Icon.Critical, title, summary, details)

    install_excepthook(show_error)
    to_open = list(sources) + ([samples_dir()] if samples else [])
    driver = None
    if screenshot is not None:
        window.resize(*size)
        driver = ScreenshotDriver(window, screenshot, bool(to_open), timeout_s)
    window.show()
    if to_open:
        window.open_sources(to_open)
    code = app.exec()
    window.shutdown()
    return driver.exit_code if driver is not None else int(code)
