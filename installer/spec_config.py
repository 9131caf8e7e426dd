"""What goes into the frozen CXR Triage bundle, as plain data the spec and the tests both read.

Why a separate module: ``cxr_triage.spec`` is executed by PyInstaller (which injects Analysis,
EXE, ...), so a test cannot import it. Keeping every list here means the fast test checks the real
values the build uses, not a copy. No PyInstaller import here, only the standard library.

Licence decision (see installer/README.md): the bundle ships python-gdcm (BSD) for JPEG baseline,
JPEG lossless, JPEG-LS and JPEG 2000, plus pylibjpeg-openjpeg and pylibjpeg-rle (MIT), and does
NOT ship pylibjpeg-libjpeg (GPL-3.0), so the binary bundle stays under permissive/LGPL terms.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path

APP_NAME = "cxr-triage"  # executable and folder name (dist/cxr-triage/cxr-triage)
DISPLAY_NAME = "CXR Triage"
#: Windows: a second executable without a console window, for the Start-menu shortcut.
GUI_EXE_NAME = "CXRTriage"
BUNDLE_IDENTIFIER = "local.cxr-triage.viewer"  # macOS CFBundleIdentifier
ENTRY_SCRIPT = "installer/cxr_triage_main.py"
ICON_PNG = "resources/icons/cxr-triage.png"

#: Folders under the repository copied into the bundle as ``resources/...`` (inference.core.paths).
#: resources/i18n holds the compiled Qt catalogues (.qm), resources/locale the gettext ones (.mo);
#: their sources (.ts/.po/.pot) stay out.
RESOURCE_DIRS = (
    "resources/models",
    "resources/samples",
    "resources/icons",
    "resources/i18n",
    "resources/locale",
)
#: Files never bundled even if someone leaves them in a resource folder.
RESOURCE_EXCLUDE_SUFFIXES = (".pt", ".pth", ".ckpt", ".dcm", ".tmp", ".pyc", ".ts", ".po", ".pot")

#: Package metadata the frozen app needs at run time. pylibjpeg discovers its decoder plugins
#: through entry points, i.e. through these dist-info folders: without them pydicom reports
#: "plugin is not installed" although the code is there (the classic PyInstaller bug).
COPY_METADATA = (
    "pylibjpeg",
    "pylibjpeg-openjpeg",
    "pylibjpeg-rle",
    "python-gdcm",
    "pydicom",
)

#: Decoder modules pydicom and pylibjpeg import lazily (by name or entry point), so
#: PyInstaller's import analysis cannot see them.
DECODER_HIDDEN_IMPORTS = (
    "openjpeg",
    "openjpeg.utils",
    "rle",
    "rle.utils",
    "gdcm",
    "pylibjpeg.utils",
    "pydicom.pixels.decoders.base",
    "pydicom.pixels.decoders.gdcm",
    "pydicom.pixels.decoders.pylibjpeg",
    "pydicom.pixels.decoders.rle",
)
#: Our own modules that ``app.cli`` imports inside functions (kept explicit for safety).
APP_HIDDEN_IMPORTS = ("app.gui", "inference.cli.scan_command", "inference.cli.selftest")
HIDDEN_IMPORTS = DECODER_HIDDEN_IMPORTS + APP_HIDDEN_IMPORTS

#: GPL-3.0 decoder deliberately left out (python-gdcm covers its syntaxes).
GPL_EXCLUDES = ("libjpeg",)
#: Qt modules the viewer does not use (it imports QtCore, QtGui, QtWidgets only); PDF export is
#: QPdfWriter in QtGui. Listing them keeps a stray import from dragging in QML or WebEngine.
QT_EXCLUDES = (
    "PySide6.QtQml",
    "PySide6.QtQmlFeatures",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DExtras",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtCharts",
    "PySide6.QtGraphs",
    "PySide6.QtDataVisualization",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvgWidgets",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtBluetooth",
    "PySide6.QtPositioning",
    "PySide6.QtSerialPort",
    "PySide6.QtRemoteObjects",
    "PySide6.QtTextToSpeech",
)
#: Parts of Pillow nothing at run time uses (AVIF/WebP codecs with libavif/libaom/libwebp,
#: colour management, Tk and Qt bridges).
PIL_EXCLUDES = (
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
)
#: Training, tests and heavy libraries the program never imports at run time (checked: neither
#: app/ nor inference/ imports torch or onnx; matplotlib stays, for the site-calibration plots).
EXCLUDES = (
    *GPL_EXCLUDES,
    "training",
    "tests",
    "bench",
    "torch",
    "torchvision",
    "torchaudio",
    "onnx",
    "onnxscript",
    "onnxruntime.tools",
    "onnxruntime.transformers",
    "onnxruntime.quantization",
    "sympy",
    "mpmath",
    "tkinter",
    "_tkinter",
    "IPython",
    "pytest",
    "hypothesis",
    "PyInstaller",
    "setuptools",
    "pip",
    "scipy",
    "sklearn",
    "importlinter",
    "pandas",
    # Pillow itself ships: matplotlib (the site-calibration plot) imports PIL.Image and writes
    # its PNG through it. Its optional codecs and GUI bridges are left out (OpenCV reads
    # rasters; python-gdcm and OpenJPEG cover pydicom's JPEG / JPEG 2000).
    *PIL_EXCLUDES,
    # readline: no interactive prompt. (ssl stays: pynetdicom, the optional PACS delivery of
    # inference/clinic, imports it at import time, and the viewer imports that.)
    "readline",
    *QT_EXCLUDES,
)

#: Bundled files dropped after analysis, by a path fragment of their destination. Qt's
#: translations (the UI is English for now) and Qt bits of excluded modules that hooks may
#: still add.
DATA_DROP_FRAGMENTS = (
    "/Qt/translations/",
    "/Qt/qml/",
    "/Qt/resources/qtwebengine",
    # matplotlib draws the site-calibration plot with Agg in DejaVu Sans (its default font, no
    # mathtext): the serif, mono, STIX and Computer Modern fonts, the PostScript font metrics
    # (PS/PDF back ends) and the sample data are never read (~5 MB).
    "/mpl-data/fonts/ttf/DejaVuSerif",
    "/mpl-data/fonts/ttf/DejaVuSansMono",
    "/mpl-data/fonts/ttf/DejaVuSansDisplay",
    "/mpl-data/fonts/ttf/STIX",
    "/mpl-data/fonts/ttf/cm",
    "/mpl-data/fonts/afm/",
    "/mpl-data/fonts/pdfcorefonts/",
    "/mpl-data/sample_data/",
)
#: Qt's own translations kept for the coming French, Spanish and Portuguese UI (Qt's dialogs and
#: buttons; there is no European Portuguese: pt falls back to pt_BR). About 0.5 MB.
KEEP_TRANSLATIONS = ("qtbase_fr.qm", "qtbase_es.qm", "qtbase_pt_BR.qm")


#: Binaries (by destination path fragment) that a clinic desktop does not need, dropped with
#: the libraries only they pulled in: the GTK theme (GTK, cairo, pango: ~10 MB), VNC (QtNetwork,
#: Kerberos), embedded-device back ends (framebuffer, EGLFS, Vulkan display, evdev input).
DROP_BINARY_FRAGMENTS = (
    "/plugins/platformthemes/libqgtk3",
    "/plugins/platforms/libqvnc",
    "/plugins/platforms/libqlinuxfb",
    "/plugins/platforms/libqvkkhrdisplay",
    "/plugins/platforms/libqminimalegl",
    "/plugins/platforms/libqeglfs",
    "/plugins/egldeviceintegrations/",
    "/plugins/generic/",
    # Qt image formats nothing reads or writes (the viewer gets pixels from OpenCV/pydicom; the
    # model card figures, the icon and exports are PNG, built into QtGui; --screenshot may be
    # JPEG, so qjpeg stays), with QtSvg that only the SVG plugins pulled in. Linux/macOS names.
    "/plugins/imageformats/libqgif",
    "/plugins/imageformats/libqicns",
    "/plugins/imageformats/libqico",
    "/plugins/imageformats/libqsvg",
    "/plugins/imageformats/libqtga",
    "/plugins/imageformats/libqtiff",
    "/plugins/imageformats/libqwbmp",
    "/plugins/imageformats/libqwebp",
    "/plugins/iconengines/libqsvgicon",
    # Wayland: a desktop client needs the xdg-shell and the EGL/shm buffers only. The server-
    # buffer integrations serve Qt Wayland Compositor clients, and fullscreen-shell, IVI (cars),
    # qt-shell (Qt's own compositor) and the deprecated wl-shell are not desktop shells.
    "/plugins/wayland-graphics-integration-client/libdmabuf-server",
    "/plugins/wayland-graphics-integration-client/libdrm-egl-server",
    "/plugins/wayland-graphics-integration-client/libshm-emulation-server",
    "/plugins/wayland-graphics-integration-client/libvulkan-server",
    "/plugins/wayland-shell-integration/libfullscreen-shell-v1",
    "/plugins/wayland-shell-integration/libivi-shell",
    "/plugins/wayland-shell-integration/libqt-shell",
    "/plugins/wayland-shell-integration/libwl-shell-plugin",
    # Windows: Mesa's software OpenGL (21 MB; the viewer paints with the raster engine, no GL)
    # and OpenCV's FFmpeg video plugin (31 MB; loaded only by cv2.VideoCapture, never used).
    # Together they are 20 MB of the setup.exe download.
    "/PySide6/opengl32sw.dll",
    "/cv2/opencv_videoio_ffmpeg",
)


def drop_binary(dest: str) -> bool:
    """True for a collected binary we deliberately leave out (see ``DROP_BINARY_FRAGMENTS``)."""
    normalized = "/" + dest.replace("\\", "/")
    return any(fragment in normalized for fragment in DROP_BINARY_FRAGMENTS)


def prune_binaries(
    entries: Sequence[tuple[str, str, str]],
    needed: Callable[[str], Iterable[str]],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Drop the unwanted plugins and every library that nothing else kept still needs.

    ``entries`` are PyInstaller TOC tuples (dest, source, typecode); ``needed(source)`` gives
    the file names a binary links against (ELF NEEDED / Mach-O / PE imports). A library is
    removed only if it was reachable from a dropped plugin and is not reachable from anything
    kept, so nothing the remaining program links against can go missing.
    Returns (kept entries, removed destination names).
    """
    by_name: dict[str, tuple[str, str, str]] = {}
    for entry in entries:
        by_name.setdefault(Path(entry[0]).name, entry)

    def closure(starts: Iterable[tuple[str, str, str]]) -> set[str]:
        seen: set[str] = set()
        stack = [Path(e[0]).name for e in starts]
        while stack:
            name = stack.pop()
            if name in seen or name not in by_name:
                continue
            seen.add(name)
            stack.extend(Path(n).name for n in needed(by_name[name][1]))
        return seen

    dropped = [e for e in entries if drop_binary(e[0])]
    if not dropped:
        return list(entries), []
    dropped_names = {Path(e[0]).name for e in dropped}
    candidates = closure(dropped) - dropped_names
    roots = [e for e in entries if not drop_binary(e[0]) and Path(e[0]).name not in candidates]
    still_needed = closure(roots)
    remove = dropped_names | (candidates - still_needed)
    kept = [e for e in entries if not drop_binary(e[0]) and Path(e[0]).name not in remove]
    removed = sorted(e[0] for e in entries if e not in kept)
    return kept, removed


