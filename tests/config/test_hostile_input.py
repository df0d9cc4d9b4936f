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


def test_canonical_and_og_url_come_from_the_site_url_never_from_the_request(site_url, make_article, settings):
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


# Charsets: Django decodes forms and the query string with the charset a request names.


def wsgi_call(
    method: str, path: str, body: bytes = b"", content_type: str = "", **headers
) -> tuple[int, bytes]:
    """One request through the real WSGI application (config.wsgi), as gunicorn calls it (keeping
    the test's database connection open, as Django's test client does)."""
    import io

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False, **headers,
    }  # fmt: skip
    status = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, lambda line, headers, exc_info=None: status.append(line))
        content = b"".join(chunks)
        chunks.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(status[0].split()[0]), content


@pytest.mark.parametrize(
    "charset", ["utf-16", "utf-32", "rot13", "idna", "punycode", "base64", "no-such", "\x00"]
)
@pytest.mark.parametrize("form", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=B"])
def test_a_form_post_in_another_charset_gets_400_not_500(db, charset, form):
    body = (
        "q=abc".encode("utf-16")
        if form.startswith("application")
        else b'--B\r\nContent-Disposition: form-data; name="q"\r\n\r\nabc\r\n--B--\r\n'
    )
    status, content = wsgi_call("POST", "/accounts/login/?next=/wizard/", body, f"{form}; charset={charset}")
    assert status == 400, content[:300]
    assert "リクエストを処理できませんでした" in content.decode()


def test_a_query_in_another_charset_gets_400_not_500(db):
    status, _ = wsgi_call("GET", "/search/?q=abc", content_type="text/plain; charset=rot13")
    assert status == 400
    assert wsgi_call("GET", "/search/?q=abc", content_type="text/plain; charset=UTF-8")[0] == 200


# Hand-made values in the wizard's posts.


@pytest.fixture
def director_client(client, django_user_model):
    from wizard.roles import ensure_director_group

    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    user.groups.add(ensure_director_group())
    client.force_login(user)
    client.raise_request_exception = False
    client.user = user
    return client


@pytest.fixture
def hearing(director_client):
    from wizard.models import Device, Hearing, Mailbox

    hearing = Hearing.objects.create(
        company="株式会社テスト",
        contact_name="山田",
        director=director_client.user,
        consulted_on="2026-11-27",
    )
    mailbox = Mailbox.objects.create(
        hearing=hearing,
        address="info@example.com",
        incoming_host="mail.example.com",
        outgoing_host="mail.example.com",
    )
    Device.objects.create(mailbox=mailbox, kind="pc", client="thunderbird")
    return hearing


@pytest.mark.parametrize(
    "step, data",
    [
        (
            "customer",
            {"version": "abc", "c-company": "x", "c-contact_name": "y", "c-consulted_on": "2026-11-27"},
        ),
        (
            "customer",
            {"version": "9" * 5000, "c-company": "x", "c-contact_name": "y", "c-consulted_on": "2026-11-27"},
        ),
        ("review", {"version": "１x"}),
        ("addresses", {"action": "add"}),
        ("addresses", {"action": "remove:x"}),
        ("addresses", {"action": "remove:²"}),
        ("addresses", {"action": "remove:" + "9" * 5000}),
        ("devices", {"action": "add"}),
        ("devices", {"action": "remove:x"}),
        ("devices", {"action": "remove:1:²"}),
        ("devices", {"action": "refresh:::"}),
        ("server", {"action": "detect:²"}),
        ("server", {"action": "preset:" + "9" * 5000}),
        ("server", {"action": "apply:٣:xserver:sv1"}),
    ],
)
def test_hand_made_versions_and_row_actions_never_give_a_500(director_client, hearing, step, data):
    from wizard.models import Hearing

    url = f"/wizard/{hearing.pk}/{step}/"
    if "c-company" in data:
        data["c-director"] = director_client.user.pk
    response = director_client.post(url, {"action": "next", **data}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Hearing.objects.get(pk=hearing.pk).version == hearing.version  # nothing saved


def test_a_hand_made_reissue_post_never_gives_a_500(director_client, hearing):
    from wizard.services import hearing_complete

    hearing_complete(hearing=hearing, version=hearing.version, user=director_client.user)
    for issue in ("²", "9" * 5000, "-1", ""):
        response = director_client.post(f"/wizard/{hearing.pk}/reissue/", {"issue": issue})
        assert response.status_code == 302, issue


# Cookies the site did not set.


@pytest.mark.parametrize("cookie", ["a\x00b", "f" * 65, "not-ours"])
def test_a_hand_made_voter_cookie_is_never_read_or_stored(client, make_article, cookie):
    from kb.models import ArticleVote
    from kb.views import VOTER_COOKIE

    article = make_article()
    client.cookies[VOTER_COOKIE] = cookie
    if "\x00" in cookie:  # refused before any view reads it (a NUL anywhere)
        assert client.get(article.get_absolute_url()).status_code == 400
        assert client.post(f"{article.get_absolute_url()}vote/", {"helpful": "yes"}).status_code == 400
        assert not ArticleVote.objects.exists()
        return
    assert client.get(article.get_absolute_url()).status_code == 200
    response = client.post(f"{article.get_absolute_url()}vote/", {"helpful": "yes"})
    assert response.status_code == 302
    vote = ArticleVote.objects.get()
    assert re.fullmatch(r"[0-9a-f]{32}", vote.voter)
    assert response.cookies[VOTER_COOKIE].value == vote.voter


# Slot carriers written as character references in Markdown.


@pytest.mark.parametrize(
    "source",
    [
        '[リンク](/articles/pop/ "&#xE000;address&#xE001;")',
        "![&#xE000;address&#xE001;](/static/x.png)",
        '![図](/static/x.png "&#xE000;key&#xE001;")',
        "本文 &#xE000;key&#xE001; と &#57344;days&#57345;",
        "![{{受信サーバー}}](/static/x.png)",
    ],
)
def test_slot_carriers_from_character_references_never_reach_the_html(source):
    from kb.markdown import render_markdown

    html = render_markdown(source).html
    assert "\ue000" not in html and "\ue001" not in html
    assert 'class="slot"' not in html  # only {{…}} written in text becomes a slot
    for tag in re.findall(r"<[^>]*>", html):
        assert tag.count('"') % 2 == 0 and "<" not in tag[1:], html


def test_the_admin_preview_and_save_take_character_referenced_carriers(client, admin_user, make_article):
    article = make_article()
    client.force_login(admin_user)
    client.raise_request_exception = False
    body = '[x](/a "&#xE000;key&#xE001;") &#xE000;nope&#xE001;'
    assert client.post("/admin/kb/article/preview/", {"body": body}).status_code == 200
    from tests.kb.test_admin import _form_data

    response = client.post(f"/admin/kb/article/{article.pk}/change/", _form_data(article, body=body))
    assert response.status_code == 302


# NUL characters: PostgreSQL refuses them in any text, so they must never reach a query.


@pytest.mark.parametrize(
    "path, cookies, data",
    [
        ("/admin/wizard/hearing/?status__exact=a%00b", {}, None),
        ("/search/", {"sessionid": "abcdefgh\x00ijkl"}, None),
        ("/search/", {"csrftoken": "a\x00" * 20}, None),
        ("/accounts/login/", {}, {"username": "a\x00b", "password": "x"}),
        ("/accounts/login/", {}, {"a\x00b": "x"}),
    ],
)
def test_a_nul_character_in_a_query_form_or_cookie_gets_400(admin_user, path, cookies, data):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code == 400


def test_an_overlong_user_name_is_refused_by_the_form_not_by_the_database(client, db):
    """Found by the fuzz on PostgreSQL: a 300-character name reached the login
    lockout's varchar(255) column (a 500); now the form refuses it."""
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "「ユーザー名」は150文字以内で入力してください（いまは300文字です）。" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("number", ["²", "٣", "99999999999999999999", "-1", "1e3"])
def test_an_odd_search_page_number_shows_the_first_page(client, make_article, number):
    """Found by the fuzz: 「²」 passes str.isdigit() but not int()."""
    make_article(title="容量の記事")
    response = client.get("/search/", {"q": "容量", "page": number})
    assert response.status_code == 200 and "容量の記事" in response.content.decode()


@pytest.mark.parametrize("length", ["²", "٣", "9" * 5000, "-1"])
def test_an_odd_content_length_never_gives_a_500(db, length):
    client = Client(raise_request_exception=False)
    response = client.generic("POST", "/search/", b"", CONTENT_LENGTH=length)
    assert response.status_code < 500
