"""The starter articles against docs/writing-guide.md and policy v2.

These tests read the Markdown files in kb/content directly; only the last one
touches the database. Each rule here is mechanical on purpose: it checks what
a machine can check, and the writing guide says the rest.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.markdown import html_to_text, render_markdown
from kb.protocol_blocks import LABELS, only_protocol, protocols_in
from kb.services import CONTENT_DIR
from kb.slots import fill_slots, unknown_slots
from kb.writing import FORBIDDEN_FORMS, findings, prose

# Every guide names the version it shows; the version words each one must use.
GUIDE_VERSIONS = {
    "guide-outlook-classic": "Microsoft 365",
    "guide-outlook-new": "新しいOutlook for Windows",
    "guide-thunderbird": "Thunderbird 140 ESR",
    "guide-apple-mail": "macOS 26",
    "guide-ios-mail": "iOS 26",
    "guide-gmail-android": "2026年12月",
    "guide-thunderbird-android": "Thunderbird\uff08Android版\uff09",
    "guide-becky": "2.8",
    "guide-other": "対象\uff1a",
    "guide-pop-only": "対象\uff1a",
    "guide-gmail-ios": "iPhone・iPad版Gmailアプリ",
    "guide-android-mail": "メーカーのメールアプリ",
    "guide-outlook-mobile": "App StoreとGoogle Play",
}
# PCs whose program accepts any number of days: the only ones that delete by days.
DELETING_GUIDES = ("guide-outlook-classic", "guide-thunderbird", "guide-becky")
# Devices that never delete server copies on a shared POP address (policy v2).
KEEPING_GUIDES = (
    "guide-ios-mail",
    "guide-gmail-android",
    "guide-thunderbird-android",
    "guide-outlook-new",
    "guide-gmail-ios",
    "guide-android-mail",
    "guide-outlook-mobile",
)
# Guides whose client reads one protocol only; every other guide has blocks for both.
ONE_PROTOCOL_GUIDES = {"guide-pop-only": "pop"}
POLICY_DAYS = {7, 30, 90}
CHECKLIST = "mail-trouble-checklist"
HOME_FEATURED = 6  # kb.views.home shows this many featured articles

MOBILE = r"iPhone|iPad|スマートフォン|スマホ|Android|Gmailアプリ"
LOCAL_DELETE = r"削除したとき|削除したら|削除すると|削除した(メール|とき)|消したメール|削除する(とき|場合)"
NEGATION = r"選ばない|選ばず|しない|しません|ない|ません|避け|禁止"


@dataclass(frozen=True)
class Article:
    path: Path
    meta: dict
    body: str

    @property
    def slug(self) -> str:
        return self.meta["slug"]

    @property
    def intro(self) -> str:
        """The text before the first heading."""
        return re.split(r"^## ", self.body, maxsplit=1, flags=re.MULTILINE)[0]


def read(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("+++", 2)
    return Article(path=path, meta=tomllib.loads(front), body=body.strip() + "\n")


def articles(directory: Path = CONTENT_DIR) -> list[Article]:
    return [read(path) for path in sorted(directory.glob("*.md"))]


ARTICLES = articles()
BY_SLUG = {article.slug: article for article in ARTICLES}


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[。\n])", text) if part.strip()]


def links(text: str) -> list[str]:
    return re.findall(r"\]\((/articles/[^)]*)\)", text)


# Mechanical style --------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORBIDDEN_FORMS))
def test_no_article_uses_a_forbidden_form_outside_labels_and_code(form):
    found = []
    for article in ARTICLES:
        text = "\n".join([article.meta["title"], article.meta["summary"], article.body])
        found += [f"{article.path.name}: {finding.line}" for finding in findings(text, rules=(form,))]
    assert found == []


def test_no_article_addresses_the_reader_as_anata():
    found = [a.path.name for a in ARTICLES if re.search("あなた", prose(a.meta["title"] + a.body))]
    assert found == []


def test_every_article_renders_without_stray_emphasis_marks():
    stray = [a.path.name for a in ARTICLES if "**" in render_markdown(a.body).html]
    assert stray == []


def test_every_slot_in_an_article_is_a_known_slot():
    unknown = {a.path.name: unknown_slots(a.body) for a in ARTICLES if unknown_slots(a.body)}
    assert unknown == {}


def test_every_numbered_step_ends_with_its_own_verb():
    """A slot may become a bare phrase, so the step's verb must be outside it."""
    found = []
    for article in ARTICLES:
        for line in article.body.splitlines():
            match = re.match(r"\s*\d+\.\s+(.*)", line)
            if not match:
                continue
            words = re.sub(r"\{\{[^{}]*\}\}", "", match.group(1)).strip()
            first = words.split("。")[0]  # the step itself; a note may follow it
            first = re.sub(r"\uff08[^\uff08\uff09]*\uff09$", "", first)  # a closing aside
            if not re.search(r"(ます|ください)$", first):
                found.append(f"{article.path.name}: {line.strip()[:80]}")
    assert found == []


