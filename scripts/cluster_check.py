#!/usr/bin/env python
"""make cluster-check: several app servers for real, on 127.0.0.1.

Starts what production runs, with ports of its own: PostgreSQL 15 (the local
15/main cluster, started if needed) with a fresh database, Redis (Debian's
redis-server, as the README's topology says: TLS only, a password, a memory
cap with allkeys-lru), two gunicorn app servers sharing both
(DJANGO_CACHE_URL=rediss://…, DJANGO_TRUSTED_PROXIES=1) and nginx (Debian's)
round-robin in front. Then:

1. an edit through one app server (the admin: a new title, an unpublish) is
   what both serve within 2 s, and the page cache lives in Redis; Redis
   refuses plain-text and password-less clients, a crafted pickle written
   under a page's key is neither run nor served, and query parameters a
   page does not use add no entries;
2. a staff session made through nginx works on each app server, and a
   logout on one ends it on the other;
3. a login lockout (5 failures through nginx, so on both servers) holds on
   each server;
4. a 5 KB search query gets the search page; refusals (over-long lines and
   headers, a line that is not HTTP, a 4 MB body) through nginx get the site's
   Japanese page with every security header, whichever of gunicorn and nginx
   makes them;
5. a 30 s wrk mix through nginx (scripts/loadtest.lua: pages, searches,
   staff saves) has 0 errors;
6. the notice worker (``manage.py send_notices --loop``) runs beside the app
   servers: a customer's report through nginx reaches a real SMTP server
   (aiosmtpd on loopback) at once, and one sent while that server is down
   goes out when it is back.

Everything it started is stopped by PID, and its database dropped.
CLUSTER_DATABASE_URL (default postgres://mailnavi:mailnavi@127.0.0.1:5432/
mailnavi_cluster) names the database, which is dropped and made anew.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from benchlib import PYTHON, ROOT, Session, free_port, gunicorn, manage, prepare, production_env, workdir

os.environ.setdefault("LOADTEST_SECONDS", "30")
from loadtest import run_wrk  # noqa: E402  (reads LOADTEST_SECONDS when imported)

sys.path.insert(0, str(ROOT))
from tests.wizard.smtpfixture import LocalSmtpServer  # noqa: E402

DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://mailnavi:mailnavi@127.0.0.1:5432/mailnavi_cluster"
)
WITHIN = 2.0
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures.append(what)


# Services ----------------------------------------------------------------------------------


def fresh_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    if subprocess.run(["pg_isready", "-q", "-h", url.hostname, "-p", str(url.port or 5432)]).returncode:
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)
        time.sleep(2)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.path.lstrip("/")}" WITH (FORCE)')


def wait_for_port(port: int, what: str) -> None:
    import socket

    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start on port {port}")


@contextmanager
def started(command: list[str], port: int, what: str, log: Path):
    """A server process of ours, stopped by its PID however the check ends."""
    process = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_for_port(port, what)
        print(f"     {what} on 127.0.0.1:{port} (pid {process.pid})", flush=True)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def worker(env: dict[str, str], log: Path):
    """The notice worker, as ``make serve`` starts it; stopped by its PID."""
    command = [PYTHON, "manage.py", "send_notices", "--loop", "--interval", "1"]
    process = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    print(f"     notice worker (pid {process.pid})", flush=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def nginx_config(tmp: Path, port: int, upstreams: list[str], edge: str = "") -> Path:
    servers = "\n".join(f"    server {upstream.removeprefix('http://')};" for upstream in upstreams)
    user = "user root;" if os.geteuid() == 0 else ""
    config = tmp / "nginx.conf"
    config.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;  # it would keep link tokens and staff searches; gunicorn's log is redacted
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  client_max_body_size 3m;
  upstream app {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
{edge}
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # TLS ends here in production ($scheme); this check speaks plain HTTP on loopback.
      proxy_set_header X-Forwarded-Proto https;
    }}
  }}
}}
""")
    return config


# HTTP helpers ------------------------------------------------------------------------------


