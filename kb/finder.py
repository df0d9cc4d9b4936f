"""What the search page does with a query: ``find(query)``.

1. The query is planned with the vocabulary (``kb.query``): synonym groups
   from the admin plus the words of the published articles' titles,
   summaries and headings and of the categories.
2. Published articles that have every concept, best first.
3. Few or none (≤ ``LOW_RESULTS``): a 「もしかして」 suggestion from the same
   vocabulary. None at all: the suggestion's results when it has some, else
   the results without the words the vocabulary does not know.

The vocabulary is built once per process and page-cache generation
(``kb.cache``): saving an article, a category or a synonym group bumps the
generation, so the next search sees the change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import uuid4

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet

from . import search_index
from .cache import PAGE_TIMEOUT, generation
from .models import Article, Category, SynonymGroup
from .query import SearchPlan, Vocabulary, article_words
from .search import clean_query, normalize
from .services import LOW_RESULTS

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
    """The vocabulary of the current generation, built at most once per process."""
    key = f"kb:vocabulary:{generation()}"
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid4().hex, timeout=None)
        token = cache.get(key)
    if token not in _built:
        _built.clear()
        _built[token] = build_vocabulary()
    return _built[token]


EXACT_CHECK = 200  # results up to which long words are checked letter for letter


def ranked_ids(plan: SearchPlan) -> list[int]:
    """Published articles for the plan, best first.

    The index matches a word of four letters or more by its three-letter
    pieces (kb.search_index), so 「imapp」 would find an article with 「IMAP」
    and 「Apple」. When that gives few results, where such an article would
    stand out, they are checked against the words letter for letter.
    """
    ids = _ids(Article.objects.published().search(plan).values_list("pk", flat=True))
    long_words = any(len(form) > 3 for concept in plan.concepts for form in concept.forms)
    if ids and long_words and len(ids) <= EXACT_CHECK:
        exact = set(Article.objects.filter(pk__in=ids).containing(plan).values_list("pk", flat=True))
        ids = [pk for pk in ids if pk in exact]
    return ids


def _ids(queryset) -> list[int]:
    """The ids of a values_list query, read straight from the cursor (thousands of
    matches would otherwise cost more in the ORM's row handling than in the
    database), through the index's own cursor (kb.search_index.cursor)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with search_index.cursor(queryset.db) as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Findings:
    query: str  # as typed (single spaces)
    shown: str  # the query whose results are listed: the suggestion when the typed one found nothing
    plan: SearchPlan
    ids: list[int]  # ranked
    count: int  # how many the typed query found
    suggestion: str | None = None  # 「もしかして」

    @property
    def corrected(self) -> bool:
        return self.shown != self.query

    @property
    def highlights(self) -> tuple[str, ...]:
        """What snippets mark: the words as typed, then every form of every concept."""
        return tuple(dict.fromkeys([*(normalize(term) for term in self.shown.split()), *self.plan.forms]))


def find(query: str) -> Findings:
    query = " ".join(query.split())
    words = vocabulary()
    plan = words.plan(query)
    ids = ranked_ids(plan)
    count = len(ids)
    suggestion = words.suggest(query) if count <= LOW_RESULTS else None
    shown = query
    if not ids and suggestion:
        suggested_plan = words.plan(suggestion)
        suggested_ids = ranked_ids(suggested_plan)
        if suggested_ids:
            plan, ids, shown = suggested_plan, suggested_ids, suggestion
    if not ids and plan.relaxed():
        plan = plan.relaxed()
        ids = ranked_ids(plan)
    return Findings(query=query, shown=shown, plan=plan, ids=ids, count=count, suggestion=suggestion)


# Which searches found little: the search view notes it here, so that the
# count also reaches the report when the page cache answers (kb.views).


def _missed_key(query: str) -> str:
    return f"kb:missed:{generation()}:{hashlib.sha256(query.encode()).hexdigest()}"


def remember_missed(findings: Findings) -> None:
    if findings.query and findings.count <= LOW_RESULTS:
        cache.set(_missed_key(clean_query(findings.query)), findings.count, PAGE_TIMEOUT * 2)


def missed_count(query: str) -> int | None:
    """How many articles ``query`` found, if it was a search that found little."""
    return cache.get(_missed_key(clean_query(query))) if query else None
