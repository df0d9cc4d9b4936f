"""The agency's contact where a customer's search or article did not help."""

from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


def nothing_found(client) -> str:
    return client.get(reverse("kb:search"), {"q": "存在しない言葉"}).content.decode()


def test_a_search_that_finds_nothing_gives_the_agencys_phone_mail_and_form(client, make_article, contact):
    make_article()
    content = nothing_found(client)
    assert "株式会社ウェブ工房 サポート窓口" in content
    assert 'href="tel:0520000000"' in content and "平日 9:00〜18:00" in content
    assert 'href="mailto:support@agency.example"' in content
    assert 'href="https://agency.example/contact/"' in content


def test_an_edited_contact_is_on_the_cached_zero_result_page_at_once(client, make_article, contact):
    make_article()
    assert "052-000-0000" in nothing_found(client)
    contact.phone = "03-1111-2222"
    contact.save()
    content = nothing_found(client)
    assert "03-1111-2222" in content and "052-000-0000" not in content


def test_results_that_were_found_do_not_push_the_contact(client, make_article, contact):
    make_article(title="容量がいっぱいのとき")
    content = client.get(reverse("kb:search"), {"q": "容量"}).content.decode()
    assert "容量がいっぱいのとき" in content and "052-000-0000" not in content


def test_no_shows_how_to_reach_us_yes_does_not(client, make_article, contact):
    article = make_article()
    no = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"}, **HTMX).content.decode()
    assert "解決しないときは、当社にご相談ください" in no and 'href="tel:0520000000"' in no
    client.cookies.clear()
    yes = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "yes"}, **HTMX).content.decode()
    assert "052-000-0000" not in yes


def test_after_no_the_article_page_keeps_the_contact_beside_the_thanks(client, make_article, contact):
    article = make_article()
    client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"})
    content = client.get(article.get_absolute_url()).content.decode()
    assert "すでに回答いただいています" in content and 'href="mailto:support@agency.example"' in content


def test_without_a_contact_the_page_still_says_whom_to_ask(client, make_article):
    article = make_article()
    no = client.post(reverse("kb:vote", args=[article.slug]), {"helpful": "no"}, **HTMX).content.decode()
    assert "担当ディレクター" in no
