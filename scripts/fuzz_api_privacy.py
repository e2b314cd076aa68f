"""After scripts/fuzz-api.sh: no private field in any public response.

    python3 scripts/fuzz_api_privacy.py BASE_URL SQLITE_FILE OPENAPI_YAML

Reads every private value from the database the fuzzed server used (contact e-mails of
organisations and submissions, internal notes, owner token hashes, senders and texts of contact
messages, account addresses and password hashes, outbox recipients), then fetches every public GET
of the OpenAPI document (the operations with no security requirement, outside /admin and /owner):
list endpoints with a few filters and every page, and the one-organisation endpoint for every
organisation id and slug. Fails if an answer contains a private value, or a JSON object in it has
a private key (contact_email, internal_notes, owner_token…) — the approach of
tests/api/privacy.rs, applied to the data the fuzzer left behind.

Before reading the database it plants private data it knows, so the scan never depends on what
the fuzzer happened to get through: an approximate-location organisation created by the admin
(FUZZ_SESSION_FILE, FUZZ_BASE_URL: the run's admin session) with a contact e-mail and an internal
note, a group that joins through the public form and is approved, and a visitor's report on the
first (its words reach moderators only), and a Jerusalem organisation with private fields and a
call to action (the asks' endpoint names its organisation). Their exact coordinates and their
owner token are private too.

A private value that also occurs in the public columns of the organisations table was typed into a
public field as well (the fuzzer may send the same string twice); it is counted, not failed.
"""

import json
import os
import re
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml  # PyYAML, installed with Schemathesis in the venv

base, database, document = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def plant():
    """Private data the scan must not find, put in through the API. Returns extra secrets."""
    with open(os.environ["FUZZ_SESSION_FILE"]) as f:
        status, pair = call("POST", "/api/v1/auth/refresh", json.load(f))
    if status != 200:
        sys.exit(f"cannot renew the admin session to plant private data: {status} {pair}")
    with open(os.environ["FUZZ_SESSION_FILE"], "w") as f:
        json.dump({"refresh_token": pair["refresh_token"]}, f)
    token = pair["access_token"]
    place = {"category": "media", "city": "Paris", "country": "FR", "precision": "approximate",
             "description": "Planted by scripts/fuzz_api_privacy.py", "languages": ["fr"]}
    status, created = call("POST", "/api/v1/admin/organizations", {
        **place, "name": "Planted Admin Group", "latitude": 48.861_234_5, "longitude": 2.339_876_5,
        "contact_email": "planted-admin-contact-51c2@example.net",
        "internal_notes": "PLANTED-INTERNAL-NOTE-8f3a do not publish"}, token)
    if status != 201:
        sys.exit(f"planting an organisation failed: {status} {created}")
    _, form = call("GET", "/api/v1/form-token")
    status, receipt = call("POST", "/api/v1/submissions", {
        **place, "name": "Planted Joining Group", "latitude": 48.871_234_5,
        "longitude": 2.349_876_5, "contact_email": "planted-join-contact-7d1e@example.net",
        "consent": True, "homepage": "", "form_token": form["token"]})
    if status != 201:
        sys.exit(f"planting a submission failed: {status} {receipt}")
    status, answer = call("POST", f"/api/v1/admin/submissions/{receipt['submission_id']}/approve",
                          {}, token)
    if status >= 300:
        sys.exit(f"approving the planted submission failed: {status} {answer}")
    time.sleep(1)  # the public index refreshes every 100 ms
    # A visitor's report: its words are for moderators only (sealed in the database, so planted).
    entry = created.get("organization", created)["id"]
    _, form = call("GET", "/api/v1/form-token")
    status, filed = call("POST", f"/api/v1/organizations/{entry}/reports", {
        "kind": "wrong_details", "message": "PLANTED-REPORT-TEXT-3b9e their office moved",
        "form_token": form["token"]})
    if status != 202:
        sys.exit(f"planting a report failed: {status} {filed}")
    # A Jerusalem organisation with private fields and a call to action of its own: the asks'
    # endpoint names the organisation, and must name nothing private about it.
    status, jerusalem = call("POST", "/api/v1/admin/organizations", {
        "category": "jerusalem_grassroots", "city": "Jerusalem", "country": "PS",
        "precision": "approximate", "description": "Planted by scripts/fuzz_api_privacy.py",
        "languages": ["ar"], "name": "Planted Jerusalem Centre", "latitude": 31.781_234_5,
        "longitude": 35.231_234_5, "contact_email": "planted-jerusalem-contact-2c4d@example.net",
        "internal_notes": "PLANTED-JERUSALEM-NOTE-6a1f do not publish"}, token)
    if status != 201:
        sys.exit(f"planting a Jerusalem organisation failed: {status} {jerusalem}")
    jerusalem = jerusalem.get("organization", jerusalem)
    status, ask = call("POST", f"/api/v1/admin/organizations/{jerusalem['id']}/calls-to-action", {
        "title": "Planted call to action", "text": "Planted by the privacy scan.",
        "by_when": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 86400)),
        "how_to_help": "Nothing: it is a test.", "link": "https://example.org/planted"}, token)
    if status != 201:
        sys.exit(f"planting a call to action failed: {status} {ask}")
    extra_urls.append(f"/api/v1/calls-to-action?organization={jerusalem['slug']}")
    time.sleep(1)
    return ["48.8612345", "2.3398765", "48.8712345", "2.3498765", receipt["owner_token"],
            "planted-join-contact-7d1e@example.net", "PLANTED-REPORT-TEXT-3b9e",
            "31.7812345", "35.2312345", "planted-jerusalem-contact-2c4d@example.net",
            "PLANTED-JERUSALEM-NOTE-6a1f"]


