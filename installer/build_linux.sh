#!/usr/bin/env bash
# Build the Linux bundle of CXR Triage (PyInstaller onedir) and package it as a .deb.
#
#   bash installer/build_linux.sh [--python PY] [--reuse] [--no-deb] [--compress xz|zstd|gzip]
#
#   --python PY  the Python (of a virtual environment) to build with. Default: $CXR_BUILD_PYTHON,
#                else the repository's .venv, else a build venv created in .cache/installer-venv.
#   --reuse      keep an existing dist/cxr-triage instead of rebuilding it (packaging only).
#   --no-deb     stop after the bundle.
#   --compress   .deb compression: xz (default, smallest download: ~100 MB, minutes on 2 cores),
#                zstd (level 3: seconds, ~140 MB; needs dpkg >= 1.21.18, Debian 12 / Ubuntu 21.10+)
#                or gzip.
#
# Output: dist/cxr-triage/ (run dist/cxr-triage/cxr-triage) and dist/cxr-triage_<version>_<arch>.deb.
# The build starts from a clean build/installer and dist/cxr-triage. It needs PyPI only when the
# chosen Python lacks PyInstaller or python-gdcm (then they are installed, see below).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$REPO/build/installer"
DIST="$REPO/dist"
APP="cxr-triage"
APPDIR="$DIST/$APP"
PYINSTALLER_PIN="pyinstaller==6.22.3"
GDCM_PIN="python-gdcm==3.2.6"
# Libraries the Qt xcb/wayland platforms load from the system (PyInstaller does not bundle libGL,
# libEGL or libxcb, and the rest may be missing on the build host). libc6 is added below.
DEB_DEPENDS="libxcb1, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, \
libxcb-render-util0, libxcb-shape0, libxcb-randr0, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, \
libxkbcommon-x11-0, libegl1, libgl1, libwayland-client0, libwayland-cursor0, libwayland-egl1, \
libfontconfig1, libfreetype6, libdbus-1-3"

PY="${CXR_BUILD_PYTHON:-}"
REUSE=0
MAKE_DEB=1
COMPRESS=xz
while [[ $# -gt 0 ]]; do
    case "$1" in
        --python) PY="$2"; shift 2 ;;
        --reuse) REUSE=1; shift ;;
        --no-deb) MAKE_DEB=0; shift ;;
        --compress) COMPRESS="$2"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "build_linux.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
die() { printf 'build_linux.sh: error: %s\n' "$*" >&2; exit 1; }

cd "$REPO"
start=$SECONDS

# ---------------------------------------------------------------- the build Python
if [[ -z "$PY" ]]; then
    if [[ -x "$REPO/.venv/bin/python" ]]; then
        PY="$REPO/.venv/bin/python"
    else
        venv="$REPO/.cache/installer-venv"
        if [[ ! -x "$venv/bin/python" ]]; then
            base="$(command -v python3.11 || command -v python3)" || die "no python3.11 found"
            say "creating the build environment $venv"
            "$base" -m venv "$venv"
            "$venv/bin/python" -m pip install --quiet --upgrade pip
            "$venv/bin/python" -m pip install --quiet "$REPO" "$PYINSTALLER_PIN" "$GDCM_PIN"
        fi
        PY="$venv/bin/python"
    fi
fi
[[ -x "$PY" ]] || die "not an executable Python: $PY"
echo "build Python: $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))"

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "installing $PYINSTALLER_PIN into the build environment"
    "$PY" -m pip install --quiet "$PYINSTALLER_PIN"
fi
# python-gdcm replaces the GPL pylibjpeg-libjpeg in the bundle (installer/README.md, licence).
# When the environment lacks it, it goes into a separate folder on PYTHONPATH for this build
# only, so the development environment's decoders stay as they are.
if ! "$PY" -c 'import gdcm' 2>/dev/null; then
    overlay="$REPO/.cache/installer-site"
    if ! PYTHONPATH="$overlay" "$PY" -c 'import gdcm' 2>/dev/null; then
        say "installing $GDCM_PIN into $overlay"
        "$PY" -m pip install --quiet --no-deps --target "$overlay" "$GDCM_PIN"
    fi
    export PYTHONPATH="$overlay${PYTHONPATH:+:$PYTHONPATH}"
