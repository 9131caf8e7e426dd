"""Can Qt open a window here? A check *before* QApplication exists, because Qt aborts the whole
process (with a page of plugin diagnostics) when its xcb platform plugin cannot load. On Linux
desktops the usual cause is one missing system library, libxcb-cursor0 (Qt >= 6.5 needs it)."""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Callable, Mapping

from inference.core.i18n import _

#: Shared-library name (as ``ctypes.util.find_library`` takes it) -> the Debian/Ubuntu package.
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0"}


def xcb_platform_expected(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Qt will use its xcb (X11) plugin: Linux, and no other platform chosen or implied."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip().lower()
    if chosen:
        return chosen.startswith("xcb")
    return env.get("XDG_SESSION_TYPE", "").lower() != "wayland" or not env.get("WAYLAND_DISPLAY")


def missing_system_packages(
    env: Mapping[str, str],
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> list[str]:
    """Packages to install before the window can open (empty: nothing known to be missing)."""
    if not xcb_platform_expected(env, platform):
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if find_library(lib) is None]


def missing_message(packages: list[str]) -> str:
    """One line instead of Qt's wall of text."""
    names = " ".join(packages)
    text = _(
        "cxr-triage: cannot open the window: the system library {names} is missing. Install it "
        "(Debian/Ubuntu: sudo apt install {names}) and start again; the headless "
        "'cxr-triage scan FOLDER' works without it."
    )
    return text.format(names=names)
