"""The viewer's Qt-free state (issue 21): its events fire on change, and each action's enabling
rule is a pure function of it. No Qt is loaded here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from app.state import rules
from app.state.events import Event, EventGroup
from app.state.triage_state import TriageState
from inference.core.types import TriageResult
from inference.triage.site_reads import Read
from inference.triage.worklist import TriageSettings


def fake_session(threshold: float = 0.6) -> SimpleNamespace:
    return SimpleNamespace(model_id="m1", contract=SimpleNamespace(threshold=threshold))


def recorder(state: TriageState, *names: str) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    for name in names:
        getattr(state.events, name).connect(lambda v, n=name: seen.append((n, v)))
    return seen


def test_event_calls_back_in_order_and_can_disconnect() -> None:
    event, calls = Event("x"), []
    first = event.connect(lambda v: calls.append(("a", v)))
    event.connect(lambda v: calls.append(("b", v)))
    event.emit(1)
    event.disconnect(first)
    event.emit(2)
    assert calls == [("a", 1), ("b", 1), ("b", 2)]
    group = EventGroup("one")
    names: list[str] = []
    group.any.connect(names.append)
    group.emit("one", 5)
    assert names == ["one"]
    try:
        group.missing  # noqa: B018
    except AttributeError as exc:
        assert "one" in str(exc)
    else:
        raise AssertionError("an unknown event name must fail loudly")


def test_model_events_and_what_opening_needs() -> None:
    state = TriageState()
    seen = recorder(state, "model")
    assert not state.can_open and not rules.can_open(state)  # no model, none loading
    state.model_loading_started()
    assert rules.can_open(state) and not rules.model_ready(state)  # opening waits for it
    session = fake_session()
    state.model_loaded(session)  # type: ignore[arg-type]
    assert rules.model_ready(state) and state.model_id == "m1"
    assert state.default_threshold == 0.6 and state.reference_threshold == 0.6
    state.pending_sources = [Path("/x")]
    state.model_failed("broken")
    assert state.pending_sources is None and state.model_error == "broken"
    assert not rules.model_ready(state) and not rules.can_open(state)
    assert [v for _n, v in seen] == [None, session, None]


def test_scan_and_rows_decide_export_cancel_and_partial() -> None:
    state = TriageState()
    state.model_loaded(fake_session())  # type: ignore[arg-type]
    seen = recorder(state, "scan", "results")
    state.scan_started([Path("/films")])
    assert rules.scanning(state) and not rules.can_open(state) and not rules.can_export(state)
    rows = [TriageResult(path=Path(f"/films/{i}.png"), index=i, pneumonia_prob=0.5) for i in (1, 2)]
    state.add_results(rows[:1])
    state.add_results([])  # nothing added: no event
    state.add_results(rows[1:])
    assert not rules.can_export(state)  # still scanning: the worklist may grow
    state.scan_finished("incomplete: 2 of 9 scanned, cancelled")
    assert state.partial and rules.can_export(state) and rules.can_open(state)
    assert not rules.scanning(state)
    assert seen == [
        ("scan", "started"), ("results", rows[:1]), ("results", rows[1:]), ("scan", "finished"),
    ]  # fmt: skip
    state.scan_started([Path("/films")])  # a new scan is complete until it says otherwise
    assert not state.partial and state.sources == (Path("/films"),)
    state.set_results([])
    state.scan_finished()
    assert not rules.can_export(state) and not state.partial


def test_selection_shown_image_and_overlay_rule() -> None:
    state = TriageState()
    seen = recorder(state, "selection", "shown")
    r = TriageResult(path=Path("/a.png"), index=0, pneumonia_prob=0.2)
    assert state.select(r, auto=True) and state.auto_selected
    assert not state.select(r)  # the same row: no event, but the user now owns the choice
    assert not state.auto_selected
    assert not rules.full_image_shown(state)
    state.set_shown_full(r)
    state.set_shown_full(r)
    assert rules.full_image_shown(state)
    assert seen == [("selection", r), ("shown", r)]


def test_site_profile_reads_settings_and_recent() -> None:
    state = TriageState()
    state.model_loaded(fake_session(0.6))  # type: ignore[arg-type]
    seen = recorder(state, "site_profile", "reads", "settings", "recent")
    assert not rules.site_profile_in_use(state)
    profile = SimpleNamespace(threshold=0.3)
    state.set_site_profile(profile)  # type: ignore[arg-type]
    state.set_site_profile(profile)  # type: ignore[arg-type]
    assert rules.site_profile_in_use(state) and state.default_threshold == 0.3
    state.set_reads({"/a.png": Read.NORMAL})
    state.set_reads({"/a.png": Read.NORMAL})  # marked again: the note still refreshes
    settings = TriageSettings(threshold=0.4)
    state.set_settings(settings)
    state.set_settings(settings)  # every apply refreshes the views
    assert not rules.can_open_recent(state)
    state.set_recent_folders(["/films"])
    assert rules.can_open_recent(state)
    assert [n for n, _v in seen] == [
        "site_profile",
        "reads",
        "reads",
        "settings",
        "settings",
        "recent",
    ]
    assert rules.always(state)


def test_the_state_loads_no_qt() -> None:
    """Importing the state and its rules in a fresh interpreter loads no Qt."""
    code = (
        "import sys, app.state.triage_state, app.state.rules, app.state.events\n"
        "sys.exit(1 if 'PySide6' in sys.modules else 0)\n"
    )
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
