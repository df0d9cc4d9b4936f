"""Opening a customer link only reads: recording when it was last opened is
a write on the side that never makes the visitor wait or fail (core/writes.py)."""

import sqlite3
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from wizard.models import CustomerLink


@pytest.fixture
def held_write_lock():
    """Another connection holds the database's write lock (SQLite) or the
    link's row (PostgreSQL), as a long save or a backup would."""

    def hold():
        name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            other = sqlite3.connect(name, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            params = connection.get_connection_params()
            other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
            other.execute("SELECT id FROM wizard_customerlink FOR UPDATE")
        held.append(other)

    held: list = []
    yield hold
    for other in held:
        other.rollback()
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_customer_link_opens_at_once_while_another_writer_holds_the_lock(
    complete, link_token, held_write_lock
):
    hearing = complete()
    url = reverse("customer:sheet", kwargs={"token": link_token(hearing)})
    held_write_lock()
    started = time.monotonic()
    response = Client(raise_request_exception=False).get(url)
    took = time.monotonic() - started
    assert response.status_code == 200 and "メール設定シート" in response.content.decode()
    assert took < 2
    assert CustomerLink.objects.get().last_opened_at is None  # skipped, not waited for


@pytest.mark.django_db(transaction=True)
def test_the_opening_is_recorded_once_the_lock_is_free(complete, link_token):
    hearing = complete()
    url = reverse("customer:sheet", kwargs={"token": link_token(hearing)})
    assert Client().get(url).status_code == 200
    assert CustomerLink.objects.get().last_opened_at is not None
