#!/usr/bin/env bash
# Starts OCOP Desk with its embedded default: a local SQLite file in the user's data folder.
# Extra arguments go to the app, e.g. `scripts/start.sh --data-dir /tmp/ocop-portable`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
exec cargo run --release --bin ocop-desk -- "$@"
