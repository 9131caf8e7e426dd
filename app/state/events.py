"""A tiny event emitter without Qt, so the viewer's state can be tested and reused headless.

``state.events.results.connect(callback)``; ``emit(value)`` calls every callback in the order
they connected, synchronously (like a direct Qt connection on the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[[Any], object]


class Event:
    """One kind of change; callbacks get the new value (or the event's payload)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callback] = []

    def connect(self, callback: Callback) -> Callback:
        """Call ``callback(value)`` on every emit; returns it (usable as a decorator)."""
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: Any = None) -> None:
        for callback in list(self._callbacks):  # a callback may disconnect itself
            callback(value)

    def __len__(self) -> int:
        return len(self._callbacks)


class EventGroup:
    """Named events, reached as attributes (``events.model``); ``any`` fires after each of them."""

    def __init__(self, *names: str) -> None:
        self.names = tuple(names)
        self.any = Event("any")
        for name in names:
            setattr(self, name, Event(name))

    def emit(self, name: str, value: Any = None) -> None:
        """Emit ``name`` with ``value``, then ``any`` with the event's name."""
        getattr(self, name).emit(value)
        self.any.emit(name)

    def __getattr__(self, name: str) -> Event:  # only reached for unknown names
        raise AttributeError(f"no event {name!r}; known: {', '.join(self.names)}")
