#!/usr/bin/env bash
# Per-call overhead and batch throughput of the Kotlin binding through JNA, next to the same calls
# made natively in Rust (the binding's Rust functions, and the core's). Not part of test.sh.
#   bindings-kotlin/bench.sh [BATCH]      (default batch: 1000 reports)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
BATCH="${1:-1000}"
STDLIB="$ROOT/.tools/kotlin-compiler-2.4.20/package/lib/kotlin-stdlib.jar"
JNA="${JNA_JAR:-/usr/share/java/jna.jar}"

# test.sh builds the library, generates the bindings and compiles bench/Bench.kt into the jar.
"$ROOT/bindings-kotlin/test.sh" >/dev/null 2>&1 || { echo "bench: bindings-kotlin/test.sh failed; run it to see why" >&2; exit 1; }
cd "$ROOT"
echo "== $(date -u +%Y-%m-%d) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · $(nproc) CPUs"
cargo run --quiet -p qgx-kotlin --profile kotlin-release --features panic-probe --example kotlin_native_bench -- "$ROOT" "$BATCH"
echo
java -Djna.library.path="$TARGET/kotlin-release" -cp "$TARGET/qgx-kotlin/qgx-kotlin.jar:$JNA:$STDLIB" \
    qgxbench.BenchKt "$ROOT" "$BATCH"
