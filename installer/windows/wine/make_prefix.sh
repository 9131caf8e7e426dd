#!/usr/bin/env bash
# Create (or refresh) a 64-bit Wine prefix that behaves like a plain Windows 10 PC for CXR Triage:
# Windows 10 version, crash dialogs off (a crash prints and exits instead of waiting in winedbg),
# no Mono/Gecko prompts, and the two stand-in DLLs from build_shims.sh in system32.
#
#   bash installer/windows/wine/make_prefix.sh PREFIX SHIM_DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=wine_env.sh
source "$HERE/wine_env.sh"
PREFIX="$1"
SHIM_DIR="$2"
export WINEPREFIX="$PREFIX"

key="$(wine --version) $(cat "$SHIM_DIR/.key")"
if [[ -f "$PREFIX/.cxr-prefix" && "$(cat "$PREFIX/.cxr-prefix")" == "$key" ]]; then
    echo "prefix: cached ($PREFIX)"
    exit 0
fi
mkdir -p "$PREFIX"
wineboot --init </dev/null 2>&1 | cat
wineserver --wait
win "$PREFIX" winecfg /v win10 >/dev/null
win "$PREFIX" reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Auto /t REG_SZ /d 1 /f >/dev/null
win "$PREFIX" reg add 'HKCU\Software\Wine\DllOverrides' /v ucrtbase /t REG_SZ /d native,builtin /f >/dev/null
win "$PREFIX" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null

system32="$PREFIX/drive_c/windows/system32"
# Keep Wine's own UCRT as ucrtwine.dll (the stand-in forwards to it). Only a builtin is copied:
# a refresh must not copy our stand-in over it.
if grep -q "Wine builtin DLL" "$system32/ucrtbase.dll"; then
    cp "$system32/ucrtbase.dll" "$system32/ucrtwine.dll"
fi
grep -q "Wine builtin DLL" "$system32/ucrtwine.dll" || { echo "make_prefix.sh: no builtin ucrtwine.dll" >&2; exit 1; }
cp "$SHIM_DIR/ucrtbase.dll" "$SHIM_DIR/icuuc.dll" "$system32/"
wineserver --wait
echo "$key" >"$PREFIX/.cxr-prefix"
echo "prefix: ready ($PREFIX, $(win "$PREFIX" winecfg /v | tr -d '\r'))"
