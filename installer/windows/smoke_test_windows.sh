#!/usr/bin/env bash
# Smoke test of the Windows setup.exe under Wine, in a fresh prefix that stands for a clinic PC
# (Windows 10 with nothing installed: no Python, no Visual C++ runtime):
#   1. silent per-user install (/CURRENTUSER: no admin), Start-menu shortcuts, uninstall entry;
#   2. the installed cxr-triage.exe --selftest;
#   3. cxr-triage.exe scan of a folder on C: whose name has spaces and an accent (2 JPEGs,
#      2 chest DICOMs, 1 broken file), CSV checked, nothing written into the image folder;
#   4. the viewer (CXRTriage.exe, no console) on a virtual screen (Xvfb): its own screenshot of
#      the samples' worklist, then a screenshot of the whole screen with the real window;
#   5. silent uninstall: no program file, shortcut or uninstall entry left.
# Screenshots must show a painted window (installer/check_screenshot.py: not black, not flat).
# A check that depends on an earlier step that failed prints NOT RUN (not a second FAIL).
#
#   bash installer/windows/smoke_test_windows.sh [SETUP.exe] [--keep]
#
# Screenshots and logs go to dist/windows/smoke/. Exit 0 when everything passed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=wine/wine_env.sh
source "$HERE/wine/wine_env.sh"
# shellcheck source=../mixed_folder.sh
source "$REPO/installer/mixed_folder.sh"
DATA="${CXR_SHARED_DATA:-$REPO/../shared/data}"
LINUX_PY="${CXR_BUILD_PYTHON:-$REPO/.venv/bin/python}"
[[ -x "$LINUX_PY" ]] || LINUX_PY="$(command -v python3)"
# the screenshot checks read PNGs with numpy, OpenCV and Pillow (the project's dev environment)
if ! "$LINUX_PY" -c "import cv2, numpy, PIL" 2>/dev/null; then
    echo "smoke test: $LINUX_PY has no numpy/OpenCV/Pillow for the screenshot checks;" \
        "run 'make lint' here once (it makes .venv with them) or set CXR_BUILD_PYTHON" >&2
    exit 2
fi

SETUP=""
KEEP=0
for arg in "$@"; do
    case "$arg" in
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) SETUP="$arg" ;;
    esac
done
[[ -n "$SETUP" ]] || SETUP="$(ls -t "$REPO"/dist/cxr-triage-*-setup.exe 2>/dev/null | head -1)"
[[ -f "$SETUP" ]] || die "no setup.exe (build it: bash installer/windows/build_windows.sh --no-smoke)"

failures=0
not_run=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
notrun() { echo "NOT RUN  $*"; not_run=$((not_run + 1)); }
# painted LABEL PNG: pass when the screenshot shows a painted window, fail when black or flat.
painted() {
    local verdict
    if verdict="$("$LINUX_PY" "$REPO/installer/check_screenshot.py" "$2" 2>&1)"; then
        pass "$1 is painted: $verdict"
    else
        fail "$1 is not a painted window: $verdict"
    fi
}
# find_window REGEX TRIES PAUSE: the id of a visible window whose title matches, or "" at the end.
find_window() {
    local id=""
    for _ in $(seq "$2"); do
        id="$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)"
        [[ -n "$id" ]] && break
        sleep "$3"
    done
    echo "$id"
}
# grab_screen FILE: the whole virtual screen as a PNG (Pillow of the Linux Python).
grab_screen() {
    "$LINUX_PY" -c "import sys; from PIL import ImageGrab; ImageGrab.grab(xdisplay=sys.argv[1]).save(sys.argv[2])" \
        "$DISPLAY" "$1"
}

OUT="$WIN_DIST/smoke"
rm -rf "$OUT"
mkdir -p "$OUT"
CLINIC="$WINE_CACHE/clinic-prefix"
export LC_ALL=C.UTF-8  # file names with accents reach Windows programs as UTF-16 intact
start=$SECONDS

# ---------------------------------------------------------------- a fresh "clinic PC"
say "fresh Wine prefix for the install (Windows 10, no Python)"
WINEPREFIX="$CLINIC" wineserver -k 2>/dev/null || true
rm -rf "$CLINIC"
bash "$HERE/wine/build_shims.sh" "$SHIMS" >/dev/null
preload_amx_shim  # onnxruntime in the installed program may use AMX (see wine/amx_perm.c)
bash "$HERE/wine/make_prefix.sh" "$CLINIC" "$SHIMS" | tail -1
export WINEPREFIX="$CLINIC"
USERDIR="$CLINIC/drive_c/users/$(whoami)"

