"""A bounded fuzz of every form and query endpoint, public and staff (Hypothesis).

Random and hostile values (NUL, line breaks, huge numbers, other digits, slot
carriers, markup, hand-made row actions and versions, odd charsets and hosts)
go to every endpoint that reads input. Two properties hold for every request:
no answer is a 5xx, and a refused request (4xx, or a wizard step shown again)
saves nothing. Each example runs in its own rolled-back transaction.

The budget is fixed: FUZZ_EXAMPLES examples per test, 25 in CI and 10 in a
developer's run.
With CI=true the examples are derandomised, so CI runs the same ones every
time; locally each run tries new ones (set FUZZ_EXAMPLES higher for a longer hunt).
"""

from __future__ import annotations

import functools
import os
from urllib.parse import quote

from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from kb.models import Article, ArticleVote, Category
from kb.views import VOTER_COOKIE
from wizard.models import CustomerLink, Device, Hearing, Mailbox, SheetIssue
from wizard.roles import ensure_director_group
from wizard.services import customer_link_create, hearing_complete

from .test_hostile_input import wsgi_call

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25" if os.environ.get("CI") else "10"))
fuzz = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\r\n", "x\r\nSet-Cookie: a=b", "\t", "\x1b[31m", "\u202e", "\ufeff", "\u200b",
    "<script>alert(1)</script>", "' OR '1'='1", '"><img src=x onerror=alert(1)>', "../../etc/passwd",
    "%00", "%2F", "%", "&#xE000;key&#xE001;", "\ue000address\ue001", "{{受信サーバー}}", "{{不明}}",
    "１２３", "²", "٣", "-1", "0", "1", "2", "9" * 25, "1e309", "NaN", "inf", "0x10", " 1 ", "1,5", "1.5",
    "2026-02-30", "9999-12-31", "true", "on", "null", "[]", "{}", "😀" * 10, "x" * 3000, "ア" * 300,
    "info@example.com", "mail.example.com", "mail.example.com\r\n_imaps._tcp.evil.example", "a@b",
    "add", "add:", "remove:x", "remove:²", "remove:0", "remove:1:x", "refresh", "refresh:::", "back", "save",
    "next", "yes", "no", "draft", "completed", "pc", "smartphone", "thunderbird", "ios_mail", "465", "587",
]  # fmt: skip
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=120)
VALUE = st.one_of(
    st.sampled_from(HOSTILE),
    TEXT,
    st.integers(-(10**20), 10**20).map(str),
    st.lists(st.one_of(st.sampled_from(HOSTILE), TEXT), min_size=2, max_size=4).map("".join),
)
ACTION = st.one_of(
    VALUE,
    st.builds(
        lambda verb, a, b: f"{verb}:{a}:{b}",
        st.sampled_from(["add", "remove", "refresh", "detect", "preset", "apply"]),
        VALUE,
        VALUE,
    ),
)


def as_header(value: str) -> str:
    """A header value as a WSGI server hands it to Django: the bytes sent, as latin-1 text (PEP 3333)."""
    return value.encode("utf-8").decode("latin-1")


def _saved_rows():
    """The rows a request could save: querysets, made into SQL once (below)."""
    return (
        Hearing.objects.order_by("pk").values_list("pk", "version", "status", "company", "drafts"),
        Mailbox.objects.order_by("pk").values_list("pk", "address", "incoming_host", "people"),
        Device.objects.order_by("pk").values_list("pk", "kind", "client", "label"),
        CustomerLink.objects.order_by("pk").values_list("pk", "revoked_at"),
        SheetIssue.objects.order_by("pk").values_list("pk"),
        ArticleVote.objects.order_by("pk").values_list("pk"),
        Article.objects.order_by("pk").values_list("pk", "title", "status", "version"),
        LogEntry.objects.order_by("pk").values_list("pk"),
    )


@functools.cache
def _statements(vendor: str) -> tuple:
    """The SQL of ``_saved_rows()`` for this database (Django's own, compiled
    once: the fuzz reads them around some nine hundred requests)."""
    return tuple(queryset.query.sql_with_params() for queryset in _saved_rows())


def fingerprint() -> tuple:
    """Everything a request could save, as the database holds it."""
    rows = []
    with connection.cursor() as cursor:
        for sql, params in _statements(connection.vendor):
            cursor.execute(sql, params)
            rows.append(tuple(cursor.fetchall()))
    return tuple(rows)


class Fuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        cls.director = User.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
        cls.director.groups.add(ensure_director_group())
        cls.boss = User.objects.create_superuser(username="boss", password="x" * 16)
        category = Category.objects.create(name="基本", slug="basics")
        cls.article = Article.objects.create(
            title="記事", slug="pop", summary="要約", body="## 見出し\n\n本文", category=category
        )
        cls.hearing = Hearing.objects.create(
            company="株式会社テスト", contact_name="山田", director=cls.director, consulted_on="2026-11-27"
        )
        cls.mailbox = Mailbox.objects.create(
            hearing=cls.hearing, address="info@example.com", incoming_host="mail.example.com",
            outgoing_host="mail.example.com",
        )  # fmt: skip
        Device.objects.create(mailbox=cls.mailbox, kind="pc", client="thunderbird")
        completed = Hearing.objects.create(
            company="完了済み", director=cls.director, consulted_on="2026-11-27"
        )
        done_mailbox = Mailbox.objects.create(
            hearing=completed, address="a@example.com", incoming_host="mail.example.com",
            outgoing_host="mail.example.com",
        )  # fmt: skip
        Device.objects.create(mailbox=done_mailbox, kind="smartphone", client="ios_mail")
        cls.completed = hearing_complete(hearing=completed, version=completed.version, user=cls.director)
        cls.link, cls.token = customer_link_create(hearing=cls.completed, user=cls.director)

    def send(self, method: str, path: str, data=None, *, staff=None, refused_if_200=False, **extra):
        """One request; no 5xx, and nothing saved when it was refused."""
        if staff is not None and self.client.session.get(SESSION_KEY) != str(staff.pk):
            self.client.force_login(staff)  # not signed in as them (first, or after a logout or a rollback)
        before = fingerprint()
        call = self.client.get if method == "GET" else self.client.post
        self.client.raise_request_exception = False
        response = call(path, data or {}, **extra)
        assert response.status_code < 500, (method, path, data, response.status_code)
        if response.status_code >= 400 or (refused_if_200 and response.status_code == 200):
            assert fingerprint() == before, (method, path, data, response.status_code)
        return response

    # Public ----------------------------------------------------------------------------------

    @fuzz
    @given(q=VALUE, page=VALUE, htmx=st.booleans())
    def test_search(self, q, page, htmx):
        self.send("GET", "/search/", {"q": q, "page": page}, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))

    @fuzz
    @given(slug=VALUE, page=VALUE, voter=VALUE)
    def test_category_and_article_pages(self, slug, page, voter):
        self.send("GET", f"/categories/{quote(slug, safe='')}/", {"page": page})
        self.client.cookies[VOTER_COOKIE] = as_header(voter)
        self.send("GET", "/articles/pop/", {"page": page})
        self.send("GET", f"/articles/{quote(slug, safe='')}/")

    @fuzz
    @given(helpful=VALUE, voter=VALUE, htmx=st.booleans())
    def test_vote(self, helpful, voter, htmx):
        self.client.cookies[VOTER_COOKIE] = as_header(voter)
        votes = ArticleVote.objects.count()
        self.send(
            "POST",
            "/articles/pop/vote/",
            {"helpful": helpful},
            **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
        )
        if helpful not in ("yes", "no"):
            assert ArticleVote.objects.count() == votes

    @fuzz
    @given(username=VALUE, password=VALUE, next_=VALUE)
    def test_login(self, username, password, next_):
        self.send("GET", "/accounts/login/", {"next": next_})
        self.send(
            "POST", f"/accounts/login/?next={quote(next_)}", {"username": username, "password": password}
        )

    @fuzz
    @given(token=VALUE, number=VALUE)
    def test_customer_links(self, token, number):
        for path in (
            "",
            "dns-srv-records.txt",
            f"guides/{quote(number, safe='')}/",
            f"domains/{quote(number, safe='')}/config-v1.1.xml",
        ):
            self.send("GET", f"/sheet/{quote(token, safe='')}/{path}")
            self.send("GET", f"/sheet/{self.token}/{path}")
        report = f"guides/{quote(number, safe='')}/report/"
        self.send("POST", f"/sheet/{self.token}/{report}", {"state": token, "step": number})

    @fuzz
    @given(host=VALUE, forwarded_for=VALUE, proto=VALUE, query=VALUE)
    def test_hosts_and_proxy_headers(self, host, forwarded_for, proto, query):
        with self.settings(
            TRUSTED_PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
        ):
            headers = {
                "HTTP_HOST": as_header(host),
                "HTTP_X_FORWARDED_FOR": as_header(forwarded_for),
                "HTTP_X_FORWARDED_PROTO": as_header(proto),
            }
            for path in ("/", "/articles/pop/", "/sitemap.xml", "/robots.txt", "/healthz"):
                self.send("GET", path, {"q": query}, **headers)

    @fuzz
    @given(
        charset=VALUE,
        body=st.binary(max_size=200),
        path=st.sampled_from(["/accounts/login/", "/search/?q=x"]),
    )
    def test_charsets_through_the_wsgi_application(self, charset, body, path):
        charset = as_header(charset)
        for form in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=B", "text/plain"):
            status, _content = wsgi_call("POST", path, body, f"{form}; charset={charset}")
            assert status < 500, (charset, form, body)

    # Staff -------------------------------------------------------------------------------------

    def step(self, slug: str, data: dict):
        return self.send(
            "POST", f"/wizard/{self.hearing.pk}/{slug}/", data, staff=self.director, refused_if_200=True
        )

    @fuzz
    @given(q=VALUE, status=VALUE, director=VALUE, mine=VALUE, page=VALUE)
    def test_hearing_list_and_export(self, q, status, director, mine, page):
        query = {"q": q, "status": status, "director": director, "mine": mine, "page": page}
        self.send("GET", "/wizard/", query, staff=self.director)
        self.send("GET", "/wizard/", query, HTTP_HX_REQUEST="true")
        self.send("GET", "/wizard/export.csv", query)

    @fuzz
    @given(fields=st.fixed_dictionaries(dict.fromkeys(("c-company", "c-contact_name", "c-contact_email", "c-contact_phone", "c-consulted_on", "c-director", "c-notes"), VALUE)), version=VALUE, action=ACTION)  # fmt: skip
    def test_customer_step(self, fields, version, action):
        self.step("customer", {**fields, "version": version, "action": action})

    @fuzz
    @given(
        total=VALUE,
        initial=VALUE,
        rows=st.lists(st.tuples(VALUE, VALUE, VALUE), max_size=3),
        version=VALUE,
        action=ACTION,
    )
    def test_addresses_step(self, total, initial, rows, version, action):
        data = {"mb-TOTAL_FORMS": total, "mb-INITIAL_FORMS": initial, "version": version, "action": action}
        for index, (row_id, address, people) in enumerate(rows):
            data.update(
                {f"mb-{index}-id": row_id, f"mb-{index}-address": address, f"mb-{index}-people": people}
            )
        self.step("addresses", data)

    @fuzz
    @given(
        total=VALUE,
        rows=st.lists(st.tuples(VALUE, VALUE, VALUE, VALUE), max_size=3),
        version=VALUE,
        action=ACTION,
    )
    def test_devices_step(self, total, rows, version, action):
        prefix = f"dev{self.mailbox.pk}"
        data = {
            f"{prefix}-TOTAL_FORMS": total,
            f"{prefix}-INITIAL_FORMS": "0",
            "version": version,
            "action": action,
        }
        for index, (row_id, kind, client, label) in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in
                         (("id", row_id), ("kind", kind), ("client", client), ("label", label))})  # fmt: skip
        self.step("devices", data)

    @fuzz
    @given(fields=st.fixed_dictionaries(dict.fromkeys(("incoming_host", "outgoing_host", "smtp_port", "quota_mb", "daily_mb", "keep_history"), VALUE)), version=VALUE, action=ACTION)  # fmt: skip
    def test_server_step(self, fields, version, action):
        prefix = f"srv{self.mailbox.pk}"
        self.step(
            "server",
            {**{f"{prefix}-{k}": v for k, v in fields.items()}, "version": version, "action": action},
        )

    @fuzz
    @given(version=VALUE, action=ACTION, step=VALUE)
    def test_review_step_and_unknown_steps(self, version, action, step):
        self.step("review", {"version": version, "action": action})
        self.send(
            "POST",
            f"/wizard/{self.hearing.pk}/{quote(step, safe='')}/",
            {"version": version, "action": action},
        )

    @fuzz
    @given(days=VALUE, note=VALUE, link_id=st.integers(0, 10**20), issue=VALUE)
    def test_links_and_reissue(self, days, note, link_id, issue):
        pk = self.completed.pk
        self.send("POST", f"/wizard/{pk}/links/", {"days": days, "note": note}, staff=self.director)
        self.send("POST", f"/wizard/{pk}/links/{link_id}/revoke/")
        self.send("POST", f"/wizard/{pk}/reissue/", {"issue": issue})
        self.send("GET", f"/wizard/{pk}/guides/{link_id}/")
        self.send("GET", f"/wizard/{pk}/mailboxes/{link_id}/apple.mobileconfig")

    @fuzz
    @given(q=VALUE, status=VALUE, order=VALUE, page=VALUE, body=VALUE)
    def test_admin_lists_and_preview(self, q, status, order, page, body):
        query = {"q": q, "status__exact": status, "o": order, "p": page}
        self.send("GET", "/admin/wizard/hearing/", query, staff=self.boss)
        self.send("GET", "/admin/wizard/mailbox/", query)
        self.send("GET", "/admin/kb/article/", query)
        self.send("POST", "/admin/kb/article/preview/", {"body": body})
        self.send(
            "POST",
            "/admin/wizard/hearing/",
            {"action": body, "_selected_action": [page]},
            refused_if_200=True,
        )

    @fuzz
    @given(page=VALUE, session=VALUE, csrf=VALUE)
    def test_every_staff_page_with_odd_queries_and_cookies(self, page, session, csrf):
        pk, done = self.hearing.pk, self.completed.pk
        paths = [
            "/wizard/rules/", "/wizard/rules/impact/", f"/wizard/{pk}/", f"/wizard/{pk}/delete/",
            f"/wizard/{done}/sheet/", f"/wizard/{done}/dns-srv-records.txt", f"/wizard/{pk}/customer/",
            f"/wizard/{pk}/review/", "/admin/", "/accounts/login/",
        ]  # fmt: skip
        for path in paths:
            self.send("GET", path, {"page": page}, staff=self.director)
        self.send("POST", "/wizard/new/", {"page": page})
        self.client.cookies["sessionid"] = as_header(session)
        self.client.cookies["csrftoken"] = as_header(csrf)
        for path in (*paths, "/", "/search/"):
            self.send("GET", path, {"page": page})
        self.send("POST", "/accounts/logout/", {})
