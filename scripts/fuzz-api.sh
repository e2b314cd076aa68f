#!/usr/bin/env bash
# Property-based fuzzing of the whole API from openapi.yaml with Schemathesis (issue #8).
#
#   scripts/fuzz-api.sh [EXAMPLES]      # EXAMPLES per operation, default 25 (benchmark: 1000)
#
# Starts the real server binary (target/debug/solidarity-map, built if missing) on a free port
# with a fresh SQLite file, demo data and two admin accounts, and runs Schemathesis (pinned, in a
# venv under target/fuzz-venv) with every check it has (positive_data_acceptance but on the
# operations scripts/schemathesis.toml lists; why: see RELIABILITY.md, "API fuzzing"), in every phase (examples, coverage, fuzzing, stateful sequences
# from the links Schemathesis infers). Three passes:
#
#   1. authenticated: every operation except the two that end the admin's own sessions
#      (POST /api/v1/auth/logout, POST /api/v1/auth/password); the bearer-protected operations
#      get a real admin access token (scripts/fuzz_api_hooks.py renews it, and signs in again if
#      an operation under test ended the session); the run's own admin accounts are kept out of
#      reach of PUT /api/v1/admin/users/{id} and .../reset-2fa (see the hooks file);
#   2. session-ending: those two, with a real token of a second admin (the first logout ends it,
#      so most cases then run with a revoked token);
#   3. unauthenticated: those two again, without credentials.
#
# Then scripts/fuzz_api_privacy.py plants known private data through the API and fetches every
# public GET, which must not contain a private value from the database (contact and sender e-mail
# addresses, of the demo data, the planted data and anything the fuzzer sent; internal notes;
# owner tokens; exact points of approximate entries) nor a private key.
#
# The server runs with MIN_FILL_SECS=0 and a write burst large enough that the write limit never
# answers 429, the read limit off (READ_BURST=0; both limits are tested in tests/api/), and
# ACCESS_TOKEN_MINUTES=15 (the maximum).
# Exits non-zero on any failure; the Schemathesis output and reports are kept in
# target/fuzz-report/.
set -euo pipefail

