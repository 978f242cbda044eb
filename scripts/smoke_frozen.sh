#!/usr/bin/env bash
# Builds the one-folder program with build.spec and runs it for real: writes the demo
# database, checks it, renders every tab offscreen, exports the partner workbook and checks
# it back, writes the committee report, imports a police.uk month, and hands a second launch
# to the running window (QtNetwork). Prints the folder's size and fails over 200 MB.
# Run after scripts/setup.sh; CI runs it after the wheel check.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_MB=200
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.lock
# build.spec strips the Linux libraries with binutils' strip.
if ! command -v strip >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends binutils
fi
work=$(mktemp -d)
window=""
trap '[ -z "$window" ] || kill "$window" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "smoke: $*" >&2; exit 1; }

started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath "$work/dist" \
  --workpath "$work/build" build.spec
seconds=$(( $(date +%s) - started ))
size_mb=$(du -sm "$work/dist/cspdesk" | cut -f1)
echo "smoke: built in ${seconds} s; the folder is $(du -sh "$work/dist/cspdesk" | cut -f1) (${size_mb} MB)"
[ "$size_mb" -le "$LIMIT_MB" ] || fail "the frozen program is ${size_mb} MB, over ${LIMIT_MB} MB"

export QT_QPA_PLATFORM=offscreen
app="$work/dist/cspdesk/cspdesk"
db="$work/demo.sqlite"
version=$("$app" --version)
[[ "$version" == *"$(.venv/bin/python -c 'import cspdesk; print(cspdesk.__version__)')"* ]] \
  || fail "--version gives '$version', not cspdesk's version"
"$app" demo "$db"
"$app" check --db "$db"
"$app" screenshot --db "$db" --out "$work/shots"
for tab in meetings performance priorities safer-streets; do
  test -s "$work/shots/$tab.png" || fail "no screenshot of the $tab tab"
done
"$app" export xlsx --db "$db" --out "$work/partners.xlsx" >/dev/null
"$app" import xlsx --dry-run --db "$db" "$work/partners.xlsx" >/dev/null \
  || fail "the exported workbook does not read back"
"$app" report --db "$db" --year 2023/24 --out "$work/report.docx"
.venv/bin/python - "$work/report.docx" <<'PY' || fail "the committee report has no text or no chart"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as docx:
    names = docx.namelist()
    text = docx.read("word/document.xml").decode("utf-8")
sys.exit(not ("2023/24" in text and any(n.startswith("word/media/") for n in names)))
PY
"$app" import police-uk --db "$db" tests/data/policeuk/2023-01.zip | tee "$work/import.txt"
grep -q "imported 1 month (2023-01)" "$work/import.txt" || fail "the police.uk month was not imported"

# The window, then a second launch that must find it through its local socket. A user name of
# its own keeps the socket apart from any cspdesk window already open here.
export USER="cspdesk-smoke-$$" LOGNAME="cspdesk-smoke-$$"
socket="${TMPDIR:-/tmp}/cspdesk-$(printf %s "$USER" | sha256sum | cut -c1-16)"
"$app" --db "$db" >"$work/window.txt" 2>&1 &
window=$!
for _ in $(seq 120); do [ -S "$socket" ] && break; sleep 0.5; done
[ -S "$socket" ] || fail "the window did not open (its output: $(cat "$work/window.txt"))"
second=$(timeout 30 "$app" --db "$db" 2>&1) || true
[[ "$second" == *"brought forward"* ]] || fail "a second launch did not find the window: $second"
kill "$window"
window=""
echo "smoke: the frozen program works (${size_mb} MB, built in ${seconds} s)"