def get(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def served_everywhere(servers: list[str], path: str, test, cookie: str = "") -> float | None:
    """Seconds until every server's answer passes ``test``, or None after WITHIN."""
    start = time.monotonic()
    while time.monotonic() - start < WITHIN:
        if all(test(*get(base + path, cookie)) for base in servers):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send for the form with ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self.fields.append(
                    (a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
                )
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self.fields.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def admin_save_title(session: Session, article_id: str, title: str) -> None:
    path = f"/admin/kb/article/{article_id}/change/"
    form = FormFields("article_form")
    form.feed(session.get(path))
    fields = [(name, title if name == "title" else value) for name, value in form.fields]
    page = session.post(
        path, dict(fields) | {"_save": "1", "related": [v for n, v in fields if n == "related"]}
    )
    if "errornote" in page:
        raise RuntimeError("the admin refused the edit")


# The checks ---------------------------------------------------------------------------------


def check_edits(servers: list[str], admin: Session, redis_url: str, article_id: str) -> None:
    slug = "pop"
    for base in servers:
        get(base + f"/articles/{slug}/")  # both caches hold the page
    import redis

    keys = redis.Redis.from_url(redis_url).keys("*:page:*")
    check(bool(keys), f"the page cache lives in the shared Redis ({len(keys)} pages)")
    new_title = f"クラスタ確認 {int(time.time())}"
    admin_save_title(admin, article_id, new_title)
    seconds = served_everywhere(servers, f"/articles/{slug}/", lambda status, body: new_title in body)
    check(
        seconds is not None,
        f"a new title saved through server 1 is served by both within {WITHIN:.0f} s ({seconds or 0:.2f} s)",
    )
    admin.post("/admin/kb/article/", {"action": "unpublish", "_selected_action": article_id, "index": "0"})
    seconds = served_everywhere(servers, f"/articles/{slug}/", lambda status, body: status == 404)
    check(
        seconds is not None,
        f"an unpublished article is gone from both within {WITHIN:.0f} s ({seconds or 0:.2f} s)",
    )
    admin.post("/admin/kb/article/", {"action": "publish", "_selected_action": article_id, "index": "0"})
    seconds = served_everywhere(servers, f"/articles/{slug}/", lambda status, body: status == 200)
    check(
        seconds is not None,
        f"published again, it is back on both within {WITHIN:.0f} s ({seconds or 0:.2f} s)",
    )


def redis_certificates(tmp: Path) -> dict[str, str]:
    """A throw-away CA and a certificate for 127.0.0.1 (openssl), for Redis over TLS."""

    def run(*args):
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)

    ca_key, ca, key, csr, cert, ext = (
        tmp / name
        for name in ("redis-ca.key", "redis-ca.pem", "redis.key", "redis.csr", "redis.pem", "redis.ext")
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-days", "2", "-subj", "/CN=cluster check CA", "-keyout", ca_key, "-out", ca)
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    run("req", *ec, "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", csr)
    run("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
        "-extfile", ext, "-out", cert)  # fmt: skip
    return {"ca": str(ca), "cert": str(cert), "key": str(key)}


def check_redis(servers: list[str], redis_url: str, ca: str, tmp: Path) -> None:
    """Redis as the README's topology says, and nothing in it can make an app server run code."""
    import pickle

    import redis

    shared = redis.Redis.from_url(redis_url)
    config = shared.config_get("maxmemory*")
    check(
        int(config["maxmemory"]) > 0 and config["maxmemory-policy"] == "allkeys-lru",
        f"Redis has a memory cap with LRU eviction ({config['maxmemory']} bytes, {config['maxmemory-policy']})",
    )
    port = shared.connection_pool.connection_kwargs["port"]
    cases = (
        ("without the password", redis.Redis("127.0.0.1", port, ssl=True, ssl_ca_certs=ca, socket_timeout=2),
         (redis.AuthenticationError,)),
        ("in plain text", redis.Redis("127.0.0.1", port, socket_timeout=2), (redis.ConnectionError, redis.TimeoutError)),
    )  # fmt: skip
    for what, client, refusals in cases:
        try:
            client.ping()
            refused = False
        except refusals:
            refused = True
        check(refused, f"Redis refuses a client {what}")
    path = "/articles/imap/"
    before = len(shared.keys("*:page:kb.views.article_detail:*"))
    for number in range(30):
        get(servers[number % 2] + f"{path}?utm_source=mail-{number}&ref={os.urandom(8).hex()}")
    added = len(shared.keys("*:page:kb.views.article_detail:*")) - before
    check(added <= 1, f"30 requests with unknown query parameters add at most one cache entry ({added})")

    class RunsCode:
        def __reduce__(self):
            return (open, (str(tmp / "pickle-ran"), "w"))

    for key in shared.keys("*:page:kb.views.article_detail:*"):
        shared.set(key, pickle.dumps(RunsCode()))
    answers = [get(base + path) for base in servers]
    check(
        all(status == 200 and "IMAP" in body for status, body in answers)
        and not (tmp / "pickle-ran").exists(),
        "a pickle written into Redis under a page's key is neither run nor served (the page is rendered fresh)",
    )


def check_sessions(front: str, servers: list[str], password: str) -> Session:
    staff = Session(front)
    staff.login("bench", password)
    cookie = staff.cookie_header()
    answers = [get(base + "/wizard/", cookie) for base in servers]
    check(all(status == 200 and "ヒアリング一覧" in body for status, body in answers),
          "a staff session made through nginx is logged in on both app servers")  # fmt: skip
    other = Session(front)
    other.login("bench", password)
    other_cookie = other.cookie_header()
    logout = Session(servers[0])
    logout.jar = other.jar
    logout.opener = other.opener
    logout.post("/accounts/logout/", {})
    status, body = get(servers[1] + "/wizard/", other_cookie)
    check("ヒアリング一覧" not in body, "a logout on server 1 ends the session on server 2")
    return staff


def check_lockout(front: str, servers: list[str], password: str) -> None:
    for _ in range(5):
        Session(front).post_login("cluster-lock", "wrong-password-here")
    for index, base in enumerate(servers, start=1):
        status = Session(base).post_login("cluster-lock", password)
        check(
            status == 429, f"after 5 failures through nginx, server {index} refuses the right password (429)"
        )


def check_permissions(servers: list[str], staff: Session, env: dict[str, str]) -> None:
    """Permissions are kept in each process until they change (core/permissions.py):
    a director taken out of the group by another process is refused everywhere, and let back in."""
    cookie = staff.cookie_header()
    user = "from django.contrib.auth import get_user_model as m\nuser = m().objects.get(username='bench')\n"
    manage(env, "shell", "-c", user + "user.groups.clear()")
    took = served_everywhere(servers, "/wizard/", lambda status, _body: status == 403, cookie)
    seconds = f" ({took:.1f} s)" if took is not None else ""
    check(took is not None, f"a director removed from the group by another process is refused by both app servers "
          f"within {WITHIN:.0f} s{seconds}")  # fmt: skip
    manage(env, "shell", "-c", user + "from wizard.roles import ensure_director_group\n"
           "user.groups.add(ensure_director_group())")  # fmt: skip
    took = served_everywhere(
        servers, "/wizard/", lambda status, body: status == 200 and "ヒアリング一覧" in body, cookie
    )
    check(took is not None, "put back in the group, the director is served by both app servers again")
    # Every other worker reads the new generation within its check interval (1 s);
    # the wrk mix that follows counts any 403 as an error.
    time.sleep(1.1)


# Edge errors: what nginx and gunicorn answer themselves ------------------------------------


def nginx_edge(tmp: Path, env: dict[str, str]) -> str:
    """The server block's lines for nginx's own answers (README, "Several app
    servers"): buffers longer than gunicorn's limits, so gunicorn answers what it
    can with the site's pages, and the site's pages and headers for the rest."""
    pages = tmp / "error-pages"
    manage(env, "error_pages", str(pages))
    return f"""
    large_client_header_buffers 4 16k;
    error_page 400 413 494 /_errors/400.html;
    error_page 414 /_errors/414.html;
    error_page 502 503 504 /_errors/503.html;
    location ^~ /_errors/ {{
      internal;
      alias {pages}/;
      include {pages}/headers.conf;
    }}"""


SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options",
                    "cross-origin-opener-policy", "cross-origin-resource-policy", "permissions-policy",
                    "referrer-policy")  # fmt: skip


def raw_answer(port: int, data: bytes) -> tuple[int, dict[str, str], str]:
    """Status, headers (lower-case names) and body of the answer to raw bytes."""
    import socket
    from contextlib import suppress

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with suppress(OSError):  # the server may answer and close before reading everything (413)
            sock.sendall(data)
        received = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines[1:])}
    return int(lines[0].split()[1]) if lines[0] else 0, headers, body.decode(errors="replace")


