import pytest

from kb.markdown import clean_html, render_markdown


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<script>alert(1)</script><p>ok</p>", "<script"),
        ('<img src="/static/x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<img src="data:image/png;base64,AAAA">', "data:"),
        ('<p style="color:red">x</p>', "style"),
        ("<style>body{display:none}</style>", "<style"),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
        ('<form action="/x"><input name="a"></form>', "<form"),
        ('<div hx-get="/admin/" hx-trigger="load">x</div>', "hx-"),
        ('<p onclick="steal()">x</p>', "onclick"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', "<svg"),
        ('<object data="x.swf"></object>', "<object"),
        ('<img src="https://evil.example/track.gif">', "evil.example"),
        ('<img src="//evil.example/track.gif">', "evil.example"),
    ],
)
def test_sanitiser_removes_dangerous_markup(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_sanitiser_keeps_ordinary_markup_and_safe_links():
    html = clean_html(
        '<h2 id="sec-1">見出し</h2><p><a href="https://example.com/">外部</a> '
        '<a href="mailto:info@example.com">メール</a> <a href="/articles/pop/">POP</a></p>'
        '<img src="/static/favicon.svg" alt="ロゴ"><table><tr><th>項目</th></tr></table>'
    )
    assert '<h2 id="sec-1">見出し</h2>' in html
    assert 'href="https://example.com/"' in html
    assert 'href="mailto:info@example.com"' in html
    assert 'href="/articles/pop/"' in html
    assert 'src="/static/favicon.svg"' in html
    assert "<th>項目</th>" in html


def test_markdown_escapes_raw_html_in_the_source():
    rendered = render_markdown('<script>alert("x")</script>\n\n<b onclick="x()">太字</b>')
    assert "<script" not in rendered.html
    assert "onclick=" not in rendered.html.replace("&quot;", '"').split("&lt;")[0]
    assert "<b " not in rendered.html


def test_markdown_renders_tables_lists_code_and_links():
    rendered = render_markdown(
        "| 方式 | ポート |\n|---|---|\n| POP | 995 |\n\n- 一つ目\n- 二つ目\n\n`995` と [記事](/articles/pop/)\n"
    )
    assert "<table>" in rendered.html and "<td>995</td>" in rendered.html
    assert "<li>一つ目</li>" in rendered.html
    assert "<code>995</code>" in rendered.html
    assert '<a href="/articles/pop/" rel="noopener noreferrer">記事</a>' in rendered.html


def test_markdown_link_with_javascript_url_is_not_a_link():
    rendered = render_markdown("[押して](javascript:alert(1))")
    assert "<a" not in rendered.html
    assert "href" not in rendered.html


def test_headings_get_ids_and_build_the_table_of_contents():
    rendered = render_markdown("## POPとは\n\n本文\n\n### 注意点\n\n本文\n\n## IMAPとは\n")
    assert '<h2 id="sec-1">POPとは</h2>' in rendered.html
    assert '<h3 id="sec-2">注意点</h3>' in rendered.html
    assert rendered.toc == [
        {"level": 2, "id": "sec-1", "text": "POPとは"},
        {"level": 3, "id": "sec-2", "text": "注意点"},
        {"level": 2, "id": "sec-3", "text": "IMAPとは"},
    ]


def test_plain_text_has_no_markup():
    rendered = render_markdown("## 見出し\n\n**太字**と`コード`")
    assert rendered.text == "見出し 太字とコード"


# Slots: {{受信サーバー}} etc. (kb/slots.py) ------------------------------------------------


def test_slots_read_as_general_phrases_on_the_public_article():
    rendered = render_markdown(
        "## {{受信サーバー}} を確認\n\nポートは {{受信ポート}}、`{{送信ポート}}`。{{日数}} 日"
    )
    assert '<span class="slot" data-slot="incoming_host">設定シートの受信サーバー名</span>' in rendered.html
    assert '<code><span class="slot" data-slot="outgoing_port">' in rendered.html
    assert "{{" not in rendered.html
    assert rendered.toc[0]["text"] == "設定シートの受信サーバー名 を確認"
    assert "POPなら995、IMAPなら993" in rendered.text  # what search indexes


def test_unknown_slots_and_slots_in_attributes_stay_as_written():
    rendered = render_markdown('{{謎の項目}} [x](/a "{{受信サーバー}}") \ue000address\ue001')
    assert "{{謎の項目}}" in rendered.html
    assert 'title="{{受信サーバー}}"' in rendered.html  # never markup inside an attribute
    assert 'data-slot="address"' not in rendered.html  # carriers typed by an editor are dropped


def test_filled_slots_are_escaped_and_missing_values_keep_the_phrase():
    from kb.slots import fill_slots

    html = render_markdown("{{受信サーバー}} / {{日数}}").html
    filled = fill_slots(html, {"incoming_host": "<b>mail</b>.example.jp", "days": None})
    assert (
        '<strong class="slot slot--filled" data-slot="incoming_host">&lt;b&gt;mail&lt;/b&gt;.example.jp</strong>'
        in filled
    )
    assert '<span class="slot" data-slot="days">設定シートの日数</span>' in filled


def test_every_slot_used_in_the_starter_guides_is_known():
    from kb.services import CONTENT_DIR
    from kb.slots import unknown_slots

    guides = sorted(CONTENT_DIR.glob("guide-*.md"))
    assert len(guides) == 13
    for path in guides:
        text = path.read_text()
        assert "{{" in text, path.name
        assert unknown_slots(text) == [], path.name


# Protocol blocks: ::: pop / ::: imap (kb/protocol_blocks.py) -------------------------------

GUIDE = """前置きです。

::: pop
| 項目 | 内容 |
|---|---|
| 受信（POP） | ポート`995` |
:::

::: imap
1. IMAPを選びます。
:::

共通の手順です。
"""


def test_protocol_blocks_show_both_protocols_each_with_its_label_on_the_public_page():
    html = render_markdown(GUIDE).html
    assert (
        '<div class="protocol-block protocol-block--pop" data-protocol="pop">\n<p class="protocol-block__label">POPの場合</p>'
        in html
    )
    assert (
        '<div class="protocol-block protocol-block--imap" data-protocol="imap">\n<p class="protocol-block__label">IMAPの場合</p>'
        in html
    )
    assert render_markdown(GUIDE).text == (
        "前置きです。 POPの場合 項目 内容 受信（POP） ポート995 IMAPの場合 IMAPを選びます。 共通の手順です。"
    )


def test_only_protocol_keeps_one_protocol_without_its_frame_or_label():
    from kb.protocol_blocks import only_protocol

    pop = only_protocol(render_markdown(GUIDE).html, "pop")
    imap = only_protocol(render_markdown(GUIDE).html, "imap")
    assert "<td>受信（POP）</td>" in pop and "IMAPを選びます" not in pop
    assert "<li>IMAPを選びます。</li>" in imap and "995" not in imap
    for html in (pop, imap):
        assert "<div" not in html and "の場合" not in html
        assert "<p>前置きです。</p>" in html and "<p>共通の手順です。</p>" in html


def test_only_protocol_refuses_a_protocol_it_does_not_know():
    from kb.protocol_blocks import only_protocol

    with pytest.raises(ValueError, match="smtp"):
        only_protocol(render_markdown(GUIDE).html, "smtp")


def test_a_block_inside_another_block_renders_as_plain_content():
    html = render_markdown("::: pop\n外側\n\n:::: imap\n内側\n::::\n:::\n").html
    assert html.count("<div") == 1
    assert "<p>内側</p>" in html


def test_a_fence_with_another_name_is_ordinary_text():
    assert "<div" not in render_markdown("::: warning\n注意\n:::\n").html


@pytest.mark.parametrize(
    "dirty",
    [
        '<div class="evil" data-protocol="pop">x</div>',
        '<div class="protocol-block protocol-block--pop" data-protocol="smtp">x</div>',
        '<p class="banner">x</p>',
        '<div class="protocol-block protocol-block--pop" data-protocol="pop" hx-get="/admin/">x</div>',
    ],
)
def test_sanitiser_keeps_only_the_protocol_block_markup_it_makes_itself(dirty):
    clean = clean_html(dirty)
    assert "evil" not in clean and "smtp" not in clean and "banner" not in clean and "hx-" not in clean
