"""What customers see on the search page: dead ends, suggestions, snippets."""

from django.urls import reverse

from kb.models import SynonymGroup
from kb.search import highlight_snippet, normalize

HTMX = {"HTTP_HX_REQUEST": "true"}


def search(client, query, **headers):
    return client.get(reverse("kb:search"), {"q": query}, **headers).content.decode()


def test_a_search_that_finds_nothing_offers_popular_articles_categories_and_how_to_reach_us(
    client, make_article
):
    make_article(title="よく読まれる記事")
    content = search(client, "存在しない言葉")
    assert "該当する記事は見つかりませんでした" in content
    assert "よく読まれている記事" in content and "よく読まれる記事" in content
    assert "カテゴリーから探す" in content and reverse("kb:category", args=["basics"]) in content
    assert "担当ディレクター" in content and "確認リスト" in content


def test_a_typo_shows_the_corrected_results_with_a_note(client, make_article):
    make_article(title="Thunderbirdの設定方法")
    content = search(client, "thunderbirb")
    assert (
        "「thunderbirb」に当てはまる記事がなかったため、「Thunderbird」の検索結果を表示しています。"
        in content
    )
    assert "「Thunderbird」の検索結果: 1 件" in content
    assert "Thunderbirdの設定方法" in content


def test_few_results_come_with_a_maybe_you_meant_link(client, make_article):
    make_article(title="サンダーの話")
    make_article(title="Thunderbirdの設定方法")
    content = search(client, "サンダ", **HTMX)
    assert "もしかして" in content
    link = reverse("kb:search") + "?q=%E3%82%B5%E3%83%B3%E3%83%80%E3%83%BC"
    assert f'href="{link}"' in content and f'hx-get="{link}"' in content


def test_a_search_that_leaves_out_unknown_words_says_so(client, make_article):
    make_article(title="メールボックスの容量")
    content = search(client, "容量 ほげほげ")
    assert "「ほげほげ」を除いて探しました" in content


def test_snippets_are_plain_text_without_markdown_marks(client, make_article):
    # CommonMark cannot open ** before 「 after a letter: it stays as text in the article.
    make_article(title="コピーの設定", body="この**「サーバーにコピーを残す」**設定は `POP` で使います。")
    content = search(client, "コピー")
    snippet = content.split('<p class="result__snippet">')[1].split("</p>")[0]
    assert "**" not in snippet and "`" not in snippet
    assert "<mark>コピー</mark>" in snippet


def test_a_snippet_highlights_the_word_the_article_uses_for_the_customers_word(client, make_article):
    SynonymGroup.objects.create(words="PC\nパソコン")
    make_article(title="買い替え", body="新しいPCに設定し直します。")
    content = search(client, "パソコン")
    assert "新しい<mark>PC</mark>に設定し直します。" in content


def test_a_snippet_starts_at_the_sentence_of_the_first_match():
    text = "最初の文です。" + "あ" * 30 + "。共有アドレスはPOPにします。最後の文。"
    snippet = highlight_snippet(text, [normalize("共有アドレス")])
    assert snippet.startswith("…<mark>共有アドレス</mark>はPOPにします。")


def test_a_snippet_of_a_long_article_finds_a_match_near_its_end():
    text = "前置きです。" * 300 + "ここでThunderbirdを設定します。"
    snippet = highlight_snippet(text, [normalize("thunderbird")])
    assert "<mark>Thunderbird</mark>を設定します。" in snippet


def test_search_results_come_a_page_at_a_time_and_a_page_past_the_end_shows_the_last(client, make_article):
    for number in range(25):
        make_article(title=f"POPの記事{number:02d}", order=number)
    url = reverse("kb:search")
    first = client.get(url, {"q": "pop"}).content.decode()
    assert "「pop」の検索結果: 25 件" in first and "POPの記事00" in first and "POPの記事20" not in first
    second = client.get(url, {"q": "pop", "page": 2}, **HTMX).content.decode()
    assert "POPの記事24" in second and "POPの記事00" not in second and "2 / 2ページ" in second
    past = client.get(url, {"q": "pop", "page": 99}).content.decode()
    assert "POPの記事24" in past and "2 / 2ページ" in past
    assert "POPの記事00" in client.get(url, {"q": "pop", "page": "x"}).content.decode()


def test_a_snippet_marks_a_match_across_spaces_kana_and_case():
    snippet = highlight_snippet("ここで新しい Outlook for Windowsのメールボックスを開きます。", [
        normalize("新しいOutlook"), normalize("めーるぼっくす"),
    ])  # fmt: skip
    assert snippet == "ここで<mark>新しい Outlook</mark> for Windowsの<mark>メールボックス</mark>を開きます。"
