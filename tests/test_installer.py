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
import time
import tomllib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"
SPEC = INSTALLER / "cxr_triage.spec"
#: A socket of an internet family, or a connect/sendto to one (as in tests/test_offline.py).
INET = re.compile(r"AF_INET6?\b|sin6?_port")


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
    assert "inference.cli.selftest" in hidden and "inference.cli.scan_command" in hidden


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

    Imports guarded by ``except ImportError`` are optional (e.g. dicom_frames' use of the GPL
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
    assert ("cxr-lungs.onnx", "resources/models") in dests  # the lung-field model, beside it
    samples = [name for name, dest in dests if dest == "resources/samples"]
    assert len([n for n in samples if n.endswith(".jpeg")]) == 12
    assert not any(name.lower().endswith(".dcm") for name, _ in dests)
    assert all(Path(src).is_file() for src, _ in datas)
    assert all(dest.startswith("resources/") for _, dest in datas)
    # the compiled catalogues travel (every language, both systems), their sources do not
    for lang in ("fr", "pt", "es"):
        assert (f"cxr_triage_{lang}.qm", "resources/i18n") in dests
        assert ("cxr-triage.mo", f"resources/locale/{lang}/LC_MESSAGES") in dests
    assert not [n for n, _ in dests if n.endswith((".ts", ".po", ".pot"))]


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
    assert not cfg.keep_data("PySide6/Qt/translations/qt_help_fr.qm")
    assert not cfg.keep_data("PySide6/Qt/translations/qtbase_pt_PT.qm")
    for kept in ("qtbase_fr.qm", "qtbase_es.qm", "qtbase_pt_BR.qm"):  # the coming UI languages
        assert cfg.keep_data(f"PySide6/Qt/translations/{kept}")
        assert cfg.keep_data(f"PySide6\\Qt\\translations\\{kept}")
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


def test_unused_qt_image_formats_are_dropped_but_jpeg_kept(cfg: ModuleType) -> None:
    plugins = "PySide6/Qt/plugins"
    for name in ("qgif", "qicns", "qico", "qsvg", "qtga", "qtiff", "qwbmp", "qwebp"):
        assert cfg.drop_binary(f"{plugins}/imageformats/lib{name}.so"), name
    assert cfg.drop_binary(f"{plugins}/iconengines/libqsvgicon.so")
    assert not cfg.drop_binary(f"{plugins}/imageformats/libqjpeg.so")  # --screenshot x.jpg
    assert not cfg.drop_binary(f"{plugins}/platforms/libqxcb.so")
    assert not cfg.drop_binary(f"{plugins}/platforms/libqwayland.so")
    wayland = f"{plugins}/wayland-shell-integration"
    assert cfg.drop_binary(f"{wayland}/libivi-shell.so")
    assert not cfg.drop_binary(f"{wayland}/libxdg-shell.so")  # the desktop shell
    buffers = f"{plugins}/wayland-graphics-integration-client"
    assert cfg.drop_binary(f"{buffers}/libvulkan-server.so")
    assert not cfg.drop_binary(f"{buffers}/libqt-plugin-wayland-egl.so")


def test_pillow_ships_for_matplotlib_without_its_optional_codecs(cfg: ModuleType) -> None:
    """matplotlib.figure imports PIL.Image (the site-calibration plot): PIL must be bundled."""
    assert "PIL" not in cfg.EXCLUDES and "matplotlib" not in cfg.EXCLUDES
    assert "PIL._avif" in cfg.EXCLUDES and "PIL.ImageTk" in cfg.EXCLUDES
    code = (
        "import sys\n"
        f"for name in {list(cfg.PIL_EXCLUDES)!r}: sys.modules[name] = None\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "from matplotlib.figure import Figure\n"
        "import io; f = Figure(figsize=(2, 2)); f.subplots().plot([0, 1], [0, 1])\n"
        "b = io.BytesIO(); f.savefig(b, format='png'); assert b.getvalue()[:4] == b'\\x89PNG'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


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
    unranked = {**adult, "pneumonia_probability": "", "model_output_unranked": "0.48"}
    assert checker.check([*grouped[:2], unranked, grouped[3]], ["a.dcm", "b.jpeg", "adult.dcm"],
                         ["bad.dcm"]) == []  # fmt: skip
    no_output = {**unranked, "model_output_unranked": ""}
    assert checker.check([*grouped[:2], no_output, grouped[3]], ["a.dcm", "b.jpeg", "adult.dcm"],
                         ["bad.dcm"])  # fmt: skip
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


def test_wine_stand_ins_never_ship(tmp_path: Path) -> None:
    """The Wine-only stand-ins (DLLs and the AMX shim) are refused by the bundle guard."""
    build = (INSTALLER / "windows" / "build_windows.sh").read_text(encoding="utf-8")
    assert 'stray="$(stand_ins_in "$BUNDLE"' in build and "must never ship" in build
    spec = (INSTALLER / "cxr_triage.spec").read_text(encoding="utf-8")
    assert "ucrtbase" not in spec and "icuuc" not in spec and "amx" not in spec.lower()
    env = INSTALLER / "windows" / "wine" / "wine_env.sh"

    def found() -> list[str]:
        cmd = f'source "{env}" && stand_ins_in "{tmp_path}"'
        out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True).stdout
        return sorted(Path(line).name for line in out.split())

    (tmp_path / "_internal" / "PySide6").mkdir(parents=True)
    (tmp_path / "_internal" / "PySide6" / "Qt6Core.dll").write_text("x")
    assert found() == []
    for name in ("UCRTBASE.dll", "icuuc.dll", "libcxr-amx-perm.so"):
        (tmp_path / "_internal" / name).write_text("x")
    assert found() == ["UCRTBASE.dll", "icuuc.dll", "libcxr-amx-perm.so"]


def test_wine_tools_installer_asks_apt_only_for_what_is_missing() -> None:
    """An npm already on PATH (NodeSource's nodejs, which conflicts with Debian's npm) is kept."""
    wine = INSTALLER / "windows" / "wine"
    script = (wine / "install_tools.sh").read_text(encoding="utf-8")
    assert 'apt-get install -y --no-install-recommends "${missing[@]}"' in script

    def missing(tools: list[str]) -> list[str]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for tool in [*tools, "bash", "find", "sed", "dirname", "cat"]:
                real = shutil.which(tool)
                link = Path(tmp) / tool
                if real:
                    link.symlink_to(real)
                else:
                    link.write_text("#!/bin/sh\nexit 0\n")
                    link.chmod(0o755)
            cmd = f'source "{wine}/wine_env.sh" && need_tools'
            env = {"PATH": tmp, "HOME": tmp}  # only these tools (links or fakes) on PATH
            out = subprocess.run(
                [shutil.which("bash") or "bash", "-c", cmd], capture_output=True, text=True,
                env=env,
            ).stdout  # fmt: skip
        return out.split()

    with_npm = missing(["npm"])
    assert "npm" not in with_npm and "gcc" in with_npm and "xvfb" in with_npm
    assert "npm" in missing([])
    everything = ["wine", "wine64", "Xvfb", "xauth", "gcc", "xdotool", "unzip", "npm",
                  "x86_64-w64-mingw32-gcc"]  # fmt: skip
    assert [m for m in missing(everything) if m != "wine32:i386"] == []


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc not installed")
def test_amx_shim_builds_and_runs_its_request_under_ld_preload(tmp_path: Path) -> None:
    """The Wine AMX shim compiles warning-free and its constructor makes the request on load."""
    shim = tmp_path / "libcxr-amx-perm.so"
    build = ["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", str(shim),
             str(INSTALLER / "windows" / "wine" / "amx_perm.c")]  # fmt: skip
    proc = subprocess.run(build, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    probe_c = tmp_path / "probe.c"
    probe_c.write_text(
        "#define _GNU_SOURCE\n#include <dlfcn.h>\n#include <stdio.h>\n"
        "#include <sys/syscall.h>\n#include <unistd.h>\n"
        "int main(void) {\n"
        "  unsigned long perm = 0;\n"
        "  syscall(SYS_arch_prctl, 0x1022, &perm); /* ARCH_GET_XCOMP_PERM */\n"
        '  int *r = (int *)dlsym(RTLD_DEFAULT, "cxr_amx_perm_result");\n'
        '  printf("%s %d %lu\\n", r ? "loaded" : "absent", r ? *r : 99, (perm >> 18) & 1);\n'
        "  return 0;\n}\n"
    )
    probe = tmp_path / "probe"
    subprocess.run(["gcc", "-o", str(probe), str(probe_c), "-ldl"], check=True)
    plain = subprocess.run([str(probe)], capture_output=True, text=True, check=True).stdout.split()
    env = {**os.environ, "LD_PRELOAD": str(shim)}
    shimmed = subprocess.run([str(probe)], capture_output=True, text=True, check=True, env=env)
    state, result, tiledata = shimmed.stdout.split()
    assert plain[0] == "absent" and state == "loaded"
    amx = "amx_tile" in Path("/proc/cpuinfo").read_text()
    if amx:  # the request is granted and the tile data state is now permitted
        assert (int(result), tiledata) == (0, "1")
    else:  # no AMX: the kernel refuses (EINVAL/EOPNOTSUPP) and the program still runs normally
        assert int(result) < 0 and tiledata == "0"


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


def test_screenshot_check_refuses_black_blank_and_flat_pictures() -> None:
    check = load("check_screenshot")
    rng = np.random.default_rng(0)
    black = np.zeros((480, 640, 3), np.uint8)
    white = np.full((480, 640, 4), 255, np.uint8)
    grey_noise = np.clip(128 + rng.normal(0, 1.5, (480, 640)), 0, 255).astype(np.uint8)
    two_tone = black.copy()
    two_tone[100:300, 100:500] = (200, 200, 200)  # an unpainted window on a black screen
    assert any(p.startswith("black") for p in check.problems(black))
    assert any(p.startswith("blank") for p in check.problems(white))
    assert check.problems(grey_noise)  # sensor-like noise on a flat grey: still blank
    assert any(p.startswith("flat") for p in check.problems(two_tone))
    assert check.problems(np.zeros((20, 20, 3), np.uint8))  # too small to be a window
    # a painted window: widgets, anti-aliased text (many grey levels), an image
    window = np.full((480, 640, 3), 240, np.uint8)
    window[40:440, 20:300] = np.linspace(0, 255, 280, dtype=np.uint8)[None, :, None]
    for row in range(60, 420, 18):
        window[row : row + 9, 320:600] = rng.integers(0, 200, (9, 280, 1), dtype=np.uint8)
    assert check.problems(window) == []
    mostly_black_screen = np.zeros((768, 1366, 3), np.uint8)
    mostly_black_screen[100:700, 200:1100] = window[0:1, 0:1]  # background of the window...
    mostly_black_screen[150:630, 300:940] = window  # ...with the window painted inside it
    assert check.problems(mostly_black_screen) == []


def test_screenshot_check_reads_files(tmp_path: Path) -> None:
    import cv2

    check = load("check_screenshot")
    black, painted = tmp_path / "black.png", tmp_path / "painted.png"
    cv2.imwrite(str(black), np.zeros((200, 300, 3), np.uint8))
    cv2.imwrite(str(painted), np.tile(np.arange(300, dtype=np.uint8), (200, 1)))
    assert check.main([str(painted)]) == 0
    assert check.main([str(black)]) == 1
    assert check.main([str(tmp_path / "missing.png")]) == 1
    for script in ("smoke_test.sh", "windows/smoke_test_windows.sh"):
        assert "check_screenshot.py" in (INSTALLER / script).read_text(encoding="utf-8")


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("gcc", "readelf", "objdump")), reason="needs gcc, binutils"
)
def test_video_stand_ins_keep_the_consumer_loading_and_abort_when_called(tmp_path: Path) -> None:
    """A made-up versioned 'libavcodec' used by a made-up 'cv2': replaced, the consumer still
    loads; a call into the stand-in aborts with the function's name; orphans are removed."""
    stand_ins = load("video_stand_ins")
    internal = tmp_path / "_internal"
    libs = internal / stand_ins.LIBS_DIR
    libs.mkdir(parents=True)
    src = tmp_path / "src"
    src.mkdir()
    (src / "vpx.c").write_text("int vpx_thing(void) { return 3; }\n")
    (src / "av.c").write_text(
        "int vpx_thing(void);\n"
        "int avcodec_version(void) { return 62 + vpx_thing(); }\n"
        "int avcodec_open2(void) { return 0; }\n"
        "int avcodec_internal(void) { return 1; }\n"
    )
    (src / "av.map").write_text("LIBAVCODEC_62 { global: avcodec_version; avcodec_open2; "
                                "avcodec_internal; local: *; };\n")  # fmt: skip
    (src / "cv.c").write_text(
        "int avcodec_version(void);\nint cv_ok(void) { return 7; }\n"
        "int cv_video(void) { return avcodec_version(); }\n"
    )
    vpx, av = libs / "libvpx-1234.so.11", libs / "libavcodec-abcd.so.62"
    cc = ["gcc", "-shared", "-fPIC", "-O2"]
    subprocess.run([*cc, "-Wl,-soname,libvpx-1234.so.11", "-o", str(vpx), str(src / "vpx.c")],
                   check=True)  # fmt: skip
    subprocess.run([*cc, "-Wl,-soname,libavcodec-abcd.so.62", f"-Wl,--version-script={src}/av.map",
                    "-o", str(av), str(src / "av.c"), str(vpx)], check=True)  # fmt: skip
    (internal / "cv2").mkdir()
    cv2_so = internal / "cv2" / "cv2.abi3.so"
    subprocess.run([*cc, "-o", str(cv2_so), str(src / "cv.c"), str(av)], check=True)
    report = stand_ins.replace_video_libraries(internal)
    assert any(line.startswith("stand-in libavcodec-abcd.so.62: 1 functions") for line in report)
    assert any(line.startswith("removed libvpx-1234.so.11") for line in report)
    assert not vpx.exists() and stand_ins.is_stand_in(av)
    exported = {n for n, v, _f, sec in stand_ins.dynamic_symbols(av) if sec != "*UND*"}
    assert "avcodec_version" in exported and "avcodec_internal" not in exported
    code = (
        "import ctypes, sys\n"
        f"lib = ctypes.CDLL({str(cv2_so)!r})\n"
        "print(lib.cv_ok(), flush=True)\n"
        "if sys.argv[1] == 'video': lib.cv_video()\n"
    )
    env = {**os.environ, "LD_LIBRARY_PATH": str(libs)}
    ok = subprocess.run([sys.executable, "-c", code, "still"], capture_output=True, text=True,
                        env=env)  # fmt: skip
    assert ok.returncode == 0 and ok.stdout.strip() == "7", ok.stderr
    video = subprocess.run([sys.executable, "-c", code, "video"], capture_output=True, text=True,
                           env=env)  # fmt: skip
    assert video.returncode != 0
    assert "avcodec_version (video I/O, libavcodec-abcd.so.62) was left out" in video.stderr
    assert stand_ins.replace_video_libraries(internal)[-1].endswith("MB")  # idempotent rerun


