"""Architecture contract: dependencies point one way (app -> inference <- training).

inference/ may import neither Qt nor torch; app/ may not import torch or training. Checked on the
source (every import statement) and at run time (importing inference does not load them).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "inference": {
        "PySide6",
        "PyQt5",
        "PyQt6",
        "shiboken6",
        "torch",
        "torchvision",
        "app",
        "training",
    },
    "app": {"torch", "torchvision", "training"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports_in_source(package: str) -> None:
    files = sorted((REPO / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    bad = {
        str(f.relative_to(REPO)): sorted(imported_modules(f) & FORBIDDEN[package])
        for f in files
        if imported_modules(f) & FORBIDDEN[package]
    }
    assert not bad, f"layer violation: {bad}"


def test_importing_inference_loads_no_qt_or_torch() -> None:
    code = (
        "import sys, pkgutil, importlib, inference\n"
        "for m in pkgutil.walk_packages(inference.__path__, 'inference.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('PySide6', 'torch') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_detector_sees_a_violation(tmp_path: Path) -> None:
    """The check itself works: a file importing torch is caught."""
    f = tmp_path / "x.py"
    f.write_text("import os\nfrom torch import nn\nimport PySide6.QtCore\n")
    assert imported_modules(f) >= {"torch", "PySide6", "os"}
