"""Link tokens never reach a log, however the path around them is written
and wherever they are printed (core/redact.py)."""

import logging

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from core.redact import redact

TOKEN = "SECRETtoken_0123456789abcdefghijklmnopqrstuvwx"


LOOKALIKES = [
    f"/sheet;x/{TOKEN}/",
    f"/sheet\\{TOKEN}/",
    f"/SHEET/{TOKEN}/",
    f"/Sheet/{TOKEN}/guides/4/",
    f"/sheet/%2e/{TOKEN}/",
    f"/sheet/./{TOKEN}/",
    f"/sheet//{TOKEN}/",
    f"/sheet%5C{TOKEN}/",
    f"/%53HEET%2F{TOKEN}/",
    f"/sheet?t={TOKEN}",
]


@pytest.mark.parametrize("path", LOOKALIKES)
def test_a_token_after_any_spelling_of_the_link_prefix_is_redacted(path):
    line = redact(f'GET {path} HTTP/1.1" 404 "https://mail-navi.example.jp{path}"')
    assert "SECRET" not in line and "[redacted]" in line


@pytest.mark.parametrize("path", ["/SHEET/{}/", "/sheet;x/{}/", "/sheet/./{}/", "/sheet//{}/"])
def test_the_404_of_a_lookalike_path_logs_no_token(db, log_output, path):
    assert Client().get(path.format(TOKEN)).status_code == 404
    text = log_output.getvalue()
    assert "Not Found: " in text and "SECRET" not in text


def test_a_reverse_that_fails_with_a_token_logs_no_token_in_its_traceback(db, log_output):
    try:
        reverse("customer:guide", kwargs={"token": TOKEN, "device_id": "not-a-number"})
    except NoReverseMatch:
        logging.getLogger("django.request").exception("Internal Server Error: /sheet/x/")
    text = log_output.getvalue()
    assert "Reverse for 'guide' with keyword arguments" in text and "Traceback" in text
    assert "'token': '[redacted]'" in text and "SECRET" not in text


@pytest.mark.parametrize(
    "line",
    [
        'GET /static/css/sheet.css HTTP/1.1" 200',
        'GET /articles/pop-and-imap-differences-explained/ HTTP/1.1" 200',
        'GET /sheet/[redacted]/dns-srv-records.txt HTTP/1.1" 200',
        "Forbidden (CSRF token missing.): /accounts/login/",
    ],
)
def test_lines_without_a_token_are_left_as_they_are(line):
    assert redact(line) == line
