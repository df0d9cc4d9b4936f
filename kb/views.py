from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from core.htmx import HtmxHttpRequest, wants_fragment

from .cache import public_page_cache
from .forms import SearchForm, VoteForm
from .models import Article, ArticleVote, Category
from .search import split_terms
from .services import article_vote

VOTER_COOKIE = "kb_voter"
VOTER_ID = re.compile(r"[0-9a-f]{32}")  # secrets.token_hex(16), as set below
PAGE_SIZE = 20
POPULAR_COUNT = 6


@require_GET
@public_page_cache()
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
@public_page_cache()
def category_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().in_category(category).for_listing()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "kb/partials/article_list.html" if wants_fragment(request) else "kb/category.html"
    return render(request, template, {"category": category, "page": page})


@require_GET
@public_page_cache(bypass_cookies=(VOTER_COOKIE,))
def article_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related("category"), slug=slug
    )
    related = article.related.published().for_listing()
    voted = None
    voter = _voter(request)
    if voter:
        voted = (
            ArticleVote.objects.filter(article=article, voter=voter).values_list("helpful", flat=True).first()
        )
    return render(
        request,
        "kb/article.html",
        {
            "article": article,
            "related": related,
            "voted": voted,
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
    if form.is_valid():
        recorded = article_vote(article=article, voter=voter, helpful=form.cleaned_data["helpful"])
        voted = form.cleaned_data["helpful"]
        if not recorded:
            voted = (
                ArticleVote.objects.filter(article=article, voter=voter)
                .values_list("helpful", flat=True)
                .first()
            )
    else:
        voted = None
    if wants_fragment(request):
        response = render(
            request,
            "kb/partials/vote.html",
            {"article": article, "voted": voted, "vote_form": form, "just_voted": True},
        )
    else:
        if voted is not None:
            messages.success(request, _("ご回答ありがとうございました。"))
        else:
            messages.error(request, _("「はい」か「いいえ」を選んでください。"))
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


@require_GET
@vary_on_headers("HX-Request")
@public_page_cache()
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    truncated = False
    if form.is_valid():
        query = form.cleaned_data["q"]
        truncated = getattr(form, "truncated", False)
        if truncated:
            form = SearchForm({"q": query})  # show the query that was searched
    terms = split_terms(query)
    page = None
    popular = None
    if terms:
        # One pass over the matches (ids in rank order), then only the page's
        # rows are read: no second COUNT scan.
        ranked_ids = list(Article.objects.published().search(query).values_list("pk", flat=True))
        page = Paginator(ranked_ids, PAGE_SIZE).get_page(request.GET.get("page"))
        found = (
            Article.objects.for_listing()
            .only("title", "slug", "summary", "body_text", "updated_at", "category__name", "category__slug")
            .in_bulk(page.object_list)
        )
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    if not terms or not page.paginator.count:
        popular = Article.objects.published().for_listing().popular()[:POPULAR_COUNT]
    context = {
        "form": form,
        "query": query,
        "terms": terms,
        "truncated": truncated,
        "page": page,
        "popular": popular,
    }
    template = "kb/partials/search_results.html" if wants_fragment(request) else "kb/search.html"
    return render(request, template, context)
