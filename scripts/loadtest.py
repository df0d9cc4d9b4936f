#!/usr/bin/env python
"""make loadtest: 60 s at 50 concurrent connections against gunicorn with
production settings on 127.0.0.1.

Mix (scripts/loadtest.lua): article and category pages (60 %), searches
(25 %, half of them new queries that miss the page cache) and logged-in
wizard step saves (15 %, htmx POSTs spread over 100 hearings). Reports
requests/s, p50/p95/p99 and errors: any 5xx, a connection error, a
"database is locked" or a refused save. SQLite by default (the embedded,
production-like default); set DATABASE_URL for a scratch PostgreSQL database.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
from datetime import datetime
from pathlib import Path

from benchlib import Session, gunicorn, manage, percentile, prepare, production_env, table, workdir

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "50"))
ARTICLES = ["how-mail-arrives", "pop", "imap", "pop-imap-difference", "choose-pop-or-imap", "shared-address-pop",
            "leave-on-server-days", "mailbox-quota", "replace-pc", "ports-and-encryption", "cloud-mail",
            "guide-outlook-classic", "guide-thunderbird", "guide-ios-mail"]  # fmt: skip
CATEGORIES = ["basics", "choosing", "security", "guides", "cloud"]
QUERIES = [
    "POP",
    "IMAP",
    "共有アドレス",
    "ポート 995",
    "iPhone",
    "容量",
    "買い替え",
    "Outlook",
    "クラウド",
    "送信 認証",
]


class VirtualUser(threading.Thread):
    def __init__(self, base: str, password: str, deadline: float, seed: int):
        super().__init__(daemon=True)
        self.base, self.password, self.deadline = base, password, deadline
        self.random = random.Random(seed)
        self.samples: dict[str, list[float]] = {"kb page": [], "search": [], "step save": []}
        self.errors: list[str] = []

    def timed(self, kind: str, call):
        start = time.perf_counter()
        try:
            body = call()
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            self.errors.append(f"{kind}: HTTP {error.code}")
        except OSError as error:
            body = ""
            self.errors.append(f"{kind}: {type(error).__name__}")
        self.samples[kind].append((time.perf_counter() - start) * 1000)
        if "database is locked" in body:
            self.errors.append(f"{kind}: database is locked")
        return body

    def run(self):
        session = Session(self.base)
        session.login("bench", self.password)
        path, director, version = session.new_hearing()
        anonymous = Session(self.base)
        while time.monotonic() < self.deadline:
            roll = self.random.random()
            if roll < 0.5:
                target = (
                    f"/articles/{self.random.choice(ARTICLES)}/"
                    if roll < 0.4
                    else f"/categories/{self.random.choice(CATEGORIES)}/"
                )
                self.timed("kb page", lambda t=target: anonymous.get(t))
            elif roll < 0.75:
                query = self.random.choice(QUERIES)
                extra = f"&u={self.random.randrange(10**9)}" if self.random.random() < 0.5 else ""
                target = f"/search/?q={urllib.parse.quote(query)}{extra}"
                self.timed("search", lambda t=target: anonymous.get(t))
            else:
                data = {
                    "version": version, "action": "save", "c-company": f"負荷試験 {self.random.randrange(1000)}",
                    "c-contact_name": "担当", "c-consulted_on": "2026-11-27", "c-director": director,
                }  # fmt: skip
                body = self.timed(
                    "step save", lambda d=data: session.post(path, d, headers={"HX-Request": "true"})
                )
                found = re.search(r'name="version" value="(\d+)"', body)
                if "ほかの人が先に保存しています" in body:
                    self.errors.append("step save: refused as stale")
                if found:
                    version = found.group(1)


def hearing_ids(session: Session, pages: int = 5) -> list[str]:
    ids: list[str] = []
    for page in range(1, pages + 1):
        html = session.get(f"/wizard/?page={page}")
        ids += [i for i in re.findall(r'href="/wizard/([0-9a-f-]{36})/"', html) if i not in ids]
    return ids


def run_wrk(base: str, session: Session) -> tuple[list[list[str]], list[str], float]:
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
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency", "-s", str(script), base],
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


def run_python(base: str, password: str) -> tuple[list[list[str]], list[str], float]:
    start = time.monotonic()
    users = [VirtualUser(base, password, start + SECONDS, seed) for seed in range(CONNECTIONS)]
    for user in users:
        user.start()
    for user in users:
        user.join()
    elapsed = time.monotonic() - start
    rows, everything, errors = [], [], []
    for kind in ("kb page", "search", "step save"):
        samples = [s for user in users for s in user.samples[kind]]
        everything += samples
        rows.append([kind, str(len(samples)), f"{len(samples) / elapsed:.0f}", f"{statistics.median(samples):.0f}",
                     f"{percentile(samples, 95):.0f}", f"{percentile(samples, 99):.0f}"])  # fmt: skip
    for user in users:
        errors += user.errors
    p99 = percentile(everything, 99)
    rows.append(["all", str(len(everything)), f"{len(everything) / elapsed:.0f}",
                 f"{statistics.median(everything):.0f}", f"{percentile(everything, 95):.0f}", f"{p99:.0f}"])  # fmt: skip
    return rows, errors, p99


def main() -> int:
    with workdir() as tmp:
        env = production_env(tmp)
        prepare(env)
        password = os.urandom(12).hex()
        manage(env, "seed_bench_hearings", "100", "--password", password)
        log = tmp / "gunicorn.log"
        with gunicorn(env, workers=2, threads=4, log=log) as base:
            print(f"Load: {CONNECTIONS} connections for {SECONDS} s…", flush=True)
            if shutil.which("wrk"):
                session = Session(base)
                session.login("bench", password)
                rows, errors, p99 = run_wrk(base, session)
                tool = "wrk -t2"
            else:
                rows, errors, p99 = run_python(base, password)
                tool = "Python threads (install wrk for a lighter load generator)"
        gunicorn_log = log.read_text()
        if "WORKER TIMEOUT" in gunicorn_log:
            errors.append("gunicorn worker timeout")
        if "database is locked" in gunicorn_log:
            errors.append("database is locked (gunicorn log)")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"\nLoad test {datetime.now():%Y-%m-%d %H:%M}, {CONNECTIONS} connections, {SECONDS} s, {database}, "
          f"gunicorn 2 workers × 4 threads, production settings, {tool}")  # fmt: skip
    print(table(rows, ["requests", "count", "req/s", "p50 ms", "p95 ms", "p99 ms"]))
    print(f"Errors: {len(errors)}" + (f" {sorted(set(errors))}" if errors else ""))
    ok = not errors and p99 < 400
    print(f"Target 0 errors and p99 < 400 ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
