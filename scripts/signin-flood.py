#!/usr/bin/env python3
"""Sign-in flood (issue #13, item 5), the attacker's side: 48 addresses (through X-Forwarded-For,
so the server must trust 127.0.0.1 as its proxy) send wrong passwords back to back over kept-alive
connections for SECONDS. Prints the answers by status. Run by scripts/signin-flood-bench.sh.
Only ever targets 127.0.0.1. Usage: signin-flood.py PORT SECONDS"""
import http.client, json, sys, threading, time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
stop = time.time() + seconds
counts = {}
lock = threading.Lock()


def attacker(n):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    i = 0
    while time.time() < stop:
        i += 1
        body = json.dumps({"email": f"user{n}-{i}@example.org", "password": "not the password at all"})
        connection.request("POST", "/api/v1/auth/login", body, {
            "Content-Type": "application/json", "X-Forwarded-For": f"198.51.100.{n}"})
        response = connection.getresponse()
        response.read()
        with lock:
            counts[response.status] = counts.get(response.status, 0) + 1


threads = [threading.Thread(target=attacker, args=(n,)) for n in range(48)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("sign-in attempts by status:", dict(sorted(counts.items())))
