#!/usr/bin/env bash
# Sets cspdesk up on a fresh Debian or Ubuntu machine, and is quick to run again:
#   - the Debian libraries Qt needs (offscreen always; with a real window unless --headless),
#   - a virtual environment in .venv holding exactly the versions in requirements.lock,
#   - cspdesk itself, installed from this checkout.
# On Windows, see the README (python -m venv, then pip install as below).
set -euo pipefail
cd "$(dirname "$0")/.."

# Offscreen Qt needs exactly these (shared/STACK.md); a real window needs the xcb set too.
QT_OFFSCREEN="libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3"
QT_WINDOW="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
           libxcb-render-util0 libxcb-shape0 libxcb-xkb1"
packages="$QT_OFFSCREEN"
[ "${1:-}" = "--headless" ] || packages="$packages $QT_WINDOW"

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: cspdesk needs Python 3.11 or newer (found $(python3 --version 2>&1))." >&2
  exit 2
}
python3 -c 'import ensurepip, venv' 2>/dev/null || packages="$packages python3-venv"

if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
  missing=""
  for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
echo "setup: ready (.venv/bin/cspdesk)"
