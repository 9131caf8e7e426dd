"""The action table made into Qt: QActions (shortcuts work wherever the focus is), the menu bar,
the toolbars, and the enabled state refreshed from the rules whenever the state changes.

The table's texts are English msgids; they are shown through gettext's ``_()`` here and set again
by ``retranslate`` on every language change (the window calls it), so no restart is needed."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from app.state.triage_state import TriageState
from app.window.action_table import TOOLBAR_TITLES, TOOLBARS, ActionSpec
from inference.core.i18n import _

Built = QAction | QMenu  # a submenu (Open Recent) is enabled by its rule like an action


def _shortcut(spec: ActionSpec) -> QKeySequence | None:
    options = spec.shortcut if isinstance(spec.shortcut, tuple) else (spec.shortcut,)
    for option in options:
        if option is not None and not QKeySequence(option).isEmpty():
            return QKeySequence(option)
    return None


def make_action(window: QMainWindow, spec: ActionSpec, groups: dict[str, QActionGroup]) -> QAction:
    """One QAction from its spec, connected to its handler and added to the window."""
    if spec.make is not None:
        action = spec.make()
    else:
        action = QAction(window)
        window.addAction(action)  # shortcuts work wherever the focus is
    set_texts(action, spec)
    if spec.icon is not None:
        action.setIcon(window.style().standardIcon(spec.icon))
    shortcut = _shortcut(spec)
    if shortcut is not None:
        action.setShortcut(shortcut)
    if spec.checkable:
        action.setCheckable(True)
    if spec.group:
        groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
    if spec.handler is not None:
        signal = action.toggled if spec.checkable and not spec.group else action.triggered
        signal.connect(spec.handler)
    return action


def set_texts(item: Built, spec: ActionSpec) -> None:
    """The spec's text and tip in the current language (again on each language change)."""
    if isinstance(item, QMenu):
        item.setTitle(_(spec.text))
        return
    item.setText(_(spec.text))
    tip = _(spec.tip) if spec.tip else ""
    item.setToolTip(tip)  # "": Qt's default, the text without its "&"
    item.setStatusTip(tip)


def _title(path: str) -> str:
    """A menu's title from its place: "&View>Theme" → "Theme"."""
    return path.rpartition(">")[2]


def build_menus(
    window: QMainWindow, specs: Iterable[ActionSpec], menus: dict[str, QMenu] | None = None
) -> dict[str, Built]:
    """Create every action and put it in its menus, in table order; returns them by id.
    ``menus`` (if given) receives the menus by place, for ``retranslate``."""
    built: dict[str, Built] = {}
    menus = {} if menus is None else menus
    groups: dict[str, QActionGroup] = {}

    def menu(path: str) -> QMenu:
        if path not in menus:
            parent = path.rpartition(">")[0]
            owner = menu(parent) if parent else window.menuBar()
            menus[path] = owner.addMenu(_(_title(path)))
        return menus[path]

    for spec in specs:
        item: Built
        if spec.handler is None and spec.make is None:  # a submenu its owner fills
            item = QMenu(window)
            set_texts(item, spec)
        else:
            item = make_action(window, spec, groups)
        built[spec.id] = item
        for place in spec.menu:
            target = menu(place.lstrip("-"))
            if place.startswith("-"):
                target.addSeparator()
            if isinstance(item, QMenu):
                target.addMenu(item)
            else:
                target.addAction(item)
    return built


def build_toolbar(
    window: QMainWindow, name: str, bar: QToolBar, built: dict[str, Built]
) -> QToolBar:
    """Fill ``bar`` with the actions ``TOOLBARS[name]`` lists (None: a separator)."""
    for action_id in TOOLBARS[name]:
        item = built.get(action_id) if action_id is not None else None
        if action_id is None:
            bar.addSeparator()
        elif isinstance(item, QAction):
            bar.addAction(item)
    return bar


def retranslate(
    built: dict[str, Built],
    specs: Iterable[ActionSpec],
    menus: dict[str, QMenu],
    toolbars: dict[str, QToolBar],
) -> None:
    """Every action, submenu, menu title and toolbar title in the current language."""
    for spec in specs:
        item = built.get(spec.id)
        if item is not None:
            set_texts(item, spec)
    for path, menu in menus.items():
        menu.setTitle(_(_title(path)))
    for name, bar in toolbars.items():
        bar.setWindowTitle(_(TOOLBAR_TITLES[name]))


def main_toolbar(window: QMainWindow, built: dict[str, Built]) -> QToolBar:
    tb = QToolBar(_(TOOLBAR_TITLES["main"]), window)
    tb.setObjectName("main_toolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    build_toolbar(window, "main", tb, built)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
    return tb


def refresh_enabled(
    built: dict[str, Built], specs: Iterable[ActionSpec], state: TriageState
) -> None:
    """Each action enabled exactly when its rule says so."""
    for spec in specs:
        item = built.get(spec.id)
        if item is not None:
            item.setEnabled(bool(spec.enabled_when(state)))
