"""Permissions kept in each process's memory (core/permissions.py): a change
made through Django reaches every process within a second, and one made past
Django (dbshell, a restore, a bulk ``update()``) within the cache's lifetime."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from core import permissions
from wizard.roles import ensure_director_group


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(permissions, "_clock", clock)
    monkeypatch.setattr(permissions, "TTL_SECONDS", 5.0)
    return clock


@pytest.fixture
def director(db, django_user_model, client):
    user = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    user.groups.add(ensure_director_group())
    client.force_login(user)
    return user


def hearing_list_status(client) -> int:
    return client.get(reverse("wizard:hearing_list")).status_code


def test_a_director_removed_by_sql_is_refused_once_the_cached_permissions_expire(client, director, clock):
    assert hearing_list_status(client) == 200
    with connection.cursor() as cursor:  # as in dbshell: no signal tells the cache
        cursor.execute("DELETE FROM auth_user_groups WHERE user_id = %s", [director.pk])
    clock.now += 4.0
    assert hearing_list_status(client) == 200  # still within the cache's lifetime
    clock.now += 1.5
    assert hearing_list_status(client) == 403


def test_a_director_moved_out_by_a_bulk_update_is_refused_once_the_cached_permissions_expire(
    client, director, clock
):
    elsewhere = Group.objects.create(name="経理")
    assert hearing_list_status(client) == 200
    director.groups.through.objects.filter(user=director).update(group=elsewhere)  # update() sends no signal
    clock.now += 5.5
    assert hearing_list_status(client) == 403


def test_cached_permissions_live_one_minute_in_production():
    assert permissions.TTL_SECONDS == 60
