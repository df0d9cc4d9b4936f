"""Every cache declares the models it is made of (core.cache): each one is
rendered with its queries captured, and every table it read must belong to a
model it declared. A cache that forgets one would serve stale content until
it expires."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import DECLARED, Dependencies
from kb import search_index
from kb.models import Article, ArticleVote, SynonymGroup

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?')
HTMX = {"HTTP_HX_REQUEST": "true"}


def owners() -> dict[str, type]:
    """Each table and the model whose changes invalidate what is read from it:
    a many-to-many table belongs to the model that declares the relation
    (core.cache bumps that model), the search index to Article (written by
    its save())."""
    found = {}
    for model in apps.get_models():
        found[model._meta.db_table] = model
        for field in model._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:
                found[field.remote_field.through._meta.db_table] = model
    for table in {search_index.TABLE, *search_index.PG_TABLES.values()}:
        found[table] = Article
    return found


@pytest.fixture
def reads(monkeypatch):
    """What each cache read while its value was made: {cache name: {table, …}}."""
    seen: dict[str, set[str]] = {}
    fill = Dependencies.fill

    def observed(self, compute):
        with CaptureQueriesContext(connection) as queries:
            value = fill(self, compute)
        tables = seen.setdefault(self.name, set())
        for query in queries.captured_queries:
            tables.update(TABLE.findall(query["sql"]))
        return value

    monkeypatch.setattr(Dependencies, "fill", observed)
    return seen


@pytest.fixture
def site(make_article, category, contact, django_user_model):
    """Some of everything the cached pages show."""
    from wizard.models import DeviceReport, Hearing, Mailbox
    from wizard.roles import ensure_director_group

    first = make_article(title="容量がいっぱいのとき", featured=True)
    second = make_article(title="IMAPとは", related=[first])
    for number in range(25):
        make_article(title=f"容量の話 {number}")
    ArticleVote.objects.create(article=first, voter="a" * 32, helpful=True)
    SynonymGroup.objects.create(words="容量\n満杯")
    director = django_user_model.objects.create_user(username="tanaka", password="x" * 16, is_staff=True)
    director.groups.add(ensure_director_group())
    hearing = Hearing.objects.create(company="株式会社テスト", director=director, consulted_on="2026-11-27")
    Mailbox.objects.create(hearing=hearing, address="info@example.com", people=1, position=0)
    DeviceReport.objects.create(hearing=hearing, device_id=1, device_name="受付PC", state="trouble")
    return {"article": second, "director": director}


def visit_every_cached_page(client, site, category):
    search = reverse("kb:search")
    pages = [
        reverse("kb:home"),
        category.get_absolute_url(),
        category.get_absolute_url() + "?page=2",
        site["article"].get_absolute_url(),
        search,
        search + "?q=容量",
        search + "?q=満杯&page=2",
        search + "?q=存在しない言葉",  # popular articles, categories, the agency's contact
        search + "?q=imapp",  # a suggestion
    ]
    for url in pages:
        for headers in ({}, HTMX):
            assert client.get(url, **headers).status_code == 200, url
    client.force_login(site["director"])
    for url in (reverse("wizard:hearing_list"), reverse("wizard:hearing_list") + "?q=テスト&status=draft"):
        for headers in ({}, HTMX):
            assert client.get(url, **headers).status_code == 200, url


def test_every_cache_reads_only_models_it_declared(client, site, category, reads):
    visit_every_cached_page(client, site, category)
    assert set(reads) == set(DECLARED), "a cache the test does not make"
    tables = owners()
    found = {name: {tables.get(table, table) for table in read} for name, read in reads.items()}
    undeclared = {
        name: sorted(getattr(model, "_meta", None) and model._meta.label or model for model in models)
        for name, read in found.items()
        if (models := read - set(DECLARED[name].models) - {tables["core_generation"]})
    }
    assert undeclared == {}


def test_the_check_sees_a_model_that_a_page_reads(client, site, category, reads):
    visit_every_cached_page(client, site, category)
    tables = owners()
    search_reads = {tables[table] for table in reads["kb.views.search"]}
    assert {Article, ArticleVote, SynonymGroup} <= search_reads