def check_edge_errors(front_port: int) -> None:
    """A long search query through nginx gets the search page; refusals, whichever
    of gunicorn and nginx makes them, the site's Japanese page with every security header."""
    line = "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{}\r\n"
    too_long = "ページのアドレス (URL) が長すぎます"
    refused = "リクエストを処理できませんでした"
    cut = "先頭の200文字で検索しました"
    cases = [
        ("a 5 KB search query (the search page)", line.format("/search/?q=" + "a" * 5000, ""), 200, cut),
        ("a 12 KB request line (gunicorn)", line.format("/?q=" + "a" * 12000, ""), 414, too_long),
        ("a 20 KB request line (nginx)", line.format("/?q=" + "a" * 20000, ""), 414, too_long),
        ("a 12 KB header (gunicorn)", line.format("/", "X-Big: " + "a" * 12000 + "\r\n"), 431, refused),
        ("a 20 KB header (nginx)", line.format("/", "X-Big: " + "a" * 20000 + "\r\n"), 400, refused),
        ("a line that is not HTTP (nginx)", "NOT HTTP AT ALL\r\n\r\n", 400, refused),
        ("a 4 MB body (nginx)", "POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4194304\r\n"
         "Connection: close\r\n\r\n" + "a" * 4194304, 413, refused),
    ]  # fmt: skip
    for what, data, status, text in cases:
        got, headers, body = raw_answer(front_port, data.encode())
        missing = [name for name in SECURITY_HEADERS if name not in headers]
        check(
            got == status and text in body and not missing,
            f"{what}: {got} (expected {status}), Japanese page {'yes' if text in body else 'NO'}, "
            f"security headers {'all' if not missing else 'missing ' + ', '.join(missing)}",
        )


