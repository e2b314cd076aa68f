#!/usr/bin/env bash
# Benchmark (not a test) for issue #13, item 5: public list reads while 48 addresses flood the
# sign-in with wrong passwords. Release build, 200 demo entries, the attacker in its own process
# (scripts/signin-flood.py), reads timed with curl, one every 50 ms. Loopback only.
# Usage: scripts/signin-flood-bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
port=${BENCH_PORT:-18081}
cargo build --release -p solidarity-map
bin=target/release/solidarity-map
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/flood.sqlite3"
# A data key of its own (issue #20), as an operator's would be.
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
"$bin" seed-demo --count 200 2> "$dir/seed.log"
READ_BURST=0 TRUSTED_PROXIES=127.0.0.1 MALLOC_ARENA_MAX=2 \
  "$bin" serve --bind "127.0.0.1:$port" 2> "$dir/server.log" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

reads() {
  local n=$1 times=""
  for _ in $(seq "$n"); do
    times="$times $(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/v1/organizations?limit=50")"
    sleep 0.05
  done
  echo $times | tr ' ' '\n' | sort -n |
    awk '{a[NR]=$1*1000} END {printf "%d reads: median %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, a[int(NR/2)], a[int(NR*0.99)], a[NR]}'
}
echo "quiet: $(reads 100)"
python3 scripts/signin-flood.py "$port" "$seconds" &
flood=$!
sleep 1
echo "during the flood: $(reads 100)"
wait $flood