def test_the_machine_sounding_authentication_sentence_is_gone():
    assert [a.path.name for a in ARTICLES if "送信サーバーも認証が必要" in a.body] == []


# Front matter and links --------------------------------------------------------------------


def test_every_article_has_the_front_matter_keys_and_a_checked_date():
    keys = {"title", "slug", "category", "summary", "featured", "order", "related", "checked"}
    for article in ARTICLES:
        assert keys <= set(article.meta), article.path.name
        assert isinstance(article.meta["checked"], datetime.date), article.path.name
        assert article.path.stem == article.slug


def test_every_article_is_in_a_known_category():
    categories = tomllib.loads((CONTENT_DIR / "categories.toml").read_text(encoding="utf-8"))
    known = {category["slug"] for category in categories["category"]}
    assert {a.path.name: a.meta["category"] for a in ARTICLES if a.meta["category"] not in known} == {}


def test_related_names_only_existing_other_articles():
    bad = {
        a.slug: [slug for slug in a.meta["related"] if slug not in BY_SLUG or slug == a.slug]
        for a in ARTICLES
    }
    assert {slug: wrong for slug, wrong in bad.items() if wrong} == {}


def test_every_link_between_articles_points_to_an_existing_slug():
    broken = []
    for article in ARTICLES:
        for target in links(article.body):
            match = re.fullmatch(r"/articles/([a-z0-9-]+)/", target)
            if not match or match.group(1) not in BY_SLUG:
                broken.append(f"{article.path.name} → {target}")
    assert broken == []


def test_every_guide_names_its_version_and_check_date_near_the_top():
    guides = [a for a in ARTICLES if a.slug.startswith("guide-")]
    assert {a.slug for a in guides} == set(GUIDE_VERSIONS)
    for guide in guides:
        checked = guide.meta["checked"]
        stamp = f"確認日\uff1a{checked.year}年{checked.month}月{checked.day}日"
        assert stamp in guide.intro, guide.slug
        assert "対象\uff1a" in guide.intro, guide.slug
        assert GUIDE_VERSIONS[guide.slug] in guide.intro, guide.slug


def test_the_checklist_is_one_click_from_the_home_page():
    featured = sorted(
        (a for a in ARTICLES if a.meta["featured"]), key=lambda a: (a.meta["order"], a.meta["title"])
    )
    assert CHECKLIST in [a.slug for a in featured[:HOME_FEATURED]]
    assert len(featured) <= HOME_FEATURED  # nothing featured that the home page would hide


def test_the_checklist_is_linked_from_related_troubles():
    for slug in ("ports-and-encryption", "mailbox-quota", "spam-and-spoofing", "gmail-2026-change"):
        assert f"/articles/{CHECKLIST}/" in BY_SLUG[slug].body, slug


# Protocol blocks (::: pop / ::: imap) --------------------------------------------------------

