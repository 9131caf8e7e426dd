"""The installer: what the PyInstaller spec bundles (fast, static) and the frozen build (slow).

The spec reads every list from installer/spec_config.py, so checking that module checks the real
build. The slow test builds the Linux bundle and .deb from a clean tree, installs the .deb into a
temporary root and runs the frozen binary (installer/smoke_test.sh); run it with `make test-slow`.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"
SPEC = INSTALLER / "cxr_triage.spec"


def load(name: str) -> ModuleType:
    """Import a module from installer/ (not a package: the spec imports it by path too)."""
    spec = importlib.util.spec_from_file_location(f"_installer_{name}", INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cfg() -> ModuleType:
    return load("spec_config")


# --------------------------------------------------------------------------- the spec itself


def test_spec_takes_its_lists_from_spec_config() -> None:
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")  # valid Python
    assert "import spec_config as cfg" in text
    assert "hiddenimports=list(cfg.HIDDEN_IMPORTS)" in text
    assert "excludes=list(cfg.EXCLUDES)" in text
    assert "cfg.resource_datas(ROOT)" in text
    assert "for dist in cfg.COPY_METADATA" in text and "copy_metadata(dist)" in text
    assert "cfg.prune_binaries(a.binaries" in text


def test_spec_is_onedir_without_upx() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = {
        node.func.id: node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "COLLECT" in calls, "onedir builds end in COLLECT"
    exe_kwargs = {kw.arg: kw.value for kw in calls["EXE"].keywords}
    assert isinstance(exe_kwargs["exclude_binaries"], ast.Constant)
    assert exe_kwargs["exclude_binaries"].value is True  # binaries go to COLLECT: onedir
    assert exe_kwargs["upx"].value is False
    assert "--onefile" not in SPEC.read_text(encoding="utf-8")
    assert "collect_all" not in SPEC.read_text(encoding="utf-8")  # never --collect-all PySide6


# --------------------------------------------------------------------------- spec_config


def test_hidden_imports_carry_every_decoder(cfg: ModuleType) -> None:
    hidden = set(cfg.HIDDEN_IMPORTS)
    for module in ("openjpeg", "rle", "gdcm", "pylibjpeg.utils"):
        assert module in hidden
    for decoder in ("gdcm", "pylibjpeg", "rle"):
        assert f"pydicom.pixels.decoders.{decoder}" in hidden
    assert "inference.selftest" in hidden and "inference.cli" in hidden


def test_gpl_libjpeg_is_excluded_and_gdcm_bundled(cfg: ModuleType) -> None:
    """Licence decision (b): no GPL-3.0 pylibjpeg-libjpeg, BSD python-gdcm instead."""
    assert "libjpeg" in cfg.EXCLUDES
    assert "libjpeg" not in cfg.HIDDEN_IMPORTS
    assert "pylibjpeg-libjpeg" not in cfg.COPY_METADATA
    assert "python-gdcm" in cfg.COPY_METADATA


def test_plugin_metadata_is_copied_for_entry_points(cfg: ModuleType) -> None:
    for dist in ("pylibjpeg", "pylibjpeg-openjpeg", "pylibjpeg-rle", "python-gdcm"):
        assert dist in cfg.COPY_METADATA


def test_excludes_training_and_unused_heavy_modules(cfg: ModuleType) -> None:
    excludes = set(cfg.EXCLUDES)
    for name in ("torch", "torchvision", "training", "tests", "sklearn", "tkinter", "onnx"):
        assert name in excludes
    for qt in ("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore"):
        assert qt in excludes
    for needed in (
        "PySide6.QtCore",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
        "onnxruntime",
        "cv2",
        "matplotlib",
    ):  # fmt: skip  (matplotlib: the site-calibration plots)
        assert needed not in excludes


def test_hidden_imports_are_real_modules(cfg: ModuleType) -> None:
    """A typo in a hidden import would silently drop a decoder from the bundle."""
    missing = []
    for name in cfg.HIDDEN_IMPORTS:
        if name == "gdcm" or name.startswith("gdcm."):
            continue  # python-gdcm is a build-only extra (installer/README.md)
        if importlib.util.find_spec(name) is None:
            missing.append(name)
    assert not missing


def _guards_import_error(node: ast.Try) -> bool:
    names = set()
    for handler in node.handlers:
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        names |= {t.id for t in types if isinstance(t, ast.Name)}
    return bool(names & {"ImportError", "ModuleNotFoundError"})


def _required_imports(package: str) -> dict[str, set[str]]:
    """Modules imported by ``package`` outside ``try: ... except ImportError`` (optional ones)."""
    found: dict[str, set[str]] = {}

    def visit(node: ast.AST, path: Path, optional: bool) -> None:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            names = []
        if not optional:
            for name in names:
                found.setdefault(name, set()).add(str(path.relative_to(REPO)))
        if isinstance(node, ast.Try) and _guards_import_error(node):
            for child in node.body:
                visit(child, path, True)
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                visit(child, path, optional)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, path, optional)

    for path in sorted((REPO / package).rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path, False)
    return found


@pytest.mark.parametrize("package", ["app", "inference"])
def test_runtime_code_imports_nothing_the_bundle_excludes(cfg: ModuleType, package: str) -> None:
    """If app/ or inference/ required an excluded module, the frozen app would crash.

    Imports guarded by ``except ImportError`` are optional (e.g. dicom_io's use of the GPL
    libjpeg for one malformed-JPEG workaround) and may be absent from the bundle.
    """
    excluded = set(cfg.EXCLUDES)
    bad = {
        name: files
        for name, files in _required_imports(package).items()
        if any(name == ex or name.startswith(ex + ".") for ex in excluded)
    }
    assert not bad, f"excluded from the bundle but imported: {bad}"


def test_resources_bundle_the_model_and_samples_but_no_dicom(cfg: ModuleType) -> None:
    datas = cfg.resource_datas(REPO)
    dests = {(Path(src).name, dest) for src, dest in datas}
    assert ("cxr-triage.onnx", "resources/models") in dests
    samples = [name for name, dest in dests if dest == "resources/samples"]
    assert len([n for n in samples if n.endswith(".jpeg")]) == 12
    assert not any(name.lower().endswith(".dcm") for name, _ in dests)
    assert all(Path(src).is_file() for src, _ in datas)
    assert all(dest.startswith("resources/") for _, dest in datas)


def test_resource_datas_skip_training_artefacts(cfg: ModuleType, tmp_path: Path) -> None:
    models = tmp_path / "resources" / "models"
    models.mkdir(parents=True)
    for name in ("cxr-triage.onnx", "MODEL_CARD.md", "last.ckpt", "weights.pt", ".hidden"):
        (models / name).write_text("x")
    names = sorted(Path(src).name for src, _ in cfg.resource_datas(tmp_path))
    assert names == ["MODEL_CARD.md", "cxr-triage.onnx"]


def test_keep_data_drops_qt_translations(cfg: ModuleType) -> None:
    assert not cfg.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not cfg.keep_data("PySide6\\Qt\\translations\\qtbase_de.qm")
    assert cfg.keep_data("resources/models/cxr-triage.onnx")
    assert cfg.keep_data("pydicom/data/urls.json")


def test_prune_binaries_drops_plugins_and_only_their_libraries(cfg: ModuleType) -> None:
    gtk = "PySide6/Qt/plugins/platformthemes/libqgtk3.so"
    xcb = "PySide6/Qt/plugins/platforms/libqxcb.so"
    entries = [
        (gtk, "/src/libqgtk3.so", "BINARY"),
        (xcb, "/src/libqxcb.so", "BINARY"),
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
        ("libfreetype.so.6", "/src/libfreetype.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
    ]
    graph = {
        "/src/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
        "/src/libgtk-3.so.0": ["libcairo.so.2", "libfreetype.so.6"],
        "/src/libcairo.so.2": ["libfreetype.so.6"],
        "/src/libqxcb.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libfreetype.so.6", "libc.so.6"],
    }
    kept, removed = cfg.prune_binaries(entries, lambda src: graph.get(src, []))
    kept_names = {dest for dest, _src, _type in kept}
    assert kept_names == {xcb, "libfreetype.so.6", "PySide6/Qt/lib/libQt6Gui.so.6"}
    assert removed == sorted([gtk, "libgtk-3.so.0", "libcairo.so.2"])


def test_windows_bundle_drops_software_gl_and_video_plugin_only(cfg: ModuleType) -> None:
    """The two Windows DLLs left out of the setup.exe download, and their neighbours kept."""
    assert cfg.drop_binary("PySide6\\opengl32sw.dll")
    assert cfg.drop_binary("cv2\\opencv_videoio_ffmpeg500_64.dll")
    assert not cfg.drop_binary("cv2\\cv2.pyd")
    assert not cfg.drop_binary("PySide6\\plugins\\platforms\\qwindows.dll")
    assert not cfg.drop_binary("PySide6\\Qt6Gui.dll")


def test_prune_binaries_is_a_no_op_without_unwanted_plugins(cfg: ModuleType) -> None:
    entries = [("qwindows.dll", "C:/qt/qwindows.dll", "BINARY")]
    assert cfg.prune_binaries(entries, lambda src: []) == (entries, [])


def test_version_comes_from_pyproject(cfg: ModuleType, tmp_path: Path) -> None:
    with (REPO / "pyproject.toml").open("rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    assert cfg.project_version(REPO) == version
    info = cfg.write_dist_info(tmp_path, REPO)
    assert info.name == f"cxr_triage-{version}.dist-info"
    assert f"Version: {version}" in (info / "METADATA").read_text()


# --------------------------------------------------------------------------- packaging files


def test_windows_script_installs_the_whole_onedir_folder(cfg: ModuleType) -> None:
    iss = (INSTALLER / "windows" / "cxr_triage.iss").read_text(encoding="utf-8")
    assert re.search(r'Source: "\{#SourceDir\}\\\*";.*recursesubdirs createallsubdirs', iss)
    assert f'#define AppGuiExe "{cfg.GUI_EXE_NAME}.exe"' in iss
    assert f'#define AppCliExe "{cfg.APP_NAME}.exe"' in iss
    assert "PrivilegesRequired=lowest" in iss and "PrivilegesRequiredOverridesAllowed=dialog" in iss
    assert 'Name: "desktopicon"' in iss and "{autodesktop}" in iss and "{autoprograms}" in iss
    assert (INSTALLER / "windows" / "notice.txt").is_file()


def test_workflow_builds_all_three_platforms_and_self_tests() -> None:
    wf = (REPO / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8")
    for needle in (
        "runs-on: windows-latest",
        "runs-on: macos-14",
        "runs-on: ubuntu-22.04",
        "installer/cxr_triage.spec",
        "cxr-triage.exe --selftest",
        "choco install innosetup",
        "ISCC.exe",
        "installer/macos/build_macos.sh",
        "installer/build_linux.sh",
        "actions/upload-artifact@v4",
        'python-version: "3.11"',
    ):
        assert needle in wf, needle


def test_desktop_entry_runs_the_installed_command() -> None:
    entry = (INSTALLER / "linux" / "cxr-triage.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Exec"].split()[0] == "cxr-triage"
    assert fields["Icon"] == "cxr-triage"
    assert fields["Terminal"] == "false"
    assert fields["Type"] == "Application"


def test_shipped_icon_is_a_real_picture() -> None:
    import cv2

    icon = cv2.imread(
        str(INSTALLER.parent / "resources" / "icons" / "cxr-triage.png"), cv2.IMREAD_UNCHANGED
    )
    assert icon is not None and icon.shape[0] == icon.shape[1] >= 256 and icon.shape[2] == 4
    assert len(np.unique(icon[..., :3].reshape(-1, 3), axis=0)) > 50  # not a flat square


def test_worklist_checker_flags_problems(tmp_path: Path) -> None:
    checker = load("check_worklist")
    rows = [
        {"rank": "1", "file": "a.dcm", "pneumonia_probability": "0.8", "label": "pneumonia",
         "error": ""},
        {"rank": "2", "file": "b.jpeg", "pneumonia_probability": "0.3", "label": "normal",
         "error": ""},
        {"rank": "3", "file": "bad.dcm", "pneumonia_probability": "", "label": "",
         "error": "not_an_image: not a DICOM file"},
    ]  # fmt: skip
    assert checker.check(rows, ["a.dcm", "b.jpeg"], ["bad.dcm"]) == []
    assert checker.check(rows, ["a.dcm", "b.jpeg", "bad.dcm"], [])  # bad.dcm has no score
    assert checker.check(rows, ["a.dcm"], ["bad.dcm"])  # unexpected file b.jpeg
    assert checker.check(list(reversed(rows)), ["a.dcm", "b.jpeg"], ["bad.dcm"])  # not sorted
    # an adult chest film: out of scope, not ranked, after the ranked rows (model 2.x)
    adult = {"rank": "", "file": "adult.dcm", "pneumonia_probability": "0.9",
             "label": "out of scope: adult", "error": "", "scope": "out of scope",
             "group": "out of scope"}  # fmt: skip
    grouped = [{**r, "scope": "in scope", "group": "ranked"} for r in rows[:2]]
    grouped += [adult, {**rows[2], "scope": "error", "group": "error"}]
    assert checker.check(grouped, ["a.dcm", "b.jpeg", "adult.dcm"], ["bad.dcm"]) == []
    labelled = [*grouped[:2], {**adult, "label": "pneumonia", "rank": "3"}, grouped[3]]
    assert checker.check(labelled, ["a.dcm", "b.jpeg", "adult.dcm"], ["bad.dcm"])
    path = tmp_path / "w.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert checker.main([str(path), "--scored", "a.dcm", "b.jpeg", "--failed", "bad.dcm"]) == 0


def test_shell_scripts_parse() -> None:
    scripts = ["build_linux.sh", "smoke_test.sh", "mixed_folder.sh", "licence_guard.sh"]
    scripts += ["macos/build_macos.sh"]
    scripts += [
        str(p.relative_to(INSTALLER)) for p in sorted((INSTALLER / "windows").rglob("*.sh"))
    ]
    assert "windows/build_windows.sh" in scripts and "windows/wine/make_prefix.sh" in scripts
    for script in scripts:
        subprocess.run(["bash", "-n", str(INSTALLER / script)], check=True)


def test_licence_guard_finds_the_gpl_decoder_package_or_its_metadata(tmp_path: Path) -> None:
    guard = INSTALLER / "licence_guard.sh"

    def found() -> str:
        cmd = f'source "{guard}" && gpl_decoder_in "{tmp_path}"'
        return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True).stdout.strip()

    (tmp_path / "gdcm").mkdir()
    assert found() == ""
    (tmp_path / "pylibjpeg_libjpeg-2.5.0.dist-info").mkdir()
    assert found().endswith("pylibjpeg_libjpeg-2.5.0.dist-info")
    (tmp_path / "pylibjpeg_libjpeg-2.5.0.dist-info").rmdir()
    (tmp_path / "libjpeg").mkdir()
    assert found().endswith("libjpeg")


def test_windows_install_folder_survives_a_missing_per_user_known_folder() -> None:
    """{autopf} first; the spelt-out per-user / all-users folder only if it cannot expand."""
    iss = (INSTALLER / "windows" / "cxr_triage.iss").read_text(encoding="utf-8")
    assert "DefaultDirName={code:DefaultInstallDir}" in iss
    body = iss[iss.index("function DefaultInstallDir") :]
    assert body.index("ExpandConstant('{autopf}')") < body.index("except")
    assert "ExpandConstant('{localappdata}') + '\\Programs'" in body
    assert "ExpandConstant('{commonpf}')" in body and "IsAdminInstallMode" in body


def test_wine_stand_ins_never_ship() -> None:
    """The Wine-only DLLs are refused by the build's bundle guard, and named only in wine/."""
    build = (INSTALLER / "windows" / "build_windows.sh").read_text(encoding="utf-8")
    assert "for dll in ucrtbase.dll ucrtwine.dll icuuc.dll" in build
    assert "must never ship" in build
    spec = (INSTALLER / "cxr_triage.spec").read_text(encoding="utf-8")
    assert "ucrtbase" not in spec and "icuuc" not in spec


