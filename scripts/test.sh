#!/usr/bin/env bash
# The README's test command: every test. Formatting and lints, unit and property tests, the
# black-box API suite on SQLite (and on PostgreSQL when TEST_DATABASE_URL is set), crash safety
# (SIGKILL during writes), fuzzing the API from openapi.yaml, the wasm build of the web app, and
# the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy -p web --target wasm32-unknown-unknown --all-targets -- -D warnings

echo "== shared builds for wasm32 without diesel or actix"
if cargo tree -p shared --target wasm32-unknown-unknown -e normal | grep -E '^.*(diesel|actix)'; then
  echo "shared depends on diesel or actix in the browser build" >&2
  exit 1
fi

echo "== dependencies: licences, bans and sources (cargo-deny)"
command -v cargo-deny >/dev/null || cargo install cargo-deny --locked --version 0.20.2
cargo deny check licenses bans sources

echo "== dependencies: security advisories (cargo-deny, RustSec snapshot in vendor/)"
scripts/check-advisories.sh

echo "== unit, property and API tests on SQLite"
cargo test --workspace --exclude web

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== API tests on PostgreSQL"
  TEST_BACKEND=postgres cargo test -p solidarity-map-tests
else
  echo "== SKIPPED the PostgreSQL run: set TEST_DATABASE_URL (a server where we may create databases,"
  echo "   e.g. postgres:///postgres?host=/var/run/postgresql) to run the API suite on PostgreSQL too."
fi

echo "== crash safety: SIGKILL during writes, 20 rounds (RELIABILITY.md has the 100-round run)"
# The same packages as the tests, so the same features: `-p solidarity-map` alone would compile
# tokio, actix and diesel a second time (stop 26's CI ran out of disk doing that).
cargo build --workspace --exclude web
python3 scripts/crash-test.py 20 target/debug/solidarity-map

echo "== API fuzzing: Schemathesis, 10 examples per operation (RELIABILITY.md has the 1,000 run)"
scripts/fuzz-api.sh 10

echo "== browser tests (headless Chromium)"
scripts/build-web.sh target/debug/solidarity-map
# The street basemap's tests draw a small PMTiles archive made here from data in the repo.
scripts/test-basemap.sh
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium
  else
    echo "chromium is missing: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
node --test --test-concurrency=1 tests/browser/
