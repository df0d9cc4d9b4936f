"""The editors' side: preview, history in Japanese, comparisons, reports, links, review dates."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kb.finder import find
from kb.models import Article, ArticleVote, MissedSearch, SynonymGroup
from kb.services import missed_search_record
from tests.kb.test_admin import _form_data

ENGLISH_FROM_THE_HISTORY_PACKAGE = (
    "Choose a date", "Changed by", "Change reason", "Date/time", "doesn't have a change history",
    "Press the 'Revert' button", 'value="Revert"', "Revert 記事", "Close</a>", "Object</th>",
)  # fmt: skip


def test_the_change_form_puts_the_preview_beside_the_markdown_in_the_public_styles(
    client, admin_user, make_article
):
    article = make_article()
    client.force_login(admin_user)
    content = client.get(reverse("admin:kb_article_change", args=[article.pk])).content.decode()
    editor = content.split('<div class="md-editor">')[1]
    assert editor.index('id="id_body"') < editor.index('id="markdown-preview"')
    assert "css/prose.css" in content and "css/tokens.css" in content


def test_the_preview_is_marked_up_like_the_public_article(client, admin_user):
    client.force_login(admin_user)
    content = client.post(
        reverse("admin:kb_article_preview"), {"body": "## 一\n\n### 一の一\n\n## 二"}
    ).content.decode()
    assert content.startswith('<div class="article">')
    assert '<nav class="toc"' in content and '<ul class="toc__sublist">' in content
    assert '<div class="prose"><h2 id="sec-1">一</h2>' in content


def revise(client, article, **changes):
    response = client.post(
        reverse("admin:kb_article_change", args=[article.pk]), _form_data(article, **changes)
    )
    assert response.status_code == 302
    article.refresh_from_db()


def test_the_history_and_revert_pages_are_in_japanese(client, admin_user, make_article):
    article = make_article(title="第1版")
    client.force_login(admin_user)
    revise(client, article, title="第2版")
    history = client.get(reverse("admin:kb_article_history", args=[article.pk])).content.decode()
    first = article.history.order_by("history_date").first()
    revert = client.get(
        reverse("admin:kb_article_simple_history", args=[article.pk, first.history_id])
    ).content.decode()
    for english in ENGLISH_FROM_THE_HISTORY_PACKAGE:
        assert english not in history and english not in revert, english
    assert "「第2版」の変更履歴" in history and "以前の版に戻すときは" in history
    assert "変更した人" in history and "前の版と比べる" in history
    assert "この版に戻す: 第1版" in revert and 'value="この版に戻す"' in revert
    assert "この版と現在の記事の違いを見る" in revert


LONG = (
    "サーバーにコピーを残す日数は、PCを買い替えたときに過去のメールを戻したいかどうかと、サーバーの容量から決めます。"
    * 3
)


def test_the_comparison_shows_whole_changed_paragraphs_and_counts_the_others(
    client, admin_user, make_article
):
    article = make_article(body=f"## 日数\n\n{LONG}\n\n変わらない段落です。\n\n消す段落です。")
    client.force_login(admin_user)
    changed = LONG.replace("過去のメール", "以前のメール", 1)
    revise(
        client,
        article,
        body=f"## 日数\n\n{changed}\n\n変わらない段落です。\n\n足した段落です。",
        title="新しい題名",
    )
    latest = article.history.order_by("-history_date").first()
    content = client.get(
        reverse("admin:kb_article_compare", args=[article.pk, latest.history_id])
    ).content.decode()
    assert LONG.replace("過去", "<del>過去</del>", 1) in content  # the whole paragraph, before
    assert changed.replace("以前", "<ins>以前</ins>", 1) in content  # and after
    assert "変更のない段落 1 個" in content
    assert "段落です。" in content and "消す" in content and "足した" in content
    assert "新しい題名" in content and "タイトル" in content


def test_a_revision_can_be_compared_with_the_article_as_it_is_now(client, admin_user, make_article):
    article = make_article(body="最初の本文。")
    client.force_login(admin_user)
    revise(client, article, body="二番目の本文。")
    revise(client, article, body="三番目の本文。")
    first = article.history.order_by("history_date").first()
    url = reverse("admin:kb_article_compare", args=[article.pk, first.history_id])
    content = client.get(url, {"with": "current"}).content.decode()
    assert "現在の記事（第3版）" in content
    assert "<del>最初</del>" in content and "<ins>三番目</ins>" in content


def test_the_admin_warns_about_links_to_missing_or_unpublished_articles(client, admin_user, make_article):
    make_article(slug="draft-one", status=Article.Status.DRAFT)
    make_article(slug="fine-one")
    body = "[下書き](/articles/draft-one/)、[ない](/articles/no-such-one/#sec-2)、[ある](/articles/fine-one/)"
    article = make_article(body=body)
    client.force_login(admin_user)
    page = client.get(reverse("admin:kb_article_change", args=[article.pk])).content.decode()
    assert "リンク切れ" in page
    assert "「no-such-one」という記事はありません" in page and "「draft-one」は公開されていません" in page
    assert "fine-one</code>" not in page
    response = client.post(
        reverse("admin:kb_article_change", args=[article.pk]),
        _form_data(article, title="直した"),
        follow=True,
    )
    assert "リンク切れ: /articles/no-such-one/" in response.content.decode()


def test_check_links_lists_broken_links_and_fails_until_they_are_fixed(make_article):
    make_article(slug="target", status=Article.Status.DRAFT)
    source = make_article(slug="source", body="[記事](/articles/target/)")
    out = StringIO()
    with pytest.raises(CommandError, match="1 broken link"):
        call_command("check_links", stdout=out)
    assert "source: /articles/target/ (unpublished)" in out.getvalue()
    Article.objects.filter(slug="target").update(status=Article.Status.PUBLISHED, published_at=timezone.now())
    out = StringIO()
    call_command("check_links", stdout=out)
    assert "No broken links" in out.getvalue()
    assert source.pk


def test_overdue_articles_are_listed_and_flagged(client, admin_user, make_article):
    today = timezone.localdate()
    make_article(title="期限切れの記事", checked_on=today - datetime.timedelta(days=400),
                 review_by=today - datetime.timedelta(days=35))  # fmt: skip
    make_article(title="まだ大丈夫な記事", checked_on=today, review_by=today + datetime.timedelta(days=300))
    client.force_login(admin_user)
    url = reverse("admin:kb_article_changelist")
    listing = client.get(url).content.decode()
    assert "確認期限を過ぎた記事が 1 件あります" in listing and "?review=overdue" in listing
    overdue = client.get(url, {"review": "overdue"}).content.decode()
    assert "期限切れの記事" in overdue and "まだ大丈夫な記事" not in overdue
    assert "kb-overdue" in overdue


def test_a_check_date_without_review_date_gets_one_a_year_later(client, admin_user, make_article):
    article = make_article()
    client.force_login(admin_user)
    revise(client, article, checked_on="2027-02-01", review_by="")
    assert article.review_by == datetime.date(2028, 2, 1)


def test_the_feedback_report_counts_reasons_and_lists_comments(client, admin_user, make_article):
    article = make_article()
    ArticleVote.objects.create(article=article, voter="a", helpful=True)
    ArticleVote.objects.create(
        article=article, voter="b", helpful=False, reason="unclear", comment="図がほしい"
    )
    ArticleVote.objects.create(article=article, voter="c", helpful=False, reason="unclear")
    ArticleVote.objects.create(article=article, voter="d", helpful=False)
    client.force_login(admin_user)
    content = client.get(reverse("admin:kb_article_feedback", args=[article.pk])).content.decode()
    assert "「はい」1 件、「いいえ」3 件" in content
    assert "<td>わかりにくい</td><td>2</td>" in content and "<td>理由の回答なし</td><td>1</td>" in content
    assert "図がほしい" in content
    changelist = client.get(reverse("admin:kb_article_changelist")).content.decode()
    assert reverse("admin:kb_article_feedback", args=[article.pk]) in changelist


def test_the_missed_search_report_is_read_only_and_says_what_it_keeps(client, admin_user, db):
    now = timezone.now()
    for days_ago in (2, 1, 0):
        missed_search_record(query="ぽっぷ さーばー", results=0, now=now - datetime.timedelta(days=days_ago))
    missed_search_record(query="いちどだけの言葉", results=0, now=now)
    client.force_login(admin_user)
    content = client.get(reverse("admin:kb_missedsearch_changelist")).content.decode()
    assert "ぽっぷ さーばー" in content and "いちどだけの言葉" not in content
    assert "12か月" in content and "記録しません" in content and "3日以上の別々の日" in content
    assert "まだ3日に満たない言葉が 1 種類、計 1 回検索されています" in content
    assert reverse("admin:kb_missedsearch_add") not in content
    row = MissedSearch.objects.get(query="ぽっぷ さーばー")
    assert (
        client.post(reverse("admin:kb_missedsearch_change", args=[row.pk]), {"query": "x"}).status_code == 403
    )


def test_an_editor_adds_customer_words_in_the_admin_and_search_uses_them(client, admin_user, make_article):
    article = make_article(title="メールボックスの容量")
    client.force_login(admin_user)
    response = client.post(reverse("admin:kb_synonymgroup_add"), {"words": "容量\nパンパン", "note": ""})
    assert response.status_code == 302
    assert SynonymGroup.objects.get().word_list() == ["容量", "パンパン"]
    assert find("メールがパンパン").ids == [article.pk]
