#!/usr/bin/env python
"""make outage: prove that a PostgreSQL outage gives a styled 503 quickly and
that the site recovers by itself, without restarting gunicorn.

Really stops the local PostgreSQL 15 cluster (pg_ctlcluster 15 main stop),
so run it on a development or CI machine only. Needs DATABASE_URL pointing
at that cluster (a scratch database).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from benchlib import gunicorn, prepare, production_env, workdir


def fetch(url: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body, status = response.read().decode(errors="replace"), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read().decode(errors="replace"), error.code
    return status, time.perf_counter() - start, body


def cluster(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "15", "main", action], check=True)


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Set DATABASE_URL to a scratch PostgreSQL database on the local 15/main cluster.", file=sys.stderr
        )
        return 2
    failures = []
    with workdir() as tmp:
        env = production_env(tmp)
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
        prepare(env)
        with gunicorn(env) as base:
            # Pages that need the database; a unique parameter keeps the page cache out of it
            # (pages already in the cache keep being served during an outage, which is fine).
            pages = ["/articles/pop/?x=1", "/search/?q=imap&x=1", "/categories/basics/?x=1"]
            for path in pages:
                status, _, _ = fetch(base + path)
                print(f"up:        {status} {path}")
            cluster("stop")
            try:
                for path in [p.replace("x=1", "x=2") for p in pages]:
                    status, seconds, body = fetch(base + path)
                    ok = status == 503 and seconds < 3 and "ただいま一時的にご利用いただけません" in body
                    print(f"db down:   {status} in {seconds:.2f} s {path} {'OK' if ok else 'FAIL'}")
                    failures += [] if ok else [path]
                status, seconds, _ = fetch(base + "/static/css/site.css")
                print(f"db down:   {status} in {seconds:.2f} s /static/css/site.css (static)")
                failures += [] if status == 200 else ["static"]
            finally:
                cluster("start")
            time.sleep(1)
            for path in [p.replace("x=1", "x=3") for p in pages]:
                status, seconds, _ = fetch(base + path)
                print(f"recovered: {status} in {seconds:.2f} s {path} (same gunicorn)")
                failures += [] if status == 200 else [path]
    print("PASS" if not failures else f"FAIL: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
