"""First run: the window opens at a useful size; a Linux desktop without libxcb-cursor0 gets one
line that says what to install instead of Qt's abort."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from app.cli import main as app_main
from app.core import display_check
from app.core.display_check import missing_message, missing_system_packages, xcb_platform_expected
from app.window.layout_sizes import first_run_geometry


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_xcb_expected(env: dict, platform: str, expected: bool) -> None:
    assert xcb_platform_expected(env, platform) is expected


def test_missing_library_is_named_with_its_package() -> None:
    assert missing_system_packages({}, "linux", lambda _lib: None) == ["libxcb-cursor0"]
    assert missing_system_packages({}, "linux", lambda lib: f"lib{lib}.so.0") == []
    text = missing_message(["libxcb-cursor0"])
    assert "\n" not in text and "sudo apt install libxcb-cursor0" in text and "scan" in text


def test_viewer_start_without_the_library_prints_one_line(monkeypatch, capsys) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(display_check.sys, "platform", "linux")
    monkeypatch.setattr(display_check.ctypes.util, "find_library", lambda _lib: None)
    monkeypatch.setattr(display_check, "missing_system_packages",
                        lambda env: ["libxcb-cursor0"])  # fmt: skip
    assert app_main(["--samples"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "libxcb-cursor0" in err


@pytest.mark.parametrize("screen", [(1366, 728), (1920, 1040), (2560, 1400), (1024, 600)])
def test_first_run_geometry_fills_most_of_the_screen_centred(screen: tuple[int, int]) -> None:
    available = QRect(0, 40, *screen)
    rect = first_run_geometry(available)
    assert available.contains(rect)
    assert rect.width() >= min(screen[0], 1024) and rect.height() >= min(screen[1], 640)
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1


def test_a_new_window_is_not_tiny(qtbot, private_qsettings) -> None:
    from app.core.settings import AppSettings
    from app.window.main_window import MainWindow

    window = MainWindow(AppSettings(), load_model=False)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    expected = first_run_geometry(available)
    assert window.geometry().size() == expected.size()  # not Qt's 645x315 default
    assert window.width() >= 0.85 * available.width()
