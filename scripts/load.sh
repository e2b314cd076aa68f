#!/usr/bin/env bash
# Benchmark (not a test), issue #8: with 100,000 organisations on SQLite, a mixed workload (90%
# map/list/detail reads, 10% form tokens, joins, approvals and deletions; scripts/load-mixed.lua) at 64
# connections; prints throughput, latency percentiles, errors, and the server's memory and open
# files sampled every second. Usage: scripts/load.sh [seconds, default 60] [connections, 64] [count, 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-64}
count=${3:-100000}
port=${BENCH_PORT:-18090}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p solidarity-map
bin=target/release/solidarity-map
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/load.sqlite3"
# A data key of its own (issue #20), as an operator's would be.
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
server=; sampler=
trap 'kill $server $sampler 2>/dev/null || true; rm -rf "$dir"' EXIT

"$bin" seed-demo --count "$count" 2> "$dir/seed.log"
printf 'a long load-test password\n' | "$bin" create-admin --email load@example.org > /dev/null 2>&1
# No read or write limits: every request comes from one address here. MALLOC_ARENA_MAX as
# scripts/run.sh sets it (README, "Several instances").
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
env ${LOAD_ENV:-} READ_BURST=0 WRITE_BURST=100000000 WRITE_PERIOD_SECS=1 MIN_FILL_SECS=0 ACCESS_TOKEN_MINUTES=15 \
  "$bin" serve --bind "127.0.0.1:$port" --static-dir web/dist 2> "$dir/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
ADMIN_TOKEN=$(curl -sf -H 'content-type: application/json' \
  -d '{"email":"load@example.org","password":"a long load-test password"}' \
  "http://127.0.0.1:$port/api/v1/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
export ADMIN_TOKEN

# Memory (resident, KiB) and open files of the server, once a second.
( while kill -0 "$server" 2>/dev/null; do
    echo "$(date +%s) $(awk '/VmRSS/ {print $2}' "/proc/$server/status") $(ls "/proc/$server/fd" | wc -l)"
    sleep 1
  done ) > "$dir/samples.txt" &
sampler=$!

# wrk's latency figures are not used for the mixed run (see scripts/load-probe.py): a probe with
# its own clock times a trickle of requests alongside.
python3 scripts/load-probe.py "http://127.0.0.1:$port" "$seconds" 20 > "$dir/probe.txt" &
probe=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 10s -s scripts/load-mixed.lua \
  "http://127.0.0.1:$port" > "$dir/wrk.txt"
wait "$probe" || true
kill "$sampler" 2>/dev/null || true

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "$count organisations, $connections connections, ${seconds}s"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|answers:" "$dir/wrk.txt"
cat "$dir/probe.txt"
awk 'NR == 1 {first_rss = $2; first_fd = $3}
     {rss[NR] = $2; fd[NR] = $3; if ($2 > max_rss) max_rss = $2; if ($3 > max_fd) max_fd = $3}
     END {q = int(NR / 4); if (q < 1) q = 1;
          printf "memory (RSS): start %d MiB, after a quarter %d MiB, end %d MiB, max %d MiB\n", first_rss/1024, rss[q]/1024, rss[NR]/1024, max_rss/1024;
          printf "open files: start %d, after a quarter %d, end %d, max %d\n", first_fd, fd[q], fd[NR], max_fd;
          printf "memory every tenth of the run (MiB):"; for (i = 1; i <= 10; i++) printf " %d", rss[int(NR * i / 10)]/1024; printf "\n"}' "$dir/samples.txt"
joined=$(curl -sf -D - -o /dev/null -H "authorization: Bearer $ADMIN_TOKEN" \
  "http://127.0.0.1:$port/api/v1/admin/organizations?q=example%20load%20group&limit=1" \
  | awk -F': ' 'tolower($1) == "x-total-count" {print $2}' | tr -d '\r')
published=$(curl -sf -D - -o /dev/null -H "authorization: Bearer $ADMIN_TOKEN" \
  "http://127.0.0.1:$port/api/v1/admin/organizations?q=example%20load%20group&status=published&limit=1" \
  | awk -F': ' 'tolower($1) == "x-total-count" {print $2}' | tr -d '\r')
echo "joins stored: $joined, of which published at the end (approved, not yet deleted): $published"
cp "$dir/server.log" "${LOAD_LOG:-/tmp/load-server.log}"
errors=$(grep -ciE ' (ERROR|WARN) ' "$dir/server.log" || true)
echo "server log: $errors error/warning lines$( [ "$errors" -gt 0 ] && echo ', the first ones:')"
grep -iE ' (ERROR|WARN) ' "$dir/server.log" | sed 's/\x1b\[[0-9;]*m//g' | grep -oE 'exception.details=.{0,200}' | sort | uniq -c | sort -rn | head -5 || true

