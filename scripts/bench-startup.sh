#!/usr/bin/env bash
# Cold start and idle memory of OCOP Desk, side by side with an empty Tauri window built the same
# way (bench/empty-window). Start-up = from spawn until the page's first `ui_ready` call, when the
# process exits (OCOP_EXIT_WHEN_READY=1). Idle memory = PSS and RSS summed over the process tree,
# 5 s after the first screen. Needs Xvfb and hyperfine (apt-get install xvfb hyperfine).
# Usage: scripts/bench-startup.sh [runs]   — prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
# Production builds, as `tauri build` makes them (assets embedded, custom protocol).
cargo build --release -q --bin ocop-desk -p ocop-desk --features tauri/custom-protocol
cargo build --release -q -p ocop-empty-window --features tauri/custom-protocol
cargo build --release -q -p ocop-cli
app=target/release/ocop-desk
empty=target/release/ocop-empty-window
tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/xdg" XDG_CONFIG_HOME="$tmp/xdg-config" XDG_CACHE_HOME="$tmp/xdg-cache"
export OCOP_DATA_DIR="$tmp/data"
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
export DISPLAY=:77
sleep 0.5
# The measured starts are on an existing database with 2,000 producers and the first-start
# choice made, so the first screen is the producers list, as an officer's is.
python3 - "$tmp/producers.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("name,type,tax_code,commune_code,address,phone,representative\n")
    for i in range(2000):
        f.write(f"HTX Chè Tân Cương số {i},Hợp tác xã,{4600000000 + i},05503,Xóm {i},09{i:08d},Nguyễn Thị Hảo\n")
PY
target/release/ocop --data-dir "$OCOP_DATA_DIR" producers import "$tmp/producers.csv" >/dev/null
python3 - "$OCOP_DATA_DIR/ocop.sqlite3" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('setup_done', '1')")
c.commit()
PY
OCOP_EXIT_WHEN_READY=1 "$app" >/dev/null 2>&1 || true
OCOP_EXIT_WHEN_READY=1 hyperfine -N --warmup 2 --runs "$runs" --export-json "$tmp/h.json" \
  -n "empty Tauri window" "$empty" -n "OCOP Desk" "$app" >/dev/null
python3 - "$tmp/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
e, a = r["empty Tauri window"], r["OCOP Desk"]
print("| program | median | mean ± sd | min |")
print("|---|---|---|---|")
for n, x in (("empty Tauri window", e), ("OCOP Desk", a)):
    print(f"| {n} | {x['median']*1000:.0f} ms | {x['mean']*1000:.0f} ± {x['stddev']*1000:.0f} ms | {x['min']*1000:.0f} ms |")
print(f"\nratio OCOP Desk / empty window (median): {a['median']/e['median']:.2f}x")
PY
mem() {  # sums PSS and RSS (kB) of a process and its descendants
  local pids="$1" all="$1" next
  while [ -n "$pids" ]; do
    next=""
    for p in $pids; do next="$next $(pgrep -P "$p" || true)"; done
    pids=$(echo $next); all="$all $pids"
  done
  local pss=0 rss=0
  for p in $all; do
    [ -r /proc/$p/smaps_rollup ] || continue
    pss=$((pss + $(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup)))
    rss=$((rss + $(awk '/^Rss:/{print $2}' /proc/$p/smaps_rollup)))
  done
  echo "$pss $rss $(echo $all | wc -w)"
}
echo
echo "| program | idle PSS (tree) | idle RSS summed | processes |"
echo "|---|---|---|---|"
for pair in "empty Tauri window:$empty" "OCOP Desk:$app"; do
  name="${pair%%:*}"; bin="${pair#*:}"
  "$bin" >/dev/null 2>&1 &
  pid=$!
  sleep 8
  read -r pss rss n < <(mem $pid)
  echo "| $name | $((pss/1024)) MB | $((rss/1024)) MB | $n |"
  kill $pid; wait $pid 2>/dev/null || true
done
