#!/usr/bin/env python3
"""Crash safety (issue #8): the real server on SQLite is killed with SIGKILL at random moments
while clients join the map and moderators approve, then restarted, ROUNDS times. After each
restart every acknowledged write must be there exactly once, nothing unacknowledged may be
half-written, and PRAGMA integrity_check must say ok.

Usage: scripts/crash-test.py [ROUNDS] [SERVER BINARY]   (defaults: 100, target/debug/solidarity-map)
Only the standard library: the HTTP clients are threads, the checks read the file with sqlite3.
"""

import json
import os
import secrets
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
BINARY = sys.argv[2] if len(sys.argv) > 2 else "target/debug/solidarity-map"
ADMIN = {"email": "admin@example.org", "password": "a long admin password"}
WRITERS = 6
MODERATORS = 2


def request(origin, method, path, body=None, token=None, timeout=5):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(origin + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        return error.code, None


def start(env):
    server = subprocess.Popen(
        [BINARY, "serve", "--bind", "127.0.0.1:0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = ""
    deadline = time.time() + 20
    while time.time() < deadline:
        line = server.stderr.readline()
        log += line
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if found:
            # Keep reading the log so that the pipe never fills and blocks the server.
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            return server, found.group(1)
        if server.poll() is not None:
            break
    raise RuntimeError(f"the server did not start:\n{log}")


def main():
    work = tempfile.mkdtemp(prefix="sm-crash-")
    db_file = os.path.join(work, "map.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{db_file}",
        "DATA_KEY": secrets.token_hex(32),
        "STATIC_DIR": os.path.join(work, "no-web-app"),
        "RUST_LOG": "info",
        "MIN_FILL_SECS": "0",
        "WRITE_BURST": "100000",
        "READ_BURST": "0",
        "MAINTENANCE_INTERVAL_SECS": "86400",
    }
    subprocess.run([BINARY, "seed-demo", "--count", "20"], env=env, check=True, capture_output=True)
    subprocess.run(
        [BINARY, "create-admin", "--email", ADMIN["email"]],
        env=env,
        input=ADMIN["password"] + "\n",
        text=True,
        check=True,
        capture_output=True,
    )

    acknowledged = {}  # name -> (email, submission id)
    approved = set()  # submission ids whose approval was acknowledged
    started = time.time()
    for round_number in range(1, ROUNDS + 1):
        server, origin = start(env)
        status, tokens = request(origin, "POST", "/api/v1/auth/login", ADMIN)
        assert status == 200, f"sign-in: {status}"
        token = tokens["access_token"]
        stop = threading.Event()
        lock = threading.Lock()
        pending = []

        def writer(number):
            i = 0
            while not stop.is_set():
                i += 1
                name = f"Example Crash Group {round_number}-{number}-{i}, Oslo"
                email = f"crash-{round_number}-{number}-{i}@example.org"
                try:
                    _, form = request(origin, "GET", "/api/v1/form-token")
                    status, receipt = request(origin, "POST", "/api/v1/submissions", {
                        "name": name, "category": "media", "city": "Oslo", "country": "NO",
                        "latitude": 59.9, "longitude": 10.75, "precision": "exact",
                        "contact_email": email, "consent": True, "form_token": form["token"],
                    })
                except Exception:  # the server died under us: this write was never acknowledged
                    return
                if status == 201:
                    with lock:
                        acknowledged[name] = (email, receipt["submission_id"])
                        pending.append(receipt["submission_id"])

        def moderator():
            while not stop.is_set():
                with lock:
                    chosen = pending.pop() if pending else None
                if chosen is None:
                    time.sleep(0.005)
                    continue
                try:
                    status, _ = request(origin, "POST", f"/api/v1/admin/submissions/{chosen}/approve", token=token)
                except Exception:
                    return
                if status == 200 or status == 204:
                    with lock:
                        approved.add(chosen)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        threads += [threading.Thread(target=moderator) for _ in range(MODERATORS)]
        for thread in threads:
            thread.start()
        time.sleep(random.uniform(0.05, 0.6))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for thread in threads:
            thread.join()

        # Restarting runs migrations and recovery; then the file must hold every acknowledged write.
        server, origin = start(env)
        server.send_signal(signal.SIGTERM)
        server.wait()
        check(db_file, acknowledged, approved, round_number)
        if round_number % 10 == 0 or round_number == ROUNDS:
            print(f"round {round_number}/{ROUNDS}: {len(acknowledged)} acknowledged submissions, "
                  f"{len(approved)} acknowledged approvals, all present, integrity ok "
                  f"({time.time() - started:.0f} s)", flush=True)
    print(f"crash test passed: {ROUNDS} SIGKILLs, {len(acknowledged)} acknowledged submissions and "
          f"{len(approved)} approvals survived exactly once; integrity_check ok every round")


def check(db_file, acknowledged, approved, round_number):
    conn = sqlite3.connect(db_file)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchall()
        assert verdict == [("ok",)], f"round {round_number}: integrity_check says {verdict}"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], f"round {round_number}: dangling references"
        counts = dict(conn.execute(
            "SELECT name, COUNT(*) FROM organizations WHERE name LIKE 'Example Crash Group %' GROUP BY name"
        ).fetchall())
        for name, (email, submission_id) in acknowledged.items():
            assert counts.get(name) == 1, f"round {round_number}: {name} is there {counts.get(name, 0)} times"
            row = conn.execute("SELECT status FROM submissions WHERE id = ?", (submission_id,)).fetchone()
            assert row is not None, f"round {round_number}: the submission of {name} is gone"
            if submission_id in approved:
                assert row[0] == "approved", f"round {round_number}: an acknowledged approval of {name} was lost"
        # Nothing half-written, acknowledged or not: every entry has its submission, private row
        # and receipt e-mail, every approved submission a published entry.
        for what, sql in [
            ("organisations without a submission",
             "SELECT COUNT(*) FROM organizations o WHERE o.name LIKE 'Example Crash Group %' AND NOT EXISTS "
             "(SELECT 1 FROM submissions s WHERE s.organization_id = o.id)"),
            ("organisations without their private row",
             "SELECT COUNT(*) FROM organizations o WHERE o.name LIKE 'Example Crash Group %' AND NOT EXISTS "
             "(SELECT 1 FROM organization_private p WHERE p.organization_id = o.id)"),
            # Addresses are sealed (issue #20), each with its own nonce: receipts are counted.
            ("submissions without their receipt e-mail",
             "SELECT MAX(0, (SELECT COUNT(*) FROM submissions WHERE kind = 'new') "
             "- (SELECT COUNT(*) FROM outbox WHERE kind = 'receipt'))"),
            ("approved submissions whose entry is not published",
             "SELECT COUNT(*) FROM submissions s JOIN organizations o ON o.id = s.organization_id "
             "WHERE s.status = 'approved' AND o.status <> 'published'"),
        ]:
            (found,) = conn.execute(sql).fetchone()
            assert found == 0, f"round {round_number}: {found} {what}"
    finally:
        conn.close()


if __name__ == "__main__":
    main()
