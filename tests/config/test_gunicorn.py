"""What gunicorn answers itself (config/gunicorn_conf.py, core/gunicorn_errors.py):
a real gunicorn on a port of its own, spoken to with raw HTTP."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Headers every answer of the site carries, with the same value everywhere.
SAME_EVERYWHERE = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                   "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy")  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_sqlite, pytestconfig):
    """gunicorn as ``make serve`` starts it (its config file), one worker, on a
    fresh SQLite database of its own, stopped by its PID. The database is a copy
    of the test database as the migrations left it (the same tables and rows as
    ``manage.py migrate`` makes, ~3 s less); on PostgreSQL runs it is migrated."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["DJANGO_SQLITE_PATH"] = str(tmp_path_factory.mktemp("gunicorn") / "db.sqlite3")
    if migrated_sqlite:
        shutil.copyfile(migrated_sqlite, env["DJANGO_SQLITE_PATH"])
    else:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while answer(port, b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")[0] != 200:
            assert time.monotonic() < deadline and process.poll() is None, "gunicorn did not start"
            time.sleep(0.05)
        yield port
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: no request is left to finish
        # It takes gunicorn about 0.4 s, which the next tests need not wait for:
        # the process is reaped when this test process ends.
        pytestconfig.add_cleanup(lambda: process.wait(timeout=15))


def answer(port: int, raw: bytes) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of the answer to ``raw`` (0 when nothing answers)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return 0, {}, ""
    head, _, body = data.partition(b"\r\n\r\n")
    if not head:
        return 0, {}, ""
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body.decode(errors="replace")


def get(port: int, target: str, *extra: str) -> tuple[int, dict[str, str], str]:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *extra]
    return answer(port, ("\r\n".join(lines) + "\r\n\r\n").encode())


def test_a_search_query_over_4_kb_reaches_the_search_page(server):
    status, headers, body = get(server, "/search/?q=" + "a" * 5000)
    assert status == 200 and "先頭の200文字で検索しました" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "raw, status, text",
    [
        ("GET /?q=" + "a" * 9000 + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414, "ページのアドレス (URL) が長すぎます"),
        ("NOT HTTP AT ALL\r\n\r\n", 400, "リクエストを処理できませんでした"),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a" * 9000 + "\r\n\r\n", 431,
         "リクエストを処理できませんでした"),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(f"X-{n}: 1\r\n" for n in range(120)) + "\r\n", 431,
         "リクエストを処理できませんでした"),
    ],
    ids=["request line over 8 KB", "garbage", "a header over 8 KB", "120 headers"],
)  # fmt: skip
def test_what_gunicorn_refuses_itself_is_the_sites_japanese_page_with_every_security_header(
    server, raw, status, text
):
    got, headers, body = answer(server, raw.encode())
    assert got == status and text in body and 'lang="ja"' in body
    _status, django, _body = get(server, "/search/?q=POP")  # an answer through Django's middleware
    assert {name: headers.get(name) for name in SAME_EVERYWHERE} == {
        name: django[name] for name in SAME_EVERYWHERE
    }
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "same-origin"
    assert "Invalid" not in body and "a" * 100 not in body  # gunicorn's detail and the request stay out
