from __future__ import annotations

from functools import wraps

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.cache_pages import public_page_cache
from core.htmx import HtmxHttpRequest, wants_fragment
from core.models import AgencyContact
from core.parsing import whole_number
from core.writes import best_effort_write

from .cache import SCHEDULE
from .finder import SearchResults
from .forms import SearchForm, VoteForm
from .models import Article, ArticleVote, Category, SynonymGroup
from .search import MAX_QUERY_LENGTH, clean_query, split_terms
from .services import LOW_RESULTS, missed_search_record, missed_search_results
from .votes import VOTER_COOKIE, voter_of

PAGE_SIZE = 20
POPULAR_COUNT = 6


@require_GET
@public_page_cache(reads=(Article, Category), mark=SCHEDULE.current)
def home(request: HtmxHttpRequest) -> HttpResponse:
    articles = Article.objects.published().for_listing()
    return render(
        request,
        "kb/home.html",
        {
            "featured": articles.featured()[:6],
            "categories": Category.objects.with_published_counts().filter(published_count__gt=0),
            "latest": articles.order_by("-updated_at")[:5],
            "form": SearchForm(),
        },
    )


@require_GET
@vary_on_headers("HX-Request")
@public_page_cache(reads=(Category, Article), params=("page",), mark=SCHEDULE.current)
def category_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().in_category(category).for_listing()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "kb/partials/article_list.html" if wants_fragment(request) else "kb/category.html"
    return render(request, template, {"category": category, "page": page})


@require_GET
@public_page_cache(reads=(Article, Category), bypass_cookies=(VOTER_COOKIE,), mark=SCHEDULE.current)
def article_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related("category"), slug=slug
    )
    related = article.related.published().for_listing()
    voter = voter_of(request)
    vote = ArticleVote.objects.of(article, voter) if voter else None
    return render(
        request,
        "kb/article.html",
        {
            "article": article,
            "related": related,
            "voted": vote.helpful if vote else None,
            "vote_form": VoteForm(),
        },
    )


def record_missed_searches(view):
    """Count searches that found little (``kb.MissedSearch``), also when the page
    cache answers. A search that was run for this request says how many it
    found (``request.search_count``, set by the view); a page the cache
    answered is counted again when its query is already in the report."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        request.search_count = None
        response = view(request, *args, **kwargs)
        query = clean_query(request.GET.get("q", "")[:MAX_QUERY_LENGTH])
        first_look = not request.GET.get("page") and not (
            request.htmx and request.htmx.history_restore_request
        )
        if query and response.status_code == 200 and first_look:
            count = request.search_count
            if count is None:  # the page cache answered: the report's row says whether it missed
                count = missed_search_results(query=query)
            elif count > LOW_RESULTS and missed_search_results(query=query) is None:
                count = None  # found plenty, and not in the report: nothing to write
            if count is not None:
                # A search only reads: the count is made if the database lets it through at once.
                best_effort_write(
                    lambda: missed_search_record(query=query, results=count), what="missed-search"
                )
        return response

    return wrapper


@require_GET
@vary_on_headers("HX-Request")
@record_missed_searches
@public_page_cache(
    reads=(Article, Category, SynonymGroup, ArticleVote, AgencyContact),
    params=("q", "page"),
    mark=SCHEDULE.current,
)
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    truncated = False
    if form.is_valid():
        query = form.cleaned_data["q"]
        truncated = getattr(form, "truncated", False)
        if truncated:
            form = SearchForm({"q": query})  # show the query that was searched
    page = None
    findings = None
    if split_terms(query):
        results = SearchResults(query, per_page=PAGE_SIZE)
        page = Paginator(results, PAGE_SIZE).get_page(whole_number(request.GET.get("page")))
        findings = results.findings
        request.search_count = findings.count
    nothing = not findings or not page.paginator.count
    context = {
        "form": form,
        "query": query,
        "findings": findings,
        "forms": findings.highlights if findings else (),
        "truncated": truncated,
        "page": page,
        "popular": Article.objects.published().for_listing().popular()[:POPULAR_COUNT] if nothing else None,
        "categories": (
            Category.objects.with_published_counts().filter(published_count__gt=0)
            if findings and nothing
            else None
        ),
    }
    template = "kb/partials/search_results.html" if wants_fragment(request) else "kb/search.html"
    return render(request, template, context)
