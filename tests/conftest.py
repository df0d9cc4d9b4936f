import gc
import io
import logging
import sqlite3

import pytest
from _pytest.runner import runtestprotocol

from core.stackroom import call_with_room

# The real test mail server (Dovecot), once per test process, for any test that asks for it.
from tests.mailserver import mailserver, on_mailserver  # noqa: F401 (the fixtures)

# The starter articles, committed once per test module that asks for them.
from tests.starter_articles import starter_articles_committed, starter_articles_loaded  # noqa: F401


def pytest_configure(config):
    """A test process makes and drops far more objects than a web process, and
    keeps a large heap (Django, Hypothesis, every test module), which Python's
    default thresholds walk whole a dozen times a run. Collected less often,
    measured per worker with gc.callbacks: 1.6-2.2 s of collections → 0.4-0.8 s,
    the largest resident size 216-248 → 222-268 MB."""
    gc.set_threshold(7000, 20, 100)


def _pytest_protocol(item, nextitem) -> bool:
    """pytest's own test protocol (``_pytest.runner.pytest_runtest_protocol``)."""
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    runtestprotocol(item, nextitem=nextitem)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """Each test runs as pytest runs it, with room on CPython's frame stack, as
    the site's requests do (core/stackroom.py). A test goes a few hundred
    frames deep (pytest, Django's middleware, nested templates) and back many
    times, and CPython 3.11 maps and unmaps a 16 KB chunk each time a call
    crosses a chunk's edge: ``strace -c`` counted 172,000 mmap/munmap pairs in
    714 tests, about 240 a test, most of the suite's system time. With room:
    one chunk a test; those 714 tests in one process, system time 1.9 → 0.8 s
    and wall 18.2-18.8 → 17.1-17.3 s; the two-worker suite's system time
    5.7-6.6 → 2.8-3.3 s. A test marked ``plain_stack`` runs without (it
    measures the edge of a chunk: tests/core/test_stackroom.py)."""
    if item.get_closest_marker("plain_stack") is not None:
        return _pytest_protocol(item, nextitem)
    return call_with_room(_pytest_protocol, item, nextitem)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Django's test set-up makes every template render send a signal, on
    which the test client copies each template's context for
    ``response.context`` and ``response.templates``: about 6 % of a page's
    time, for the few tests that read them. Those are marked ``templates``;
    the others render as the site does. Switched before the fixtures (their
    pages too) and again after them (the first test's fixtures set Django's
    test environment up)."""
    _template_signals(item)
    try:
        return (yield)
    finally:
        _template_signals(item)


def _template_signals(item) -> None:
    from django.template import Template
    from django.test.utils import _TestState, instrumented_test_render

    saved = getattr(_TestState, "saved_data", None)
    if saved is not None:  # Django's test environment is set up (pytest-django)
        wanted = item.get_closest_marker("templates") is not None
        Template._render = instrumented_test_render if wanted else saved.template_render


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """The run is over: what is left in memory goes with the process. Python's
    shutdown would first walk every object still alive, in several full
    collections (0.2-0.3 s each for a worker's heap of Django, Hypothesis and
    the test modules); frozen, they are skipped, and atexit handlers still run.
    Measured side by side: the end of a two-worker run (the last worker's last
    test to the report) 0.9-1.1 s → 0.2-0.3 s."""
    gc.freeze()


@pytest.fixture(scope="session")
def _migrations_kept_between_runs():
    """On SQLite, the test database is written from the copy an earlier run
    kept of the same migrations over the same code, if there is one
    (tests/migrated_copy.py); set before pytest-django makes the database."""
    from tests import migrated_copy

    migrated_copy.install()


@pytest.fixture(scope="session")
def django_db_setup(_migrations_kept_between_runs, django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database (on SQLite, from a kept copy where one
    matches: ``_migrations_kept_between_runs``), and on SQLite a copy of it as the
    migrations left it, before any test ran (``migrated_sqlite``); a flush
    then puts its content types and permissions back as they are now, and
    empties the search index too."""
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    # Only where the session made a test database (the connection now names it:
    # TEST's NAME, else the prefixed name); a session whose tests use no
    # database makes none and leaves the configured one alone.
    test_name, name = connection.settings_dict["TEST"]["NAME"], str(connection.settings_dict["NAME"])
    if not (name == str(test_name) if test_name else name.startswith(TEST_DATABASE_PREFIX)):
        return django_db_setup
    if connection.vendor == "sqlite":
        copy = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
        with django_db_blocker.unblock(), sqlite3.connect(copy) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        target.close()
        _MIGRATED.append(copy)
    with django_db_blocker.unblock():
        _after_a_flush()
    return django_db_setup


