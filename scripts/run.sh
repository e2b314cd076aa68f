#!/usr/bin/env bash
# The README's run command: builds everything, creates the SQLite database, loads the demo data
# and serves the map on http://127.0.0.1:8080 (override with BIND_ADDR, DATABASE_URL ...).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

cargo build --release -p solidarity-map
bin=target/release/solidarity-map
# The development data key (issue #20), made once and kept outside var/ so that a copy of the
# database never travels with it. Production: README, "The data key".
export DATA_KEY_FILE="${DATA_KEY_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/solidarity-map/dev-data-key}"
if [[ ! -f "$DATA_KEY_FILE" ]]; then
  mkdir -p "$(dirname "$DATA_KEY_FILE")"
  "$bin" new-data-key "$DATA_KEY_FILE"
fi
scripts/build-web.sh "$bin"
"$bin" seed-demo --count "${DEMO_COUNT:-400}"
echo "serving the map on http://${BIND_ADDR:-127.0.0.1:8080}  (API docs: /api/docs/)"
# glibc keeps one malloc arena per thread; two keep the server's memory flat under load
# (BENCHMARKS.md, load test).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
exec "$bin" serve
