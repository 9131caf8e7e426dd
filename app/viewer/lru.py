"""A small LRU cache bounded by entries and bytes (Qt-free), for decoded full-resolution images."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    """Keeps the most recently used values within ``max_items`` and ``max_bytes``.

    Only the GUI thread touches it (workers hand results back through signals), so it needs no lock.
    The most recent entry is always kept even when it alone exceeds the byte budget.
    """

    def __init__(
        self, max_items: int, max_bytes: int, size_of: Callable[[V], int] = lambda _v: 0
    ) -> None:
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._data: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._data

    @property
    def nbytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> V | None:
        item = self._data.get(key)
        if item is None:
            return None
        self._data.move_to_end(key)
        return item[0]

    def put(self, key: Hashable, value: V) -> None:
        if key in self._data:
            self._bytes -= self._data.pop(key)[1]
        size = int(self._size_of(value))
        self._data[key] = (value, size)
        self._bytes += size
        while len(self._data) > 1 and (
            len(self._data) > self.max_items or self._bytes > self.max_bytes
        ):
            _, (_, old_size) = self._data.popitem(last=False)
            self._bytes -= old_size

    def clear(self) -> None:
        self._data.clear()
        self._bytes = 0
