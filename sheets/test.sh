#!/usr/bin/env bash
# The spreadsheet crate's suite, with the tools no one here wrote present: installs what a fresh
# machine lacks (Debian's LibreOffice Calc, openpyxl in a virtualenv at sheets/.tools/venv),
# then runs `cargo test -p qgx-sheets` with QGX_SHEETS_REQUIRE_TOOLS=1 (so a test that would
# skip for want of a tool fails instead). Among them (tests/external.rs): the annotated copy of
# a template filled by openpyxl, which openpyxl compares with the original (values, fonts,
# widths, drop-downs, fills and notes of the marked cells) and LibreOffice converts.
# Ends with `sheets: N passed, M failed`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/sheets"
VENV="$HERE/.tools/venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v soffice > /dev/null 2>&1; then
  echo "installing LibreOffice Calc (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui > /dev/null 2>&1 \
  || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc > /dev/null
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import openpyxl" > /dev/null 2>&1; then
  echo "installing openpyxl (pip, into sheets/.tools/venv)"
  "$VENV/bin/python" -m pip install --quiet openpyxl
fi

log="$CARGO_TARGET_DIR/sheets-tests.log"
mkdir -p "$CARGO_TARGET_DIR"
set +e
(cd "$ROOT" && QGX_SHEETS_PYTHON="$VENV/bin/python" QGX_SHEETS_REQUIRE_TOOLS=1 \
  cargo test --locked -p qgx-sheets 2>&1) | tee "$log" | grep -E '^test result|FAILED|panicked' 
status=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a build failure counts as one
  tail -n 30 "$log"
fi
echo "sheets: $passed passed, $failed failed"
[ "$status" -eq 0 ]
