#!/usr/bin/env bash
# Builds the wheel from this checkout, installs it (not editable) into a new virtual
# environment outside the checkout, and runs cspdesk from there: demo, check, screenshot.
# A package or resource missing from the wheel fails here, not on an officer's laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m pip wheel -q --disable-pip-version-check --no-deps -w "$work/dist" .
rm -rf build ./*.egg-info
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements.lock
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$work"/dist/*.whl
cd "$work"  # away from the checkout, so nothing is imported from it
export QT_QPA_PLATFORM=offscreen
venv/bin/cspdesk demo demo.sqlite
venv/bin/cspdesk check --db demo.sqlite
venv/bin/cspdesk screenshot --db demo.sqlite --out shots
count=$(ls shots/*.png | wc -l)
[ "$count" -ge 4 ] || { echo "check_wheel: only $count screenshots were written" >&2; exit 1; }
venv/bin/python - <<'PY'
import cspdesk, ui
from pathlib import Path
assert "site-packages" in cspdesk.__file__ and "site-packages" in ui.__file__, (cspdesk.__file__, ui.__file__)
print("check_wheel: cspdesk and ui imported from", Path(cspdesk.__file__).parent.parent)
PY
echo "check_wheel: the installed wheel works ($count screenshots)."