@pytest.mark.skipif(
    shutil.which("x86_64-w64-mingw32-gcc") is None, reason="mingw-w64 not installed"
)
def test_wine_stand_in_sources_compile(tmp_path: Path) -> None:
    """Both C files build warning-free into DLLs that export what Wine lacks."""
    wine = INSTALLER / "windows" / "wine"
    for source, names in (
        ("crt_complex.c", ("shim_crealf", "shim_cexpf", "shim_cpow", "shim_cabsl")),
        ("icuuc_stub.c", ("ucnv_open", "ucnv_countAvailable", "UCNV_TO_U_CALLBACK_SUBSTITUTE")),
    ):
        dll = tmp_path / (source + ".dll")
        proc = subprocess.run(
            ["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-Wall", "-Werror", "-o", str(dll),
             str(wine / source)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        exports = subprocess.run(
            ["x86_64-w64-mingw32-objdump", "-p", str(dll)], capture_output=True, text=True
        ).stdout
        for name in names:
            assert re.search(rf"\b{name}\b", exports), name


# --------------------------------------------------------------------------- the real build


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_linux_installer_smoke(shared_data: Path) -> None:
    """Clean build of bundle + .deb, dpkg -x into a temp root, self-test, scan, viewer."""
    proc = subprocess.run(
        ["bash", str(INSTALLER / "smoke_test.sh"), "--python", sys.executable],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=3500,
        env={
            **os.environ,
            "CXR_SHARED_DATA": str(shared_data),
            "QT_QPA_PLATFORM": "offscreen",
        },
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "SMOKE TEST: PASS" in output
    assert "FAIL  " not in proc.stdout
    for needle in ("--selftest exits 0", "worklist CSV content", "no GPL-3.0 pylibjpeg-libjpeg"):
        assert needle in output


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_windows_installer_smoke_under_wine(shared_data: Path) -> None:
    """setup.exe built under Wine, then installed per-user, run and uninstalled in a fresh prefix."""
    script = INSTALLER / "windows" / "build_windows.sh"
    args = ["bash", str(script)]
    if os.geteuid() == 0:
        args.append("--install-tools")  # Debian packages, the first time
    else:
        missing = subprocess.run(
            ["bash", "-c", f"source {INSTALLER}/windows/wine/wine_env.sh && need_tools"],
            capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        if missing:
            pytest.skip(
                f"needs {' '.join(missing)}: sudo bash installer/windows/wine/install_tools.sh"
            )
    proc = subprocess.run(
        args,
        cwd=REPO,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=3500,
        env={**os.environ, "CXR_SHARED_DATA": str(shared_data), "CXR_BUILD_PYTHON": sys.executable},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "WINDOWS SMOKE TEST: PASS" in output
    assert "FAIL  " not in proc.stdout
    for needle in (
        "per-user install mode (HKEY_CURRENT_USER",
        "self-test RESULT: PASS",
        "worklist CSV content",
        "CSV keeps the Windows path",
        "on screen:",
        "uninstall removes the program folder",
    ):
        assert needle in output, needle
    setup = sorted((REPO / "dist").glob("cxr-triage-*-setup.exe"))
    assert setup and setup[-1].stat().st_size <= 100_000_000  # the low-bandwidth download target
    assert (REPO / "dist" / "windows" / "smoke" / "screen.png").stat().st_size > 10_000
