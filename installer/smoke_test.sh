#!/usr/bin/env bash
# Smoke test of the Linux installer: build it, install the .deb into a temporary root (dpkg -x,
# never system-wide), and run the installed binary offscreen and offline:
#   1. package layout: /opt/cxr-triage, /usr/bin/cxr-triage, desktop entry, icons, no GPL decoder;
#   2. cxr-triage --selftest (model, samples, every DICOM decoder);
#   3. cxr-triage scan of a folder with 2 chest DICOMs (JPEG-LS, JPEG baseline), 2 sample JPEGs
#      and one broken file, then the CSV is checked;
#   4. the viewer starts, scans the bundled samples and saves a screenshot, which must show a
#      painted window (installer/check_screenshot.py: not black, not one flat colour);
#   5. cxr-triage calibrate --plot on 8 + 8 read images (matplotlib and Pillow are bundled).
# A check that depends on an earlier step that failed prints NOT RUN (not a second FAIL).
#
#   bash installer/smoke_test.sh [--reuse] [--python PY] [--keep] [--no-shared-data]
#
#   --reuse           use the existing dist/cxr-triage_*.deb (or bundle) instead of a clean build
#   --keep            keep the temporary folder (its path is printed) to look at the outputs
#   --no-shared-data  scan only JPEGs (CI without ../shared; the self-test still decodes every
#                     DICOM syntax from its embedded frames)
#
# Reads two chest DICOMs from ../shared/data/dicom (or $CXR_SHARED_DATA), copied to a temp folder.
# Exit 0 when everything passed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${CXR_SHARED_DATA:-$REPO/../shared/data}"
APP="cxr-triage"
REUSE=0
KEEP=0
SHARED=1
BUILD_ARGS=(--compress zstd)
CHECK_PY="$REPO/.venv/bin/python"  # numpy + OpenCV, for the screenshot check
while [[ $# -gt 0 ]]; do
    case "$1" in
        --reuse) REUSE=1; shift ;;
        --keep) KEEP=1; shift ;;
        --no-shared-data) SHARED=0; shift ;;
        --python) BUILD_ARGS+=(--python "$2"); CHECK_PY="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "smoke_test.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

[[ -x "$CHECK_PY" ]] || CHECK_PY="$(command -v python3)"
if ! "$CHECK_PY" -c "import cv2, numpy" 2>/dev/null; then  # the screenshot checks need them
    echo "smoke test: $CHECK_PY has no numpy/OpenCV for the screenshot checks;" \
        "run 'make lint' here once (it makes .venv with them) or pass --python PY" >&2
    exit 2
fi
failures=0
not_run=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
notrun() { echo "NOT RUN  $*"; not_run=$((not_run + 1)); }
die() { echo "smoke_test.sh: error: $*" >&2; exit 1; }

# shellcheck source=mixed_folder.sh
source "$REPO/installer/mixed_folder.sh"
# shellcheck source=licence_guard.sh
source "$REPO/installer/licence_guard.sh"
if [[ $SHARED -eq 1 ]]; then
    missing="$(missing_mixed_dicoms "$DATA" | head -1)"
    [[ -z "$missing" ]] || die "test DICOM not found: $missing (or pass --no-shared-data)"
fi

# ---------------------------------------------------------------- build
start=$SECONDS
deb="$(ls -t "$REPO"/dist/${APP}_*.deb 2>/dev/null | head -1 || true)"
if [[ $REUSE -eq 1 && -n "$deb" ]]; then
    echo "reusing $deb"
else
    if [[ $REUSE -eq 1 ]]; then BUILD_ARGS+=(--reuse); fi
    bash "$REPO/installer/build_linux.sh" "${BUILD_ARGS[@]}"
    deb="$(ls -t "$REPO"/dist/${APP}_*.deb | head -1)"
fi
build_s=$((SECONDS - start))

