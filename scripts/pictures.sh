#!/usr/bin/env bash
# Renders every sample document (ocop-pdf's fixtures) and keeps pages 1-2 of each as PNG under
# tests/pictures/, for a person to look at. The ocop-papers test refreshes tests/pictures/papers-*.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run -q -p ocop-pdf --example render_all -- "$out"
rm -f tests/pictures/pdf-*.png
for pdf in "$out"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -png -r 110 -f 1 -l 2 "$pdf" "tests/pictures/pdf-$name"
done
ls tests/pictures
