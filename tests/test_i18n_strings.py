"""Nothing left in English: an AST check for user-visible string literals not wrapped for
translation (``self.tr``, ``QCoreApplication.translate`` / ``translate``, gettext ``_``).

It looks where a literal reaches the screen: widget constructors (QLabel("..."), QAction(...)),
text setters (setText, setToolTip, setWindowTitle, ...), form rows, combo items, menus, message
boxes, file-dialog captions, and argparse help / print in the command line. Every file of app/
is checked (the folder-by-folder conversion list is gone: nothing is left to convert).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app"

WIDGETS = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QToolButton",
    "QMenu",
}
#: method name -> positions of the arguments a user reads
SETTERS = {
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setWindowTitle": (0,),
    "setPlaceholderText": (0,),
    "setTitle": (0,),
    "setSuffix": (0,),
    "setPrefix": (0,),
    "setSpecialValueText": (0,),
    "setLabelText": (0,),
    "setInformativeText": (0,),
    "setDetailedText": (0,),
    "showMessage": (0,),
    "addItem": (0,),
    "addMenu": (0,),
    "addAction": (0,),
    "addRow": (0,),
    "addButton": (0,),
    "addTab": (1,),
    "insertRow": (1,),
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "getExistingDirectory": (1,),
    "getOpenFileName": (1,),
    "getOpenFileNames": (1,),
    "getSaveFileName": (1,),
    # the app's own helpers that put text on screen
    "_action": (0, 4),
    "show_message": (1, 2, 3),
    "_help_box": (0, 1),
}
#: Qt-free command-line output: argparse help and messages printed to the user.
CLI_KEYWORDS = {"help", "description", "epilog"}
TRANSLATORS = {"tr", "translate", "_", "ngettext", "N_"}


def _visible_literal(node: ast.AST) -> str | None:
    """The text of a string literal (or f-string) that holds words, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _visible_literal(node.left) or (
            _visible_literal(node.right) if isinstance(node.op, ast.Add) else None
        )
    else:
        return None
    words = re.sub(r"<[^>]*>|&\w+;", "", text)  # markup around translated parts is not text
    return text if any(ch.isalpha() for ch in words) else None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def unwrapped(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each user-visible literal in ``path`` that no translator call wraps."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []

    def check(node: ast.AST) -> None:
        text = _visible_literal(node)
        if text is not None:
            found.append((node.lineno, text[:60]))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) in TRANSLATORS:
            continue
        name = _name(node.func)
        if name in WIDGETS and node.args:
            check(node.args[0])
        for pos in SETTERS.get(name, ()):
            if len(node.args) > pos:
                check(node.args[pos])
        for kw in node.keywords:
            if kw.arg in CLI_KEYWORDS or (name in WIDGETS and kw.arg == "text"):
                check(kw.value)
        if name == "print" and node.args:
            check(node.args[0])
    return sorted(found)


def app_files() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_converted_code_wraps_every_user_visible_string():
    problems = [
        f"{f.relative_to(REPO)}:{line}: {text!r}"
        for f in app_files()
        for line, text in unwrapped(f)
    ]
    assert not problems, "not wrapped for translation:\n" + "\n".join(problems)


def test_the_check_bites_on_an_unwrapped_label(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from PySide6.QtWidgets import QLabel, QMessageBox\n"
        "a = QLabel('Pneumonia threshold')\n"
        "a.setToolTip(f'{1} images')\n"
        "b = QLabel(self.tr('Wrapped'))\n"
        "a.setText('')\n"
        "a.setText(' %')\n"
        "QMessageBox.warning(None, 'Title', translate('Ctx', 'Body'))\n"
        "print('cxr-triage: scanning')\n",
        encoding="utf-8",
    )
    assert [text for _line, text in unwrapped(sample)] == [
        "Pneumonia threshold",
        "{} images".replace("{}", ""),
        "Title",
        "cxr-triage: scanning",
    ]


def _calls_underscore(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
        for n in ast.walk(node)
    )


def gettext_shadowing(source: str, name: str) -> list[str]:
    """Functions that bind ``_`` themselves (``x, _ = …``, ``for _ in``) and also call ``_()``:
    Python makes ``_`` local to the whole function, so the call hits the throw-away value
    (``TypeError: 'int' object is not callable``) or ``UnboundLocalError``, and only on the
    error path that needs the message. Comprehensions have their own scope and are fine."""
    import symtable

    tree = ast.parse(source)
    defs = {
        (n.name, n.lineno): n
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    found = []

    def visit(table: symtable.SymbolTable) -> None:
        if table.get_type() == "function":
            try:
                local = table.lookup("_").is_assigned()
            except KeyError:
                local = False
            node = defs.get((table.get_name(), table.get_lineno()))
            if local and node is not None and _calls_underscore(node):
                found.append(f"{name}:{table.get_lineno()} {table.get_name()}")
        for child in table.get_children():
            visit(child)

    visit(symtable.symtable(source, name, "exec"))
    return found


def test_no_function_shadows_the_gettext_underscore() -> None:
    bad = []
    for root in ("app", "inference", "training"):
        for path in sorted((REPO / root).rglob("*.py")):
            bad += gettext_shadowing(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    assert not bad, (
        "a function binds `_` and also calls `_()`: rename the throw-away: " + ", ".join(bad)
    )


def test_the_shadowing_check_bites() -> None:
    planted = (
        "from inference.core.i18n import _\n"
        "def f(v):\n"
        "    _, pos = v\n"
        "    raise ValueError(_('truncated'))\n"
        "def g(v):\n"
        "    return [x for _, x in v] or _('empty')\n"
    )
    assert gettext_shadowing(planted, "planted.py") == ["planted.py:2 f"]