def test_linux_build_uses_the_video_stand_ins_and_the_trimmed_icu() -> None:
    build = (INSTALLER / "build_linux.sh").read_text(encoding="utf-8")
    assert 'installer/video_stand_ins.py "$APPDIR/_internal"' in build
    assert 'installer/icu_data_trim.py "$icu"' in build


def test_icu_package_round_trips_and_drops_only_unused_items() -> None:
    trim = load("icu_data_trim")
    header = b"\x20\x00\xda\x27" + bytes(8) + b"CmnD" + bytes(16)
    items = [("icudt73l/brkitr/word.brk", b"B" * 40), ("icudt73l/coll/root.res", b"C" * 33),
             ("icudt73l/ibm-943_P15A-2003.cnv", b"V" * 7), ("icudt73l/lang/fr.res", b"L" * 5),
             ("icudt73l/root.res", b"R" * 16), ("icudt73l/zone/fr.res", b"Z" * 3)]  # fmt: skip
    package = trim.write_package(header, items)
    header2, items2 = trim.read_package(package)
    assert header2 == header
    assert [n for n, _ in items2] == [n for n, _ in items]
    pairs = zip(items2, items, strict=True)
    assert all(blob.rstrip(b"\0") == orig for (_, blob), (_, orig) in pairs)
    for _name, blob in items2:  # every item starts on a 16-byte boundary, as ICU requires
        assert package.index(blob) % 16 == 0
    assert [n for n, _ in items if not trim.dropped(n)] == [
        "icudt73l/coll/root.res", "icudt73l/root.res"
    ]  # fmt: skip


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("gcc", "readelf")), reason="needs gcc, binutils"
)
def test_trimmed_icu_keeps_what_qt_uses(tmp_path: Path) -> None:
    """PySide6's own ICU data, trimmed, under Qt: collation (French, Spanish ñ, numeric), case
    mapping by locale and IDNA give the same answers as before; time zones keep their rules."""
    import PySide6

    original = Path(PySide6.__file__).parent / "Qt" / "lib" / "libicudata.so.73"
    if not original.is_file():
        pytest.skip("this PySide6 has no bundled ICU 73")
    trimmed = tmp_path / original.name
    shutil.copy2(original, trimmed)
    report = load("icu_data_trim").trim(trimmed)
    assert trimmed.stat().st_size < original.stat().st_size * 0.5, report
    probe = (
        "import functools\n"
        "from PySide6.QtCore import QCollator, QDateTime, QLocale, QTimeZone, QUrl\n"
        "words = ['zèbre', 'été', 'Eté', 'etre', 'école', 'ñu', 'nube', 'nz', 'côte', 'cote']\n"
        "for loc in ('fr_FR', 'es_ES', 'pt_BR', 'en_US'):\n"
        "    c = QCollator(QLocale(loc))\n"
        "    print(loc, sorted(words, key=functools.cmp_to_key(c.compare)))\n"
        "    c.setNumericMode(True)\n"
        "    print(sorted(['a10', 'a9', 'a100'], key=functools.cmp_to_key(c.compare)))\n"
        "print(QLocale('tr_TR').toUpper('istanbul'), QLocale('de_DE').toUpper('straße'))\n"
        "print(QUrl.fromUserInput('http://bücher.example/').toEncoded().data())\n"
        "paris = QTimeZone(b'Europe/Paris')\n"
        "print(QDateTime.fromSecsSinceEpoch(0, paris).toString('yyyy-MM-dd HH:mm t'))\n"
    )

    def run(env_extra: dict[str, str]) -> str:
        proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              env={**os.environ, **env_extra})  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    # LD_LIBRARY_PATH wins over the Qt libraries' RUNPATH: Qt loads the trimmed data.
    before, after = run({}), run({"LD_LIBRARY_PATH": str(tmp_path)})
    assert after == before
    assert "xn--bcher-kva" in after and "İSTANBUL" in after and "ñu', 'nz'" not in after