#: Distributions whose licence files are copied into the bundle's ``licenses/`` folder (the
#: permissive and LGPL licences require shipping their text with the binaries).
LICENSED_DISTRIBUTIONS = (
    "pyside6-essentials",
    "shiboken6",
    "onnxruntime",
    "numpy",
    "opencv-python-headless",
    "pydicom",
    "pylibjpeg",
    "pylibjpeg-openjpeg",
    "pylibjpeg-rle",
    "python-gdcm",
)
_LICENSE_NAME = re.compile(r"(licen[cs]e|copying|notice|third.?party)", re.IGNORECASE)


def license_datas() -> tuple[list[tuple[str, str]], list[str]]:
    """(source, destination folder) for each licence file of ``LICENSED_DISTRIBUTIONS``.

    Returns the pairs and the distributions that were not found (reported by the spec, so a
    build that lost a licence says so instead of shipping without it).
    """
    pairs: list[tuple[str, str]] = []
    missing: list[str] = []
    for name in LICENSED_DISTRIBUTIONS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        for file in dist.files or []:
            if not _LICENSE_NAME.search(file.name):
                continue
            src = Path(str(dist.locate_file(file)))
            if src.is_file():
                sub = Path(str(file)).parent.as_posix()
                pairs.append((str(src), f"licenses/{name}/{sub}"))
    return pairs, missing


