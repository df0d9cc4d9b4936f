"""A director reads a customer's mailbox on the server step, against the real
test mail server (tests/mailserver.py): the password typed once starts the
read on the check runner and the request answers at once; the page polls;
each protocol's login is told in Japanese; the box's numbers are kept on the
address as 「実測」 and drive the advice, the review and the sheet; and the
password is nowhere afterwards (database file, logs, cache, session)."""

import json
import logging
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.hearing_shapes import shared_pop_hearing
from tests.mailserver import HOST, user
from wizard.models import Hearing, Mailbox, RemoteCheck
from wizard.services import hearing_complete

from ..conftest import poll_check, server_data, step_url

pytestmark = pytest.mark.django_db(transaction=True)  # the check thread uses a connection of its own

INFO = user("info@example-test.jp")


@pytest.fixture
def shared_pop(director):
    """info@ read by two people on two PCs that delete after 30 days (POP)."""
    return shared_pop_hearing(director)


def read(client, hearing, mailbox, password, **changes):
    data = {
        **server_data(mailbox, incoming_host=HOST, outgoing_host=HOST, **changes),
        "mailbox_password_for": mailbox.pk,
        "mailbox_password": password,
        "action": f"read:{mailbox.pk}",
    }
    started = time.monotonic()
    response = client.post(step_url(hearing, "server"), data, HTTP_HX_REQUEST="true")
    return response, time.monotonic() - started


def test_the_read_starts_at_once_and_the_page_polls_its_logins_and_numbers(
    director_client, on_mailserver, shared_pop
):
    hearing, mailbox = shared_pop
    response, seconds = read(director_client, hearing, mailbox, INFO.password)
    content = response.content.decode()
    assert response.status_code == 200 and seconds < 1
    assert "読み取っています" in content and 'hx-trigger="every 1s"' in content
    assert INFO.password not in content  # never echoed back
    polled = poll_check(director_client, hearing)
    assert [line.split("：", 1)[1].strip() for line in _logins(polled)] == ["ログインできました。"] * 3
    mailbox.refresh_from_db()
    day = date_format(timezone.localtime(mailbox.measured_at), "n月j日")
    assert (
        f'id="measured-{mailbox.pk}" hx-swap-oob="true">実測（{day}）：使用量0.55MB／容量10MB（6%）、メール13通'
        in polled
    )
    assert (mailbox.measured_count, mailbox.measured_old_30_count, mailbox.measured_old_30_mb) == (
        13,
        5,
        Decimal("0.46"),
    )
    assert (mailbox.measured_quota_mb, mailbox.quota_mb) == (
        Decimal("10.00"),
        None,
    )  # typed nothing: measured


def _logins(html):
    import re

    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<li class="server-check__item.*?</li>', html, re.S)
    ]


def test_a_wrong_password_is_told_per_protocol_and_keeps_no_numbers(
    director_client, on_mailserver, shared_pop
):
    hearing, mailbox = shared_pop
    read(director_client, hearing, mailbox, "not-the-password")
    polled = poll_check(director_client, hearing)
    wrong = "ユーザー名かパスワードが違うため、ログインできませんでした。"
    assert [line.count(wrong) for line in _logins(polled)] == [1, 1, 1]
    mailbox.refresh_from_db()
    assert mailbox.measured_at is None


def test_the_old_copies_warning_and_the_measured_numbers_reach_the_review_and_the_sheet(
    director_client, director, on_mailserver, shared_pop
):
    hearing, mailbox = shared_pop
    read(director_client, hearing, mailbox, INFO.password)
    poll_check(director_client, hearing)
    review = director_client.get(step_url(hearing, "review")).content.decode()
    detail = "では、30日より前に届いたメールのコピーが5通（0.46MB）サーバーにあります。"
    assert "サーバーにたまっている古いコピーが削除されます" in review and detail in review
    assert (
        "推奨の計算には、容量は実測した値（10MB）、1日に届くメールの量は実測した値（0MB）を使っています。"
        in review
    )
    hearing.refresh_from_db()
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert detail in sheet and "実測（" in sheet
    assert hearing.latest_issue().read().addresses[0].advice.warnings == ("old_copies_removed",)


def test_a_typed_quota_comes_before_the_measured_one(director_client, on_mailserver, shared_pop):
    hearing, mailbox = shared_pop
    read(director_client, hearing, mailbox, INFO.password)
    poll_check(director_client, hearing)
    director_client.post(
        step_url(hearing, "server"),
        server_data(mailbox, incoming_host=HOST, outgoing_host=HOST, quota_mb="2000"),
    )
    review = director_client.get(step_url(hearing, "review")).content.decode()
    assert "容量は入力した値（2,000MB）" in review


def test_the_password_is_nowhere_after_a_read(director_client, on_mailserver, shared_pop, caplog):
    caplog.set_level(logging.DEBUG)
    hearing, mailbox = shared_pop
    wrong = "a-Wrong-password-typed-once"
    for password in (INFO.password, wrong):
        read(director_client, hearing, mailbox, password)
        poll_check(director_client, hearing)
    # Going back from an invalid step keeps a draft of the POST: never the password.
    data = {**server_data(mailbox, incoming_host="bad host"), "mailbox_password_for": mailbox.pk,
            "mailbox_password": wrong, "action": "back"}  # fmt: skip
    director_client.post(step_url(hearing, "server"), data)
    assert Hearing.objects.get().drafts  # a draft was kept
    connection.close()  # everything written is in the file
    name = Path(connection.settings_dict["NAME"])
    files = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
    rows = json.dumps(
        [serializers.serialize("json", model.objects.all()) for model in (Hearing, Mailbox, RemoteCheck)]
    )
    sessions = json.dumps([s.get_decoded() for s in Session.objects.all()])
    cached = repr([dict(cache._cache) for cache in (caches["default"], caches["staff-pages"])])
    for password in (INFO.password, wrong):
        for where, text in (
            ("database file", files),
            ("rows", rows),
            ("sessions", sessions),
            ("logs", caplog.text),
            ("cache", cached),
        ):
            found = password.encode() in text if isinstance(text, bytes) else password in text
            assert not found, where


def test_without_javascript_the_reload_link_shows_the_same_results_on_the_step(
    director_client, on_mailserver, shared_pop
):
    hearing, mailbox = shared_pop
    response = director_client.post(
        step_url(hearing, "server"),
        {**server_data(mailbox, incoming_host=HOST, outgoing_host=HOST), "mailbox_password_for": mailbox.pk,
         "mailbox_password": INFO.password, "action": f"read:{mailbox.pk}"},
    )  # fmt: skip
    assert f'href="{step_url(hearing, "server")}#mailbox-read-{mailbox.pk}"' in response.content.decode()
    poll_check(director_client, hearing)
    check = RemoteCheck.objects.get(hearing=hearing)
    url = reverse("wizard:remote_check", kwargs={"pk": hearing.pk, "check_id": check.pk})
    plain = director_client.get(url)
    assert (
        plain.status_code == 302
        and plain["Location"] == f"{step_url(hearing, 'server')}#mailbox-read-{mailbox.pk}"
    )
    page = director_client.get(step_url(hearing, "server")).content.decode()
    assert "<html" in page and page.count("ログインできました。") == 3 and "every 1s" not in page
