#!/usr/bin/env bash
# The Kotlin binding's test suite, on the JVM:
#   1. installs kotlinc (npm package kotlin-compiler) under .tools/ when it is not there;
#   2. builds libqgx_kotlin.so (profile kotlin-release, with the test-only `panic-probe`) and the
#      workspace's uniffi-bindgen, and generates the Kotlin bindings under target/qgx-kotlin/;
#   3. compiles the generated code, the tests, the benchmark and examples/kotlin with kotlinc
#      (skipped when none of them changed);
#   4. runs the tests (the conformance vectors included), then the example once.
# Ends with `kotlin: N passed, M failed` and a non-zero status on any failure. Needs JDK 17+,
# node/npm, and JNA from Debian's libjna-java (/usr/share/java/jna.jar, or set JNA_JAR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
KOTLIN_VERSION=2.4.20
TOOLS="$ROOT/.tools/kotlin-compiler-$KOTLIN_VERSION"
KOTLINC="$TOOLS/package/bin/kotlinc"
STDLIB="$TOOLS/package/lib/kotlin-stdlib.jar"
JNA="${JNA_JAR:-/usr/share/java/jna.jar}"
LIBDIR="$TARGET/kotlin-release"
OUT="$TARGET/qgx-kotlin"
JAR="$OUT/qgx-kotlin.jar"

say() { echo "kotlin: $*" >&2; }
setup_failed() {
    say "$1"
    echo "kotlin: 0 passed, 1 failed"
    exit 1
}
cd "$ROOT"

# 1. Tools.
if [ ! -x "$KOTLINC" ] || [ ! -f "$STDLIB" ]; then
    say "installing kotlin-compiler@$KOTLIN_VERSION (npm pack) under .tools/"
    tmp="$ROOT/.tools/.kotlin-compiler-$KOTLIN_VERSION.partial"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$tmp" && npm pack --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null &&
        tar xzf "kotlin-compiler-$KOTLIN_VERSION.tgz" && rm -f "kotlin-compiler-$KOTLIN_VERSION.tgz") ||
        setup_failed "npm pack kotlin-compiler@$KOTLIN_VERSION failed"
    chmod +x "$tmp/package/bin/"* 2>/dev/null || true
    rm -rf "$TOOLS" && mv "$tmp" "$TOOLS"
fi
[ -f "$JNA" ] || setup_failed "JNA not found at $JNA (apt-get install libjna-java, or set JNA_JAR)"
command -v java >/dev/null || setup_failed "java not found (JDK 17+)"

# 2. The library and the generated bindings.
say "building libqgx_kotlin.so (kotlin-release) and uniffi-bindgen"
cargo build --quiet -p qgx-kotlin --lib --profile kotlin-release --features panic-probe ||
    setup_failed "cargo build -p qgx-kotlin failed"
cargo build --quiet -p uniffi-bindgen || setup_failed "cargo build -p uniffi-bindgen failed"
rm -rf "$OUT/generated"
"$TARGET/debug/uniffi-bindgen" generate --library "$LIBDIR/libqgx_kotlin.so" --language kotlin \
    --no-format --out-dir "$OUT/generated" >/dev/null || setup_failed "uniffi-bindgen generate failed"

# 3. Compile (the generated binding + tests + benchmark + example), unless nothing changed.
SOURCES=("$OUT/generated/cn/edu/qgx/qgx_kotlin.kt" "$ROOT"/bindings-kotlin/tests/*.kt
    "$ROOT"/bindings-kotlin/bench/*.kt "$ROOT"/examples/kotlin/*.kt)
STAMP="$( (echo "$KOTLIN_VERSION $JNA"; cat "${SOURCES[@]}") | sha256sum | cut -d' ' -f1)"
if [ -f "$JAR" ] && [ "$(cat "$OUT/jar.stamp" 2>/dev/null)" = "$STAMP" ]; then
    say "sources unchanged: reusing $JAR"
else
    say "compiling ${#SOURCES[@]} Kotlin files with kotlinc $KOTLIN_VERSION"
    rm -f "$OUT/jar.stamp"
    "$KOTLINC" -nowarn -cp "$JNA" "${SOURCES[@]}" -d "$JAR" || setup_failed "kotlinc failed"
    echo "$STAMP" >"$OUT/jar.stamp"
fi
CP="$JAR:$JNA:$STDLIB"
JAVA=(java -Djna.library.path="$LIBDIR" -cp "$CP")

# 4. Run the tests, then the example.
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
