#!/usr/bin/env bash
# Builds the Kotlin binding from a fresh clone, installing what it lacks:
#   1. kotlinc (npm package kotlin-compiler) under .tools/, when it is not there;
#   2. libqgx_kotlin.so (profile kotlin-release) and the workspace's uniffi-bindgen, then the
#      generated Kotlin under target/qgx-kotlin/generated/;
#   3. the jar target/qgx-kotlin/qgx-kotlin.jar: the generated binding, and with --test also the
#      tests, the benchmark and examples/kotlin (skipped when none of them changed).
#   bindings-kotlin/build.sh            # for apps: the library without the test-only panic probe
#   bindings-kotlin/build.sh --test     # what test.sh runs (the library with `panic-probe`)
# Needs JDK 17+, node/npm, and JNA from Debian's libjna-java (/usr/share/java/jna.jar, or set
# JNA_JAR). Honours CARGO_TARGET_DIR. Prints the paths it built on stdout.
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
TEST=0
[ "${1:-}" = "--test" ] && TEST=1

say() { echo "kotlin: $*" >&2; }
fail() {
    say "$1"
    exit 1
}
cd "$ROOT"

# 1. Tools.
if [ ! -x "$KOTLINC" ] || [ ! -f "$STDLIB" ]; then
    command -v npm >/dev/null || fail "npm not found (node/npm install kotlin-compiler)"
    say "installing kotlin-compiler@$KOTLIN_VERSION (npm pack) under .tools/"
    tmp="$ROOT/.tools/.kotlin-compiler-$KOTLIN_VERSION.partial"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$tmp" && npm pack --silent "kotlin-compiler@$KOTLIN_VERSION" >/dev/null &&
        tar xzf "kotlin-compiler-$KOTLIN_VERSION.tgz" && rm -f "kotlin-compiler-$KOTLIN_VERSION.tgz") ||
        fail "npm pack kotlin-compiler@$KOTLIN_VERSION failed"
    chmod +x "$tmp/package/bin/"* 2>/dev/null || true
    rm -rf "$TOOLS" && mv "$tmp" "$TOOLS"
fi
[ -f "$JNA" ] || fail "JNA not found at $JNA (apt-get install libjna-java, or set JNA_JAR)"
command -v java >/dev/null || fail "java not found (JDK 17+)"

# 2. The library and the generated bindings.
FEATURES=()
[ "$TEST" = 1 ] && FEATURES=(--features panic-probe)
say "building libqgx_kotlin.so (kotlin-release${FEATURES[*]:+, panic-probe}) and uniffi-bindgen"
cargo build --quiet -p qgx-kotlin --lib --profile kotlin-release "${FEATURES[@]}" ||
    fail "cargo build -p qgx-kotlin failed"
cargo build --quiet -p uniffi-bindgen || fail "cargo build -p uniffi-bindgen failed"
rm -rf "$OUT/generated"
"$TARGET/debug/uniffi-bindgen" generate --library "$LIBDIR/libqgx_kotlin.so" --language kotlin \
    --no-format --out-dir "$OUT/generated" >/dev/null || fail "uniffi-bindgen generate failed"

# 3. Compile, unless nothing changed.
SOURCES=("$OUT/generated/cn/edu/qgx/qgx_kotlin.kt")
if [ "$TEST" = 1 ]; then
    SOURCES+=("$ROOT"/bindings-kotlin/tests/*.kt "$ROOT"/bindings-kotlin/bench/*.kt "$ROOT"/examples/kotlin/*.kt)
fi
STAMP="$( (echo "$KOTLIN_VERSION $JNA $TEST"; cat "${SOURCES[@]}") | sha256sum | cut -d' ' -f1)"
if [ -f "$JAR" ] && [ "$(cat "$OUT/jar.stamp" 2>/dev/null)" = "$STAMP" ]; then
    say "sources unchanged: reusing $JAR"
else
    say "compiling ${#SOURCES[@]} Kotlin files with kotlinc $KOTLIN_VERSION"
    rm -f "$OUT/jar.stamp"
    "$KOTLINC" -nowarn -cp "$JNA" "${SOURCES[@]}" -d "$JAR" || fail "kotlinc failed"
    echo "$STAMP" >"$OUT/jar.stamp"
fi
echo "library:   $LIBDIR/libqgx_kotlin.so"
echo "generated: $OUT/generated/cn/edu/qgx/qgx_kotlin.kt"
echo "jar:       $JAR (with $JNA and $STDLIB on the class path)"
