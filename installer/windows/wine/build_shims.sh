#!/usr/bin/env bash
# Build the two stand-in DLLs for the Wine prefixes (never for the bundle) into OUT_DIR:
#   ucrtbase.dll  Wine's own UCRT with working C99 complex functions (crt_complex.c): every other
#                 export forwards to ucrtwine.dll, the prefix's builtin ucrtbase.dll renamed;
#   icuuc.dll     "no legacy converters" for Qt6Core (icuuc_stub.c);
#   libcxr-amx-perm.so  a Linux LD_PRELOAD shim (amx_perm.c, built by the host's gcc) that asks
#                 the kernel for AMX in every Wine process (wine_env.sh: preload_amx_shim).
# Rebuilt only when a source or Wine's ucrtbase changes.
#
#   bash installer/windows/wine/build_shims.sh OUT_DIR
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$1"
mkdir -p "$OUT"
CC=x86_64-w64-mingw32-gcc
OBJDUMP=x86_64-w64-mingw32-objdump
NM=x86_64-w64-mingw32-nm

builtin="$(ls /usr/lib/*/wine/x86_64-windows/ucrtbase.dll 2>/dev/null | head -1)"
[[ -f "$builtin" ]] || { echo "build_shims.sh: Wine's 64-bit ucrtbase.dll not found" >&2; exit 1; }
key="$(cat "$HERE/crt_complex.c" "$HERE/icuuc_stub.c" "$HERE/amx_perm.c" "$0" "$builtin" | sha256sum | cut -c1-16)"
if [[ -f "$OUT/ucrtbase.dll" && -f "$OUT/icuuc.dll" && -f "$OUT/libcxr-amx-perm.so" \
    && "$(cat "$OUT/.key" 2>/dev/null)" == "$key" ]]; then
    echo "stand-in DLLs: cached"
    exit 0
fi

$CC -O2 -Wall -c "$HERE/crt_complex.c" -o "$OUT/crt_complex.o"
implemented="$($NM "$OUT/crt_complex.o" | awk '$2 == "T" && $3 ~ /^shim_/ { sub("^shim_", "", $3); print $3 }')"
# Every export of Wine's ucrtbase: ours where we implement it, else forwarded to the builtin.
{
    echo "LIBRARY ucrtbase.dll"
    echo "EXPORTS"
    $OBJDUMP -p "$builtin" \
        | awk '/\[Ordinal\/Name Pointer\] Table/ { on = 1; next } on && /^\t\[/ { print $NF } on && /^$/ { on = 0 }' \
        | while read -r name; do
            if grep -qx "$name" <<<"$implemented"; then
                echo "  $name = shim_$name"
            else
                echo "  $name = ucrtwine.$name"
            fi
        done
} >"$OUT/ucrtbase.def"
exports=$(grep -c " = " "$OUT/ucrtbase.def")
[[ $exports -gt 1000 ]] || { echo "build_shims.sh: only $exports ucrtbase exports read" >&2; exit 1; }
$CC -shared -s -O2 -static-libgcc -o "$OUT/ucrtbase.dll" "$OUT/crt_complex.o" "$OUT/ucrtbase.def"
$CC -shared -s -O2 -Wall -o "$OUT/icuuc.dll" "$HERE/icuuc_stub.c"
# The AMX permission shim is a Linux library, for the host's Wine processes (64-bit: AMX exists
# only in 64-bit mode; 32-bit Wine programs such as ISCC.exe run without it).
gcc -shared -fPIC -O2 -Wall -Werror -s -o "$OUT/libcxr-amx-perm.so" "$HERE/amx_perm.c"
echo "$key" >"$OUT/.key"
echo "stand-ins: ucrtbase.dll ($exports exports, $(grep -c shim_ "$OUT/ucrtbase.def") implemented here), icuuc.dll, libcxr-amx-perm.so"
