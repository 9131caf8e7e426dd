"""Nothing in English left in inference/'s user-facing text: an AST check for string literals that
reach a person without passing through gettext (``_``, ``ngettext``, ``N_``).

Where inference's text reaches a person:
- the console: ``print(...)``, ``console.write(stream, text)``, ``stream.write(text)``, the
  one-line ``error_line`` / ``warning_line`` helpers, and the self-test's ``emit(text)`` /
  ``info_line(text)`` and its ``Check(name, status, detail)`` lines (name and detail; the status
  is a PASS / FAIL / SKIP token, never a word);
- argparse: ``help=``, ``description=``, ``epilog=``;
- exceptions raised with a message the user reads (``LoadError``, ``ProfileError``,
  ``ArgumentTypeError``, ...): every ``raise X("...")`` except the exception types in
  ``INTERNAL_EXCEPTIONS`` (a programmer's mistake, never shown as a reason);
- the values returned by the functions that word things (names with reason / describe / text /
  note / line / title / message / summary / problem).

Machine-readable text is left alone by construction (CSV columns, JSON keys, codes, log records:
none of them is an argument of the calls above). What is allowed anyway is in ``ALLOWED``, each
with its reason. Every file of inference/ is checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.test_i18n_strings import TRANSLATORS, _name, _visible_literal

REPO = Path(__file__).resolve().parents[1]
INFERENCE = REPO / "inference"

#: Exceptions that mean a bug in the program: their text is for a developer, not a reader.
INTERNAL_EXCEPTIONS = {"AssertionError", "NotImplementedError", "TypeError", "KeyError"}
#: Calls that put text on the console -> positions of the text arguments.
CONSOLE_CALLS = {
    "print": (0,),
    "write": (1,),
    "error_line": (1,),
    "warning_line": (1,),
    "emit": (0,),  # the self-test's report, line by line
    "info_line": (0,),
    "Check": (0, 2),  # a self-test line: its name (N_, translated in line()) and its detail
}
CLI_KEYWORDS = {"help", "description", "epilog"}
#: Reasons kept for later display -> position of the text: an English template marked with N_()
#: (translated where shown), never a plain literal.
MESSAGE_CALLS = {"LoadError": (1,), "LoadFailure": (2,), "ModelLoadError": (1,), "Message": (0,)}
WORDING_FUNCTION = re.compile(r"reason|describe|text|note|line|title|message|summary|problem")
#: (file, start of the literal) -> why it may stay as it is.
ALLOWED = {
    ("inference/triage/worklist.py", "unknown filter"): "a programmer's mistake (ValueError)",
    ("inference/clinic/results_dicom.py", "CXR Triage: "): "burned into the DICOM SC: English",
    ("inference/clinic/results_dicom.py", "Operating point: "): "burned into the DICOM SC: English",
    ("inference/clinic/results_dicom.py", "Model "): "burned into the DICOM SC: English",
    ("inference/imaging/raster_header.py", "JPEG"): "a format's name, the value of a message",
    ("inference/imaging/raster_header.py", "TIFF"): "a format's name, the value of a message",
    ("inference/model/heatmap.py", "expected a 2-D"): "a programmer's mistake (ValueError)",
    ("inference/model/heatmap.py", "the CAM scale must"): "a programmer's mistake (ValueError)",
    ("inference/model/heatmap.py", "invalid target shape"): "a programmer's mistake (ValueError)",
    ("inference/model/preprocess.py", "expected a 2-D"): "a programmer's mistake (ValueError)",
    ("inference/model/session.py", "expected a batch"): "a programmer's mistake (ValueError)",
    ("inference/model/session.py", "empty batch"): "a programmer's mistake (ValueError)",
    ("inference/model/lung_fields.py", "  (sha256 )"): "a name, a version and a checksum",
    ("inference/triage/pipeline.py", "batch_size must"): "options the callers checked (ValueError)",
    ("inference/triage/pipeline.py", "decode_workers must"): "options the callers checked",
    ("inference/triage/pipeline.py", "max_side must"): "options the callers checked (ValueError)",
}


def _allowed(rel: str, text: str) -> bool:
    return any(rel == f and text.startswith(start) for f, start in ALLOWED)


def unwrapped(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each user-facing literal in ``path`` that no translator call wraps."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []

    def check(node: ast.AST | None) -> None:
        if node is None:
            return
        if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS:
            return
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                check(item)
            return
        if isinstance(node, ast.IfExp):
            check(node.body)
            check(node.orelse)
            return
        text = _visible_literal(node)
        if text is not None:
            found.append((node.lineno, text[:60]))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) not in TRANSLATORS:
            name = _name(node.func)
            positions = CONSOLE_CALLS.get(name, ()) or MESSAGE_CALLS.get(name, ())
            if name == "write" and isinstance(node.func, ast.Attribute) and len(node.args) == 1:
                positions = (0,)  # stream.write(text)
            for pos in positions:
                if len(node.args) > pos:
                    check(node.args[pos])
            for kw in node.keywords:
                if kw.arg in CLI_KEYWORDS:
                    check(kw.value)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if _name(node.exc.func) not in INTERNAL_EXCEPTIONS and node.exc.args:
                check(node.exc.args[0])
        elif isinstance(node, ast.FunctionDef) and WORDING_FUNCTION.search(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return):
                    check(inner.value)
    return sorted(set(found))


def inference_files() -> list[Path]:
    return sorted(INFERENCE.rglob("*.py"))


def test_converted_inference_wraps_every_user_facing_string():
    problems = []
    for f in inference_files():
        rel = f.relative_to(REPO).as_posix()
        problems += [
            f"{rel}:{line}: {text!r}" for line, text in unwrapped(f) if not _allowed(rel, text)
        ]
    assert not problems, "not wrapped for translation:\n" + "\n".join(problems)


def test_the_check_bites_on_planted_unwrapped_strings(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import argparse\n"
        "from inference.core.i18n import _\n"
        "def reason_text(x):\n"
        "    if x:\n"
        "        return 'lateral view; the model reads frontal films'\n"
        "    return _('wrapped reason')\n"
        "def describe(p):\n"
        "    return [f'threshold {p}', _('ok'), f'  {p}']\n"
        "def load(path):\n"
        "    raise LoadError(f'not an image: {path}')\n"
        "def bug():\n"
        "    raise AssertionError('cannot happen')\n"
        "def main(out, err):\n"
        "    write(err, 'cxr-triage scan: error: no model')\n"
        "    write(err, _('wrapped') + '\\n')\n"
        "    out.write('interrupted')\n"
        "    error_line('scan', 'disk full')\n"
        "    parser = argparse.ArgumentParser(description='Offline triage')\n"
        "    parser.add_argument('--csv', help=_('write CSV'))\n"
        "    print(f'{1} / {2}')\n"
        "    fail = LoadFailure(path, kind, 'not an image')\n"
        "    ok = LoadError(kind, N_('truncated %(format)s'), format='JPEG')\n"
        "    raise LoadError(kind, f'damaged {path}')\n"
        "def selftest(emit, report, n):\n"
        "    emit('CXR Triage self-test')\n"
        "    emit(f'RESULT: PASS ({n} checks)')\n"
        "    emit(f'{RESULT_PASS} ({summary})')\n"
        "    emit(info_line('model version: ' + v))\n"
        "    report(Check('model loads', 'PASS', f'{name} from {path}'))\n"
        "    report(Check(N_('model loads'), 'FAIL', _('no model')))\n",
        encoding="utf-8",
    )
    assert [text for _line, text in unwrapped(sample)] == [
        "lateral view; the model reads frontal films",
        "threshold {p}".replace("{p}", ""),
        "not an image: ",
        "cxr-triage scan: error: no model",
        "interrupted",
        "disk full",
        "Offline triage",
        "not an image",
        "damaged ",
        "CXR Triage self-test",
        "RESULT: PASS ( checks)",
        "model version: ",
        " from ",  # the same line: sorted by text
        "model loads",
    ]


def test_the_converted_cli_is_checked():
    """The files whose text reaches people most are really under the check."""
    checked = {f.relative_to(REPO).as_posix() for f in inference_files()}
    for rel in (
        "inference/cli/scan_command.py",
        "inference/cli/scan_report.py",
        "inference/cli/console.py",
        "inference/cli/selftest.py",
        "inference/cli/selftest_checks.py",
        "inference/cli/selftest_fixtures.py",
        "inference/triage/scope_rules.py",
        "inference/triage/operating_point.py",
        "inference/triage/worklist.py",
    ):
        assert rel in checked, rel
