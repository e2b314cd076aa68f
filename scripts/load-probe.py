#!/usr/bin/env python3
"""Latency probe for scripts/load.sh: while wrk drives the mixed load, a few clients send a
steady trickle of requests (a map view, a list, a detail page, a join) and time each one.

Why not wrk's own figures: in the mixed run wrk's latency statistics contradict its throughput
(64 connections at 2,673 requests/s cannot average 211 ms; Little's law gives 24 ms), and only
when the mix has slow POSTs; reads alone agree. These timings come from a separate client with
its own clock, so they show what someone using the map during the load would wait.

Usage: load-probe.py BASE_URL SECONDS [requests per second, default 20]
"""

import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

BASE = urllib.parse.urlsplit(sys.argv[1])
SECONDS = float(sys.argv[2])
RATE = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
WORKERS = 4
KINDS = ["clusters", "list", "clusters", "list", "detail", "join"]

timings = {kind: [] for kind in set(KINDS)}
failures = {kind: [] for kind in set(KINDS)}
lock = threading.Lock()
slugs = []


def connection():
    return http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=30)


def random_view():
    zoom = random.randint(2, 12)
    span = 360 / 2**zoom
    lon = random.random() * (360 - span) - 180
    lat = random.random() * (170 - span / 2) - 85
    return f"{lon:.3f},{lat:.3f},{lon + span:.3f},{lat + span / 2:.3f}", zoom


def call(conn, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def one(conn, kind, n):
    """Runs one probe request; returns (status, seconds) of the timed request."""
    if kind == "clusters":
        bbox, zoom = random_view()
        path = f"/api/v1/map/clusters?bbox={bbox}&zoom={zoom}"
    elif kind == "list":
        bbox, _ = random_view()
        path = f"/api/v1/organizations?limit=50&bbox={bbox}"
    elif kind == "detail":
        with lock:
            slug = random.choice(slugs) if slugs else None
        if slug is None:
            return None
        path = f"/api/v1/organizations/{slug}"
    else:
        status, body = call(conn, "GET", "/api/v1/form-token")
        if status != 200:
            return status, 0.0
        token = json.loads(body)["token"]
        draft = {
            "name": f"Example Probe Group {threading.get_ident()}-{n}",
            "category": "media", "city": "Probeville", "country": "NO",
            "latitude": random.uniform(-50, 60), "longitude": random.uniform(-170, 170),
            "precision": "approximate", "contact_email": f"probe-{n}@example.org",
            "consent": True, "form_token": token,
        }
        started = time.perf_counter()
        status, _ = call(conn, "POST", "/api/v1/submissions", json.dumps(draft))
        return status, time.perf_counter() - started
    started = time.perf_counter()
    status, body = call(conn, "GET", path)
    took = time.perf_counter() - started
    if kind == "list" and status == 200:
        with lock:
            if len(slugs) < 200:
                # Entries the load script approves are deleted again: not worth a detail probe.
                slugs.extend(
                    item["slug"] for item in json.loads(body)["items"][:10]
                    if not item["name"].startswith("Example Load Group")
                )
    return status, took


def worker(index):
    conn = connection()
    interval = WORKERS / RATE
    deadline = time.monotonic() + SECONDS
    n = index
    next_at = time.monotonic() + random.random() * interval
    while time.monotonic() < deadline:
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += interval
        kind = KINDS[n % len(KINDS)]
        n += WORKERS
        try:
            result = one(conn, kind, n)
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            conn = connection()
            with lock:
                failures[kind].append(type(error).__name__)
            continue
        if result is None:
            continue
        status, took = result
        with lock:
            if status in (200, 201):
                timings[kind].append(took)
            else:
                failures[kind].append(status)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
everything = [t for values in timings.values() for t in values]
for kind in sorted(timings) + ["all"]:
    values = everything if kind == "all" else timings[kind]
    failed = sum(len(f) for f in failures.values()) if kind == "all" else len(failures[kind])
    if not values:
        print(f"probe {kind:8}: no answers, {failed} failed")
        continue
    print(
        f"probe {kind:8}: {len(values):5} answers, p50 {percentile(values, 0.5) * 1000:7.1f} ms, "
        f"p90 {percentile(values, 0.9) * 1000:7.1f} ms, p99 {percentile(values, 0.99) * 1000:7.1f} ms, "
        f"max {max(values) * 1000:7.1f} ms, {failed} failed"
    )
