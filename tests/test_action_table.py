"""The window's actions come from one table (issue 21): every entry names its enabling rule, and
each QAction's enabled state is that rule applied to the window's state, before and after a
real scan of the bundled samples, while a row is read, and after the site profile goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from app.state import rules
from app.window.action_table import TOOLBARS
from app.window.main_window import MainWindow
from tests.gui_helpers import scan

RULES = {f for name, f in vars(rules).items() if callable(f) and f.__module__ == rules.__name__}


def assert_actions_follow_rules(window: MainWindow) -> None:
    for spec in window.action_specs:
        want = spec.enabled_when(window.state)
        assert window.acts[spec.id].isEnabled() == want, (spec.id, want)


def test_every_action_has_a_rule_and_a_unique_id(window: MainWindow) -> None:
    ids = [s.id for s in window.action_specs]
    assert len(ids) == len(set(ids)) >= 30
    for spec in window.action_specs:
        assert spec.enabled_when in RULES, spec.id  # a named rule from app.state.rules
        assert spec.menu, f"{spec.id} is in no menu"
        assert getattr(window, f"act_{spec.id}") is window.acts[spec.id]
    listed = {i for bar in TOOLBARS.values() for i in bar if i is not None}
    assert listed <= set(ids)
    menu_texts = {a.text() for a in window.menuBar().actions()}
    assert {"&File", "&Scan", "&View", "&Reads", "S&ettings", "&Help"} <= menu_texts


def test_enabled_state_follows_the_rules_through_a_scan(
    qtbot, window: MainWindow, samples_dir: Path
) -> None:
    assert_actions_follow_rules(window)  # model loaded, nothing scanned
    assert not window.act_export_csv.isEnabled() and window.act_open_folder.isEnabled()
    seen_while_scanning: list[bool] = []
    window.scanner.resultsArrived.connect(
        lambda _r: seen_while_scanning.append(window.act_cancel.isEnabled())
    )
    outcome = scan(qtbot, window, [samples_dir])
    assert outcome.error is None and window.model.rowCount() > 0
    assert seen_while_scanning and all(seen_while_scanning)  # Cancel lives while it scans
    assert_actions_follow_rules(window)
    assert window.act_export_csv.isEnabled() and not window.act_cancel.isEnabled()
    assert window.act_open_folder.isEnabled() and not window.act_model_default.isEnabled()
    qtbot.waitUntil(lambda: window.state.shown_full is not None, timeout=30_000)
    assert_actions_follow_rules(window)
    assert window.act_save_overlay.isEnabled()
    window.act_read_normal.trigger()  # the user's path: the key's action
    assert window.state.reads and window.model.read_count() == 1
    assert_actions_follow_rules(window)


def test_a_theme_and_a_checkable_action_keep_their_behaviour(window: MainWindow) -> None:
    overlay: QAction = window.act_overlay
    assert overlay.isCheckable() and overlay.shortcut().toString() == "H"
    before = window.view.overlay_visible
    overlay.trigger()
    assert (
        window.view.overlay_visible is not before and window.settings.overlay_visible is not before
    )
    overlay.trigger()
    assert window.view.overlay_visible is before
    assert window.act_settings.shortcut().toString() != ""
