#!/usr/bin/env bash
# Runs every test of OCOP Desk: formatting, lints, all Rust tests, the UI type check and the
# end-to-end journeys in the real window under Xvfb. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { echo; echo "==> $*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (all Rust tests)"
cargo test --workspace

step "UI type check (tsc --noEmit --checkJs)"
npx tsc -p ui/jsconfig.json

step "end-to-end tests (real window under Xvfb, tauri-driver + WebKitWebDriver)"
cargo build --workspace --bins
node --test --test-concurrency=1 tests/e2e/
