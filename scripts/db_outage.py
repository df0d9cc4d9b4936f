#!/usr/bin/env python
"""make outage: prove that a PostgreSQL outage gives a styled 503 quickly, to
visitors and to a logged-in director alike, with the security headers; that
/healthz says the database is down (so a load balancer stops sending traffic);
and that the site recovers by itself, without restarting gunicorn.

Really stops the local PostgreSQL 15 cluster (pg_ctlcluster 15 main stop;
OUTAGE_CLUSTER="15 other" names another cluster, e.g. one of your own on a
shared machine), so run it on a development or CI machine only. Needs
DATABASE_URL pointing at that cluster (a scratch database).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from benchlib import Session, gunicorn, manage, prepare, production_env, workdir

UNAVAILABLE = "ただいま一時的にご利用いただけません"
# What every answer carries, the 503 of an outage included (core/security.py, django-csp).
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                    "Cross-Origin-Resource-Policy", "Referrer-Policy")  # fmt: skip


# An article, a search and a category: before, during and after the outage.
PAGES = (
    ["/articles/pop/", "/search/?q=imap", "/categories/basics/"],
    ["/articles/imap/", f"/search/?q={urllib.parse.quote('ポート')}", "/categories/choosing/"],
    ["/articles/ports-and-encryption/", "/search/?q=smtp", "/categories/trouble/"],
)


def fetch(url: str, cookie: str = "") -> tuple[int, float, str, dict[str, str]]:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body, status, headers = (
                response.read().decode(errors="replace"),
                response.status,
                response.headers,
            )
    except urllib.error.HTTPError as error:
        body, status, headers = error.read().decode(errors="replace"), error.code, error.headers
    return status, time.perf_counter() - start, body, dict(headers)


def styled_503(status: int, seconds: float, body: str, headers: dict[str, str]) -> bool:
    return (
        status == 503
        and seconds < 3
        and UNAVAILABLE in body
        and all(name in headers for name in SECURITY_HEADERS)
    )


def health(base: str) -> tuple[int, dict]:
    status, _seconds, body, _headers = fetch(base + "/healthz")
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {"body": body[:80]}


def cluster(action: str) -> None:
    version, name = os.environ.get("OUTAGE_CLUSTER", "15 main").split()
    subprocess.run(["pg_ctlcluster", version, name, action], check=True)


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
        password = os.urandom(12).hex()
        manage(env, "shell", "-c", (  # again on a database used before: the same account
            "from django.contrib.auth import get_user_model as m\n"
            "from wizard.roles import ensure_director_group\n"
            "user = m().objects.get_or_create(username='outage', defaults={'is_staff': True})[0]\n"
            f"user.set_password('{password}')\nuser.save()\nuser.groups.add(ensure_director_group())"
        ))  # fmt: skip
        with gunicorn(env) as base:
            director = Session(base)
            director.login("outage", password)
            cookie = director.cookie_header()
            # Pages that need the database, other ones before, during and after the outage: a
            # page already in the cache may be served during an outage, which is fine, and the
            # cache ignores parameters a page does not use, so only another page is a new one.
            pages, down_pages, recovered_pages = PAGES
            for path in pages:
                status, _, _, _ = fetch(base + path)
                print(f"up:        {status} {path}")
            status, _, body, _ = fetch(base + "/wizard/", cookie)
            print(f"up:        {status} /wizard/ (logged in)")
            failures += [] if status == 200 and "ヒアリング一覧" in body else ["logged in before the outage"]
            status, answer = health(base)
            print(f"up:        {status} /healthz {answer}")
            failures += [] if status == 200 and answer.get("database") == "ok" else ["/healthz up"]
            cluster("stop")
            try:
                for path in down_pages:
                    answer = fetch(base + path)
                    ok = styled_503(*answer)
                    print(f"db down:   {answer[0]} in {answer[1]:.2f} s {path} {'OK' if ok else 'FAIL'}")
                    failures += [] if ok else [path]
                for path in ("/wizard/", "/articles/mailbox-quota/"):
                    answer = fetch(base + path, cookie)
                    ok = styled_503(*answer)
                    print(
                        f"db down:   {answer[0]} in {answer[1]:.2f} s {path} (logged in) {'OK' if ok else 'FAIL'}"
                    )
                    failures += [] if ok else [f"{path} logged in"]
                started = time.perf_counter()
                status, answer = health(base)
                seconds = time.perf_counter() - started
                ok = status == 503 and answer.get("database") == "unavailable" and seconds < 3
                print(f"db down:   {status} in {seconds:.2f} s /healthz {answer} {'OK' if ok else 'FAIL'}")
                failures += [] if ok else ["/healthz down"]
                status, seconds, _, _ = fetch(base + "/static/css/site.css")
                print(f"db down:   {status} in {seconds:.2f} s /static/css/site.css (static)")
                failures += [] if status == 200 else ["static"]
            finally:
                cluster("start")
            time.sleep(1)
            for path in recovered_pages:
                status, seconds, _, _ = fetch(base + path)
                print(f"recovered: {status} in {seconds:.2f} s {path} (same gunicorn)")
                failures += [] if status == 200 else [path]
            status, _, body, _ = fetch(base + "/wizard/", cookie)
            print(f"recovered: {status} /wizard/ (logged in, same session)")
            failures += [] if status == 200 and "ヒアリング一覧" in body else ["logged in after the outage"]
            status, answer = health(base)
            print(f"recovered: {status} /healthz {answer}")
            failures += [] if status == 200 else ["/healthz after"]
    print("PASS" if not failures else f"FAIL: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
