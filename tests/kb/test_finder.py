"""The search page's logic: vocabulary from the database, corrections, the missed-search report."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kb.finder import find
from kb.missed import digest
from kb.models import MissedSearch, SynonymGroup
from kb.services import missed_search_record, missed_searches_purge


def test_a_customer_word_finds_the_article_that_uses_the_house_word(make_article):
    article = make_article(title="PCの買い替え・故障時にメールはどうなる？")
    SynonymGroup.objects.create(words="PC\nパソコン")
    SynonymGroup.objects.create(words="買い替え\n買い換え")
    assert find("パソコン買い換え").ids == [article.pk]
    assert find("パソコン 買い換え").ids == [article.pk]


def test_a_new_synonym_group_is_used_by_the_next_search(make_article):
    article = make_article(title="メールボックスの容量")
    assert find("満杯").ids == []
    SynonymGroup.objects.create(words="容量\n満杯")
    assert find("満杯").ids == [article.pk]


def test_a_typo_that_finds_nothing_shows_the_results_of_the_suggestion(make_article):
    article = make_article(title="IMAPとは")
    findings = find("imapp")
    assert findings.corrected and findings.shown == "IMAP"
    assert findings.ids == [article.pk]
    assert findings.count == 0  # what the customer's own words found, for the report


def test_a_word_that_has_only_the_pieces_of_the_query_is_not_a_result(make_article):
    make_article(title="IMAPとApple")  # ima, map, app: every three-letter piece of "imapp"
    assert find("imapp").count == 0


def test_words_the_vocabulary_does_not_know_are_left_out_when_no_article_has_them_all(make_article):
    article = make_article(title="メールボックスの容量")
    findings = find("容量 ほげほげ")
    assert findings.ids == [article.pk]
    assert findings.plan.dropped == ("ほげほげ",)


def test_a_search_with_few_results_offers_a_suggestion_and_keeps_its_results(make_article):
    found = make_article(title="サンダーの話")
    make_article(title="Thunderbirdの設定方法")
    findings = find("サンダ")
    assert findings.ids == [found.pk]
    assert findings.suggestion == "サンダー" and not findings.corrected


def test_a_search_that_finds_little_is_counted_by_its_normalised_query_only(client, make_article):
    make_article(title="POPの基本")
    url = reverse("kb:search")
    client.get(url, {"q": "存在しない言葉"})
    client.get(url, {"q": "存在しない言葉　"})  # the same words typed again
    client.get(url, {"q": "ＰＯＰ"})  # one article: few, counted as well
    row = MissedSearch.objects.get(digest=digest("存在しない言葉"))
    assert (row.count, row.results) == (2, 0)
    assert MissedSearch.objects.get(digest=digest("pop")).results == 1
    assert {field.name for field in MissedSearch._meta.get_fields()} == {
        "id",
        "digest",
        "query",
        "results",
        "count",
        "days",
        "last_day",
        "first_seen",
        "last_seen",
    }  # fmt: skip  (no IP address, user, cookie or session)


def test_a_missed_search_is_counted_again_when_the_page_cache_answers(client, db):
    url = reverse("kb:search")
    for _ in range(3):
        assert client.get(url, {"q": "存在しない言葉"}).status_code == 200
    assert MissedSearch.objects.get().count == 3


def test_a_search_with_many_results_and_later_pages_are_not_counted(client, make_article):
    for number in range(4):
        make_article(title=f"POPの記事 {number}")
    client.get(reverse("kb:search"), {"q": "pop"})
    client.get(reverse("kb:search"), {"q": "存在しない言葉", "page": 2})
    assert not MissedSearch.objects.exists()


def test_missed_searches_not_seen_for_twelve_months_are_purged(db):
    now = timezone.now()
    missed_search_record(query="古い言葉", results=0, now=now - timedelta(days=370))
    missed_search_record(query="最近の言葉", results=1, now=now - timedelta(days=300))
    assert missed_searches_purge(now=now) == 1
    assert list(MissedSearch.objects.values_list("digest", flat=True)) == [digest("最近の言葉")]


def test_the_purge_command_says_how_many_it_removed_and_can_run_again(db):
    missed_search_record(query="古い言葉", results=0, now=timezone.now() - timedelta(days=400))
    out = StringIO()
    call_command("purge_missed_searches", stdout=out)
    assert "1" in out.getvalue()
    call_command("purge_missed_searches", stdout=StringIO())
    assert not MissedSearch.objects.exists()


def test_a_query_of_symbols_only_finds_nothing_and_does_not_fail(make_article):
    make_article(title="記号の話")
    assert find("@ 「」 ・").ids == []


def test_search_results_are_paged_by_djangos_paginator(make_article):
    from django.core.paginator import Paginator

    from kb.finder import SearchResults

    for number in range(25):
        make_article(title=f"POPの記事{number:02d}", order=number)
    paginator = Paginator(SearchResults("pop", per_page=20), 20)
    assert (paginator.count, paginator.num_pages) == (25, 2)
    assert [a.title for a in paginator.get_page(1)][:2] == ["POPの記事00", "POPの記事01"]
    assert [a.title for a in paginator.get_page(2)] == [f"POPの記事{n}" for n in range(20, 25)]
    assert [a.title for a in paginator.get_page(99)] == [f"POPの記事{n}" for n in range(20, 25)]


def test_the_first_page_of_results_costs_one_ranking_query_with_its_count(make_article, monkeypatch):
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.generation import BOARD
    from kb.finder import SearchResults, vocabulary

    monkeypatch.setattr(BOARD, "check_seconds", 3600)  # the shared numbers read once, here:
    for number in range(25):
        make_article(title=f"POPの記事{number:02d}", order=number)
    vocabulary()  # built once per change, not per search
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(SearchResults("pop", per_page=20), 20).get_page(1)
        assert len(page.object_list) == 20
    # The ranked ids with their count, then the articles (PostgreSQL adds a
    # savepoint and a setting around the first: kb.search_index.cursor).
    selects = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]
    assert len(selects) == 2
