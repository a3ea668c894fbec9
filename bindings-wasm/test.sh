#!/usr/bin/env bash
# The WASM binding's suite (run by ./scripts/test): installs what this machine lacks, idempotently
# (scripts/install.mjs: the wasm32 target, wasm-bindgen-cli of exactly Cargo.lock's version under
# .tools/, the npm dev dependencies from package-lock.json), builds the npm package (npm run
# build: pkg/ and pkg/web/), then runs node --test (every function, errors and paths, the vector
# and hostile corpora, the documented build command into a clean directory, the TypeScript
# example through tsc --noEmit) and the browser test (Playwright on Debian's Chromium).
# Ends with `wasm: N passed, M failed`. The benchmark is separate: npm --prefix bindings-wasm run bench.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TERM_COLOR=never
step() { printf -- '--> wasm: %s\n' "$*"; }

cd bindings-wasm
# What the build needs and this machine lacks (the wasm32 target, wasm-bindgen-cli of exactly
# Cargo.lock's version under .tools/, the npm dev dependencies): the same script npm run build
# calls, so that the documented build command works on a fresh clone too.
step "installing what is missing"
node scripts/install.mjs

step "building the package"
npm run --silent build

mkdir -p test-results
pass=0; fail=0; status=0
step "node --test"
if node --test --test-reporter=tap test/ > test-results/node-test.tap 2>&1; then :; else status=1; fi
grep -E '^not ok' test-results/node-test.tap | head -n 20 || true
p=$(awk '/^# pass /{print $3}' test-results/node-test.tap | tail -n 1)
f=$(awk '/^# fail /{print $3}' test-results/node-test.tap | tail -n 1)
echo "node --test: ${p:-0} passed, ${f:-0} failed"
pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
if [ -z "${p:-}" ]; then tail -n 30 test-results/node-test.tap; fail=$((fail + 1)); fi

step "browser test (Chromium headless)"
if node test/browser/form.mjs > test-results/browser.log 2>&1; then :; else status=1; fi
grep -E '^(ok|not ok)|^  ' test-results/browser.log || true
p=$(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' test-results/browser.log)
f=$(sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' test-results/browser.log)
if [ -z "$p" ]; then tail -n 20 test-results/browser.log; p=0; f=1; fi
pass=$((pass + p)); fail=$((fail + f))

echo "wasm: ${pass} passed, ${fail} failed"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