def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


def project_version(root: Path | None = None) -> str:
    """The version in pyproject.toml: the single source for the bundle and installers."""
    root = root or repo_root()
    with (root / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def resource_datas(root: Path | None = None) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for PyInstaller ``datas``, one per file.

    One entry per file (not per folder) so that a missing optional folder (icons) or stray
    training artefacts never silently change what ships.
    """
    root = root or repo_root()
    pairs: list[tuple[str, str]] = []
    for rel in RESOURCE_DIRS:
        folder = root / rel
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            if path.suffix.lower() in RESOURCE_EXCLUDE_SUFFIXES:
                continue
            dest = path.parent.relative_to(root).as_posix()
            pairs.append((str(path), dest))
    return pairs


def keep_data(dest: str) -> bool:
    """False for a bundled data file we drop (see ``DATA_DROP_FRAGMENTS``)."""
    normalized = "/" + dest.replace("\\", "/")
    if "/Qt/translations/" in normalized and normalized.rsplit("/", 1)[-1] in KEEP_TRANSLATIONS:
        return True
    return not any(fragment in normalized for fragment in DATA_DROP_FRAGMENTS)


def write_dist_info(target: Path, root: Path | None = None) -> Path:
    """A minimal ``cxr_triage-<version>.dist-info`` so ``importlib.metadata`` in the bundle
    knows the program's version (the About box), whether or not the checkout is pip-installed.
    """
    version = project_version(root)
    info = target / f"cxr_triage-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: cxr-triage\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "INSTALLER").write_text("pyinstaller\n", encoding="utf-8")
    return info