_MIGRATED: list = []


def _after_a_flush():
    """A transactional test ends with ``flush``, which empties every table of
    a model and then lets Django's post_migrate receivers make each app's
    content types and permissions again: some eighty queries, the largest
    part of a flush. The migrations of this test database have just made
    those rows; from now on a flush puts them back as they were, same keys
    and all, in two inserts. It also empties the search index, whose tables
    belong to no model (kb/search_index.py): a flush left its rows behind."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import post_migrate

    from kb import search_index
    from tests.kept_rows import put_back

    content_types, permissions = list(ContentType.objects.all()), list(Permission.objects.all())

    def restore(using, **_kwargs):
        if not ContentType.objects.using(using).exists():
            put_back({ContentType: content_types, Permission: permissions}, using)
            ContentType.objects.clear_cache()
            search_index.clear(using)

    post_migrate.disconnect(dispatch_uid="django.contrib.auth.management.create_permissions")
    post_migrate.disconnect(create_contenttypes)
    post_migrate.connect(restore, dispatch_uid="tests.after_a_flush", weak=False)


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup):
    """The path of a copy of the freshly migrated SQLite test database (what
    ``manage.py migrate`` makes of an empty file), or None on PostgreSQL."""
    return _MIGRATED[0] if _MIGRATED else None


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from core import permissions
    from core.generation import BOARD
    from kb import finder
    from kb.cache import SCHEDULE
    from wizard.handoff.qr import DRAWN

    # Each test's transaction is rolled back, the shared numbers with it:
    # what a process built for a number must not outlive the test.
    BOARD.forget()
    finder._built.clear()
    SCHEDULE.forget()
    permissions.forget()
    DRAWN.forget()
    for alias in ("default", "staff-pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "staff-pages"):
        caches[alias].clear()


@pytest.fixture
def quick_board(monkeypatch):
    """This process looks at the shared numbers every 0.05 s rather than every
    second: what another process wrote is seen through the same path, sooner.
    (That a second is the interval, and within two seconds the promise:
    tests/core/test_generation.py; used with
    tests/kb/test_cache.py's in_another_process.)"""
    from core.generation import BOARD

    monkeypatch.setattr(BOARD, "check_seconds", 0.05)


@pytest.fixture
def category(db):
    from kb.models import Category

    return Category.objects.create(name="メールのしくみ", slug="basics", order=1)


@pytest.fixture
def make_article(db, category):
    from kb.models import Article

    counter = {"n": 0}

    def make(**overrides):
        counter["n"] += 1
        values = {
            "title": f"記事 {counter['n']}",
            "slug": f"article-{counter['n']}",
            "summary": "要約です。",
            "body": "## はじめに\n\n本文です。\n",
            "category": category,
            "status": Article.Status.PUBLISHED,
        }
        values.update(overrides)
        related = values.pop("related", [])
        article = Article.objects.create(**values)
        if related:
            article.related.set(related)
        return article

    return make


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="correct-horse-battery", is_staff=True
    )


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="boss", password="correct-horse-battery", email="boss@example.com"
    )


@pytest.fixture
def contact(db):
    """The agency's contact details, as an admin enters them (core.AgencyContact)."""
    from core.models import AgencyContact

    return AgencyContact.objects.create(
        name="株式会社ウェブ工房 サポート窓口",
        phone="052-000-0000",
        email="support@agency.example",
        hours="平日 9:00〜18:00",
        form_url="https://agency.example/contact/",
    )


@pytest.fixture
def log_output():
    """Everything the site's console handler prints during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
