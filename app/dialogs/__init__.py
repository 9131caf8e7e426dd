"""Dialogs and docks: About (model card), Settings, the log panel."""
