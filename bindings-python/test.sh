#!/usr/bin/env bash
# The Python binding's suite, run by scripts/test: builds the wheel and installs it into a
# virtualenv of its own (pip install ./bindings-python, maturin being the PEP 517 backend), then
# runs pytest (every function, bad input, pickling, qgx.pandas, the whole tests/vectors corpus),
# mypy.stubtest against the built module, mypy --strict on the package and the examples, and the
# examples themselves on the demo's data (`qgx demo --write target/demo`; summarize_cycle.py also
# on its built-in sample), and a bounded atheris run over the object reader (fuzz/). pytest runs
# with warnings as errors and strict xfail. Ends with `python: N passed, M failed`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/bindings-python"
VENV="$HERE/.venv"
PY="$VENV/bin/python"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
stamp="$(sha256sum "$HERE/requirements-test.txt" | cut -c1-16)"
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$stamp" ]; then
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet -r "$HERE/requirements-test.txt"
  echo "$stamp" > "$VENV/.requirements"
fi

echo "building and installing the wheel (pip install ./bindings-python)"
"$PY" -m pip install --quiet --force-reinstall --no-deps "$HERE"

failed=0
log="$CARGO_TARGET_DIR/python-tests.log"
set +e
(cd "$HERE" && "$PY" -m pytest -q -p no:cacheprovider -W error -o xfail_strict=true tests) 2>&1 | tee "$log" | tail -n 3
[ "${PIPESTATUS[0]}" -eq 0 ] || failed=1
set -e
passed=$( (grep -Eo '[0-9]+ passed' "$log" || echo 0) | tail -1 | grep -Eo '[0-9]+')
nfailed=$( (grep -Eo '[0-9]+ (failed|errors?)' "$log" || true) | awk '{s += $1} END {print s + 0}')

# The checks beyond pytest, each one pass or fail.
extra_pass=0
extra_fail=0
check() {
  local name="$1"; shift
  if "$@" > "$CARGO_TARGET_DIR/python-$name.log" 2>&1; then
    echo "ok: $name"; extra_pass=$((extra_pass + 1))
  else
    echo "FAILED: $name"; cat "$CARGO_TARGET_DIR/python-$name.log"; extra_fail=$((extra_fail + 1))
  fi
}
tmp="$(mktemp -d)"
check stubtest bash -c "cd '$tmp' && '$PY' -m mypy.stubtest qgx._qgx"
check mypy-strict bash -c "cd '$tmp' && '$PY' -m mypy --strict --cache-dir '$tmp/.mypy' -p qgx"
check mypy-strict-example bash -c "cd '$tmp' && '$PY' -m mypy --strict --cache-dir '$tmp/.mypy' '$ROOT/examples/python/score_submissions.py' '$ROOT/examples/python/summarize_cycle.py'"
if [ ! -f "$ROOT/target/demo/summary.json" ]; then
  (cd "$ROOT" && cargo run --quiet --release --locked -p qgx-cli -- demo --write target/demo > /dev/null)
fi
check example env MPLBACKEND=Agg "$PY" "$ROOT/examples/python/score_submissions.py" "$ROOT/target/demo"
head -n 2 "$CARGO_TARGET_DIR/python-example.log"
check example-summary env MPLBACKEND=Agg "$PY" "$ROOT/examples/python/summarize_cycle.py" "$ROOT/target/demo"
head -n 2 "$CARGO_TARGET_DIR/python-example-summary.log"
check example-summary-sample env MPLBACKEND=Agg "$PY" "$ROOT/examples/python/summarize_cycle.py" --sample --out "$tmp/sample"
# The object reader under atheris for a bounded number of runs (QGX_FUZZ_RUNS, default 100,000;
# 0 skips it), its libFuzzer summary printed; a crash leaves its input in $tmp/fuzz.
if "$PY" -c "import atheris" 2> /dev/null; then
  runs="${QGX_FUZZ_RUNS:-100000}"
  if [ "$runs" -gt 0 ]; then
    mkdir -p "$tmp/fuzz"
    check fuzz-objects bash -c "cd '$tmp/fuzz' && '$PY' '$HERE/fuzz/fuzz_objects.py' -atheris_runs=$runs -max_total_time=120 -print_final_stats=1"
    grep -E '^(Done|#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$CARGO_TARGET_DIR/python-fuzz-objects.log" || tail -n 3 "$CARGO_TARGET_DIR/python-fuzz-objects.log"
  fi
else
  echo "FAILED: fuzz-objects (atheris is not installed)"; extra_fail=$((extra_fail + 1))
fi
rm -rf "$tmp"

echo "python: $((passed + extra_pass)) passed, $((nfailed + extra_fail)) failed"
[ "$failed" -eq 0 ] && [ "$extra_fail" -eq 0 ]