TMP="$(mktemp -d -t cxr-smoke-XXXXXX)"
cleanup() { if [[ $KEEP -eq 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# ---------------------------------------------------------------- 1. install into a temp root
ROOT="$TMP/root"
dpkg -x "$deb" "$ROOT"
BIN="$ROOT/opt/$APP/$APP"
[[ -x "$BIN" ]] && pass "package installs $BIN" || fail "no executable /opt/$APP/$APP in the package"
link="$(readlink "$ROOT/usr/bin/$APP" || true)"
[[ "$link" == "/opt/$APP/$APP" ]] && pass "/usr/bin/$APP -> $link" || fail "/usr/bin/$APP link is '$link'"
desktop="$ROOT/usr/share/applications/$APP.desktop"
if [[ -f "$desktop" ]] && grep -q "^Exec=$APP" "$desktop" && grep -q "^Icon=$APP" "$desktop"; then
    pass "desktop entry $(basename "$desktop")"
else
    fail "desktop entry missing or without Exec/Icon"
fi
[[ -f "$ROOT/usr/share/icons/hicolor/256x256/apps/$APP.png" ]] && pass "hicolor icons" || fail "no 256x256 icon"
if [[ -n "$(gpl_decoder_in "$ROOT/opt/$APP/_internal")" ]]; then
    fail "GPL-3.0 pylibjpeg-libjpeg is in the package"
else
    pass "no GPL-3.0 pylibjpeg-libjpeg in the package"
fi
control="$(dpkg-deb --field "$deb" Depends)"
[[ "$control" == *libxcb-cursor0* ]] && pass "Depends lists the Qt xcb libraries" || fail "Depends: $control"

# ---------------------------------------------------------------- the environment of the runs
# Offscreen, a throwaway HOME (settings, caches), and no network when the kernel lets us cut it.
export QT_QPA_PLATFORM=offscreen
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_CACHE_HOME="$TMP/home/.cache"
mkdir -p "$HOME"
RUN=()
if unshare -n true 2>/dev/null; then
    RUN=(unshare -n)
    echo "(runs below have no network: unshare -n)"
fi

finish() {
    echo
    echo "bundle: $(du -sh "$REPO/dist/$APP" 2>/dev/null | cut -f1)  package: $(du -h "$deb" | cut -f1)  build: ${build_s} s  total: $((SECONDS - start)) s"
    if [[ $failures -eq 0 ]]; then
        echo "SMOKE TEST: PASS"
        exit 0
    fi
    echo "SMOKE TEST: FAIL ($failures failed, $not_run not run)"
    exit 1
}
if [[ ! -x "$BIN" ]]; then
    for step in "self-test" "scan" "viewer"; do notrun "$step (no installed executable)"; done
    finish
fi

# ---------------------------------------------------------------- 2. self-test
out="$TMP/selftest.txt"
if "${RUN[@]}" "$BIN" --selftest >"$out" 2>&1; then
    pass "--selftest exits 0"
else
    fail "--selftest exits non-zero"
fi
sed 's/^/    | /' "$out"
grep -q "^RESULT: PASS" "$out" && pass "self-test RESULT: PASS" || fail "self-test did not pass"
# Language-independent tokens only (the report follows LANG): the [frozen] mark, the transfer
# syntax UIDs (JPEG-LS lossless, JPEG 2000 lossless) and the decoder package names.
grep -qF "[frozen]" "$out" && pass "self-test ran the frozen bundle" || fail "not the frozen bundle"
grep -q "^PASS .*(1\.2\.840\.10008\.1\.2\.4\.80).*gdcm" "$out" && pass "JPEG-LS decodes through python-gdcm" || fail "gdcm decoder missing"
grep -q "^PASS .*(1\.2\.840\.10008\.1\.2\.4\.90).*pylibjpeg" "$out" && pass "JPEG 2000 decodes through pylibjpeg-openjpeg" || fail "openjpeg plugin missing"
# The compiled catalogues travel with the bundle: the same report in French and in Spanish.
for lang_word in "fr:Autotest de CXR Triage" "es:Autoprueba de CXR Triage"; do
    lang="${lang_word%%:*}"; word="${lang_word#*:}"
    if "${RUN[@]}" "$BIN" --lang "$lang" --selftest 2>&1 | grep -F "$word" >/dev/null; then
        pass "self-test in $lang ($word)"
    else
        fail "self-test not translated into $lang: resources/locale missing from the bundle?"
    fi
done

# ---------------------------------------------------------------- 3. scan a mixed folder
IMAGES="$TMP/images"
OUTDIR="$TMP/out"
mkdir -p "$OUTDIR"
make_mixed_folder "$IMAGES" "$ROOT/opt/$APP/_internal/resources/samples" "$DATA" "$SHARED"
chmod -R a-w "$IMAGES"  # the program must never write into the image folder
touch "$TMP/before-scan"
t0=$SECONDS
scan_ok=0
if "${RUN[@]}" "$BIN" scan "$IMAGES" --csv "$OUTDIR/worklist.csv" --json "$OUTDIR/worklist.json" \
    >"$TMP/scan.txt" 2>&1; then
    scan_ok=1
    pass "scan exits 0 ($((SECONDS - t0)) s)"
else
    fail "scan exits non-zero"
fi
sed 's/^/    | /' "$TMP/scan.txt"
chmod -R u+w "$IMAGES"
if [[ -f "$OUTDIR/worklist.csv" ]]; then
    if python3 "$REPO/installer/check_worklist.py" "$OUTDIR/worklist.csv" \
        --scored "${SCORED[@]}" --failed broken.dcm; then
        pass "worklist CSV content"
    else
        fail "worklist CSV content"
    fi
elif [[ $scan_ok -eq 0 ]]; then
    notrun "worklist CSV content (the scan failed)"
else
    fail "no worklist.csv written"
fi
if [[ -s "$OUTDIR/worklist.json" ]]; then
    pass "worklist JSON written"
elif [[ $scan_ok -eq 0 ]]; then
    notrun "worklist JSON (the scan failed)"
else
    fail "no worklist.json"
fi
extra="$(find "$IMAGES" -newer "$TMP/before-scan" -o -name '*.csv' -o -name '*.json' | head -1)"
[[ -z "$extra" ]] && pass "nothing written into the image folder" || fail "wrote $extra"

# ---------------------------------------------------------------- 4. the viewer
shot="$TMP/window.png"
if timeout 300 "${RUN[@]}" "$BIN" --samples --screenshot "$shot" >"$TMP/gui.txt" 2>&1 && [[ -s "$shot" ]]; then
    pass "viewer starts offscreen and renders the samples ($(du -k "$shot" | cut -f1) KB screenshot)"
    if verdict="$("$CHECK_PY" "$REPO/installer/check_screenshot.py" "$shot" 2>&1)"; then
        pass "the viewer's screenshot is painted: $verdict"
    else
        fail "the viewer's screenshot is not a painted window: $verdict"
    fi
else
    fail "viewer did not render (see below)"
    sed 's/^/    | /' "$TMP/gui.txt"
    notrun "the viewer's screenshot content (no screenshot)"
fi

# ---------------------------------------------------------------- 5. the site-calibration plot
# matplotlib (and the Pillow it writes PNGs with) must be in the bundle: fit a dry-run site
# profile on 8 + 8 read images and check the plot is a real picture.
CAL_SRC="$DATA/kermany-224/train"
if [[ $SHARED -eq 1 && -d "$CAL_SRC/NORMAL" && -d "$CAL_SRC/PNEUMONIA" ]]; then
    for call in NORMAL PNEUMONIA; do
        mkdir -p "$TMP/reads/$call"
        # no `| head` under pipefail: an early-closed pipe (SIGPIPE, exit 141) would end the test
        mapfile -t picked < <(find "$CAL_SRC/$call" -maxdepth 1 -type f -name '*.jpeg' | sort)
        cp "${picked[@]:0:8}" "$TMP/reads/$call/"
    done
    plot="$OUTDIR/calibration.png"
    if "${RUN[@]}" "$BIN" calibrate "$TMP/reads" --dry-run --plot "$plot" >"$TMP/calibrate.txt" 2>&1 \
        && [[ -s "$plot" ]]; then
        if verdict="$("$CHECK_PY" "$REPO/installer/check_screenshot.py" "$plot" 2>&1)"; then
            pass "calibrate --plot draws the site-calibration plot (matplotlib): $verdict"
        else
            fail "the calibration plot is not a picture: $verdict"
        fi
    else
        fail "calibrate --plot failed (see below)"
        sed 's/^/    | /' "$TMP/calibrate.txt"
    fi
else
    echo "(calibration plot not checked: no $CAL_SRC with NORMAL/ and PNEUMONIA/)"
fi

finish
