"""Why 「いいえ」, the last check date on the page, the table of contents."""

import datetime

from django.urls import reverse

from kb.models import Article, ArticleVote
from tests.starter_articles import load_starter_articles

HTMX = {"HTTP_HX_REQUEST": "true"}


def vote_no(client, article, **headers):
    return client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"}, **headers)


def reason_token(response) -> str:
    return response.content.decode().split('name="token" value="')[1].split('"')[0]


def test_no_asks_why_and_the_reason_reaches_the_editors_only(client, make_article):
    article = make_article()
    response = vote_no(client, article, **HTMX)
    content = response.content.decode()
    assert "役に立たなかった理由" in content
    for label in ("情報が足りない", "内容が間違っている", "わかりにくい", "リンク切れ", "その他"):
        assert label in content
    thanks = client.post(
        reverse("kb:vote_reason", args=[article.slug]),
        {"token": reason_token(response), "reason": "unclear", "comment": "手順3の画面が違いました。"},
        **HTMX,
    )
    assert "理由をお送りいただき" in thanks.content.decode()
    vote = ArticleVote.objects.get()
    assert (vote.helpful, vote.reason, vote.comment) == (False, "unclear", "手順3の画面が違いました。")
    client.cookies.clear()
    assert "手順3の画面が違いました" not in client.get(article.get_absolute_url()).content.decode()


def test_yes_does_not_ask_why(client, make_article):
    article = make_article()
    response = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "yes"}, **HTMX)
    assert "役に立たなかった理由" not in response.content.decode()


def test_without_javascript_no_leads_to_the_reason_page_and_back_to_the_article(client, make_article):
    article = make_article()
    response = vote_no(client, article)
    assert response.status_code == 302 and "/vote/reason/?t=" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "役に立たなかった理由" in page.content.decode()
    done = client.post(
        reverse("kb:vote_reason", args=[article.slug]),
        {"token": reason_token(page), "reason": "broken_link"},
        follow=True,
    )
    assert "理由をお送りいただき" in done.content.decode()
    assert ArticleVote.objects.get().reason == "broken_link"


def test_a_comment_longer_than_500_characters_is_refused(client, make_article):
    article = make_article()
    token = reason_token(vote_no(client, article, **HTMX))
    response = client.post(
        reverse("kb:vote_reason", args=[article.slug]),
        {"token": token, "reason": "other", "comment": "あ" * 501},
        **HTMX,
    )
    assert "500文字以内で書いてください" in response.content.decode()
    assert ArticleVote.objects.get().reason == ""


def test_a_reason_needs_a_valid_token_for_this_article_and_is_taken_once(client, make_article):
    article = make_article()
    other = make_article()
    token = reason_token(vote_no(client, article, **HTMX))
    url = reverse("kb:vote_reason", args=[article.slug])
    assert client.post(url, {"token": "forged", "reason": "wrong"}).status_code == 404
    assert (
        client.post(
            reverse("kb:vote_reason", args=[other.slug]), {"token": token, "reason": "wrong"}
        ).status_code
        == 404
    )
    client.post(url, {"token": token, "reason": "wrong"})
    client.post(url, {"token": token, "reason": "other", "comment": "上書き"})
    assert ArticleVote.objects.get().reason == "wrong"


def test_the_article_page_shows_the_last_check_date(client, make_article):
    article = make_article(checked_on=datetime.date(2026, 11, 27))
    content = client.get(article.get_absolute_url()).content.decode()
    assert '最終確認日: <time datetime="2026-11-27">2026年11月27日</time>' in content


def test_the_loader_reads_the_check_date_and_sets_a_review_date_a_year_later(db):
    load_starter_articles()
    article = Article.objects.get(slug="pop")
    assert article.checked_on == datetime.date(2026, 11, 27)
    assert article.review_by == datetime.date(2027, 11, 27)


def test_the_loader_keeps_a_later_check_made_in_the_admin(db):
    load_starter_articles()
    article = Article.objects.get(slug="pop")
    article.checked_on = datetime.date(2027, 3, 1)
    article.review_by = datetime.date(2028, 3, 1)
    article.save()
    load_starter_articles()
    article.refresh_from_db()
    assert (article.checked_on, article.review_by) == (datetime.date(2027, 3, 1), datetime.date(2028, 3, 1))


def test_the_table_of_contents_numbers_sections_one_two_three_with_subsections_inside(client, make_article):
    article = make_article(body="## 一\n\n### 一の一\n\n### 一の二\n\n## 二\n\n## 三\n\n### 三の一\n")
    content = client.get(article.get_absolute_url()).content.decode()
    toc = content.split('<ol class="toc__list">')[1].split("</nav>")[0]
    top_level = toc.split('<ul class="toc__sublist">')
    # Three numbered items; each subsection sits in an unnumbered list inside its section.
    assert toc.count('<li class="toc__item">') == 3
    assert toc.count("toc__item--h3") == 3
    assert top_level[1].startswith('<li class="toc__item toc__item--h3"><a href="#sec-2">一の一</a>')
    assert '<a href="#sec-4">二</a>' in toc and '<a href="#sec-5">三</a>' in toc


def test_every_aria_describedby_of_the_reason_form_names_an_element_on_the_page(client, make_article):
    import re

    article = make_article()
    html = client.get(vote_no(client, article)["Location"]).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described
    for ids in described:
        for element_id in ids.split():
            assert f'id="{element_id}"' in html, element_id