FENCE = re.compile(r"^:::\s*(\S*)\s*$")
# What a customer's device fills in on a personal guide (wizard/sheet.py, slot_values).
DEVICE_VALUES = {
    "pop": {"address": "info@example.co.jp", "protocol": "POP", "incoming_host": "mail.example.co.jp",
            "incoming_port": "995", "outgoing_host": "mail.example.co.jp", "outgoing_port": "465",
            "outgoing_security": "SSL/TLS", "days": "30", "delete_after": "30日後に削除"},
    "imap": {"address": "info@example.co.jp", "protocol": "IMAP", "incoming_host": "mail.example.co.jp",
             "incoming_port": "993", "outgoing_host": "mail.example.co.jp", "outgoing_port": "465",
             "outgoing_security": "SSL/TLS", "days": None, "delete_after": None},
}  # fmt: skip
# Words and ports that belong to the other protocol only.
FOREIGN = {"pop": re.compile(r"IMAP|993"), "imap": re.compile(r"POP|995")}
GUIDES = [a for a in ARTICLES if a.slug.startswith("guide-")]


def guide_protocols(slug: str) -> set[str]:
    return {ONE_PROTOCOL_GUIDES[slug]} if slug in ONE_PROTOCOL_GUIDES else {"pop", "imap"}


def personal_text(article: Article, protocol: str) -> str:
    """What a customer reads in the guide for one device: one protocol, its values filled in."""
    html = only_protocol(render_markdown(article.body).html, protocol)
    return html_to_text(fill_slots(html, DEVICE_VALUES[protocol]))


def test_protocol_blocks_are_closed_and_never_nested():
    bad = []
    for article in ARTICLES:
        open_block = None
        for number, line in enumerate(article.body.splitlines(), start=1):
            match = FENCE.match(line)
            if not match:
                continue
            name = match.group(1)
            if name not in ("", *LABELS):
                bad.append(f"{article.path.name}:{number}: unknown block ::: {name}")
            elif name and open_block:
                bad.append(f"{article.path.name}:{number}: ::: {name} inside ::: {open_block}")
            elif not name and not open_block:
                bad.append(f"{article.path.name}:{number}: ::: closes nothing")
            open_block = name or None
        if open_block:
            bad.append(f"{article.path.name}: ::: {open_block} never closed")
    assert bad == []


def test_no_article_shows_a_fence_as_text():
    assert [a.path.name for a in ARTICLES if ":::" in render_markdown(a.body).text] == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda a: a.slug)
def test_a_guide_has_a_block_for_each_protocol_its_client_reads(guide):
    assert protocols_in(render_markdown(guide.body).html) == guide_protocols(guide.slug)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda a: a.slug)
def test_the_public_guide_introduces_each_block_with_its_label(guide):
    text = render_markdown(guide.body).text
    for protocol in guide_protocols(guide.slug):
        assert LABELS[protocol] in text


@pytest.mark.parametrize(
    "guide, protocol",
    [(g, p) for g in GUIDES for p in sorted(guide_protocols(g.slug))],
    ids=lambda value: value if isinstance(value, str) else value.slug,
)
def test_a_personal_guide_never_shows_the_other_protocol(guide, protocol):
    text = personal_text(guide, protocol)
    foreign = [s.strip()[:80] for s in sentences(text.replace("。", "。\n")) if FOREIGN[protocol].search(s)]
    assert foreign == []
    assert not any(label in text for label in LABELS.values())


@pytest.mark.parametrize(
    "guide", [g for g in GUIDES if "imap" in guide_protocols(g.slug)], ids=lambda a: a.slug
)
def test_every_slot_of_an_imap_personal_guide_gets_a_value(guide):
    html = only_protocol(render_markdown(guide.body).html, "imap")
    assert 'class="slot"' not in fill_slots(html, DEVICE_VALUES["imap"])


@pytest.mark.parametrize("guide", GUIDES, ids=lambda a: a.slug)
def test_no_guide_writes_an_example_address_where_the_slot_carries_the_real_one(guide):
    assert re.findall(r"[\w.+-]+@example\.(?:co\.jp|com|jp)", guide.body) == []


# Retention facts shared by several articles (policy v2) ------------------------------------


def retention_days(line: str) -> list[int]:
    """Numbers of days a line names, leaving out dates, daily volumes and IMAP's year."""
    if re.search(r"÷|365", line):  # how long an IMAP box lasts
        return []
    return [int(n) for n in re.findall(r"(?<![\d,.月年約])(\d+)日(?![\dのごに]|以内|以上|より|前)", line)]


