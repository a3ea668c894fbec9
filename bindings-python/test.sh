#!/usr/bin/env bash
# Placeholder until the python binding lands: builds nothing yet.
set -euo pipefail
echo "python: binding not built yet"
