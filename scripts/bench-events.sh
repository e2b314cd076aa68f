#!/usr/bin/env bash
# Benchmark (not a test) for issue #19: events in a map view. Loads 100,000 synthetic organisations
# and 10,000 upcoming events into a fresh SQLite file, starts the release server on loopback and
# runs wrk at 16 and 64 connections against the events the map's events layer asks for.
# Prints a Markdown table for BENCHMARKS.md. Usage: scripts/bench-events.sh [orgs] [events] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
events=${2:-10000}
seconds=${3:-20}
port=${BENCH_PORT:-18081}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p solidarity-map
bin=target/release/solidarity-map
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/bench.sqlite3"
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT

"$bin" seed-demo --count "$count" --events "$events" 2> "$dir/seed.log"
READ_BURST=0 "$bin" serve --bind "127.0.0.1:$port" 2> "$dir/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# What the layer asks when turned on over a city, a country and a continent (this month).
month_end=$(date -u -d '+30 days' +%Y-%m-%d)
city="/api/v1/events?bbox=-0.51,51.28,0.33,51.69&to=$month_end"
country="/api/v1/events?bbox=-5.2,41.3,9.6,51.1&to=$month_end"
europe="/api/v1/events?bbox=-25,34,45,72&to=$month_end"
world="/api/v1/events?bbox=-180,-85,180,85"
for name in city country europe world; do
  path=${!name}
  echo "$name: $(curl -s "http://127.0.0.1:$port$path" | grep -o '"slug":"[^"]*","title"' | wc -l) events on the first page, $(curl -s "http://127.0.0.1:$port$path" | wc -c) bytes"
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "$(tail -1 "$dir/seed.log")"
echo
echo "| query | connections | p50 | p99 | requests/s | errors |"
echo "| --- | --- | --- | --- | --- | --- |"
for name in city country europe world moving; do
  path=${!name:-/}
  script=()
  # `moving`: a new view on every request (scripts/bench-events-views.lua), never a prepared answer.
  [ "$name" = moving ] && script=(-s scripts/bench-events-views.lua)
  for connections in 16 64; do
    out=$(MONTH_END=$month_end wrk -t2 -c"$connections" -d"${seconds}s" --latency "${script[@]}" -H "Accept-Encoding: br" "http://127.0.0.1:$port$path")
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    echo "| $name | $connections | $p50 | $p99 | $rps | ${errors:-0} |"
  done
done