NOTICE_HEARING = """
from django.contrib.auth import get_user_model
from wizard.models import Device, Hearing, Mailbox
from wizard.services import customer_link_create, hearing_complete
director = get_user_model().objects.get(username="bench")
director.email = "bench@agency.example"
director.save()
hearing = Hearing.objects.create(company="クラスタ確認株式会社", director=director, consulted_on="2026-11-27")
mailbox = Mailbox.objects.create(hearing=hearing, address="info@cluster.example", people=2,
                                 incoming_host="mail.cluster.example", outgoing_host="mail.cluster.example")
pc = Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird", label="PC", position=0)
phone = Device.objects.create(mailbox=mailbox, kind="smartphone", client="ios_mail", label="iPhone", position=1)
hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
_link, token = customer_link_create(hearing=hearing, user=director)
print(token, pc.pk, phone.pk)
"""


def check_notices(front: str, env: dict[str, str], smtp: LocalSmtpServer) -> None:
    token, *devices = manage(env, "shell", "-c", NOTICE_HEARING).strip().splitlines()[-1].split()
    customer = Session(front)

    def report(device: str) -> None:
        path = f"/sheet/{token}/guides/{device}/report/"
        customer.get(path + "?step=2")  # the form and its CSRF cookie
        customer.post(path, {"state": "trouble", "step": "2", "text": "クラスタ確認"})

    report(devices[0])
    arrived = smtp.inbox.wait_for(1, seconds=10)
    check(len(arrived) == 1 and "bench@agency.example" in arrived[0]["X-Envelope-To"],
          "a customer's report through nginx reaches the director's mail at once (real SMTP)")  # fmt: skip
    smtp.stop()
    report(devices[1])  # its first attempt fails: the SMTP server is down
    time.sleep(1)
    smtp.start()
    check(len(smtp.inbox.wait_for(2, seconds=20)) == 2,
          "a report made while the SMTP server was down is mailed by the worker when it is back")  # fmt: skip


