#!/usr/bin/env bash
# fuzz/run.sh [SECONDS] — runs every fuzz target for SECONDS each (default 10), one at a time,
# one worker, under AddressSanitizer with debug assertions and overflow checks. Exits non-zero
# when a target crashes (a panic, a failed invariant, a sanitizer report, a timeout or running
# out of memory); the last line is `fuzz: N targets, 0 crashes` or names the crashes.
#
# Installs what it lacks: cargo-fuzz (pinned, from crates.io) under .tools/cargo-fuzz/. The
# nightly toolchain must be there (`cargo +nightly`); it is installed with rustup when missing,
# where rustup can reach its server.
#
# Environment:
#   QGX_FUZZ_TARGETS  targets to run, space-separated (default: all of fuzz/Cargo.toml)
#   QGX_FUZZ_RUNS     stop each target after this many executions too (libFuzzer -runs)
#   QGX_FUZZ_ARGS     more libFuzzer flags
#
# New corpus entries go to fuzz/.work/corpus/<target>/ (not committed); the committed seeds in
# fuzz/corpus/<target>/ are only read. Crash inputs go to fuzz/artifacts/<target>/; the libFuzzer
# log of each target to fuzz/.work/logs/<target>.log.
set -euo pipefail

secs="${1:-10}"
case "$secs" in
'' | *[!0-9]*)
    echo "usage: fuzz/run.sh [SECONDS]" >&2
    exit 2
    ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
CARGO_FUZZ_VERSION=0.13.2
tools="$root/.tools/cargo-fuzz"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: installing the nightly toolchain" >&2
    rustup toolchain install nightly --profile minimal >&2 ||
        {
            echo "fuzz: the nightly toolchain is missing and could not be installed" >&2
            exit 2
        }
fi
if ! "$tools/bin/cargo-fuzz" --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
    echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION into .tools/cargo-fuzz" >&2
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --root "$tools" >&2
fi
export PATH="$tools/bin:$PATH"

if ! python3 "$here/seeds.py" --check >/dev/null 2>&1; then
    echo "fuzz: note: fuzz/corpus or fuzz/dict is older than tests/vectors (python3 fuzz/seeds.py)" >&2
fi

cd "$here"
# The fuzz crate keeps its own target directory (fuzz/target), whatever the caller's
# CARGO_TARGET_DIR (the test command sets one for the workspace): the targets are found there.
unset CARGO_TARGET_DIR
# -a: debug assertions and overflow checks, so that an arithmetic overflow is found too.
cargo +nightly fuzz build -a >&2
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin="$here/target/$host/release"

if [[ -n "${QGX_FUZZ_TARGETS:-}" ]]; then
    read -r -a targets <<<"$QGX_FUZZ_TARGETS"
else
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -vx 'qgx-fuzz')
fi

# A known false leak: glibc's thread-local destructor nodes (see lsan.supp).
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp"

extra=()
[[ -n "${QGX_FUZZ_RUNS:-}" ]] && extra+=("-runs=$QGX_FUZZ_RUNS")
if [[ -n "${QGX_FUZZ_ARGS:-}" ]]; then
    read -r -a more <<<"$QGX_FUZZ_ARGS"
    extra+=("${more[@]}")
fi

crashes=()
for t in "${targets[@]}"; do
    work="$here/.work/corpus/$t"
    log="$here/.work/logs/$t.log"
    mkdir -p "$work" "$here/.work/logs" "$here/artifacts/$t"
    start=$SECONDS
    status=0
    "$bin/$t" "$work" "$here/corpus/$t" \
        -dict="$here/dict" \
        -max_total_time="$secs" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$t/" \
        "${extra[@]}" >"$log" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    corpus="$(find "$work" -type f | wc -l)"
    echo "fuzz: $t: ${runs:-?} runs in $((SECONDS - start)) s, corpus $corpus, exit $status"
    if [[ $status -ne 0 ]]; then
        artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
        echo "fuzz: $t crashed; input: ${artifact:-?}; log: $log" >&2
        grep -m1 -E "panicked at|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|==ERROR" "$log" >&2 || tail -20 "$log" >&2
        crashes+=("$t (${artifact:-see $log})")
    fi
done

if [[ ${#crashes[@]} -eq 0 ]]; then
    echo "fuzz: ${#targets[@]} targets, 0 crashes"
else
    printf -v list '%s; ' "${crashes[@]}"
    echo "fuzz: ${#targets[@]} targets, ${#crashes[@]} crashes: ${list%; }"
    exit 1
fi