extra_urls = []


planted = plant()
db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)


def column(sql):
    return [row[0] for row in db.execute(sql) if row[0]]


private = {}
for sql, minimum in [
    ("SELECT contact_email FROM organization_private", 6),
    ("SELECT internal_notes FROM organization_private", 12),
    ("SELECT owner_token_hash FROM organization_private", 16),
    ("SELECT pending_owner_token_hash FROM organization_private", 16),
    ("SELECT sender_email FROM contact_messages", 6),
    ("SELECT message FROM contact_messages", 12),
    ("SELECT email FROM users", 6),
    ("SELECT password_hash FROM users", 16),
    ("SELECT recipient FROM outbox", 6),
    ("SELECT reply_to FROM outbox", 6),
    ("SELECT token_hash FROM refresh_tokens", 16),
]:
    for value in column(sql):
        value = str(value).strip()
        if len(value) >= minimum:
            private[value] = sql
for value in planted:
    private[value] = "planted by this script"
public_text = "\n".join(
    "\n".join(str(v) for v in row if v is not None)
    for row in db.execute(
        "SELECT name, name_ar, description, city, website, links, slug FROM organizations"
    )
)
private_keys = {"contact_email", "internal_notes", "owner_token", "owner_token_hash",
                "hidden_by", "search_text", "origin", "sender_email", "password_hash",
                "list_unsubscribe", "unsubscribed", "last_sent_at", "withdrawn_at"}
ids = [row[0] for row in db.execute("SELECT id FROM organizations")]
slugs = [row[0] for row in db.execute("SELECT slug FROM organizations")]
print(f"{len(private)} private values, {len(ids)} organisations in the database")

# The public GET operations of the document: no security requirement.
spec = yaml.safe_load(open(document, encoding="utf-8"))
paths = [p for p, item in spec["paths"].items() if "get" in item and not item["get"].get("security")]
paths = sorted({p for p in paths if not p.startswith(("/api/v1/admin", "/api/v1/owner"))})
print(f"{len(paths)} public GET paths: {' '.join(paths)}")

urls = []
for path in paths:
    if "{id_or_slug}" in path:
        urls += [path.replace("{id_or_slug}", urllib.parse.quote(v, safe="")) for v in ids + slugs]
    elif "{" in path:
        print(f"no values for the parameters of {path}", file=sys.stderr)
        sys.exit(1)
    else:
        urls += [path, f"{path}?limit=500", f"{path}?country=PS&limit=500",
                 f"{path}?bbox=-180,-85,180,85&zoom=0", f"{path}?bbox=-180,-85,180,85&zoom=22",
                 f"{path}?q=example"]

urls += extra_urls
failures, scanned, echoed = [], 0, 0


def keys(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys(v)


def fetch(url):
    try:
        with urllib.request.urlopen(base + url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


queue = list(urls)
while queue:
    url = queue.pop(0)
    status, content_type, raw = fetch(url)
    scanned += 1
    if status >= 500:
        failures.append(f"{url}: {status}")
    body = raw.decode("utf-8", "replace")
    for value, source in private.items():
        if value in body:
            if value in public_text:
                echoed += 1
            else:
                failures.append(f"{url} shows a private value from `{source}`: {value[:60]!r}")
    if "json" in content_type:
        try:
            parsed = json.loads(body)
        except ValueError:
            failures.append(f"{url}: not JSON although {content_type}")
            continue
        found = private_keys.intersection(keys(parsed))
        if found:
            failures.append(f"{url} has private keys {sorted(found)}")
        if isinstance(parsed, dict) and parsed.get("next_cursor") and "limit=500" in url:
            sep = "&" if "?" in url else "?"
            base_url = re.sub(r"[?&]cursor=[^&]*", "", url)
            queue.append(f"{base_url}{sep}cursor={urllib.parse.quote(parsed['next_cursor'])}")

print(f"{scanned} public responses scanned; {echoed} private values also typed into public fields")
for failure in failures[:50]:
    print("LEAK:", failure)
if failures:
    print(f"{len(failures)} problems")
    sys.exit(1)
print("no private field in any public response")
