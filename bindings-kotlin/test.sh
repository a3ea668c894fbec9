#!/usr/bin/env bash
# Placeholder until the kotlin binding lands: builds nothing yet.
set -euo pipefail
echo "kotlin: binding not built yet"
