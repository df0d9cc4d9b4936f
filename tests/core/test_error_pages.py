"""The pages and headers the reverse proxy answers with itself (manage.py
error_pages): the site's own pages, and the headers every other answer carries."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client


def test_the_proxys_error_pages_are_the_sites_japanese_pages(tmp_path):
    call_command("error_pages", str(tmp_path), stdout=StringIO())
    pages = {
        name: (tmp_path / name).read_text(encoding="utf-8") for name in ("400.html", "414.html", "503.html")
    }
    assert "<title>アドレスが長すぎます | メール設定ナビ</title>" in pages["414.html"]
    assert "リクエストを処理できませんでした" in pages["400.html"]
    assert "ただいま一時的にご利用いただけません" in pages["503.html"]
    assert all('lang="ja"' in page for page in pages.values())


def test_the_proxys_headers_are_the_ones_django_sends(tmp_path, db):
    call_command("error_pages", str(tmp_path), stdout=StringIO())
    lines = (tmp_path / "headers.conf").read_text().splitlines()
    written = dict(re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line).groups() for line in lines)
    page = Client().get("/sheet/unknown-link/")  # an answer under the customer-link prefix
    for name, value in written.items():
        assert page[name] == value, name
    assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} <= set(written)
