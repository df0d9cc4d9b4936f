"""No 500 from any input: hosts, schemes, charsets, hand-made form values, cookies."""

import re

import pytest
from django.test import Client

SITE = "https://mail-navi.example.jp"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)">', html).group(1)


def og_url(html: str) -> str:
    return re.search(r'<meta property="og:url" content="([^"]*)">', html).group(1)


def test_an_unknown_host_gets_the_japanese_400_page(db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_canonical_and_og_url_come_from_the_site_url_never_from_the_request(
    site_url, make_article, settings
):
    article = make_article()
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    poisoner = Client(HTTP_HOST="testserver:8443", HTTP_X_FORWARDED_PROTO="http")
    first = poisoner.get(article.get_absolute_url()).content.decode()  # fills the page cache
    later = Client().get(article.get_absolute_url()).content.decode()  # served from it
    for html in (first, later):
        assert canonical(html) == f"{SITE}{article.get_absolute_url()}"
        assert og_url(html) == f"{SITE}{article.get_absolute_url()}"
    home = Client(HTTP_HOST="testserver:8443").get("/").content.decode()
    assert canonical(home) == og_url(home) == f"{SITE}/"


def test_sitemap_and_robots_name_the_site_url(site_url, make_article):
    article = make_article()
    sitemap = Client(HTTP_HOST="testserver:8443").get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}{article.get_absolute_url()}</loc>" in sitemap
    robots = Client(HTTP_HOST="testserver:8443").get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
