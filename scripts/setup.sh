#!/usr/bin/env bash
# Installs what OCOP Desk needs to build, run and test, only where it is missing.
# Debian 12 / Ubuntu 22.04+: apt packages (with sudo when not root), Node packages (npm ci),
# tauri-driver (cargo install, cached under target/tools). Idempotent and quiet when all is there.
#
# Usage: scripts/setup.sh [run|test]   (default: run)
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-run}"

need_apt=()
check_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$1"); }

if command -v dpkg-query >/dev/null 2>&1; then
  for p in build-essential pkg-config libwebkit2gtk-4.1-dev fonts-liberation2; do check_pkg "$p"; done
  if [ "$want" = test ]; then
    for p in webkit2gtk-driver xvfb xauth poppler-utils qpdf zbar-tools imagemagick; do check_pkg "$p"; done
  fi
  if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing apt packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian/Ubuntu system; see README for Windows/macOS prerequisites" >&2
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing. Install it from https://rustup.rs (stable toolchain), then re-run." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: Node.js (>= 18) and npm are missing. Install them (Debian: apt-get install nodejs npm), then re-run." >&2
  exit 1
fi

if [ "$want" = test ]; then
  if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/webdriverio ]; then
    echo "setup: installing Node packages (npm ci --ignore-scripts)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  fi
  if [ ! -x target/tools/bin/tauri-driver ]; then
    echo "setup: installing tauri-driver 2.1.0 into target/tools"
    cargo install tauri-driver --locked --version 2.1.0 --root target/tools --quiet
  fi
fi
