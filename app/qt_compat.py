"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11 (no Qt imported here).

On CPython before 3.12, ``None``, ``True`` and ``False`` are ordinary objects whose reference
count must stay positive. PySide6 6.12.0's wrappers return ``None`` from void methods
(``QPainter.setPen``, ``QLabel.setText``, ...) and from invalid ``QModelIndex.data()`` results
without taking a new reference, which is only correct where these singletons are immortal
(3.12+). Every such call drops ``None``'s count by one, and a viewer session aborts with "Fatal
Python error: none_dealloc" after a few thousand paints (measured: 6.11.3 does not do this).
Giving the singletons a huge count once makes the drift harmless: they are static objects and
the count is used for nothing but the deallocation check. On 3.12+ they are immortal already and
nothing is done. Remove this module once the pinned PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_PAD = 1 << 40  # ~10^12 leaked references before trouble: centuries of painting
_protected = False


def needs_protection() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def protect_singletons() -> bool:
    """Make None/True/False effectively immortal on CPython < 3.12. Idempotent; True if applied."""
    global _protected
    if _protected or not needs_protection():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(obj)).value += _PAD
    _protected = True
    return True
