#!/usr/bin/env bash
# Benchmark (not a test) for issue #18: one moderator clears 1,000 spam submissions. Seeds
# 2,000 pending submissions (half obvious spam), signs in as a moderator, then times the two
# requests the dashboard makes: the selection "looks like spam" (the preview) and the bulk
# rejection of the 1,000 it returns. SQLite, then PostgreSQL when BENCH_POSTGRES_URL names a
# server where we may create a database (e.g. postgres:///postgres?host=/var/run/postgresql).
# Usage: scripts/bench-moderation.sh   (BIN=target/debug/solidarity-map to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release -p solidarity-map
  BIN=target/release/solidarity-map
fi
port=${BENCH_PORT:-18082}
dir=$(mktemp -d)
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$dir"' EXIT

run() {
  local label=$1
  "$BIN" migrate >/dev/null 2>&1
  "$BIN" seed-submissions --count 2000 2>&1 | sed "s/^/  /"
  echo "a long bench moderator password" | "$BIN" create-admin --email bench@example.org --role moderator >/dev/null 2>&1
  "$BIN" serve --bind "127.0.0.1:$port" 2> "$dir/server.log" &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  local token
  token=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.org","password":"a long bench moderator password"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  # The review queue's first page, as the dashboard loads it on every page (for its count).
  local queue_started queue_ended
  queue_started=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/admin/submissions" > "$dir/queue.json"
  queue_ended=$(date +%s.%N)
  python3 -c 'import os,sys; print(f"{sys.argv[1]}: review queue, first page of 2,000 pending: {(float(sys.argv[3]) - float(sys.argv[2])) * 1000:.0f} ms, {os.path.getsize(sys.argv[4]) / 1024:.0f} KiB")' \
    "$label" "$queue_started" "$queue_ended" "$dir/queue.json"
  local started selected rejected
  started=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/admin/submissions/selection?looks_like_spam=true" > "$dir/selection.json"
  selected=$(date +%s.%N)
  python3 -c 'import json,sys; ids=[s["submission_id"] for s in json.load(open(sys.argv[1]))["submissions"]]; json.dump({"submission_ids": ids, "reason": "Spam", "tell_groups": False}, open(sys.argv[2], "w"))' \
    "$dir/selection.json" "$dir/reject.json"
  local answer
  answer=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "@$dir/reject.json" "http://127.0.0.1:$port/api/v1/admin/submissions/bulk-reject")
  rejected=$(date +%s.%N)
  kill $server; wait $server 2>/dev/null || true; server=""
  python3 - "$label" "$started" "$selected" "$rejected" "$answer" <<'PY'
import json, sys
label, started, selected, rejected, answer = sys.argv[1], *map(float, sys.argv[2:5]), json.loads(sys.argv[5])
print(f"{label}: selection of 2,000 pending: {(selected - started) * 1000:.0f} ms; "
      f"bulk rejection of {answer['rejected']} (skipped {answer['skipped']}): {(rejected - selected) * 1000:.0f} ms")
PY
}

export DATABASE_URL="sqlite://$dir/moderation.sqlite3"
run SQLite
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  db=sm_bench_moderation_$$
  psql "$BENCH_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
  export DATABASE_URL="${BENCH_POSTGRES_URL/\/postgres?//$db?}"
  run PostgreSQL || true
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE $db" >/dev/null
fi
