"""Was this article helpful? 「はい」/「いいえ」 from any visitor (no login), and
why a 「いいえ」, for the editors only.

One answer per browser and article (a voter cookie); a reason carries a
signed reference to its vote. Anonymous visitors may send only so much
(``LIMITS``, counted per client address and per article in the cache,
``core.cache_limits``): a flood is answered politely and nothing is recorded.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.cache_limits import client_key, over_limit
from core.htmx import HtmxHttpRequest, wants_fragment

from .forms import VoteForm, VoteReasonForm
from .models import Article, ArticleVote
from .services import article_vote, article_vote_explain

VOTER_COOKIE = "kb_voter"
VOTER_ID = re.compile(r"[0-9a-f]{32}")  # secrets.token_hex(16), as set below
HOUR, DAY = 60 * 60, 24 * 60 * 60
# Enough for a person reading many articles, or an office behind one address;
# far below a script that sends a vote with every request.
LIMITS = {
    "vote": (("client", 30, HOUR), ("article", 120, HOUR)),
    "reason": (("client", 10, HOUR), ("article", 50, DAY)),
}


def _flooded(request, article: Article, kind: str) -> bool:
    names = {"client": client_key(request), "article": str(article.pk)}
    return any(
        over_limit(f"kb:{kind}:{scope}:{names[scope]}", limit=limit, seconds=seconds)
        for scope, limit, seconds in LIMITS[kind]
    )


def _too_many(request, article: Article) -> HttpResponse:
    """The answer to a flood: nothing recorded, a polite word, come back later."""
    message = _(
        "短い時間にたくさんの回答が届いたため、いまは受け付けていません。しばらくしてから、もう一度お送りください。"
    )
    if wants_fragment(request):  # htmx swaps 2xx answers only
        return render(request, "kb/partials/vote.html", {"article": article, "limited": message})
    messages.error(request, message)
    return redirect(article.get_absolute_url() + "#feedback")


def voter_of(request) -> str | None:
    """The browser's voter id, if it is one this site set; never a hand-made value."""
    voter = request.COOKIES.get(VOTER_COOKIE, "")
    return voter if VOTER_ID.fullmatch(voter) else None


@require_POST
def article_vote_view(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if _flooded(request, article, "vote"):
        return _too_many(request, article)
    form = VoteForm(request.POST)
    voter = voter_of(request) or secrets.token_hex(16)
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
    if request.method == "POST" and _flooded(request, article, "reason"):
        return _too_many(request, article)
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
