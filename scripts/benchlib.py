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
            # Plain HTTP on loopback: no TLS terminator in front of gunicorn here.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if "DATABASE_URL" not in os.environ:
        env.pop("DATABASE_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


@contextmanager
def workdir():
    path = Path(tempfile.mkdtemp(prefix="mailnavi-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, threads: int = 1):
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
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
        process.wait(timeout=10)


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


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