def test_the_only_retention_days_named_are_7_30_and_90_or_the_14_day_preset():
    found = []
    for article in ARTICLES:
        for line in article.body.splitlines():
            for days in retention_days(prose(line)):
                preset = days == 14 and re.search(r"あらかじめ|最初から|初期", line)
                if days not in POLICY_DAYS and not preset:
                    found.append(f"{article.path.name}: {days}日: {line.strip()[:60]}")
    assert found == []


def test_no_article_tells_a_phone_to_delete_server_copies_after_some_days():
    found = []
    for article in ARTICLES:
        for sentence in sentences(article.body):
            names_a_phone = article.slug in KEEPING_GUIDES or re.search(MOBILE, sentence)
            names_days = re.search(r"\d+日後|「\d+日後」|1週間後|1か月後", sentence)
            if names_a_phone and names_days and not re.search(NEGATION, sentence):
                found.append(f"{article.path.name}: {sentence.strip()[:80]}")
    assert found == []


def test_no_article_tells_anyone_to_pick_seven_days_on_an_iphone():
    for article in ARTICLES:
        for sentence in sentences(article.body):
            if "「7日後」" in sentence:
                assert re.search(r"選ばない|選ばず", sentence), f"{article.path.name}: {sentence}"


def test_every_deleting_pc_guide_sets_the_days_and_replaces_the_preset():
    for slug in DELETING_GUIDES:
        body = BY_SLUG[slug].body
        assert "{{日数}}" in body, slug
        assert re.search(r"(あらかじめ|最初から)[^。\n]*(書き換え|入れ直し|変更)", body), slug
    for slug in ("guide-outlook-classic", "guide-thunderbird"):
        assert re.search(
            r"14[^。\n]*(あらかじめ|最初から)|(あらかじめ|最初から)[^。\n]*14", BY_SLUG[slug].body
        ), slug


def test_keeping_devices_never_get_a_number_of_days():
    for slug in KEEPING_GUIDES:
        assert "{{日数}}" not in BY_SLUG[slug].body, slug
        assert re.search(r"削除しない|しない」|削除されません|残したまま", BY_SLUG[slug].body), slug


def test_every_client_guide_turns_off_deleting_on_the_server_with_a_local_delete():
    for slug in GUIDE_VERSIONS:
        body = BY_SLUG[slug].body
        hits = [
            s
            for s in sentences(body)
            if re.search(LOCAL_DELETE, s)
            and "サーバー" in s
            and re.search(r"オフ|外し|外す|選ばない|選ばず", s)
        ]
        assert hits, slug


def test_no_article_advises_deleting_old_mail_in_webmail():
    found = []
    for article in ARTICLES:
        for sentence in sentences(article.body):
            about_webmail = re.search(r"ウェブメール|Webメール|webメール", sentence)
            if about_webmail and re.search(r"削除|消", sentence) and not re.search(NEGATION, sentence):
                found.append(f"{article.path.name}: {sentence.strip()[:80]}")
    assert found == []


def test_the_days_article_and_the_policy_agree_on_the_three_values():
    body = BY_SLUG["leave-on-server-days"].body
    for days in POLICY_DAYS:
        assert f"{days}日" in body
    assert "7日" in BY_SLUG["replace-pc"].body and "90日" in BY_SLUG["replace-pc"].body


def test_a_shared_address_on_an_iphone_keeps_its_copies():
    body = BY_SLUG["guide-ios-mail"].body
    assert "{{削除の設定}}" in body
    assert re.search(r"共有アドレス[^。\n]*「しない」|「しない」[^。\n]*共有アドレス", body)


# The loader ---------------------------------------------------------------------------------


def test_the_starter_articles_load_with_their_related_articles(db):
    from kb.models import Article as Stored
    from tests.starter_articles import load_starter_articles

    report = load_starter_articles()
    assert report.created == len(ARTICLES)
    for article in ARTICLES:
        stored = Stored.objects.get(slug=article.slug)
        assert set(stored.related.values_list("slug", flat=True)) == set(article.meta["related"])