def test_matplotlib_keeps_its_default_font_and_the_bundle_keeps_tls(cfg: ModuleType) -> None:
    keep = cfg.keep_data
    fonts = "matplotlib/mpl-data/fonts"
    assert keep(f"{fonts}/ttf/DejaVuSans.ttf") and keep(f"{fonts}/ttf/DejaVuSans-Bold.ttf")
    assert keep(f"{fonts}/ttf/LastResortHE-Regular.ttf") and keep(
        "matplotlib/mpl-data/matplotlibrc"
    )
    for gone in ("ttf/STIXGeneral.ttf", "ttf/cmr10.ttf", "ttf/DejaVuSerif.ttf",
                 "ttf/DejaVuSansMono.ttf", "afm/phvr8a.afm", "pdfcorefonts/Helvetica.afm"):  # fmt: skip
        assert not keep(f"{fonts}/{gone}"), gone
    # pynetdicom (PACS delivery, imported by the viewer) imports ssl unconditionally
    assert "ssl" not in cfg.EXCLUDES and "_ssl" not in cfg.EXCLUDES


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
    for needle in (
        "--selftest exits 0",
        "worklist CSV content",
        "no GPL-3.0 pylibjpeg-libjpeg",
        "screenshot is painted",
        "calibrate --plot draws",
    ):
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


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_frozen_linux_app_scans_without_any_network_socket(
    tmp_path: Path, shared_data: Path
) -> None:
    """The frozen program, traced for network system calls (strace -f -e trace=%network) during
    a scan longer than onnxruntime's telemetry delay (~10 s): no AF_INET/AF_INET6 socket, no
    connect or send to an internet address, no device id under ~/.cache/Microsoft. (The dev
    install's version, with the control run proving the trace catches telemetry, is
    tests/test_offline.py.)"""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    binary = REPO / "dist" / "cxr-triage" / "cxr-triage"
    if not binary.is_file():
        build = ["bash", str(INSTALLER / "build_linux.sh"), "--no-deb", "--python", sys.executable]
        proc = subprocess.run(build, cwd=REPO, capture_output=True, text=True, timeout=1500)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    log = tmp_path / "scan.strace"
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / ".cache"),
               QT_QPA_PLATFORM="offscreen")  # fmt: skip
    folder = shared_data / "kermany-224" / "train"
    cmd = [strace, "-f", "-qq", "-e", "trace=%network", "-o", str(log), str(binary), "scan",
           str(folder), "--csv", str(tmp_path / "w.csv"), "--quiet", "--full-resolution"]  # fmt: skip
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=env,
                          timeout=900)  # fmt: skip
    seconds = time.monotonic() - start
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert seconds > 15, f"the scan took only {seconds:.1f} s: too short to meet the telemetry"
    assert (tmp_path / "w.csv").stat().st_size > 1000
    inet = [ln for ln in log.read_text(errors="replace").splitlines() if INET.search(ln)]
    assert inet == [], inet[:5]
    assert not (tmp_path / ".cache" / "Microsoft").exists()
