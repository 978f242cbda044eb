#!/usr/bin/env bash
# Builds the one-folder program with build.spec and runs it for real: writes the demo
# database, checks it, and renders every tab offscreen. Run after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.lock
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath "$work/dist" \
  --workpath "$work/build" build.spec
app="$work/dist/cspdesk/cspdesk"
"$app" --version
"$app" demo "$work/demo.sqlite"
"$app" check --db "$work/demo.sqlite"
QT_QPA_PLATFORM=offscreen "$app" screenshot --db "$work/demo.sqlite" --out "$work/shots"
for tab in meetings performance priorities safer-streets; do
  test -s "$work/shots/$tab.png" || { echo "smoke: no screenshot of the $tab tab" >&2; exit 1; }
done
echo "smoke: the frozen program works ($(du -sh "$work/dist/cspdesk" | cut -f1))"
