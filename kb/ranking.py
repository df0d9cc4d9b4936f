"""How ``Article.objects.search()`` finds and orders articles (the one place for it).

An article matches when it has every concept of the plan (``kb.query``), any
of a concept's forms counting. Each concept adds to the rank:

======================================  =====
found in the title as typed             150
found in the title (a synonym)          100
found in the summary                     10
found only in the body                    1
======================================  =====

times 10, unless most articles have the concept (メール on a mail site,
``Concept.common``). Ties go to featured articles, then the editors' order,
then the title. On SQLite and PostgreSQL the index of ``kb.search_index``
answers; any other database scans the normalised columns (``containing``).
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from . import search_index
from .query import Concept, SearchPlan

RANK_TYPED_IN_TITLE, RANK_TITLE, RANK_SUMMARY, RANK_BODY = 150, 100, 10, 1
RANK_SPECIFIC = 10
SEARCH_ORDER = ("-rank", "-featured", "order", "title")


def _having(column: str, forms) -> Q:
    condition = Q()
    for form in forms:
        condition |= Q(**{f"{column}__has": form})
    return condition


def _concept_rank(concept: Concept, *, typed_in_title: Q, in_title: Q, in_summary: Q):
    return Case(
        When(typed_in_title, then=Value(RANK_TYPED_IN_TITLE)),
        When(in_title, then=Value(RANK_TITLE)),
        When(in_summary, then=Value(RANK_SUMMARY)),
        default=Value(RANK_BODY),
        output_field=IntegerField(),
    ) * Value(1 if concept.common else RANK_SPECIFIC)


def containing(queryset, plan: SearchPlan):
    """Articles whose normalised text has every concept letter for letter (no index)."""
    for concept in plan.concepts:
        queryset = queryset.filter(_having("search_text", concept.forms))
    return queryset


def search(queryset, plan: SearchPlan):
    if not plan.concepts:
        return queryset.none()
    if not search_index.available(queryset.db):
        return _search_scan(queryset, plan)
    concepts = [search_index.concept_query(concept.forms) for concept in plan.concepts]
    if not all(concepts):
        return queryset.none()

    def matching(*parts, field=None) -> Q:
        return Q(pk__in=RawSQL(*search_index.match_sql(queryset.db, parts, field)))

    rank = Value(0, output_field=IntegerField())
    for concept, query in zip(plan.concepts, concepts, strict=True):
        in_title = matching(query, field="title")
        typed = search_index.concept_query(concept.forms[:1])
        rank = rank + _concept_rank(
            concept,
            typed_in_title=in_title if typed == query else matching(typed, field="title"),
            in_title=in_title,
            in_summary=matching(query, field="summary"),
        )
    # The match as an expression, not a plain ``pk__in`` filter: the index's
    # ids are then gathered once into a hashed set that the scan of the
    # article listing index probes. A plain filter lets PostgreSQL join row by
    # row (its estimate of the index's answer is deliberately blind,
    # kb/search_index.py), which costs more whenever a word is common.
    found = Case(When(matching(*concepts), then=Value(True)), default=Value(False))
    return queryset.alias(found=found).filter(found=True).annotate(rank=rank).order_by(*SEARCH_ORDER)


def _search_scan(queryset, plan: SearchPlan):
    rank = Value(0, output_field=IntegerField())
    for concept in plan.concepts:
        rank = rank + _concept_rank(
            concept,
            typed_in_title=_having("search_title", concept.forms[:1]),
            in_title=_having("search_title", concept.forms),
            in_summary=_having("search_summary", concept.forms),
        )
    return containing(queryset, plan).annotate(rank=rank).order_by(*SEARCH_ORDER)
