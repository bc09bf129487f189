#!/usr/bin/env bash
# Set up and run the whole test suite (what CI runs: .ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test
exec python3 -m pytest "$@"
