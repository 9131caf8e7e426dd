"""Exports from the viewer: CSV, PDF report (layout Qt-free), overlay PNG, safe output paths."""