fi
"$PY" -c 'import gdcm, openjpeg, rle, pylibjpeg' || die "a DICOM decoder package is missing"

VERSION="$("$PY" -c 'import sys; sys.path.insert(0, "installer"); import spec_config; print(spec_config.project_version())')"

# ---------------------------------------------------------------- the bundle
if [[ $REUSE -eq 1 && -x "$APPDIR/$APP" ]]; then
    say "reusing $APPDIR"
else
    say "PyInstaller bundle (clean build in $BUILD)"
    rm -rf "$BUILD" "$APPDIR"
    mkdir -p "$BUILD"
    t0=$SECONDS
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$DIST" --workpath "$BUILD/pyinstaller" installer/cxr_triage.spec \
        2>&1 | grep -v "WARNING: Library not found: could not resolve" || true
    [[ -x "$APPDIR/$APP" ]] || die "PyInstaller did not produce $APPDIR/$APP"
    echo "PyInstaller: $((SECONDS - t0)) s"

    # Debug symbols: CPython built from source (pyenv) carries ~30 MB of them, and 87 libraries
    # still have a static symbol table (~6 MB). --strip-unneeded keeps every symbol the dynamic
    # linker needs (dynamic symbols); only files that have debug info or .symtab are touched.
    # strip rewrites the program headers; on a library that patchelf already edited (auditwheel's
    # vendored libraries, e.g. numpy's OpenBLAS) that can leave a LOAD segment whose address and
    # offset disagree modulo the page size, which ld.so refuses ("ELF load command
    # address/offset not page-aligned"). So each file is stripped into a copy, and the copy is
    # kept only if every LOAD segment is still page-aligned; else only its debug info goes.
    page_aligned() {
        local off va
        while read -r _ off va _; do
            (( (16#${va#0x} - 16#${off#0x}) % 4096 == 0 )) || return 1
        done < <(readelf -lW "$1" 2>/dev/null | awk '$1 == "LOAD"')
    }
    if command -v strip >/dev/null && command -v readelf >/dev/null; then
        before=$(du -sk "$APPDIR" | cut -f1)
        kept_symtab=0
        while IFS= read -r -d '' f; do
            # (no `readelf | grep -q`: with pipefail, grep's early exit fails the pipe on big files)
            sections="$(readelf -S "$f" 2>/dev/null || true)"
            [[ "$sections" == *.debug_info* || "$sections" == *" .symtab "* ]] || continue
            if strip --strip-unneeded -o "$f.stripped" "$f" && page_aligned "$f.stripped"; then
                chmod --reference="$f" "$f.stripped" && mv "$f.stripped" "$f"
            else
                rm -f "$f.stripped"
                kept_symtab=$((kept_symtab + 1))
                if [[ "$sections" == *.debug_info* ]]; then strip --strip-debug "$f"; fi
            fi
        done < <(find "$APPDIR" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)
        echo "stripped debug info and symbol tables: $(( (before - $(du -sk "$APPDIR" | cut -f1)) / 1024 )) MB ($kept_symtab files keep their symbol table: strip would misalign them)"
    fi

    # OpenCV's FFmpeg (video only: the program reads still images) out of the bundle, as the
    # Windows spec drops its video plugin: stand-ins that abort loudly if ever called, and the
    # libraries only FFmpeg needed removed (installer/video_stand_ins.py; ~32 MB, ~11 MB of .deb).
    command -v gcc >/dev/null || die "gcc not found (apt-get install gcc): needed for the video stand-ins"
    before=$(du -sk "$APPDIR" | cut -f1)
    "$PY" installer/video_stand_ins.py "$APPDIR/_internal" | sed 's/^/  /'
    echo "video libraries left out: $(( (before - $(du -sk "$APPDIR" | cut -f1)) / 1024 )) MB"
    # ICU's display names, dictionaries and legacy converters that Qt never looks up (~20 MB;
    # installer/icu_data_trim.py).
    for icu in "$APPDIR"/_internal/PySide6/Qt/lib/libicudata.so.*; do
        [[ -f "$icu" ]] && "$PY" installer/icu_data_trim.py "$icu" | sed 's/^/  /'
    done
fi

# Licence guard: the GPL-3.0 decoder must never reach the bundle (see installer/README.md).
# shellcheck source=licence_guard.sh
source "$REPO/installer/licence_guard.sh"
if [[ -n "$(gpl_decoder_in "$APPDIR/_internal")" ]]; then
    die "pylibjpeg-libjpeg (GPL-3.0) is in the bundle: check EXCLUDES in installer/spec_config.py"
fi
echo "bundle: $(du -sh "$APPDIR" | cut -f1)  $APPDIR"

[[ $MAKE_DEB -eq 1 ]] || { echo "total: $((SECONDS - start)) s"; exit 0; }

# ---------------------------------------------------------------- the .deb
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (apt-get install dpkg)"
ARCH="$(dpkg --print-architecture)"
PKG="$BUILD/deb/${APP}_${VERSION}_${ARCH}"
DEB="$DIST/${APP}_${VERSION}_${ARCH}.deb"
say "Debian package $DEB"
rm -rf "$PKG" "$DEB"
install -d "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/doc/$APP"
cp -a "$APPDIR" "$PKG/opt/$APP"
ln -s "/opt/$APP/$APP" "$PKG/usr/bin/$APP"
install -m 644 installer/linux/cxr-triage.desktop "$PKG/usr/share/applications/$APP.desktop"
install -m 644 installer/linux/copyright "$PKG/usr/share/doc/$APP/copyright"

# Icons for the desktop entry, from the icon inside the bundle (the repository's or the drawn one).
icon="$APPDIR/_internal/resources/icons/cxr-triage.png"
[[ -f "$icon" ]] || die "no icon in the bundle ($icon)"
"$PY" - "$icon" "$PKG/usr/share/icons/hicolor" <<'EOF'
import sys
from pathlib import Path

import cv2

src, root = Path(sys.argv[1]), Path(sys.argv[2])
image = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
if image is None:
    sys.exit(f"cannot read the icon {src}")
for size in (32, 48, 64, 128, 256, 512):
    out = root / f"{size}x{size}" / "apps" / "cxr-triage.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out), cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA))
EOF

# The lowest glibc the bundled binaries need: the package must not install where it cannot run.
glibc="$( { find "$PKG/opt/$APP" -type f \( -name '*.so*' -o -name "$APP" \) -exec objdump -T {} + \
    2>/dev/null || true; } | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1 || true)"
depends="libc6 (>= ${glibc:-2.28}), $DEB_DEPENDS"
installed_kb="$(du -sk "$PKG" --exclude=DEBIAN | cut -f1)"
cat > "$PKG/DEBIAN/control" <<EOF
Package: $APP
Version: $VERSION
Section: science
Priority: optional
Architecture: $ARCH
Installed-Size: $installed_kb
Depends: $depends
Maintainer: CXR Triage maintainers <cxr-triage@localhost>
Description: offline chest X-ray pneumonia triage (assistive, not a diagnosis)
 CXR Triage orders a folder of chest radiographs (JPEG, PNG, BMP, TIFF, DICOM) by the
 model's estimated probability of pneumonia and shows a heatmap of the regions that drove
 each score. It runs fully offline on the CPU. It is an assistive triage aid, not a
 diagnosis: a clinician reads every image.
 .
 Run "cxr-triage --selftest" after installing to check the installation.
EOF
chmod -R u+rwX,go+rX,go-w "$PKG"
t0=$SECONDS
case "$COMPRESS" in
    xz) zopts=(-Zxz -z9) ;;  # a 64 MiB window: shared code across the libraries, ~3% smaller
    zstd) zopts=(-Zzstd -z3) ;;
    gzip) zopts=(-Zgzip) ;;
    *) die "--compress must be xz, zstd or gzip" ;;
esac
dpkg-deb --root-owner-group "${zopts[@]}" --build "$PKG" "$DEB" >/dev/null
echo "dpkg-deb ($COMPRESS): $((SECONDS - t0)) s"
echo "package: $(du -h "$DEB" | cut -f1)  $DEB"
echo "  Depends: $depends"
echo "total: $((SECONDS - start)) s"
