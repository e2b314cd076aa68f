"""Schemathesis hooks for scripts/fuzz-api.sh: a real admin session for the bearer-protected
operations.

Access tokens live at most 15 minutes (ACCESS_TOKEN_MINUTES), so a fixed `Authorization` header
would run out in a long run. This provider trades the session's refresh token for a new pair
every few minutes (the old refresh token stops working, the new one is kept). If the session
was ended by an operation under test (an admin may reset their own two-factor sign-in, which
ends their sessions), it signs in again with the password, waiting out the sign-in throttle that
the fuzzer's own attempts at `/auth/login` may have filled.

The run's own two admin accounts are never the target of `PUT /api/v1/admin/users/{id}` or
`POST /api/v1/admin/users/{id}/reset-2fa` (Schemathesis harvests their ids from
`GET /api/v1/admin/users`): resetting or disabling them would end the sessions the run itself
uses, and every request after it would wait for a new sign-in. Such a case goes to a fresh,
unknown id instead (answered 404); what those operations do to a signed-in account is tested in
tests/api/admin.rs.

Environment (set by scripts/fuzz-api.sh):
  FUZZ_BASE_URL        the server, e.g. http://127.0.0.1:40123
  FUZZ_SESSION_FILE    JSON file holding {"refresh_token": ...}; rewritten on every refresh
  FUZZ_ADMIN_EMAIL     the admin's address
  FUZZ_ADMIN_PASSWORD  the admin's password
  FUZZ_PROTECTED_IDS   the run's admin account ids, comma-separated
"""

import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import schemathesis

# Hypothesis names its lambdas by parsing their module's source with `ast`. Deep in Schemathesis's
# coverage walk that parse can reach the AST constructor's recursion limit, and CPython 3.11 then
# fails with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905: the
# error path skips a decrement), which Schemathesis reports as a runtime error of the operation
# under test (seen on GET /api/v1/admin/export, 2026-12-04). A higher limit leaves the room.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))

BASE = os.environ["FUZZ_BASE_URL"]
SESSION_FILE = os.environ["FUZZ_SESSION_FILE"]
PROTECTED_IDS = set(filter(None, os.environ.get("FUZZ_PROTECTED_IDS", "").split(",")))
_lock = threading.Lock()


def _post(path, body):
    request = urllib.request.Request(
        BASE + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, None, error.headers


def _store(pair):
    with open(SESSION_FILE, "w") as f:
        json.dump({"refresh_token": pair["refresh_token"]}, f)
    return pair["access_token"]


def fresh_access_token():
    with _lock:
        with open(SESSION_FILE) as f:
            refresh_token = json.load(f)["refresh_token"]
        status, pair, _ = _post("/api/v1/auth/refresh", {"refresh_token": refresh_token})
        if status == 200:
            return _store(pair)
        credentials = {
            "email": os.environ["FUZZ_ADMIN_EMAIL"],
            "password": os.environ["FUZZ_ADMIN_PASSWORD"],
        }
        for _ in range(30):
            status, pair, headers = _post("/api/v1/auth/login", credentials)
            if status == 200:
                return _store(pair)
            if status != 429:
                raise RuntimeError(f"admin sign-in failed: {status}")
            time.sleep(min(int(headers.get("Retry-After", "2") or 2), 15))
        raise RuntimeError("admin sign-in still throttled")


@schemathesis.auth(refresh_interval=120).apply_to(
    path_regex=r"^/api/v1/(admin/|auth/(logout|password|totp/))"
)
class AdminSession:
    def get(self, case, context):
        return fresh_access_token()

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.path.startswith("/api/v1/admin/users/{id}") and case.path_parameters:
        if str(case.path_parameters.get("id")) in PROTECTED_IDS:
            case.path_parameters["id"] = str(uuid.uuid4())
