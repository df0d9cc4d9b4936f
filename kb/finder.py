"""What the search page does with a query: ``find(query)``.

1. The query is planned with the vocabulary (``kb.query``): synonym groups
   from the admin plus the words of the published articles' titles,
   summaries and headings and of the categories.
2. Published articles that have every concept, best first.
3. Few or none (≤ ``LOW_RESULTS``): a 「もしかして」 suggestion from the same
   vocabulary. None at all: the suggestion's results when it has some, else
   the results without the words the vocabulary does not know.

The vocabulary is built at most once per process between changes to what it
is made of (``VOCABULARY``, ``core.cache``): saving an article, a category
or a synonym group makes the next search build it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Window

from core.cache import Dependencies

from . import search_index
from .models import Article, Category, SynonymGroup
from .query import SearchPlan, Vocabulary, article_words
from .search import normalize
from .services import LOW_RESULTS

VOCABULARY = Dependencies("kb.vocabulary", Article, Category, SynonymGroup)
_built: dict[str, Vocabulary] = {}


SAMPLE = 300  # articles whose titles and summaries tell how common a word is


def build_vocabulary() -> Vocabulary:
    texts: list[str] = []
    documents: list[str] = []
    rows = Article.objects.published().values_list(
        "title", "summary", "toc", "search_title", "search_summary"
    )
    for number, (title, summary, toc, search_title, search_summary) in enumerate(rows.iterator()):
        texts.extend([title, summary, *(entry.get("text", "") for entry in toc or ())])
        if number < SAMPLE:
            documents.append(f"{search_title} {search_summary}")
    texts.extend(Category.objects.values_list("name", flat=True))
    groups = [group.word_list() for group in SynonymGroup.objects.all()]
    return Vocabulary(groups=groups, words=article_words(texts), documents=documents)


def vocabulary() -> Vocabulary:
    """The vocabulary as the database holds it now, built at most once per
    process between changes (the stamp is shared by every process)."""
    stamp = VOCABULARY.stamp()
    if stamp not in _built:
        _built.clear()
        _built[stamp] = VOCABULARY.fill(build_vocabulary)
    return _built[stamp]


EXACT_CHECK = 200  # results up to which long words are checked letter for letter
PAGE = 20


@dataclass(frozen=True)
class Ranked:
    ids: list[int]  # the requested slice of the results, best first
    total: int  # how many results in all


def ranked(plan: SearchPlan, *, offset: int = 0, limit: int = PAGE) -> Ranked:
    """Published articles for the plan, best first: a slice of them and how many in all.

    One query gives both (a window count beside a LIMIT), so thousands of
    matches are counted but only the slice is sorted out and sent.

    The index matches a word of four letters or more by its three-letter
    pieces (kb.search_index), so 「imapp」 would find an article with 「IMAP」
    and 「Apple」. When that gives few results, where such an article would
    stand out, they are checked against the words letter for letter.
    """
    queryset = Article.objects.published().search(plan)
    counted = queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")
    rows = _rows(counted[offset : offset + limit])
    if not rows and offset:  # past the last result: still say how many there are
        rows_before = _rows(counted[:1])
        return Ranked([], rows_before[0][1] if rows_before else 0)
    total = rows[0][1] if rows else 0
    long_words = any(len(form) > 3 for concept in plan.concepts for form in concept.forms)
    if total and long_words and total <= EXACT_CHECK:
        every = [pk for (pk,) in _rows(queryset.values_list("pk"))]
        exact = set(Article.objects.filter(pk__in=every).containing(plan).values_list("pk", flat=True))
        kept = [pk for pk in every if pk in exact]
        return Ranked(kept[offset : offset + limit], len(kept))
    return Ranked([pk for pk, _total in rows], total)


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list query, read straight from the cursor (thousands of
    matches would otherwise cost more in the ORM's row handling than in the
    database), through the index's own cursor (kb.search_index.cursor)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with search_index.cursor(queryset.db) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Findings:
    query: str  # as typed (single spaces)
    shown: str  # the query whose results are listed: the suggestion when the typed one found nothing
    plan: SearchPlan
    ids: list[int]  # the requested slice of the results, best first
    total: int  # how many results the page shows in all
    count: int  # how many the typed query found
    suggestion: str | None = None  # 「もしかして」

    @property
    def corrected(self) -> bool:
        return self.shown != self.query

    @property
    def highlights(self) -> tuple[str, ...]:
        """What snippets mark: the words as typed, then every form of every concept."""
        return tuple(dict.fromkeys([*(normalize(term) for term in self.shown.split()), *self.plan.forms]))


class SearchResults:
    """The articles a query finds, best first, as Django's ``Paginator`` pages
    them (``count()`` and slices). The query is planned and corrected once
    (``findings``, with the first ``per_page`` results and the count: one
    ranking query); a slice beyond the first page is one more."""

    def __init__(self, query: str, *, per_page: int = PAGE):
        self.query = query
        self.per_page = per_page

    @cached_property
    def findings(self) -> Findings:
        return find(self.query, limit=self.per_page)

    def count(self) -> int:
        return self.findings.total

    def __getitem__(self, window: slice) -> list[Article]:
        start, stop = window.start or 0, window.stop
        if start == 0 and stop is not None and stop <= self.per_page:
            ids = self.findings.ids[:stop]
        else:
            limit = (stop - start) if stop is not None else self.findings.total
            ids = ranked(self.findings.plan, offset=start, limit=limit).ids
        found = (
            Article.objects.for_listing()
            .only("title", "slug", "body_text", "category__name", "category__slug")
            .in_bulk(ids)
        )
        return [found[pk] for pk in ids if pk in found]


def find(query: str, *, offset: int = 0, limit: int = PAGE) -> Findings:
    """The results for a query (``limit`` of them from ``offset``), with its corrections."""
    query = " ".join(query.split())
    words = vocabulary()
    plan = words.plan(query)
    results = ranked(plan, offset=offset, limit=limit)
    count = results.total
    suggestion = words.suggest(query) if count <= LOW_RESULTS else None
    shown = query
    if not count and suggestion:
        suggested_plan = words.plan(suggestion)
        suggested = ranked(suggested_plan, offset=offset, limit=limit)
        if suggested.total:
            plan, results, shown = suggested_plan, suggested, suggestion
    if not results.total and plan.relaxed():
        plan = plan.relaxed()
        results = ranked(plan, offset=offset, limit=limit)
    return Findings(
        query=query,
        shown=shown,
        plan=plan,
        ids=results.ids,
        total=results.total,
        count=count,
        suggestion=suggestion,
    )
