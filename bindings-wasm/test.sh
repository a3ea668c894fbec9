#!/usr/bin/env bash
# Placeholder until the wasm binding lands: builds nothing yet.
set -euo pipefail
echo "wasm: binding not built yet"
