#!/usr/bin/env bash
# Build "CXR Triage.app" (PyInstaller BUNDLE, see installer/cxr_triage.spec) and a .dmg on macOS.
#
#   bash installer/macos/build_macos.sh            # uses $CXR_BUILD_PYTHON or python3
#
# Needs, in that Python: `pip install -e . pyinstaller==6.22.3 python-gdcm==3.2.6`.
# Output: dist/CXR Triage.app and dist/cxr-triage-<version>-macos-<arch>.dmg.
# Signing: PyInstaller signs ad hoc (enough to run on the build Mac and, after right-click > Open,
# elsewhere). For distribution set CODESIGN_IDENTITY="Developer ID Application: ..." and notarize
# the .dmg afterwards (xcrun notarytool submit ... --wait; xcrun stapler staple ...).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${CXR_BUILD_PYTHON:-python3}"
cd "$REPO"
[[ "$(uname -s)" == "Darwin" ]] || { echo "build_macos.sh: run this on macOS" >&2; exit 1; }

VERSION="$("$PY" -c 'import sys; sys.path.insert(0, "installer"); import spec_config; print(spec_config.project_version())')"
APP_BUNDLE="dist/CXR Triage.app"
rm -rf build/pyinstaller "dist/cxr-triage" "$APP_BUNDLE"
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    installer/cxr_triage.spec

if [[ -e "$APP_BUNDLE/Contents/Frameworks/libjpeg" ]]; then
    echo "build_macos.sh: GPL-3.0 pylibjpeg-libjpeg is in the bundle" >&2
    exit 1
fi
if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP_BUNDLE"
fi

# The frozen program must pass its own self-test before it is packaged.
QT_QPA_PLATFORM=offscreen "$APP_BUNDLE/Contents/MacOS/cxr-triage" --selftest

STAGE="build/dmg"
DMG="dist/cxr-triage-${VERSION}-macos-$(uname -m).dmg"
rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
ditto "$APP_BUNDLE" "$STAGE/CXR Triage.app"
ln -s /Applications "$STAGE/Applications"  # drag-and-drop install
hdiutil create -volname "CXR Triage" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
echo "app: $(du -sh "$APP_BUNDLE" | cut -f1)  dmg: $(du -h "$DMG" | cut -f1)  $DMG"
