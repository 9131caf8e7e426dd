#!/usr/bin/env bash
# Debian packages for the Wine build of the Windows installer (run as root, once per machine):
# Wine 8 (64-bit, plus 32-bit for Inno Setup's ISCC.exe), mingw-w64 for the stand-in DLLs, gcc
# for the AMX preload shim, Xvfb, xauth and xdotool for the silent install and the viewer, unzip,
# and npm for Inno Setup.
#
# Only what is missing is installed (wine_env.sh: need_tools), so a host that already has the
# tools needs no apt at all, and an npm already on PATH is used as it is: NodeSource's nodejs
# ships its own npm and declares `Conflicts: npm`, so asking apt for Debian's npm would fail.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=wine_env.sh
source "$HERE/wine_env.sh"

mapfile -t missing < <(need_tools | sed '/^$/d')
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install_tools.sh: every tool is present (npm: $(command -v npm)); nothing to install"
    exit 0
fi
echo "install_tools.sh: installing ${missing[*]}"
[[ $(id -u) -eq 0 ]] || { echo "install_tools.sh: run as root (apt-get)" >&2; exit 1; }
if [[ " ${missing[*]} " == *":i386 "* ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
fi
# A mirror mid-sync can fail one index (seen for the i386 security index): go on with the rest.
apt-get update || echo "install_tools.sh: apt-get update reported an error; trying the install anyway" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" || exit 1
mapfile -t still < <(need_tools | sed '/^$/d')
if [[ ${#still[@]} -gt 0 ]]; then
    echo "install_tools.sh: still missing after apt-get: ${still[*]}" >&2
    exit 1
fi
