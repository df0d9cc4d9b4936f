"""Planning a query in customers' words: no database (kb.query, kb.spelling, kb.search)."""

import pytest

from kb.query import SearchPlan, Vocabulary, article_words
from kb.search import normalize
from kb.spelling import distance

WORDS = Vocabulary(
    groups=[
        ["PC", "パソコン", "パソコン本体"],
        ["買い替え", "買い換え", "入れ替え"],
        ["いっぱい", "満杯", "容量オーバー"],
        ["容量", "クォータ"],
        ["IMAP", "アイマップ"],
        ["Outlook", "アウトルック"],
        ["Thunderbird", "サンダーバード"],
        ["届かない", "受信できない"],
    ],
    words=article_words(["メールボックスの容量とは", "Outlook（クラシック版）の設定方法"]),
)


def concepts(query: str) -> list[tuple[str, bool]]:
    return [(concept.typed, concept.known) for concept in WORDS.plan(query).concepts]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ＰＯＰ３", "pop3"),
        ("ﾎﾟｯﾌﾟ", "ぽっぷ"),
        ("ポップ", "ぽっぷ"),
        ("Microsoft 365", "microsoft365"),
        ("新しい Outlook", "新しいoutlook"),
        ("K-9 Mail", "k9mail"),
        ("「メール」アプリ", "めーるあぷり"),
    ],
)
def test_kana_width_case_spaces_and_quote_brackets_fold_to_one_form(text, normalised):
    assert normalize(text) == normalised


def test_a_query_without_spaces_is_split_at_the_words_the_site_knows():
    assert concepts("パソコン買い替え") == [("パソコン", True), ("買い替え", True)]


def test_particles_between_known_words_are_left_out():
    assert concepts("容量がいっぱい") == [("容量", True), ("いっぱい", True)]
    assert concepts("メールボックスがいっぱい") == [("メールボックス", True), ("いっぱい", True)]


def test_a_known_word_brings_its_whole_synonym_group():
    (pc, replace) = WORDS.plan("パソコン買い替え").concepts
    assert set(pc.forms) == {"ぱそこん", "pc", "ぱそこん本体"}
    assert pc.forms[0] == "ぱそこん"  # as typed first
    assert set(replace.forms) == {"買い替え", "買い換え", "入れ替え"}


def test_unknown_words_are_cut_where_the_script_changes_and_lose_their_kana_endings():
    assert concepts("を見たい") == [("見", False)]
    assert concepts("容量が不足") == [("容量", True), ("不足", False)]
    assert concepts("POPしか使えないソフト") == [("pop", False), ("使", False), ("ソフト", False)]


def test_a_query_all_in_hiragana_is_taken_as_it_is():
    assert concepts("ぽっぷ") == [("ぽっぷ", False)]


def test_a_latin_word_is_not_found_inside_a_longer_one():
    assert concepts("imapp") == [("imapp", False)]
    assert concepts("outlook2021") == [("outlook", True), ("2021", False)]


def test_symbols_alone_are_no_word():
    assert WORDS.plan("@ 「」").concepts == ()


def test_without_its_unknown_words_a_plan_keeps_the_known_ones():
    plan = WORDS.plan("容量 ほげほげ不足")
    relaxed = plan.relaxed()
    assert [c.typed for c in relaxed.concepts] == ["容量"]
    assert relaxed.dropped == ("不足",)
    assert WORDS.plan("容量").relaxed() is None
    assert WORDS.plan("ほげ").relaxed() is None


def test_a_literal_plan_takes_each_term_word_for_word():
    plan = SearchPlan.literal("パソコン　買い替え")
    assert [c.forms for c in plan.concepts] == [("ぱそこん",), ("買い替え",)]


def test_a_word_most_documents_have_counts_as_common():
    titles = ["メールの設定", "メールの容量", "メールが届く", "メールの保存", "スマホの設定"] * 2
    words = Vocabulary(groups=[["メール"], ["容量"]], documents=[normalize(t) for t in titles])
    mail, quota = words.plan("メール 容量").concepts
    assert mail.common and not quota.common
    few = Vocabulary(groups=[["メール"]], documents=[normalize(t) for t in titles[:3]])
    assert not few.plan("メール").concepts[0].common  # three articles tell nothing


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("imapp", "IMAP"),
        ("thunderbirb", "Thunderbird"),
        ("サンダーバート", "サンダーバード"),
        ("アウトルツク", "アウトルック"),
        ("outlok", "Outlook"),
        ("アウトルツク設定", "アウトルック設定"),
        ("imapp 届かない", "IMAP 届かない"),
    ],
)
def test_a_typo_gets_a_suggestion_from_the_vocabulary(typed, meant):
    assert WORDS.suggest(typed) == meant


def test_no_suggestion_for_known_words_or_words_far_from_any():
    assert WORDS.suggest("パソコン買い替え") is None
    assert WORDS.suggest("存在しない言葉") is None
    assert WORDS.suggest("zzzzzz") is None


def test_kana_slips_cost_half_in_the_edit_distance():
    assert distance("さーば", "さーばー") == 0.5  # a missing ー
    assert distance("さんだーばーと", "さんだーばーど") == 0.5  # a missing dakuten
    assert distance("あうとるつく", "あうとるっく") == 0.5  # a big ツ for a small ッ
    assert distance("gmial", "gmail") == 1  # two letters swapped
    assert distance("imap", "pop") == 3


def test_article_words_are_katakana_kanji_and_latin_words():
    assert set(article_words(["Macの「メール」アプリで受信方式を選ぶ"])) == {
        "メール",
        "アプリ",
        "受信方式",
        "Mac",
    }
