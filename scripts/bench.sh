#!/usr/bin/env bash
# Benchmark (not a test): loads 100,000 synthetic organisations into a fresh SQLite file, then
# measures two queries over loopback with wrk at 16 and 64 connections. Prints a Markdown table
# for BENCHMARKS.md. Usage: scripts/bench.sh [count] [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
seconds=${2:-20}
port=${BENCH_PORT:-18080}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p solidarity-map
bin=target/release/solidarity-map
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/bench.sqlite3"
# A data key of its own (issue #20), as an operator's would be.
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT

start=$(date +%s.%N)
"$bin" seed-demo --count "$count" 2> "$dir/seed.log"
end=$(date +%s.%N)
load_seconds=$(awk "BEGIN {printf \"%.2f\", $end - $start}")
READ_BURST=0 "$bin" serve --bind "127.0.0.1:$port" --static-dir web/dist 2> "$dir/server.log" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

city="/api/v1/organizations?bbox=-0.51,51.28,0.33,51.69"
country="/api/v1/organizations.geojson?country=FR"
clusters_world="/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=2"
clusters_city="/api/v1/map/clusters?bbox=-0.51,51.28,0.33,51.69&zoom=11"
# Issue #15: the list partner sites and the pages read, and the server-rendered map page.
world_list="/api/v1/organizations?bbox=-180,-90,180,90&limit=100"
map_page="/"
map_page_jerusalem="/?lang=ar&at=31.7767,35.2345,13"
echo "city bbox query returns $(curl -s "http://127.0.0.1:$port$city&limit=500" | grep -o '"slug"' | wc -l) organisations (first page of 500 max)"
echo "country GeoJSON returns $(curl -s "http://127.0.0.1:$port$country" | grep -o '"Feature"' | wc -l) features, $(curl -s "http://127.0.0.1:$port$country" | wc -c) bytes"

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "loaded $count organisations in ${load_seconds}s ($(tail -1 "$dir/seed.log"))"
echo
echo "| query | connections | p50 | p99 | requests/s | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
for name in city country clusters_world clusters_city world_list map_page map_page_jerusalem; do
  path=${!name}
  for connections in 16 64; do
    # As browsers ask: Brotli accepted.
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Accept-Encoding: br" "http://127.0.0.1:$port$path")
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    echo "| $name | $connections | $p50 | $p99 | $rps | ${errors:-0} |"
  done
done

echo
echo "index rebuilds (from the server log):"
grep -o 'rebuilt the public index.*' "$dir/server.log" | sed 's/\x1b\[[0-9;]*m//g' | tail -3

# A change made by another process (the CLI imports one organisation) until the clusters show it.
printf 'name,category,city,country,latitude,longitude,precision\nBenchmark Probe Group,media,Reykjavik,IS,64.14,-21.94,exact\n' > "$dir/probe.csv"
"$bin" import "$dir/probe.csv" > /dev/null
start=$(date +%s%N)
until curl -s "http://127.0.0.1:$port/api/v1/map/clusters?bbox=-180,-85,180,85&zoom=22&q=benchmark%20probe" | grep -q benchmark-probe; do sleep 0.02; done
end=$(date +%s%N)
echo "a change made by another process is visible in the clusters after $(( (end - start) / 1000000 )) ms"

if [ -d web/dist ] && [ -d node_modules/playwright-core ] && command -v chromium >/dev/null; then
  echo
  node scripts/bench-map.mjs "http://127.0.0.1:$port" 5
fi
