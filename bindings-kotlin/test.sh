#!/usr/bin/env bash
# The Kotlin binding's test suite, on the JVM:
#   1. build.sh --test: installs kotlinc under .tools/ when it is not there, builds
#      libqgx_kotlin.so (with the test-only `panic-probe`) and uniffi-bindgen, generates the
#      Kotlin bindings and compiles them with the tests, the benchmark and examples/kotlin;
#   2. runs the tests (the conformance vectors and the hostile corpus included), then the example.
# Ends with `kotlin: N passed, M failed` and a non-zero status on any failure. Needs JDK 17+,
# node/npm, and JNA from Debian's libjna-java (/usr/share/java/jna.jar, or set JNA_JAR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
STDLIB="$ROOT/.tools/kotlin-compiler-2.4.20/package/lib/kotlin-stdlib.jar"
JNA="${JNA_JAR:-/usr/share/java/jna.jar}"
LIBDIR="$TARGET/kotlin-release"
OUT="$TARGET/qgx-kotlin"
JAR="$OUT/qgx-kotlin.jar"

say() { echo "kotlin: $*" >&2; }
cd "$ROOT"

if ! "$ROOT/bindings-kotlin/build.sh" --test >/dev/null; then
    echo "kotlin: 0 passed, 1 failed"
    exit 1
fi
CP="$JAR:$JNA:$STDLIB"
JAVA=(java -Djna.library.path="$LIBDIR" -cp "$CP")

# 2. Run the tests, then the example.
passed=0
failed=0
say "running the tests (two deliberate Rust panics print their message below)"
set +e
RUST_BACKTRACE=0 "${JAVA[@]}" qgxtest.QgxTestKt "$ROOT" | tee "$OUT/test.log"
status=${PIPESTATUS[0]}
set -e
line="$(grep -E '^kotlin tests: [0-9]+ passed, [0-9]+ failed$' "$OUT/test.log" | tail -n 1 || true)"
if [ -n "$line" ]; then
    passed="$(echo "$line" | sed -E 's/^kotlin tests: ([0-9]+) passed.*/\1/')"
    failed="$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')"
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the JVM died before its summary
fi

say "running examples/kotlin (ReportFlow)"
set +e
example="$("${JAVA[@]}" qgxexample.ReportFlowKt 2025-07-15 2>&1)"
estatus=$?
set -e
echo "$example"
if [ "$estatus" -eq 0 ] && grep -q "材料齐全" <<<"$example" && grep -q "下一次报送截止：2025-08-31" <<<"$example" &&
    grep -q "已到期 3 年，按时且完整 2 年，逾期未报 0 年" <<<"$example"; then
    passed=$((passed + 1))
else
    say "FAIL the example (status $estatus)"
    failed=$((failed + 1))
fi

echo "kotlin: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