def main() -> int:
    for tool in ("redis-server", "nginx", "wrk", "pg_isready", "openssl"):
        if not shutil.which(tool):
            print(f"{tool} is missing: apt-get install redis-server nginx wrk postgresql-15", file=sys.stderr)
            return 2
    started_at = time.monotonic()
    print("Fresh PostgreSQL database…", flush=True)
    fresh_database()
    try:
        with workdir() as tmp:
            redis_port, front_port = free_port(), free_port()
            tls, redis_password = redis_certificates(tmp), os.urandom(16).hex()
            # As the README's topology says: TLS only, a password, a memory cap with LRU eviction.
            redis_command = ["redis-server", "--port", "0", "--tls-port", str(redis_port), "--bind", "127.0.0.1",
                             "--tls-cert-file", tls["cert"], "--tls-key-file", tls["key"],
                             "--tls-ca-cert-file", tls["ca"], "--tls-auth-clients", "no",
                             "--requirepass", redis_password, "--maxmemory", "64mb",
                             "--maxmemory-policy", "allkeys-lru", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp)]  # fmt: skip
            redis_url = f"rediss://:{redis_password}@127.0.0.1:{redis_port}/0?ssl_ca_certs={tls['ca']}"
            with started(redis_command, redis_port, "redis-server", tmp / "redis.log"):
                smtp = LocalSmtpServer()
                smtp.start()
                env = production_env(tmp) | {
                    "DATABASE_URL": DATABASE_URL,
                    "DJANGO_CACHE_URL": redis_url,
                    "DJANGO_TRUSTED_PROXIES": "1",
                    "DJANGO_SITE_URL": f"http://127.0.0.1:{front_port}",
                    "DJANGO_EMAIL_HOST": smtp.host,
                    "DJANGO_EMAIL_PORT": str(smtp.port),
                    "DJANGO_EMAIL_SECURITY": "none",
                    "MAILNAVI_NOTICE_RETRY_SECONDS": "1",
                }
                prepare(env)
                password = os.urandom(12).hex()
                manage(env, "seed_bench_hearings", "100", "--password", password)
                article_id = manage(env, "shell", "-c", (
                    "from django.contrib.auth import get_user_model as m\n"
                    f"m().objects.create_superuser('cluster-admin', 'a@example.com', '{password}')\n"
                    f"m().objects.create_user('cluster-lock', password='{password}', is_staff=True)\n"
                    "from kb.models import Article\nprint(Article.objects.get(slug='pop').pk)"
                )).strip().splitlines()[-1]  # fmt: skip
                logs = [tmp / "gunicorn-1.log", tmp / "gunicorn-2.log"]
                with (
                    gunicorn(env, workers=2, threads=2, log=logs[0]) as one,
                    gunicorn(env, workers=2, threads=2, log=logs[1]) as two,
                    worker(env, tmp / "worker.log"),
                ):
                    servers = [one, two]
                    print(f"     gunicorn app servers on {one} and {two}", flush=True)
                    config = nginx_config(tmp, front_port, servers, nginx_edge(tmp, env))
                    nginx = ["nginx", "-c", str(config), "-p", str(tmp), "-e", str(tmp / "nginx-error.log")]
                    with started(nginx, front_port, "nginx", tmp / "nginx.out"):
                        front = f"http://127.0.0.1:{front_port}"
                        admin = Session(one)
                        admin.login("cluster-admin", password)
                        check_edits(servers, admin, redis_url, article_id)
                        check_redis(servers, redis_url, tls["ca"], tmp)
                        staff = check_sessions(front, servers, password)
                        check_lockout(front, servers, password)
                        check_permissions(servers, staff, env)
                        check_edge_errors(front_port)
                        check_notices(front, env, smtp)
                        print("Load: 30 s wrk mix through nginx…", flush=True)
                        rows, errors, _p99 = run_wrk(front, staff, seconds=30, connections=32)
                        for row in rows:
                            print("     " + " | ".join(cell for cell in row if cell))
                        check(
                            not errors,
                            f"30 s wrk mix through nginx: {len(errors)} errors {sorted(set(errors))}",
                        )
                smtp.stop()
                text = "".join(log.read_text() for log in logs)
                check(
                    "WORKER TIMEOUT" not in text and "Traceback" not in text,
                    "no worker timeout or traceback in gunicorn's logs",
                )
    finally:
        drop_database()
    print(
        f"{'PASS' if not failures else 'FAIL: ' + '; '.join(failures)} ({time.monotonic() - started_at:.0f} s)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
