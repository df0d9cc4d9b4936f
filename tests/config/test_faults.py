"""Error pages, database outages, concurrent saves, backup and retention."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, close_old_connections, connection
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from kb.models import Article
from wizard.models import Hearing, Mailbox
from wizard.services import StaleHearing, hearing_save_customer


@pytest.mark.parametrize(
    "template, text",
    [
        ("400.html", "リクエストを処理できませんでした"),
        ("403.html", "このページにはアクセスできません"),
        ("404.html", "ページが見つかりません"),
        ("500.html", "エラーが発生しました"),
        ("503.html", "ただいま一時的にご利用いただけません"),
    ],
)
def test_error_pages_are_japanese_and_need_no_database(template, text, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        html = render_to_string(template)
    assert text in html and 'lang="ja"' in html


def test_a_crash_shows_the_japanese_500_page_without_a_traceback(db, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Article.objects.__class__, "published", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "エラーが発生しました" in body and "secret internals" not in body and "Traceback" not in body


def test_a_database_outage_answers_a_styled_503(db, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(Article.objects.__class__, "published", down)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "ただいま一時的にご利用いただけません" in response.content.decode()


@pytest.fixture
def shared_hearing(transactional_db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    return Hearing.objects.create(company="同時保存テスト", director=user, notes=""), user


def _run_threads(count, target):
    """Start ``count`` threads at once. On PostgreSQL at most 80 hold a
    connection at the same time (its default max_connections is 100)."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)
    slots = threading.Semaphore(80 if connection.vendor == "postgresql" else count)

    def run(index):
        try:
            barrier.wait(timeout=30)
            with slots:
                try:
                    target(index)
                finally:
                    close_old_connections()
                    connection.close()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_100_concurrent_stale_saves_keep_exactly_one(shared_hearing):
    hearing, user = shared_hearing
    accepted, refused = [], []

    def save(index):
        try:
            hearing_save_customer(hearing=hearing, version=1, data={"company": f"保存{index}"}, user=user)
            accepted.append(index)
        except StaleHearing:
            refused.append(index)

    errors = _run_threads(100, save)
    assert errors == []  # no "database is locked", no deadlock
    assert len(accepted) == 1 and len(refused) == 99
    hearing.refresh_from_db()
    assert hearing.company == f"保存{accepted[0]}" and hearing.version == 2


def test_100_concurrent_editors_that_retry_lose_no_update(shared_hearing):
    hearing, user = shared_hearing

    def append(index):
        while True:
            current = Hearing.objects.get(pk=hearing.pk)
            try:
                hearing_save_customer(
                    hearing=current,
                    version=current.version,
                    data={"notes": f"{current.notes}{index},"},
                    user=user,
                )
                return
            except StaleHearing:
                continue

    errors = _run_threads(100, append)
    assert errors == []
    hearing.refresh_from_db()
    assert sorted(int(n) for n in hearing.notes.strip(",").split(",")) == list(range(100))
    assert hearing.version == 101


def test_retention_removes_only_old_completed_hearings_and_is_idempotent(db, django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16)
    now = timezone.now()
    old = Hearing.objects.create(
        company="古い",
        director=user,
        status=Hearing.Status.COMPLETED,
        completed_at=now - timedelta(days=25 * 31),
    )
    Mailbox.objects.create(hearing=old, address="a@example.com")
    recent = Hearing.objects.create(
        company="新しい",
        director=user,
        status=Hearing.Status.COMPLETED,
        completed_at=now - timedelta(days=23 * 30),
    )
    draft = Hearing.objects.create(company="下書き", director=user)
    Hearing.objects.filter(pk=draft.pk).update(created_at=now - timedelta(days=1000))
    out = StringIO()
    call_command("purge_hearings", stdout=out)
    assert "Removed 1 completed hearing(s) older than 24 months." in out.getvalue()
    assert set(Hearing.objects.values_list("company", flat=True)) == {"新しい", "下書き"}
    assert not Mailbox.objects.exists()
    again = StringIO()
    call_command("purge_hearings", stdout=again)
    assert "Removed 0" in again.getvalue()
    call_command("purge_hearings", months=12, stdout=StringIO())
    assert recent.pk not in set(Hearing.objects.values_list("pk", flat=True))