# A virtual screen: Inno Setup needs one even when silent, and the viewer is a real window.
display=""
for n in $(seq 90 120); do
    if [[ ! -e "/tmp/.X$n-lock" && ! -e "/tmp/.X11-unix/X$n" ]]; then display=":$n"; break; fi
done
[[ -n "$display" ]] || die "no free X display number"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
summary() {
    setup_bytes=$(stat -c %s "$SETUP")
    {
        echo "setup.exe: $((setup_bytes / 1000000)) MB ($setup_bytes bytes)"
        echo "installed size: $(du -sm "$WIN_DIST/cxr-triage" 2>/dev/null | cut -f1) MB (the bundle)"
        echo "install: ${install_s:-?} s  self-test: ${selftest_s:-?} s  scan: ${scan_s:-?} s  viewer: ${viewer_s:-?} s  uninstall: ${uninstall_s:-?} s"
        echo "smoke test total: $((SECONDS - start)) s"
    } | tee "$OUT/summary.txt"
    if [[ $failures -eq 0 ]]; then
        echo "WINDOWS SMOKE TEST: PASS"
        exit 0
    fi
    echo "WINDOWS SMOKE TEST: FAIL ($failures failed, $not_run not run)"
    exit 1
}
cleanup() {
    wineserver -k 2>/dev/null || true
    kill "$XVFB_PID" 2>/dev/null || true
    if [[ $KEEP -eq 0 ]]; then rm -rf "$CLINIC"; else echo "kept the prefix $CLINIC"; fi
}
trap cleanup EXIT
export DISPLAY="$display"
for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X${display#:}" ]] && break; sleep 0.1; done

# ---------------------------------------------------------------- 1. silent per-user install
say "1. silent install for the current user (no admin)"
t0=$SECONDS
INSTDIR="$USERDIR/AppData/Local/Programs/CXR Triage"
SETUP_WIN="$(winpath "$CLINIC" "$SETUP")"
silent=(/VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER '/LOG=C:\cxr-install.log')
# (setup.exe is a 32-bit program: the 64-bit AMX shim is not preloaded into it.)
LD_PRELOAD="" win "$CLINIC" "$SETUP_WIN" "${silent[@]}" >"$OUT/install.txt"
rc=$?
wineserver --wait
install_s=$((SECONDS - t0))
cp "$CLINIC/drive_c/cxr-install.log" "$OUT/install.log" 2>/dev/null || true
grep -q "Install mode root key: HKEY_CURRENT_USER" "$OUT/install.log" 2>/dev/null \
    && pass "per-user install mode (HKEY_CURRENT_USER, no admin rights asked)" \
    || fail "not a per-user install: see $OUT/install.log"
installed=0
if [[ $rc -eq 0 && -f "$INSTDIR/cxr-triage.exe" && -f "$INSTDIR/CXRTriage.exe" ]]; then
    installed=1
    pass "installed per-user into C:\\users\\$(whoami)\\AppData\\Local\\Programs\\CXR Triage in ${install_s} s"
else
    fail "per-user install (exit $rc): see $OUT/install.log"
    tail -20 "$OUT/install.log" 2>/dev/null | sed 's/^/    | /'
fi
BIN_WIN="$(winpath "$CLINIC" "$INSTDIR/cxr-triage.exe")"
GUI_WIN="$(winpath "$CLINIC" "$INSTDIR/CXRTriage.exe")"
MENU="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
[[ -f "$MENU/CXR Triage.lnk" && -f "$MENU/CXR Triage self-test.lnk" ]] \
    && pass "Start-menu shortcuts: CXR Triage, CXR Triage self-test" \
    || fail "Start-menu shortcuts missing in $MENU"
UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{6D1B7C3E-2F4A-4C8B-9E5D-A17F3B2C9D40}_is1'
if win "$CLINIC" reg query "$UNINSTALL_KEY" /v DisplayName | grep -q "CXR Triage"; then
    pass "Apps & features entry (HKCU uninstall key)"
else
    fail "no uninstall entry $UNINSTALL_KEY"
fi
[[ -f "$INSTDIR/NOTICE.txt" ]] && pass "NOTICE.txt installed" || fail "NOTICE.txt missing"
if [[ $installed -eq 0 ]]; then
    for step in "installed self-test" "scan" "viewer" "uninstall"; do
        notrun "$step (the install failed)"
    done
    summary
fi

# ---------------------------------------------------------------- 2. installed self-test
say "2. installed self-test"
t0=$SECONDS
win "$CLINIC" "$BIN_WIN" --selftest >"$OUT/selftest.txt"
rc=$?
selftest_s=$((SECONDS - t0))
grep -av "DXGI" "$OUT/selftest.txt" | tr -d '\r' | sed 's/^/    | /'
[[ $rc -eq 0 ]] && pass "--selftest exits 0 (${selftest_s} s)" || fail "--selftest exits $rc"
grep -q "^RESULT: PASS" "$OUT/selftest.txt" && pass "self-test RESULT: PASS" || fail "self-test did not pass"
grep -qF "[frozen]" "$OUT/selftest.txt" && pass "self-test ran the installed bundle" || fail "not the installed bundle"
grep -q "Windows AMD64" "$OUT/selftest.txt" && pass "Windows CPython (AMD64)" || fail "not Windows CPython"

# ---------------------------------------------------------------- 3. scan a mixed folder
say "3. scan a folder on C: (spaces, accent): JPEG, DICOM, a broken file"
IMAGES="$CLINIC/drive_c/Clinic/Radiographies été (ward 3)"
WORKLISTS="$CLINIC/drive_c/Clinic/Worklists"
mkdir -p "$WORKLISTS"
with_dicom=1
[[ -z "$(missing_mixed_dicoms "$DATA")" ]] || with_dicom=0  # CI without ../shared: JPEGs only
make_mixed_folder "$IMAGES" "$INSTDIR/_internal/resources/samples" "$DATA" "$with_dicom" 2>/dev/null
touch "$OUT/.before-scan"
t0=$SECONDS
win "$CLINIC" "$BIN_WIN" scan "$(winpath "$CLINIC" "$IMAGES")" \
    --csv "$(winpath "$CLINIC" "$WORKLISTS")\\worklist.csv" \
    --json "$(winpath "$CLINIC" "$WORKLISTS")\\worklist.json" >"$OUT/scan.txt"
rc=$?
scan_s=$((SECONDS - t0))
grep -av "DXGI" "$OUT/scan.txt" | tr -d '\r' | sed 's/^/    | /'
[[ $rc -eq 0 ]] && pass "scan exits 0 (${scan_s} s, ${#SCORED[@]} images + 1 broken file)" || fail "scan exits $rc"
worklist_written=0
if [[ -f "$WORKLISTS/worklist.csv" ]]; then
    worklist_written=1
    cp "$WORKLISTS/worklist.csv" "$WORKLISTS/worklist.json" "$OUT/" 2>/dev/null
    if python3 "$REPO/installer/check_worklist.py" "$WORKLISTS/worklist.csv" \
        --scored "${SCORED[@]}" --failed broken.dcm; then
        pass "worklist CSV content (${#SCORED[@]} scored, broken.dcm reported)"
    else
        fail "worklist CSV content"
    fi
    grep -q 'C:\\Clinic\\Radiographies été (ward 3)' "$WORKLISTS/worklist.csv" \
        && pass "CSV keeps the Windows path with drive letter, spaces and accent" \
        || fail "the CSV does not name C:\\Clinic\\Radiographies été (ward 3)"
elif [[ $rc -ne 0 ]]; then
    notrun "worklist CSV content (the scan failed: no worklist.csv)"
else
    fail "the scan exited 0 but wrote no worklist.csv"
fi
extra="$(find "$IMAGES" -newer "$OUT/.before-scan" | head -1)"
[[ -z "$extra" ]] && pass "nothing written into the image folder" || fail "wrote $extra into the image folder"

# ---------------------------------------------------------------- 4. the viewer on a screen
say "4. the viewer (CXRTriage.exe) on a virtual screen"
t0=$SECONDS
win "$CLINIC" "$GUI_WIN" --samples --screenshot 'C:\Clinic\window.png' >"$OUT/viewer.txt"
rc=$?
viewer_s=$((SECONDS - t0))
if [[ $rc -eq 0 && -s "$CLINIC/drive_c/Clinic/window.png" ]]; then
    cp "$CLINIC/drive_c/Clinic/window.png" "$OUT/window.png"
    pass "viewer scans the samples and saves its window (${viewer_s} s): $OUT/window.png"
    painted "the viewer's own screenshot" "$OUT/window.png"
else
    fail "viewer screenshot (exit $rc)"
    tr -d '\r' <"$OUT/viewer.txt" | tail -20 | sed 's/^/    | /'
fi
# The real window on the screen, as a user sees it: open the scanned folder, wait for the window.
# (Through a pipe: a Windows program given a Linux file as its output fails to start under Wine.)
{ WINEPREFIX="$CLINIC" wine "$GUI_WIN" "$(winpath "$CLINIC" "$IMAGES")" </dev/null 2>&1 | cat >"$OUT/viewer-window.txt"; } &
window="$(find_window 'CXR Triage$' 120 1)"
if [[ -n "$window" ]]; then
    sleep 8  # the scan of 5 files and the first image
    if grab_screen "$OUT/screen.png"; then
        pass "window '$(xdotool getwindowname "$window")' on screen: $OUT/screen.png"
        painted "the screen with the window" "$OUT/screen.png"
    else
        fail "could not grab the screen"
    fi
    # File > Open Folder (Ctrl+O): Qt's native Windows folder dialog.
    # (No window manager on Xvfb: the window has the focus already; keys go through XTEST.
    # Wine's dialog is titled "Select Folder": it ignores the title Windows shows.)
    xdotool windowfocus "$window" 2>/dev/null || true
    xdotool key ctrl+o 2>/dev/null || true
    if [[ -n "$(find_window '^(Open a folder of chest X-rays|Select Folder)$' 30 0.5)" ]]; then
        sleep 2
        if grab_screen "$OUT/open-folder-dialog.png"; then
            pass "File > Open Folder shows the Windows folder dialog: $OUT/open-folder-dialog.png"
            painted "the screen with the folder dialog" "$OUT/open-folder-dialog.png"
        else
            fail "could not grab the screen with the folder dialog"
        fi
        xdotool key Escape 2>/dev/null || true
        sleep 1
    else
        fail "Ctrl+O did not open the folder dialog"
    fi
    xdotool windowclose "$window" 2>/dev/null || xdotool key --window "$window" ctrl+q 2>/dev/null || true
    for _ in $(seq 20); do xdotool search --onlyvisible --name 'CXR Triage$' >/dev/null 2>&1 || break; sleep 0.5; done
else
    fail "no CXR Triage window appeared on $DISPLAY within 120 s"
    notrun "File > Open Folder dialog (no window)"
fi
wineserver -k 2>/dev/null || true
wineserver --wait
settings="$(find "$USERDIR/AppData" -iname '*.ini' -path '*CXR*' 2>/dev/null | head -1)"
[[ -n "$settings" ]] && pass "settings in the user profile: ${settings#"$CLINIC/drive_c/"}" \
    || echo "note: no settings file in AppData (nothing was changed)"

# ---------------------------------------------------------------- 5. silent uninstall
say "5. silent uninstall"
t0=$SECONDS
LD_PRELOAD="" win "$CLINIC" "$(winpath "$CLINIC" "$INSTDIR/unins000.exe")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART >"$OUT/uninstall.txt"
wineserver --wait  # the uninstaller re-runs itself from %TEMP%: wait for every process
uninstall_s=$((SECONDS - t0))
if [[ ! -e "$INSTDIR" ]]; then
    pass "uninstall removes the program folder (${uninstall_s} s)"
else
    fail "left behind: $(find "$INSTDIR" | head -5 | tr '\n' ' ')"
fi
[[ ! -e "$MENU/CXR Triage.lnk" && ! -e "$MENU/CXR Triage self-test.lnk" ]] \
    && pass "uninstall removes the shortcuts" || fail "shortcuts left in $MENU"
if win "$CLINIC" reg query "$UNINSTALL_KEY" >/dev/null 2>&1; then
    fail "uninstall entry left: $UNINSTALL_KEY"
else
    pass "uninstall removes the Apps & features entry"
fi
if [[ ! -d "$IMAGES" ]]; then
    fail "the uninstaller removed the user's image folder"
elif [[ $worklist_written -eq 0 ]]; then
    pass "the user's images are untouched"
    notrun "the user's worklist kept by the uninstaller (the scan wrote none)"
elif [[ -f "$WORKLISTS/worklist.csv" ]]; then
    pass "the user's images and worklists are untouched"
else
    fail "the uninstaller removed the user's worklist"
fi

summary
