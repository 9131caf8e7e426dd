"""Shared fixtures. Tests run offscreen, without a GPU, with ../shared beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"
MODEL_PATH = REPO_ROOT / "resources" / "models" / "cxr-triage.onnx"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data folder (../shared/data). CI always has it beside the clone."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real test data not found at {SHARED_DATA}: clone with ../shared beside it")
    return SHARED_DATA


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def model_path() -> Path:
    if not MODEL_PATH.is_file():
        pytest.fail(f"shipped model missing: {MODEL_PATH}")
    return MODEL_PATH


@pytest.fixture
def private_qsettings(tmp_path: Path):
    """Any default-constructed QSettings goes to tmp_path, never to the user's settings.

    Qt is imported here lazily, so the Qt-free tests never load it."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture(autouse=True, scope="session")
def private_user_folders(tmp_path_factory):
    """Site profiles, reads and scan logs go to a temporary 'home', never the developer's own
    (a real site profile there would silently change every scan's labels)."""
    home = tmp_path_factory.mktemp("user-home")
    old = {k: os.environ.get(k) for k in ("CXR_TRIAGE_HOME", "XDG_CACHE_HOME")}
    os.environ["CXR_TRIAGE_HOME"] = str(home)
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    yield home
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _no_reads_or_profiles_carry_over(private_user_folders: Path):
    """A reader's calls and a site profile saved by one test would show in the next test that
    scans the same samples (a "Your read" column, a site operating point): remove them after
    every test, so each test starts as a fresh install does."""
    yield
    for folder, pattern in (("data/reads", "reads-*.json"), ("config", "site-profile-*.json")):
        for path in (private_user_folders / folder).glob(pattern):
            path.unlink(missing_ok=True)


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    """The viewer's private settings file for one test (see ``private_qsettings``)."""
    return tmp_path / "settings" / "cxr-triage.ini"


@pytest.fixture
def window(qtbot, ini: Path, model_path: Path):
    """The real main window on the bundled model, shut down after the test."""
    from tests.gui_helpers import open_window

    w = open_window(qtbot, ini, model_path)
    yield w
    w.shutdown()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Every test ends in English: a language left installed by one test (the i18n tests switch
    to fr/pt/es) would change the texts the next test in this process looks for."""
    yield
    import sys

    from inference.core import i18n

    if i18n.current_language() == "en":
        return
    translation = sys.modules.get("app.core.translation")
    if translation is not None:
        from PySide6.QtWidgets import QApplication

        translation.install_language("en")
        if QApplication.instance() is not None:
            QApplication.processEvents()
    else:
        i18n.set_language("en")
