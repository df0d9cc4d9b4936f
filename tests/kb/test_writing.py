"""The writing guide's mechanical rules as functions (kb/writing.py), usable on any text."""

import pytest

from kb.writing import findings


def rules(text: str) -> list[str]:
    return [finding.rule for finding in findings(text)]


@pytest.mark.parametrize(
    "text, rule",
    [
        ("PC で受信します。", "a space between Japanese and Latin text"),
        ("ポート 995 を使います。", "a space between Japanese and Latin text"),
        ("暗号化 (SSL/TLS) を使います。", "half-width brackets in Japanese text"),
        ("送れないとき:", "a half-width colon, question or exclamation mark after Japanese"),
        ("届きましたか?", "a half-width colon, question or exclamation mark after Japanese"),
        ("受信します, 送信します", "a half-width comma or period after Japanese"),
        ("パソコンを買い替えます。", "パソコン"),
        ("受信箱を開きます。", "受信箱"),
        ("フォルダを選びます。", "フォルダ"),
        ("サーバの名前です。", "サーバ"),
        ("一人で読むアドレスです。", "一人"),
        ("時々確かめます。", "時々"),
        ("お客様のアドレスです。", "お客様"),
        ("ご確認下さい。", "下さい"),
        ("設定出来ます。", "出来る"),
        ("ポート９９５です。", "full-width letters or digits"),
        ("受信　送信", "a full-width space"),
        ("7日～30日です。", "a full-width tilde instead of 〜"),
        ("2026/12/06に確認しました。", "a date with slashes or hyphens instead of 2026年11月27日"),
        ("容量は2000MBです。", "a number of four or more digits without a comma (2,000MB)"),
        ("詳しくは[こちら](/articles/pop/)をご覧ください。", "a link that only says こちら"),
    ],
)
def test_each_rule_finds_the_form_it_forbids(text, rule):
    assert rules(text) == [rule]


@pytest.mark.parametrize(
    "text",
    [
        "PCで受信します。ポート995を使います。",
        "暗号化（SSL/TLS）を使います。送れないとき：",
        "Appleの画面では「サーバ」「ユーザ名」と表示されます。",
        "Microsoft 365とiOS 26、Thunderbird 140 ESRの画面です。",
        "拡張子が.pstのファイルと、お名前.comの管理画面です。",
        "`info@example.co.jp (テスト)`と{{受信サーバー}}を入力します。",
        "[記事](/articles/pop-imap-difference/)をご覧ください。",
        "Becky!の画面です。",
        "2026年12月6日に確認しました。容量は2,000MBで、ポート995と587を使います。",
        "詳しくは[POPとは](/articles/pop/)をご覧ください。",
    ],
)
def test_house_style_labels_code_and_product_names_pass(text):
    assert findings(text) == []


def test_a_finding_names_the_rule_and_shows_the_line_as_the_rules_saw_it():
    (finding,) = findings("1行目です。\nAppleの「サーバ」ではなく サーバ です。")
    assert str(finding) == "サーバ: Appleの「LABEL」ではなく サーバ です。"
    assert findings("Appleの「サーバ」ではなく サーバ です。", rules=("サーバ",)) == [finding]


def test_the_general_phrases_of_slots_follow_the_writing_guide():
    from kb.slots import SLOTS

    assert {
        name: [str(f) for f in findings(text)] for name, (_key, text) in SLOTS.items() if findings(text)
    } == {}
