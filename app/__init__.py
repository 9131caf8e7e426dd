"""CXR Triage desktop viewer.

Only this package imports Qt, and only in its widget modules: the ``*_logic``-style modules and
``app.cli`` stay Qt-free so the headless ``scan`` command and the unit tests never load PySide6.

This file imports nothing: ``python -m app`` runs it before ``app.__main__`` installs the early
Ctrl-C handler (the name and safety texts live in ``app.identity``).
"""