EXAMPLES="${1:-25}"
[[ "$EXAMPLES" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [EXAMPLES per operation]" >&2; exit 2; }
SCHEMATHESIS_VERSION="4.32.5"
HYPOTHESIS_VERSION="6.170.27"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
binary="$root/target/debug/solidarity-map"
venv="$root/target/fuzz-venv"
report="$root/target/fuzz-report"

# --- Schemathesis ----------------------------------------------------------------------------
if [[ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != *"$SCHEMATHESIS_VERSION"* ]]; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  # Hypothesis pinned too: a new release changes what a run generates (and how it fails).
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION" "hypothesis==$HYPOTHESIS_VERSION"
fi

# --- the server ------------------------------------------------------------------------------
if [[ ! -x "$binary" ]]; then
  echo "== building the server"
  cargo build -p solidarity-map --bin solidarity-map
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sm-fuzz-XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$work/map.sqlite3"
# A data key of its own (issue #20), as an operator's would be.
export DATA_KEY="${DATA_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export STATIC_DIR="$work/no-web-app"
export MIN_FILL_SECS=0
export WRITE_BURST=100000000
export WRITE_PERIOD_SECS=1
export READ_BURST=0
export ACCESS_TOKEN_MINUTES=15
export RUST_LOG="${RUST_LOG:-error,solidarity_map=info}"
mkdir -p "$STATIC_DIR"

admin_email="fuzz-admin@example.org"
admin2_email="fuzz-admin-2@example.org"
admin_password="fuzz-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"

echo "== demo data and admin accounts"
"$binary" seed-demo --count 200 >/dev/null
admin_ids=""
for email in "$admin_email" "$admin2_email"; do
  created="$(printf '%s\n' "$admin_password" | "$binary" create-admin --email "$email" 2>&1)"
  admin_ids="$admin_ids,$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' <<<"$created")"
done

"$binary" serve --bind 127.0.0.1:0 2>"$work/server.log" &
server_pid=$!
base=""
for _ in $(seq 1 200); do
  base="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 | sed 's/listening on //' || true)"
  [[ -n "$base" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$base" ]] || { cat "$work/server.log"; echo "server did not start" >&2; exit 1; }
echo "== server at $base"

# Both sign-ins happen before the fuzzer fills the per-address sign-in throttle.
login() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$admin_password\"}" "$base/api/v1/auth/login"
}
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
pair1="$(login "$admin_email")"
pair2="$(login "$admin2_email")"
printf '{"refresh_token": "%s"}' "$(field refresh_token <<<"$pair1")" >"$work/session.json"
access2="$(field access_token <<<"$pair2")"
refresh2="$(field refresh_token <<<"$pair2")"

# --- Schemathesis ----------------------------------------------------------------------------
rm -rf "$report"
mkdir -p "$report"
common=(
  "$root/openapi.yaml" --url "$base"
  --phases examples,coverage,fuzzing,stateful
  --max-examples "$EXAMPLES"
  --workers 2
  --continue-on-failure
  --generation-database none
  --request-timeout 30
  --no-color
)
failed=0
cases_total=0
run_pass() {
  local name="$1"; shift
  echo
  echo "== pass: $name"
  local started=$SECONDS
  set +e
  "$venv/bin/schemathesis" --config-file "$root/scripts/schemathesis.toml" run "${common[@]}" \
    --report junit,ndjson --report-junit-path "$report/$name.xml" --report-ndjson-path "$report/$name.ndjson" \
    "$@" 2>&1 | tee "$report/$name.log"
  local status=${PIPESTATUS[0]}
  set -e
  echo "== pass $name: exit $status after $((SECONDS - started)) s"
  [[ $status -eq 0 ]] || failed=1
}

export FUZZ_BASE_URL="$base" FUZZ_SESSION_FILE="$work/session.json" \
  FUZZ_ADMIN_EMAIL="$admin_email" FUZZ_ADMIN_PASSWORD="$admin_password" FUZZ_PROTECTED_IDS="$admin_ids"
started_all=$SECONDS
cd "$work"  # Schemathesis keeps its state in ./.schemathesis
SCHEMATHESIS_HOOKS=fuzz_api_hooks PYTHONPATH="$root/scripts" \
  run_pass authenticated \
  --exclude-path /api/v1/auth/logout --exclude-path /api/v1/auth/password

# The second admin's access token is fresh enough: renew it in case pass 1 took long.
pair2="$(curl -fsS -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$refresh2\"}" \
  "$base/api/v1/auth/refresh")" && access2="$(field access_token <<<"$pair2")"
run_pass session-ending \
  --include-path /api/v1/auth/logout --include-path /api/v1/auth/password \
  --header "Authorization: Bearer $access2"

run_pass unauthenticated \
  --include-path /api/v1/auth/logout --include-path /api/v1/auth/password
fuzz_secs=$((SECONDS - started_all))

# --- no private field in any public response ---------------------------------------------------
echo
echo "== privacy: public responses after the fuzzing"
privacy_status=0
"$venv/bin/python" "$root/scripts/fuzz_api_privacy.py" "$base" "$work/map.sqlite3" "$root/openapi.yaml" \
  || privacy_status=$?
[[ $privacy_status -eq 0 ]] || failed=1

if grep -q 'panicked' "$work/server.log"; then
  echo "== the server panicked:"; grep -A3 'panicked' "$work/server.log" | head -40
  failed=1
fi
cp "$work/server.log" "$report/server.log"

echo
echo "== summary"
echo "schemathesis $SCHEMATHESIS_VERSION, $EXAMPLES examples per operation, $(nproc) cores, ${fuzz_secs} s of fuzzing"
for name in authenticated session-ending unauthenticated; do
  tested="$(grep -m1 -E '^  Tested: ' "$report/$name.log" | sed 's/ *Tested: //' || true)"
  cases="$(grep -A1 -E '^Test cases:' "$report/$name.log" | tail -1 | sed 's/^ *//' || true)"
  scenarios="$(grep -m1 -E '^ +Scenarios:' "$report/$name.log" | sed 's/ *Scenarios: *//' || true)"
  printf '%-16s %s operations; test cases: %s%s\n' "$name:" "${tested:-?}" "${cases:-?}" \
    "${scenarios:+; stateful scenarios: $scenarios}"
done
[[ $privacy_status -eq 0 ]] && echo "privacy: no private field in any public response" || echo "privacy: FAILED"
if [[ $failed -ne 0 ]]; then echo "FAILED (reports in $report)"; exit 1; fi
echo "OK"
