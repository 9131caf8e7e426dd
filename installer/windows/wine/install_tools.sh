#!/usr/bin/env bash
# Debian packages for the Wine build of the Windows installer (run as root, once per machine):
# Wine 8 (64-bit, plus 32-bit for Inno Setup's ISCC.exe), mingw-w64 for the two stand-in DLLs,
# Xvfb and xdotool for the silent install and the viewer, unzip, and npm for Inno Setup.
set -uo pipefail
dpkg --add-architecture i386
# A mirror mid-sync can fail one index (seen for the i386 security index): go on with the rest.
apt-get update || echo "install_tools.sh: apt-get update reported an error; trying the install anyway" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    wine wine64 wine32:i386 gcc-mingw-w64-x86-64 xvfb xauth xdotool unzip npm
