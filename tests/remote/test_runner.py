"""Checks run away from the request (wizard/remote/runner.py): the caller
gets its progress record at once, a page can poll it to the end, a silent
server holds up nobody, the process runs only so many checks at a time, and
the password is found nowhere afterwards."""

import json
import logging
import time

import pytest
from django.core import serializers
from django.core.cache import caches

from tests.mailserver import HOST, user
from wizard.handoff.servers import Endpoint
from wizard.models import RemoteCheck
from wizard.remote import runner

from .loopback import listening

pytestmark = pytest.mark.django_db(transaction=True)  # the check threads use connections of their own

INFO = user("info@example-test.jp")


@pytest.fixture
def director(django_user_model):
    return django_user_model.objects.create_user(
        username="director", password="director-login-pw", is_staff=True
    )


def wait_for(check, seconds=10.0):
    """Poll the record as a page would, until it is finished."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        check.refresh_from_db()
        if check.finished:
            return check
        time.sleep(0.01)
    raise AssertionError(f"check still {check.state} after {seconds} s")


def timed(function):
    started = time.monotonic()
    value = function()
    return value, time.monotonic() - started


def every_protocol():
    return [
        Endpoint(service="imap", host=HOST, port=993, security="ssl", username=INFO.login),
        Endpoint(service="pop3", host=HOST, port=995, security="ssl", username=INFO.login),
        Endpoint(service="smtp", host=HOST, port=465, security="ssl", username=INFO.login),
    ]


def test_a_mailbox_read_is_recorded_at_once_and_polled_to_its_reading(on_mailserver, director):
    check = runner.start_mailbox_read(director=director, endpoints=every_protocol(), password=INFO.password)
    assert RemoteCheck.objects.for_director(director).get().pk == check.pk
    done = wait_for(check)
    reading = done.reading()
    assert (done.state, done.message) == ("done", "")
    assert [login.code for login in reading.logins] == ["ok", "ok", "ok"]
    assert reading.facts.message_count == 13
    assert done.started_at <= done.finished_at


def test_the_password_is_nowhere_after_a_check(on_mailserver, director, caplog):
    caplog.set_level(logging.DEBUG)
    wait_for(runner.start_mailbox_read(director=director, endpoints=every_protocol(), password=INFO.password))
    wrong = "a-wrong-Password-typed-once"
    wait_for(runner.start_mailbox_read(director=director, endpoints=every_protocol(), password=wrong))
    rows = serializers.serialize("json", RemoteCheck.objects.all())
    cached = json.dumps([repr(value) for value in caches["default"]._cache.values()])
    for password in (INFO.password, wrong):
        assert password not in rows and password not in caplog.text and password not in cached


def test_a_silent_server_holds_up_neither_the_caller_nor_longer_than_the_deadline(local, director, settings):
    settings.MAILNAVI_MAILBOX_TIMEOUT = 0.3
    with listening("127.0.0.1") as silent:
        endpoints = [
            Endpoint(service="imap", host="mail.test.example", port=silent.port, security="ssl", username="x")
        ]
        check, seconds = timed(
            lambda: runner.start_mailbox_read(director=director, endpoints=endpoints, password="pw")
        )
        assert seconds < 0.5
        done, waited = timed(lambda: wait_for(check))
    assert waited < 1
    assert [(login.code, login.message) for login in done.reading().logins] == [
        ("timeout", "0.3 秒以内に応答がありません。")
    ]


def test_a_process_runs_only_so_many_checks_at_once_and_refuses_the_next_at_once(local, director, settings):
    settings.MAILNAVI_REMOTE_MAX_CONCURRENT = 2
    settings.MAILNAVI_SERVER_CHECK_TIMEOUT = 0.2  # how long the two silent checks hold their places
    with listening("127.0.0.1") as silent:
        endpoints = [
            Endpoint(service="pop3", host="mail.test.example", port=silent.port, security="ssl", username="x")
        ]
        first = runner.start_server_check(director=director, endpoints=endpoints)
        second = runner.start_server_check(director=director, endpoints=endpoints)
        with pytest.raises(runner.Busy) as busy:
            runner.start_server_check(director=director, endpoints=endpoints)
        assert RemoteCheck.objects.count() == 2
        wait_for(first), wait_for(second)
        for _ in range(40):  # the threads let go of their places just after recording
            if runner.running() == 0:
                break
            time.sleep(0.025)
        third = wait_for(runner.start_server_check(director=director, endpoints=endpoints))
    assert busy.value.describe() == "ただいま確認が混み合っています。少し待ってからもう一度お試しください。"
    assert [r["code"] for r in third.result["results"]] == ["timeout"]


def test_a_check_that_breaks_ends_failed_with_a_japanese_message_for_the_page(director):
    def broken():
        raise RuntimeError("boom")

    check = wait_for(runner.start_check(kind=RemoteCheck.Kind.SERVERS, director=director, work=broken))
    assert (check.state, check.message) == (
        "failed",
        "確認の途中で問題が起きました。もう一度お試しください。",
    )
    assert check.result is None and check.reading() is None


def test_a_record_left_running_by_a_stopped_process_reads_as_interrupted(director):
    from datetime import timedelta

    from django.utils import timezone

    stale = RemoteCheck.objects.create(
        kind=RemoteCheck.Kind.MAILBOX, director=director, state=RemoteCheck.State.RUNNING,
        created_at=timezone.now() - timedelta(minutes=10),
    )  # fmt: skip
    fresh = RemoteCheck.objects.create(kind=RemoteCheck.Kind.MAILBOX, director=director, state="running")
    assert (stale.interrupted, stale.finished, fresh.interrupted, fresh.finished) == (
        True,
        True,
        False,
        False,
    )
