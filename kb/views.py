from __future__ import annotations

import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core.cache_pages import public_page_cache
from core.htmx import HtmxHttpRequest, wants_fragment
from core.models import AgencyContact
from core.parsing import whole_number
from core.writes import best_effort_write

from .cache import SCHEDULE
from .finder import SearchResults
from .forms import SearchForm, VoteForm, VoteReasonForm
from .models import Article, ArticleVote, Category, SynonymGroup
from .search import MAX_QUERY_LENGTH, clean_query, split_terms
from .services import (
    LOW_RESULTS,
    article_vote,
    article_vote_explain,
    missed_search_record,
    missed_search_results,
)

VOTER_COOKIE = "kb_voter"
VOTER_ID = re.compile(r"[0-9a-f]{32}")  # secrets.token_hex(16), as set below
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
    voter = _voter(request)
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


def _voter(request) -> str | None:
    """The browser's voter id, if it is one this site set; never a hand-made value."""
    voter = request.COOKIES.get(VOTER_COOKIE, "")
    return voter if VOTER_ID.fullmatch(voter) else None


@require_POST
def article_vote_view(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = VoteForm(request.POST)
    voter = _voter(request) or secrets.token_hex(16)
    recorded = form.is_valid() and article_vote(
        article=article, voter=voter, helpful=form.cleaned_data["helpful"]
    )
    vote = ArticleVote.objects.of(article, voter) if form.is_valid() else None
    voted = vote.helpful if vote else None
    # A new 「いいえ」 may say why: the reason form carries a signed reference to the vote.
    token = _reason_token(article, vote) if recorded and voted is False else None
    if wants_fragment(request):
        reason_form = VoteReasonForm(initial={"token": token}) if token else None
        response = render(
            request,
            "kb/partials/vote.html",
            {
                "article": article,
                "voted": voted,
                "vote_form": form,
                "just_voted": True,
                "reason_form": reason_form,
            },
        )
    else:
        if voted is not None:
            messages.success(request, _("ご回答ありがとうございました。"))
        else:
            messages.error(request, _("「はい」か「いいえ」を選んでください。"))
        if token:
            response = redirect(f"{reverse('kb:vote_reason', args=[article.slug])}?t={token}")
        else:
            response = redirect(article.get_absolute_url() + "#feedback")
    response.set_cookie(
        VOTER_COOKIE,
        voter,
        max_age=60 * 60 * 24 * 365 * 2,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and request.is_secure(),
    )
    return response


REASON_SALT = "kb.vote-reason"
REASON_MAX_AGE = 60 * 60 * 24  # a day to say why


def _reason_token(article: Article, vote: ArticleVote) -> str:
    return signing.dumps({"vote": vote.pk, "article": article.pk}, salt=REASON_SALT)


def _vote_of(token: str, article: Article) -> int:
    try:
        data = signing.loads(token or "", salt=REASON_SALT, max_age=REASON_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    if data.get("article") != article.pk:
        raise Http404
    return data["vote"]


@require_http_methods(["GET", "POST"])
def article_vote_reason(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Why a 「いいえ」: for the editors only, never shown on the site."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("t")
    vote = _vote_of(token, article)
    form = VoteReasonForm(request.POST or None, initial={"token": token})
    if request.method == "POST" and form.is_valid():
        article_vote_explain(
            vote_id=vote, reason=form.cleaned_data["reason"], comment=form.cleaned_data["comment"]
        )
        if wants_fragment(request):
            return render(
                request, "kb/partials/vote.html", {"article": article, "voted": False, "explained": True}
            )
        messages.success(request, _("理由をお送りいただき、ありがとうございました。記事の見直しに使います。"))
        return redirect(article.get_absolute_url() + "#feedback")
    if wants_fragment(request):
        context = {"article": article, "voted": False, "just_voted": True, "reason_form": form}
        return render(request, "kb/partials/vote.html", context)
    return render(request, "kb/vote_reason.html", {"article": article, "reason_form": form})


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
                best_effort_write("missed-search", lambda: missed_search_record(query=query, results=count))
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
