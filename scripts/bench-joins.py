#!/usr/bin/env python3
"""Benchmark (not a test) of joining the map: N join forms sent one after another to a running
server, each with a fresh form token, and the time each submission took (the form token's own
request is not counted). Also times the relay's contact form to a Jerusalem organisation.

    python3 scripts/bench-joins.py http://127.0.0.1:18080 [N]

The server needs MIN_FILL_SECS=0 and a write burst above N (WRITE_BURST=100000).
Only the standard library.
"""

import json
import statistics
import sys
import time
import urllib.request

ORIGIN = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18080"
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 300


def call(method, path, body=None):
    request = urllib.request.Request(
        ORIGIN + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return response.status, json.loads(response.read() or b"null")


def timed(method, path, body):
    started = time.perf_counter()
    status, answer = call(method, path, body)
    elapsed = time.perf_counter() - started
    if status >= 300:
        sys.exit(f"{path}: {status} {answer}")
    return elapsed


def report(what, times):
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{what}: {len(times)} sent, median {statistics.median(times) * 1000:.2f} ms, "
          f"p99 {p99 * 1000:.2f} ms, mean {statistics.mean(times) * 1000:.2f} ms")


joins = []
for i in range(COUNT):
    _, token = call("GET", "/api/v1/form-token")
    joins.append(timed("POST", "/api/v1/submissions", {
        "name": f"Example Bench Group {i} {time.time_ns()}", "category": "solidarity_group",
        "city": "Bergen", "country": "NO", "latitude": 60.39 + i * 1e-4, "longitude": 5.32,
        "precision": "exact", "description": "A benchmark entry.", "languages": ["en"],
        "contact_email": f"bench-{i}-{time.time_ns()}@example.org", "consent": True,
        "homepage": "", "form_token": token["token"],
    }))
report("join", joins)

_, page = call("GET", "/api/v1/organizations?category=jerusalem_grassroots&limit=1")
slug = page["items"][0]["slug"]
messages = []
for i in range(COUNT):
    _, token = call("GET", "/api/v1/form-token")
    messages.append(timed("POST", f"/api/v1/organizations/{slug}/contact", {
        "name": f"Bench Visitor {i}", "email": f"visitor-{i}@example.org",
        "message": "We would like to visit your centre in the spring.",
        "form_token": token["token"],
    }))
report("relayed message", messages)
