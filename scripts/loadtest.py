#!/usr/bin/env python
"""make loadtest: 60 s at 50 concurrent connections against gunicorn with
production settings on 127.0.0.1.

Mix (scripts/loadtest.lua): article and category pages (60 %), searches
(25 %, half of them new queries that miss the page cache) and logged-in
wizard step saves (15 %, htmx POSTs spread over 100 hearings). Reports
requests/s, p50/p95/p99 and errors: any 5xx, a connection error or
timeout, "database is locked", or a gunicorn worker timeout. Saves refused
as stale (two connections saving one hearing at once) are counted apart:
that is the optimistic lock working. Needs Debian's wrk. SQLite by default
(the embedded, production-like default); set DATABASE_URL for a scratch
PostgreSQL database.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from benchlib import Session, gunicorn, manage, prepare, production_env, table, workdir

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "50"))


def hearing_ids(session: Session, pages: int = 5) -> list[str]:
    ids: list[str] = []
    for page in range(1, pages + 1):
        html = session.get(f"/wizard/?page={page}")
        ids += [i for i in re.findall(r'href="/wizard/([0-9a-f-]{36})/"', html) if i not in ids]
    return ids


def run_wrk(
    base: str, session: Session, *, seconds: int = SECONDS, connections: int = CONNECTIONS
) -> tuple[list[list[str]], list[str], float]:
    hearings = hearing_ids(session)
    html = session.get(f"/wizard/{hearings[0]}/customer/")
    director = re.search(r'<option value="(\d+)"[^>]*selected', html).group(1)
    env = {
        **os.environ,
        "LOADTEST_COOKIE": session.cookie_header(),
        "LOADTEST_CSRF": session._csrf(),
        "LOADTEST_DIRECTOR": director,
        "LOADTEST_HEARINGS": ",".join(hearings),
        "LOADTEST_REFERER": base.replace("http:", "https:") + "/",
    }
    script = Path(__file__).with_name("loadtest.lua")
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", str(script), base],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"wrk failed: {result.stdout}{result.stderr}")
    out = result.stdout
    mix = dict(item.split("=") for item in re.search(r"MIX (.*)", out).group(1).split())
    latency = dict(item.split("=") for item in re.search(r"LATENCY (.*)", out).group(1).split())
    totals = dict(item.split("=") for item in re.search(r"TOTAL (.*)", out).group(1).split())
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    rows = [
        ["all", totals["requests"], f"{rps:.0f}", latency["p50"], latency["p95"], latency["p99"]],
        ["mix", f"KB pages {mix['kb']}, searches {mix['search']}, step saves {mix['save']}", "", "", "", ""],
    ]
    errors = []
    for key in ("server_error", "locked"):
        errors += [key] * int(mix[key])
    for key in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout"):
        errors += [key] * int(totals[key])
    refused = int(mix["stale"])
    rows.append(["stale saves refused (expected, not errors)", str(refused), "", "", "", ""])
    return rows, errors, float(latency["p99"])


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    with workdir() as tmp:
        env = production_env(tmp)
        prepare(env)
        password = os.urandom(12).hex()
        manage(env, "seed_bench_hearings", "100", "--password", password)
        log = tmp / "gunicorn.log"
        with gunicorn(env, workers=2, threads=4, log=log) as base:
            print(f"Load: {CONNECTIONS} connections for {SECONDS} s…", flush=True)
            session = Session(base)
            session.login("bench", password)
            rows, errors, p99 = run_wrk(base, session)
        gunicorn_log = log.read_text()
        if "WORKER TIMEOUT" in gunicorn_log:
            errors.append("gunicorn worker timeout")
        if "database is locked" in gunicorn_log:
            errors.append("database is locked (gunicorn log)")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"\nLoad test {datetime.now():%Y-%m-%d %H:%M}, {CONNECTIONS} connections, {SECONDS} s, {database}, "
          f"gunicorn 2 workers × 4 threads, production settings, wrk -t2")  # fmt: skip
    print(table(rows, ["requests", "count", "req/s", "p50 ms", "p95 ms", "p99 ms"]))
    print(f"Errors: {len(errors)}" + (f" {sorted(set(errors))}" if errors else ""))
    ok = not errors and p99 < 400
    print(f"Target 0 errors and p99 < 400 ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
