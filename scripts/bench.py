#!/usr/bin/env python
"""make bench: the knowledge base under load, side by side with a bare view.

Seeds a throw-away database (SQLite in a temp dir, or DATABASE_URL if set:
use a scratch database!) with 10,000 articles, starts gunicorn (2 workers,
DEBUG off) on 127.0.0.1 and measures, in one run, requests/s and latency of
the article page, the home page, a search and /healthz (a bare "ok" view
through the same middleware). Ratios against the bare view are what count:
this machine is shared and noisy.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import urllib.parse
from datetime import datetime

from benchchecks import Checker, side_by_side, silent_mail_server
from benchlib import (
    Session,
    gunicorn,
    manage,
    percentile,
    prepare,
    production_env,
    sequential_timings,
    table,
    workdir,
    wrk,
)

ARTICLES = 10_000
HEARINGS = 10_000
STEP_SAVES = 200
SECONDS = 10
# A second director, who starts the checks (scripts/benchchecks.py).
CHECKER = (
    "from django.contrib.auth import get_user_model; from wizard.roles import ensure_director_group; "
    "u = get_user_model().objects.create_user('bench-checks', password='{password}', is_staff=True); "
    "u.groups.add(ensure_director_group())"
)


def main() -> int:
    with workdir() as tmp, silent_mail_server() as silent:
        env = {
            **production_env(tmp),
            **silent.env,
        }  # checks may reach the silent server, as an operator allows
        prepare(env)
        password = os.urandom(12).hex()
        manage(env, "seed_bench_hearings", str(HEARINGS), "--password", password)
        manage(env, "shell", "-c", CHECKER.format(password=password))
        # Last: on PostgreSQL it ends with VACUUM ANALYZE of the whole database.
        manage(env, "seed_bench_articles", str(ARTICLES))
        with gunicorn(env, workers=2) as base:
            q = urllib.parse.quote("共有アドレス POP")
            pages = {
                "bare view (/healthz)": f"{base}/healthz",
                "article page": f"{base}/articles/shared-address-pop/",
                "home page": f"{base}/",
                "search (2 words)": f"{base}/search/?q={q}",
            }
            session = Session(base)
            session.login("bench", password)
            cookie = session.cookie_header()
            pages["hearing list (10,000 hearings)"] = f"{base}/wizard/"
            sequential_timings(
                list(pages.values()), headers={"Cookie": cookie, **Session.tls}
            )  # warm up both workers
            results = {}
            for name, url in pages.items():
                print(f"Load: {name}…", flush=True)
                results[name] = wrk(
                    url, seconds=SECONDS, headers={"Cookie": cookie} if "/wizard/" in url else None
                )
            queries = ["POP", "imap", "ＰＯＰ", "共有アドレス", "ポート 995", "iPhone", "容量", "B09999",
                       "Thunderbird 日間", "クラウド", "存在しない言葉", "買い替え", "送信 認証", "スマホ",
                       "Outlook コピー"]  # fmt: skip
            # Uncached: each query once, with a throw-away parameter so the page
            # cache cannot answer; the search itself runs every time.
            cold = [
                f"{base}/search/?q={urllib.parse.quote(term)}&bench={n}" for n, term in enumerate(queries * 2)
            ]
            search_cold_ms = sequential_timings(cold)
            # The same way, the bare view: what the machine's noise costs a request now.
            bare_seq_ms = sequential_timings([f"{base}/healthz"] * len(cold))
            # Warm: the same queries again, as when customers search for the usual words.
            search_urls = [f"{base}/search/?q={urllib.parse.quote(term)}" for term in queries] * 5
            search_ms = sequential_timings(search_urls)

            print("Step saves…", flush=True)
            save_ms, bare_ms = session.step_saves(STEP_SAVES)

            print("Checks against a mail server that never answers, side by side…", flush=True)
            checker_session = Session(base)
            checker_session.login("bench-checks", password)
            checker = Checker.of(checker_session)
            checks_rows = side_by_side(base, checker, session, seconds=SECONDS // 2, saves=STEP_SAVES // 2)

    bare = results["bare view (/healthz)"]["rps"]
    rows = [
        [
            name,
            f"{r['rps']:.0f}",
            f"{r['rps'] / bare:.2f}×",
            f"{r['p50']:.1f}",
            f"{r['p99']:.1f}",
            str(r["non2xx"]),
        ]
        for name, r in results.items()
    ]
    print()
    print(f"Benchmark {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{ARTICLES:,} articles, gunicorn 2 workers, wrk -t2 -c16 -d{SECONDS}s")  # fmt: skip
    print(table(rows, ["page", "req/s", "vs bare", "p50 ms", "p99 ms", "non-2xx"]))
    print()
    print(
        f"Search, one request at a time, repeated queries ({len(search_ms)} requests, {len(queries)} queries): "
        f"median {statistics.median(search_ms):.1f} ms, p95 {percentile(search_ms, 95):.1f} ms"
    )
    print(
        f"Search, uncached ({len(search_cold_ms)} requests, page cache bypassed): "
        f"median {statistics.median(search_cold_ms):.1f} ms, p95 {percentile(search_cold_ms, 95):.1f} ms; "
        f"bare view the same way: median {statistics.median(bare_seq_ms):.1f} ms"
    )
    print(
        f"Wizard step save (POST, htmx, one at a time, {STEP_SAVES} saves): "
        f"median {statistics.median(save_ms):.1f} ms, p95 {percentile(save_ms, 95):.1f} ms; "
        f"bare view the same way: median {statistics.median(bare_ms):.1f} ms, p95 {percentile(bare_ms, 95):.1f} ms"
    )
    print()
    print(f"While mailbox reads of a server that never answers run in every app server process "
          f"({checker.started} started, {checker.busy} refused as busy, {len(silent.held)} connections held):")  # fmt: skip
    print(table(checks_rows, ["median of 3 rounds", "no checks", "checks running", "ratio"]))
    ratio = results["article page"]["rps"] / bare
    staff = results["hearing list (10,000 hearings)"]["rps"] / bare
    ok = (
        ratio >= 0.5
        and staff >= 0.2
        and statistics.median(search_cold_ms) < 50
        and percentile(save_ms, 95) < 30
    )
    print(
        f"Targets: article ≥ 0.5× bare ({ratio:.2f}×), hearing list ≥ 0.2× bare ({staff:.2f}×), "
        f"uncached search median < 50 ms, step save p95 < 30 ms: {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
