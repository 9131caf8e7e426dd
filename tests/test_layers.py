"""Architecture contracts: app -> inference <- training, no Qt below the app, no torch outside
training, no import cycles. The rules live in pyproject.toml ([tool.importlinter], as napari does);
this test runs import-linter on them, and checks at run time that importing inference loads
neither Qt nor torch (what a frozen app without torch depends on)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    names = {c["name"] for c in config["contracts"]}
    assert len(names) >= 4  # the layers and the no-cycles rule are really configured
    code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    assert code == 0, "an import-linter contract is broken: run `.venv/bin/lint-imports`"


def _throwaway_tree(tmp_path: Path) -> None:
    """Empty copies of every package the contracts name, so only the planted imports count."""
    for init in REPO.glob("*/**/__init__.py"):
        rel = init.relative_to(REPO)
        if rel.parts[0] in ("app", "inference", "training"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text("")
    config = (REPO / "pyproject.toml").read_text()
    start = config.index("[tool.importlinter]")
    end = config.index("[tool.pytest.ini_options]")
    (tmp_path / "pyproject.toml").write_text(config[start:end])
    # single modules a contract names (the Qt-free ones) must exist too, empty
    contracts = tomllib.loads(config)["tool"]["importlinter"]["contracts"]
    for contract in contracts:
        for name in contract.get("source_modules", []):
            package = tmp_path.joinpath(*name.split("."))
            if not (package / "__init__.py").is_file():
                package.with_suffix(".py").write_text("")


def _lint(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))"],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)},
    )  # fmt: skip


def test_a_violation_is_caught(tmp_path: Path) -> None:
    """The contracts bite: a throw-away package whose 'inference' imports PySide6 fails them."""
    _throwaway_tree(tmp_path)
    proc = _lint(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the empty tree keeps every contract
    (tmp_path / "inference" / "bad.py").write_text("import PySide6\n")
    proc = _lint(tmp_path)
    assert proc.returncode != 0 and "BROKEN" in proc.stdout, proc.stdout + proc.stderr


def test_an_upward_import_between_rooms_is_caught(tmp_path: Path) -> None:
    """Reading images may not reach up into triage: the layers contract fails."""
    _throwaway_tree(tmp_path)
    (tmp_path / "inference" / "triage" / "rules.py").write_text("X = 1\n")
    (tmp_path / "inference" / "imaging" / "reader.py").write_text(
        "from inference.triage import rules\n"
    )
    proc = _lint(tmp_path)
    assert proc.returncode != 0 and "inference flows one way" in proc.stdout, proc.stdout


def test_importing_inference_loads_no_qt_or_torch() -> None:
    code = (
        "import sys, pkgutil, importlib, inference\n"
        "for m in pkgutil.walk_packages(inference.__path__, 'inference.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('PySide6', 'torch', 'sklearn') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


#: The most lines one module may hold (ARCHITECTURE.md: small modules with one job each).
MAX_MODULE_LINES = 400


def _too_long(root: Path) -> dict[str, int]:
    """Every .py file under app/, inference/ and training/ of ``root`` over the limit."""
    long: dict[str, int] = {}
    for package in ("app", "inference", "training"):
        for path in sorted((root / package).rglob("*.py")):
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > MAX_MODULE_LINES:
                long[str(path.relative_to(root))] = n
    return long


def test_no_module_is_over_400_lines() -> None:
    long = _too_long(REPO)
    assert not long, f"split these modules by job (at most {MAX_MODULE_LINES} lines): {long}"


def test_the_line_limit_bites(tmp_path: Path) -> None:
    """The check sees a long module in a nested room and lets one at the limit pass."""
    room = tmp_path / "inference" / "triage"
    room.mkdir(parents=True)
    (room / "at_limit.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    (room / "too_long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    assert _too_long(tmp_path) == {"inference/triage/too_long.py": MAX_MODULE_LINES + 1}


def test_qt_in_the_viewer_state_is_caught(tmp_path: Path) -> None:
    """The state and the Qt-free decisions of the app may not import Qt (issue 21)."""
    _throwaway_tree(tmp_path)
    (tmp_path / "app" / "state" / "rules.py").write_text("from PySide6 import QtCore\n")
    proc = _lint(tmp_path)
    assert proc.returncode != 0 and "state and decisions are Qt-free" in proc.stdout, proc.stdout
    _throwaway_tree(tmp_path)
    (tmp_path / "app" / "state" / "rules.py").write_text("")
    (tmp_path / "app" / "worklist" / "worklist_logic.py").write_text("import shiboken6\n")
    proc = _lint(tmp_path)
    assert proc.returncode != 0 and "state and decisions are Qt-free" in proc.stdout, proc.stdout
