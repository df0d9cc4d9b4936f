"""Votes and reasons from anonymous visitors are limited per client address and
per article (kb.votes, core.cache_limits): a flood gets a polite Japanese
answer, records nothing more, and never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from kb import votes
from kb.models import ArticleVote

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """Every count of a test in one window, wherever the hour turns."""
    from core import cache_limits

    monkeypatch.setattr(cache_limits, "clock", lambda: 1_800_000_000.0)


BUSY = "短い時間にたくさんの回答が届いたため、いまは受け付けていません。"


def vote(article, address="203.0.113.7", helpful="no", **headers):
    """One vote from a browser without cookies, as a script sends them."""
    return Client(REMOTE_ADDR=address).post(
        reverse("kb:vote", args=[article.slug]), {"helpful": helpful}, **headers
    )


def test_a_flood_of_votes_from_one_address_is_refused_politely_after_thirty(make_article):
    article = make_article()
    answers = [vote(article, **HTMX) for _ in range(32)]
    assert [a.status_code for a in answers] == [200] * 32
    assert ArticleVote.objects.count() == 30
    assert (
        BUSY in answers[-1].content.decode()
        and "ご回答ありがとうございました" not in answers[-1].content.decode()
    )
    plain = vote(article)
    assert plain.status_code == 302 and "kb_voter" not in plain.cookies
    page = Client(REMOTE_ADDR="203.0.113.7").get(plain["Location"].split("#")[0]).content.decode()
    assert "<html" in page  # the article page itself answers as before
    assert vote(article, address="198.51.100.1").status_code == 302 and ArticleVote.objects.count() == 31


def test_votes_on_one_article_from_many_addresses_are_capped(make_article, monkeypatch):
    monkeypatch.setitem(votes.LIMITS, "vote", (("client", 30, votes.HOUR), ("article", 5, votes.HOUR)))
    article, other = make_article(), make_article()
    for number in range(8):
        vote(article, address=f"198.51.100.{number}")
    assert article.votes.count() == 5
    vote(other, address="198.51.100.99")
    assert other.votes.count() == 1


def reason(article, address, helpful_vote, **headers):
    token = votes._reason_token(article, helpful_vote)
    return Client(REMOTE_ADDR=address).post(
        reverse("kb:vote_reason", args=[article.slug]),
        {"token": token, "reason": "unclear", "comment": "x" * 500},
        **headers,
    )


def no_votes(article, count):
    return [
        ArticleVote.objects.create(article=article, voter=f"{n:032x}", helpful=False) for n in range(count)
    ]


def test_reasons_from_one_address_are_refused_politely_after_ten(make_article):
    article = make_article()
    answers = [reason(article, "203.0.113.7", v, **HTMX) for v in no_votes(article, 12)]
    assert ArticleVote.objects.exclude(reason="").count() == 10
    assert answers[-1].status_code == 200 and BUSY in answers[-1].content.decode()
    assert "理由を送る" not in answers[-1].content.decode()  # no form to send again at once


def test_an_article_takes_a_days_cap_of_reasons_whoever_sends_them(make_article, monkeypatch):
    monkeypatch.setitem(votes.LIMITS, "reason", (("client", 10, votes.HOUR), ("article", 3, votes.DAY)))
    article = make_article()
    answers = [reason(article, f"198.51.100.{n}", v) for n, v in enumerate(no_votes(article, 5))]
    assert ArticleVote.objects.exclude(reason="").count() == 3
    assert [a.status_code for a in answers] == [302] * 5
    follow = Client(REMOTE_ADDR="198.51.100.4")
    follow.cookies = answers[-1].cookies
    assert BUSY in follow.get(answers[-1]["Location"]).content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_refused_vote_still_needs_a_published_article(client, db, headers):
    assert client.post(reverse("kb:vote", args=["missing"]), {"helpful": "yes"}, **headers).status_code == 404
