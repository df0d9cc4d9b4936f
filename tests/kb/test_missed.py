"""The missed-search report protects people (kb.missed, kb.services): nothing that
looks personal is stored, words only after several days, a cap, erasure with
the hearing, no query in the access log, and a search never waits for it."""

import sqlite3
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.redact import clean_line
from kb import missed
from kb.models import MissedSearch
from kb.services import missed_search_record

PRIVATE = [
    "yamada.taro@example.co.jp パスワード忘れた",
    "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ",
    "090-1234-5678 メール",
    "０９０ー１２３４ー５６７８",
    "03(1234)5678",
    "0312345678 届かない",
    "+81 90 1234 5678",
    "0120-123-456",
    "〒460-0008",
    "http://testserver/sheet/Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789_-abc/",
    "testserver の設定",
    "/sheet/abc",
    "Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789_-abc",
    "www.example.co.jp 設定",
]
ORDINARY = [
    "info@ 共有",
    "ポート 995 993 465 587",
    "thunderbird 140",
    "outlook 2016 送信できない",
    "容量がいっぱい",
]


@pytest.mark.parametrize("query", PRIVATE)
def test_a_search_that_looks_personal_is_never_stored(client, db, query):
    assert client.get(reverse("kb:search"), {"q": query}).status_code == 200
    assert not MissedSearch.objects.exists()


@pytest.mark.parametrize("query", ORDINARY)
def test_an_ordinary_search_that_found_little_is_counted(client, db, query):
    client.get(reverse("kb:search"), {"q": query})
    assert MissedSearch.objects.get().count == 1


def record_on(day_offsets, query="メールが消えた", results=0):
    now = timezone.now()
    for days_ago in day_offsets:
        missed_search_record(query=query, results=results, now=now - timedelta(days=days_ago))
    return MissedSearch.objects.get(digest=missed.digest(query))


def test_a_query_keeps_its_words_only_from_the_third_day_it_was_searched_on(db):
    row = record_on([5, 5, 5, 4])
    assert (row.query, row.days, row.count) == ("", 2, 4)
    row = record_on([0])
    assert (row.query, row.days, row.count) == ("メールが消えた", 3, 5)


def test_the_report_keeps_at_most_its_cap_dropping_unnamed_rows_seen_longest_ago(db, monkeypatch):
    monkeypatch.setattr(missed, "MAX_ROWS", 3)
    record_on([3, 2, 1], query="名前の残る言葉")
    now = timezone.now()
    for number in range(4):
        missed_search_record(query=f"言葉{number}", results=0, now=now - timedelta(hours=10 - number))
    assert MissedSearch.objects.count() == 3
    assert MissedSearch.objects.filter(query="名前の残る言葉").exists()
    assert set(MissedSearch.objects.filter(query="").values_list("digest", flat=True)) == {
        missed.digest("言葉2"),
        missed.digest("言葉3"),
    }


def test_deleting_a_hearing_erases_the_searches_that_hold_its_addresses(db, django_user_model):
    from wizard.models import Hearing, Mailbox
    from wizard.services import hearing_delete

    director = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    hearing = Hearing.objects.create(company="株式会社テスト", contact_name="山田 花子", director=director)
    Mailbox.objects.create(hearing=hearing, address="yamada.taro@example.co.jp", people=1, position=0)
    record_on([3, 2, 1], query="yamada.taro 届かない")  # words kept: the address's local part
    record_on([0], query="yamada.taro")  # without its words: found by its digest
    MissedSearch.objects.create(  # a row from before addresses were refused
        digest="old", query="yamada.taro@example.co.jp パスワード", results=0, last_day=timezone.localdate(),
        first_seen=timezone.now(), last_seen=timezone.now(),
    )  # fmt: skip
    record_on([3, 2, 1], query="山田 花子 メール")
    record_on([3, 2, 1], query="共有アドレス")
    hearing_delete(hearing=hearing)
    assert list(MissedSearch.objects.values_list("query", flat=True)) == ["共有アドレス"]


def test_the_access_log_keeps_no_public_search(db):
    line = clean_line(
        '127.0.0.1 - - "GET /search/?q=yamada%40example.co.jp HTTP/1.1" 200 10 '
        '"https://mail-navi.example.jp/search/?q=090-1234-5678" "Mozilla/5.0"'
    )
    assert "yamada" not in line and "090" not in line and line.count("/search/?[redacted]") == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")
@pytest.mark.django_db(transaction=True)
def test_a_search_answers_at_once_while_another_process_holds_the_write_lock(make_article, caplog):
    make_article(title="容量の話")
    locker = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # what a long save or a backup does
    try:
        started = time.monotonic()
        response = Client().get(reverse("kb:search"), {"q": "存在しない言葉"})
        took = time.monotonic() - started
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert response.status_code == 200 and "該当する記事は見つかりませんでした" in response.content.decode()
    assert took < 5  # 20 s and a 503 on main
    assert "best-effort write skipped: what=missed-search" in caplog.text
    Client().get(reverse("kb:search"), {"q": "ほかの言葉"})  # the lock gone, searches count again
    assert MissedSearch.objects.get().digest == missed.digest("ほかの言葉")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table locks")
@pytest.mark.django_db(transaction=True)
def test_a_search_answers_at_once_while_another_session_locks_the_report_on_postgresql(db, caplog):
    import psycopg

    Client().get(reverse("kb:search"), {"q": "存在しない言葉"})  # in the report, and its page cached
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], password=settings["PASSWORD"],
        dbname=settings["NAME"],
    ) as locker:  # fmt: skip
        locker.execute("LOCK TABLE kb_missedsearch IN EXCLUSIVE MODE")  # reads pass, writes wait
        started = time.monotonic()
        response = Client().get(reverse("kb:search"), {"q": "存在しない言葉"})
        took = time.monotonic() - started
    assert response.status_code == 200 and took < 5  # without a lock timeout it waits for ever
    assert "best-effort write skipped: what=missed-search" in caplog.text
    assert MissedSearch.objects.get().count == 1
