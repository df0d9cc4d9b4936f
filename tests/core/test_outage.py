"""A database outage, wherever it strikes in the request, answers the styled
503 with every security header; /healthz says which part is down."""

import shutil
import socket
import subprocess
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from wizard.roles import ensure_director_group

UNAVAILABLE = "ただいま一時的にご利用いただけません"


@pytest.fixture
def database_down():
    """Every query fails as with PostgreSQL stopped (the connection is refused)."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def director_client(db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    user.groups.add(ensure_director_group())
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_security_headers(response):
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_a_logged_in_director_gets_the_styled_503_when_the_database_is_down(director_client, database_down):
    response = director_client.get(reverse("wizard:hearing_list"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert UNAVAILABLE in response.content.decode()
    assert_security_headers(response)


def test_any_visitor_with_a_session_cookie_gets_the_styled_503_on_a_public_page(
    director_client, database_down
):
    response = director_client.get("/articles/pop/?fresh=1")
    assert response.status_code == 503 and UNAVAILABLE in response.content.decode()
    assert_security_headers(response)


def test_a_crash_for_a_logged_in_director_shows_the_500_page_with_the_security_headers(
    director_client, monkeypatch
):
    from wizard.views import hearings

    def explode(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(hearings, "render", explode)
    response = director_client.get(reverse("wizard:hearing_list"))
    assert response.status_code == 500 and "エラーが発生しました" in response.content.decode()
    assert_security_headers(response)


def test_the_500_handler_needs_no_session_and_no_database(rf, db, database_down, django_assert_num_queries):
    from core.views import server_error

    request = rf.get("/")  # no session, no user: as when a middleware failed before setting them
    try:
        raise RuntimeError("broken on purpose")
    except RuntimeError:
        with django_assert_num_queries(0):
            response = server_error(request)
    assert response.status_code == 500 and "エラーが発生しました" in response.content.decode()


# /healthz ------------------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_livez_answers_without_the_database_even_when_it_is_down(
    client, db, database_down, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_database_when_it_is_down(client, db, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def redis_cache(port: int, seconds: float = 0.5) -> dict:
    """The shared cache as settings.py builds it from DJANGO_CACHE_URL=redis://…
    (giving up after ``seconds``: 0.5 s as in production)."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": seconds, "socket_timeout": seconds},
        },
        "staff-pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_port(tmp_path):
    """A real redis-server of this test's own, stopped by its PID."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (Debian's redis-server package)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_healthz_checks_a_shared_redis_cache_and_names_it_when_it_stops(client, db, settings, redis_port):
    port, server = redis_port
    settings.CACHES = redis_cache(port)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    server.terminate()
    server.wait(timeout=10)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_healthz_answers_within_a_second_when_the_cache_server_accepts_but_never_answers(
    client, db, settings
):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections are queued by the kernel; nobody ever reads them
        settings.CACHES = redis_cache(silent.getsockname()[1], seconds=0.1)
        started = time.monotonic()
        response = client.get("/healthz")
        took = time.monotonic() - started
    assert response.status_code == 503 and response.json()["cache"] == "unavailable"
    assert took < 0.5  # given up after 0.1 s here; production's 0.5 s keeps it within a second
