"""What the logs print: no customer-link token, no staff search, no forged line.

These tests read what the configured handler really writes (settings.LOGGING's
``console``), not pytest's own capture, because the redaction is a handler filter.
"""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from core.redact import RedactingGunicornLogger, clean_line, redact

TOKEN = "SECRETtoken_0123456789abcdefghijklmnopqrstuvwx"


@pytest.mark.parametrize(
    "path",
    [
        f"/sheet/{TOKEN}/",
        f"/sheet%2F{TOKEN}/",
        f"/sheet%2f{TOKEN}%2Fguides%2F4%2F",
        f"/%73heet/{TOKEN}/",
        f"/sheet%252F{TOKEN}/",
        f"/sheet/{TOKEN[:10]}%41{TOKEN[10:]}/",
    ],
)
def test_link_tokens_are_redacted_also_when_the_path_is_percent_encoded(path):
    line = redact(f'GET {path} HTTP/1.1" 200 "https://mail-navi.example.jp{path}"')
    assert "SECRET" not in line and "[redacted]" in line


def test_a_csrf_refusal_under_a_customer_link_logs_no_token(db, log_output):
    response = Client(enforce_csrf_checks=True).post(f"/sheet/{TOKEN}/", {})
    assert response.status_code == 403
    text = log_output.getvalue()
    assert "Forbidden (CSRF" in text and "forbidden path=/sheet/[redacted]/" in text
    assert "SECRET" not in text


def test_a_database_outage_under_a_customer_link_logs_no_token(db, log_output, monkeypatch):
    from wizard import services

    def down(token):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "customer_link_open", down)
    response = Client(raise_request_exception=False).get(f"/sheet/{TOKEN}/")
    assert response.status_code == 503
    text = log_output.getvalue()
    assert "database-unavailable path=/sheet/[redacted]/" in text and "SECRET" not in text


def test_404s_and_410s_under_a_customer_link_log_no_token(db, log_output):
    Client().get(f"/sheet/{TOKEN}/")
    Client().get(f"/sheet%2F{TOKEN}/guides/1/")
    text = log_output.getvalue()
    assert "Not Found: /sheet/[redacted]/" in text and "SECRET" not in text


def test_a_refused_director_is_one_log_line_and_a_crash_keeps_its_traceback(
    db, log_output, django_user_model, monkeypatch
):
    from kb.models import Article

    visitor = Client()
    visitor.force_login(django_user_model.objects.create_user("no-role", password="x" * 16, is_staff=True))
    assert visitor.get(reverse("wizard:hearing_list")).status_code == 403
    refused = log_output.getvalue()
    assert "Forbidden (Permission denied): /wizard/" in refused and "forbidden path=/wizard/" in refused
    assert "Traceback" not in refused  # a refusal is not a fault

    def explode(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(Article.objects.__class__, "published", explode)
    assert Client(raise_request_exception=False).get("/").status_code == 500
    crashed = log_output.getvalue()[len(refused) :]
    assert "Internal Server Error: /" in crashed and "Traceback" in crashed and "broken on purpose" in crashed


def test_a_user_name_with_a_newline_cannot_forge_a_log_line(db, log_output):
    forged = "nobody\n2026-11-27 10:00:00,000 INFO mailnavi.security login-success user=admin ip=1.2.3.4"
    Client().post(reverse("login"), {"username": forged, "password": "x"}, REMOTE_ADDR="203.0.113.5")
    lines = log_output.getvalue().splitlines()
    assert not any(line.startswith("2026-11-27 10:00:00,000") for line in lines)
    assert any(
        line.endswith(
            "login-failure user=nobody\\x0a2026-11-27 10:00:00,000 INFO mailnavi.security "
            "login-success user=admin ip=1.2.3.4 ip=203.0.113.5"
        )
        for line in lines
    )


@pytest.mark.parametrize("character", ["\r", "\x1b", "\x00", "\u2028", "\u202e", "\x85"])
def test_control_and_invisible_characters_are_escaped(character):
    line = clean_line(f"a{character}b")
    assert line.isprintable() and line.startswith("a\\") and line.endswith("b")


@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4\nlogin-success", "<script>", "999.1.1.1"])
def test_a_forwarded_for_value_that_is_not_an_ip_is_never_the_client_address(settings, forwarded, rf):
    from core.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == "10.0.0.2"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="evil, 2001:db8::1")
    assert client_ip(request) == "2001:db8::1"


def _gunicorn_access_line(uri: str, referer: str) -> str:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    logger = RedactingGunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": uri, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_REFERER": referer, "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip
    response = SimpleNamespace(status="200 OK", sent=10, headers=[], status_code=200)
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(0))
    return stream.getvalue()


def test_the_gunicorn_access_log_hides_encoded_tokens():
    line = _gunicorn_access_line(f"/sheet%2F{TOKEN}/guides/4/", f"https://x/sheet/{TOKEN}/")
    assert "GET /sheet%2F[redacted]/guides/4/ HTTP/1.1" in line and "SECRET" not in line


def test_the_gunicorn_access_log_keeps_no_staff_search():
    line = _gunicorn_access_line("/wizard/?q=yamada%40example.co.jp&mine=on", "https://x/wizard/?q=山田商店")
    assert "GET /wizard/?[redacted] HTTP/1.1" in line and '"https://x/wizard/?[redacted]"' in line
    assert "yamada" not in line and "山田" not in line
    login = _gunicorn_access_line("/accounts/login/?next=%2Fwizard%2F%3Fq%3Dyamada", "-")
    assert "yamada" not in login
    public = _gunicorn_access_line("/search/?q=yamada%40example.co.jp", "-")  # customers type addresses too
    assert "GET /search/?[redacted] HTTP/1.1" in public and "yamada" not in public


def test_every_handler_of_the_site_has_the_redaction_filter():
    from core.redact import LogRedactionFilter

    handlers = {
        h for name in ("", "mailnavi.security", "django.server") for h in logging.getLogger(name).handlers
    }
    handlers = {h for h in handlers if h.name}  # the configured ones, not pytest's capture
    assert handlers and all(any(isinstance(f, LogRedactionFilter) for f in h.filters) for h in handlers)
