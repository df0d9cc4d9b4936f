"""Shared helpers for the benchmark and load-test scripts (not imported by the app)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SECRET_KEY": os.urandom(32).hex(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SITE_URL": "http://127.0.0.1",
            # Plain HTTP on loopback: no TLS terminator in front of gunicorn here.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if "DATABASE_URL" not in os.environ:
        env.pop("DATABASE_URL", None)
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrate the throw-away database, collect static files, load the articles."""
    print("Preparing a throw-away database…", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_articles")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        last = result.stderr.strip().splitlines()[-1:] or ["(no message)"]
        hint = " (DATABASE_URL must name an empty scratch database)" if "DATABASE_URL" in env else ""
        raise SystemExit(f"manage.py {' '.join(args)} failed{hint}: {last[0]}")
    return result.stdout


@contextmanager
def workdir():
    path = Path(tempfile.mkdtemp(prefix="mailnavi-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, threads: int = 1, log: Path | None = None):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
            "-c", "config/gunicorn_conf.py",  # as make serve: limits, error pages, redacted logs
        ],
        cwd=ROOT,
        env=env,
        stderr=log.open("w") if log else None,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=45)  # a worker ends its remote checks first (their deadlines: ≤ 25 s)


def wrk(url: str, *, seconds: int = 10, connections: int = 16, headers: dict | None = None) -> dict:
    """Requests/s and latency percentiles from wrk (or a small Python fallback)."""
    if shutil.which("wrk"):
        cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        for key, value in (headers or {}).items():
            cmd += ["-H", f"{key}: {value}"]
        out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        latency = {}
        for pct in ("50", "90", "99"):
            match = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)
            value, unit = float(match.group(1)), match.group(2)
            latency[pct] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return {
            "rps": rps,
            "p50": latency["50"],
            "p99": latency["99"],
            "non2xx": int(errors.group(1)) if errors else 0,
        }
    return python_load(url, seconds=seconds, connections=connections, headers=headers)


def python_load(url: str, *, seconds: int, connections: int, headers: dict | None = None) -> dict:
    import concurrent.futures

    deadline = time.monotonic() + seconds
    timings: list[float] = []
    failures = 0

    def worker():
        nonlocal failures
        local = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                request = urllib.request.Request(url, headers=headers or {})
                urllib.request.urlopen(request, timeout=10).read()
                local.append((time.perf_counter() - start) * 1000)
            except OSError:
                failures += 1
        return local

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for result in pool.map(lambda _: worker(), range(connections)):
            timings.extend(result)
    timings.sort()
    return {
        "rps": len(timings) / seconds,
        "p50": statistics.median(timings),
        "p99": timings[int(len(timings) * 0.99) - 1],
        "non2xx": failures,
    }


def sequential_timings(urls: list[str], *, headers: dict | None = None) -> list[float]:
    """Wall-clock milliseconds of one request at a time (no queueing)."""
    timings = []
    for url in urls:
        request = urllib.request.Request(url, headers=headers or {})
        start = time.perf_counter()
        urllib.request.urlopen(request, timeout=30).read()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def timed_get(url: str, *, headers: dict | None = None) -> tuple[float, int]:
    """Milliseconds and bytes of one GET."""
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    size = len(urllib.request.urlopen(request, timeout=60).read())
    return (time.perf_counter() - start) * 1000, size


def at_once(urls: list[str]) -> list[float]:
    """Milliseconds of GETs sent together, each on a connection of its own: with
    as many sync gunicorn workers as URLs, each worker serves one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(len(urls)) as pool:
        return [ms for ms, _size in pool.map(timed_get, urls)]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


class Session:
    """A logged-in staff browser, for the wizard figures."""

    def __init__(self, base: str):
        import http.cookiejar

        class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
            # Production cookies are Secure; gunicorn here speaks plain HTTP on
            # loopback, with X-Forwarded-Proto telling Django it is behind TLS.
            def return_ok_secure(self, cookie, request):
                return True

        self.base = base
        self.jar = http.cookiejar.CookieJar(LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name.endswith("csrftoken"))

    def post(self, path: str, data: dict, headers: dict | None = None) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=body,
            headers={
                **self.tls,
                "X-CSRFToken": self._csrf(),
                "Referer": self.base.replace("http:", "https:") + "/",
                **(headers or {}),
            },
        )
        return self.opener.open(request, timeout=30).read().decode()

    tls = {"X-Forwarded-Proto": "https"}

    def get(self, path: str) -> str:
        request = urllib.request.Request(f"{self.base}{path}", headers=self.tls)
        return self.opener.open(request, timeout=30).read().decode()

    def timed(self, path: str, data: dict | None = None, headers: dict | None = None) -> tuple[float, int]:
        """Milliseconds and bytes of one GET (or POST with ``data``)."""
        start = time.perf_counter()
        text = self.get(path) if data is None else self.post(path, data, headers=headers)
        return (time.perf_counter() - start) * 1000, len(text.encode())

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        self.post("/accounts/login/", {"username": username, "password": password, "next": "/wizard/"})

    def post_login(self, username: str, password: str) -> int:
        """The status of a login attempt: 200 (the wizard, or the form again) or 429 (locked out)."""
        self.get("/accounts/login/")
        try:
            self.post("/accounts/login/", {"username": username, "password": password})
        except urllib.error.HTTPError as error:
            return error.code
        return 200

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def new_hearing(self) -> tuple[str, str, str]:
        """Start a hearing (its record exists from the first save of step 1);
        its step-1 path, the director's id and the version."""
        html = self.get("/wizard/new/")
        director = re.search(r'<option value="(\d+)"[^>]*selected', html).group(1)
        version = re.search(r'name="version" value="(\d*)"', html).group(1)
        first = {"version": version, "action": "save", "c-company": "ベンチ株式会社", "c-director": director,
                 "c-contact_name": "担当", "c-consulted_on": "2026-11-27"}  # fmt: skip
        page = self.post("/wizard/new/", first)
        hearing = re.search(r"/wizard/([0-9a-f-]{36})/customer/", page).group(1)
        path = f"/wizard/{hearing}/customer/"
        html = self.get(path)
        director = re.search(r'<option value="(\d+)"[^>]*selected', html).group(1)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        return path, director, version

    def step_saves(self, count: int) -> tuple[list[float], list[float]]:
        """Save step 1 of a new hearing again and again (htmx), timing each POST."""
        path, director, version = self.new_hearing()
        saves, bare = [], []
        for index in range(count):
            data = {
                "version": version, "action": "save", "c-company": f"ベンチ保存 {index}", "c-contact_name": "担当",
                "c-consulted_on": "2026-11-27", "c-director": director,
            }  # fmt: skip
            start = time.perf_counter()
            html = self.post(path, data, headers={"HX-Request": "true"})
            saves.append((time.perf_counter() - start) * 1000)
            version = re.search(r'name="version" value="(\d+)"', html).group(1)
            start = time.perf_counter()
            self.get("/livez")
            bare.append((time.perf_counter() - start) * 1000)
        return saves, bare
