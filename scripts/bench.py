#!/usr/bin/env python
"""make bench: the knowledge base under load, side by side with a bare view.

Seeds a throw-away database (SQLite in a temp dir, or DATABASE_URL if set:
use a scratch database!) with 10,000 articles, starts gunicorn (2 workers,
DEBUG off) on 127.0.0.1 and measures, in one run, requests/s and latency of
the article page, the home page, a search and /livez (a bare "ok" view
through the same middleware). Ratios against the bare view are what count:
this machine is shared and noisy.

Then the wizard at its maximum (30 addresses × 30 devices) beside its
smallest (1 × 1), one request at a time, the two sizes taking turns: the
customer sheet, the devices step and 「＋ 端末を追加」, as ratios to the 1 × 1
request and in milliseconds; and the first customer sheet a fresh process
serves (its QR codes drawn, then kept by the process).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import urllib.parse
from datetime import datetime

from benchchecks import Checker, side_by_side, silent_mail_server
from benchlib import (
    Session,
    at_once,
    gunicorn,
    manage,
    percentile,
    prepare,
    production_env,
    sequential_timings,
    table,
    timed_get,
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
WIZARD_ROUNDS = 10  # requests of each wizard page per size
WIZARD_TARGET_MS = 1000


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
        sizes = json.loads(manage(env, "seed_bench_sheets"))
        # Last: on PostgreSQL it ends with VACUUM ANALYZE of the whole database.
        manage(env, "seed_bench_articles", str(ARTICLES))
        with gunicorn(env, workers=2) as base:
            q = urllib.parse.quote("共有アドレス POP")
            pages = {
                "bare view (/livez)": f"{base}/livez",
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
            bare_seq_ms = sequential_timings([f"{base}/livez"] * len(cold))
            # Warm: the same queries again, as when customers search for the usual words.
            search_urls = [f"{base}/search/?q={urllib.parse.quote(term)}" for term in queries] * 5
            search_ms = sequential_timings(search_urls)

            print("Step saves…", flush=True)
            save_ms, bare_ms = session.step_saves(STEP_SAVES)
            print("The wizard at 30 × 30…", flush=True)
            first_ms, wide = wizard_at_maximum(base, session, sizes)

            print("Checks against a mail server that never answers, side by side…", flush=True)
            checker_session = Session(base)
            checker_session.login("bench-checks", password)
            checker = Checker.of(checker_session)
            checks_rows = side_by_side(base, checker, session, seconds=SECONDS // 2, saves=STEP_SAVES // 2)

    bare = results["bare view (/livez)"]["rps"]
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
    print(
        f"The wizard at its maximum, one request at a time ({WIZARD_ROUNDS} of each, 1 × 1 and 30 × 30 taking turns):"
    )
    rows = [
        [
            name,
            f"{statistics.median(times['1x1']):.0f}",
            f"{statistics.median(times['30x30']):.0f}",
            f"{percentile(times['30x30'], 95):.0f}",
            f"{statistics.median(times['30x30']) / statistics.median(times['1x1']):.1f}×",
            f"{size / 1e6:.2f}",
        ]
        for name, (times, size) in wide.items()
    ]
    print(
        table(
            rows, ["request", "1 × 1 median ms", "30 × 30 median ms", "30 × 30 p95 ms", "ratio", "30 × 30 MB"]
        )
    )
    print(
        "First 30 × 30 customer sheet of each worker (both at once, QR codes drawn): "
        + ", ".join(f"{ms:.0f} ms" for ms in first_ms)
    )
    wide_ok = all(percentile(times["30x30"], 95) < WIZARD_TARGET_MS for times, _size in wide.values())
    print(
        f"Target: each 30 × 30 request p95 < {WIZARD_TARGET_MS} ms (the first sheet of a process aside): "
        f"{'met' if wide_ok else 'NOT met'}"
    )
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


def wizard_at_maximum(base: str, session: Session, sizes: dict) -> tuple[list[float], dict]:
    """The first 30 × 30 customer sheet of each of the two workers (sent together,
    so each worker serves one), then each page at 1 × 1 and 30 × 30 in turns:
    request → ({size: [ms, …]}, bytes of the 30 × 30 page)."""
    sheet = {name: f"{base}/sheet/{seeded['token']}/" for name, seeded in sizes.items()}
    first_ms = at_once([sheet["30x30"]] * 2)
    timed_get(sheet["1x1"])
    requests = {
        "customer sheet": lambda name: timed_get(sheet[name]),
        "devices step (GET)": lambda name: session.timed(f"/wizard/{sizes[name]['hearing']}/devices/"),
        "「＋ 端末を追加」 (htmx POST)": lambda name: session.timed(
            f"/wizard/{sizes[name]['hearing']}/devices/", _add_row(sizes[name]), {"HX-Request": "true"}
        ),
    }
    wide = {}
    for label, request in requests.items():
        times: dict[str, list[float]] = {"1x1": [], "30x30": []}
        size = 0
        for _round in range(WIZARD_ROUNDS):
            for name in times:
                ms, size_ = request(name)
                times[name].append(ms)
                size = size_ if name == "30x30" else size
        wide[label] = (times, size)
    return first_ms, wide


def _add_row(seeded: dict) -> dict:
    """The devices step as the browser posts it, with 「＋ 端末を追加」 on the first address."""
    first = next(iter(seeded["mailboxes"]))
    data = {"version": seeded["version"], "action": f"add:{first}"}
    for mailbox, devices in seeded["mailboxes"].items():
        prefix = f"dev{mailbox}"
        data |= {f"{prefix}-TOTAL_FORMS": len(devices), f"{prefix}-INITIAL_FORMS": 0}
        for index, device in enumerate(devices):
            data |= {f"{prefix}-{index}-id": device, f"{prefix}-{index}-kind": "pc",
                     f"{prefix}-{index}-client": "thunderbird", f"{prefix}-{index}-label": f"PC{index + 1}",
                     f"{prefix}-{index}-quantity": 1}  # fmt: skip
    return data


if __name__ == "__main__":
    sys.exit(main())
