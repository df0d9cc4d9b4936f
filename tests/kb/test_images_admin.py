"""Editors and pictures in the admin: upload, refusal, replacement, deletion, stale screenshots."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kb.image_services import article_image_save
from kb.images import ArticleImage

from .pictures import photo_with_gps, processed_screenshot, screenshot_png

# Several tests read response.context (the admin's form, the stale-guides list).
pytestmark = pytest.mark.templates

ALT = "Thunderbirdの「サーバー設定」の画面。「ダウンロード後もサーバーにメッセージを残す」にチェックが入っています。"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(editor, data: bytes, name: str = "shot.png", **fields):
    values = {"alt": ALT, "caption": "", "client_version": "", "taken_on": ""}
    values.update(fields)
    values["file"] = SimpleUploadedFile(name, data, content_type="image/png")
    return editor.post(reverse("admin:kb_articleimage_add"), values)


def saved_image(**fields) -> ArticleImage:
    image = ArticleImage(alt=ALT, **fields)
    article_image_save(image=image, processed=processed_screenshot(), original_name="shot.png")
    return image


@pytest.mark.django_db
def test_an_editor_uploads_a_photo_and_its_gps_position_is_gone(editor):
    response = upload(
        editor, photo_with_gps(), "IMG_0001.jpg", client_version="iOS 26.1", taken_on="2026-12-06"
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert (image.alt, image.client_version, image.taken_on) == (ALT, "iOS 26.1", datetime.date(2026, 12, 6))
    assert (image.original_name, image.source_format) == ("IMG_0001.jpg", "JPEG")
    assert [v.width for v in image.variants.all()] == [480, 720, 960, 1440]


@pytest.mark.django_db
def test_a_text_file_renamed_png_is_refused_with_a_japanese_message(editor):
    response = upload(editor, b"Dear customer,\nthis is a letter, not a picture.\n", "letter.png")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "このファイルは画像として読み込めません。ファイル名が「.png」などでも、"
        "中身がPNG・JPEG・WebPの画像でないものは使えません。"
    ]
    assert ArticleImage.objects.count() == 0


@pytest.mark.django_db
def test_the_alt_text_is_required_in_japanese(editor):
    response = upload(editor, screenshot_png(), alt="IMG_0001.png")
    assert response.context["adminform"].form.errors["alt"] == [
        "代替テキストは、画像に写っている内容を日本語の文で書いてください（ファイル名は使えません）。"
    ]


@pytest.mark.django_db
def test_a_new_picture_needs_a_file(editor):
    response = editor.post(reverse("admin:kb_articleimage_add"), {"alt": ALT})
    assert response.context["adminform"].form.errors["file"] == ["画像ファイルを選んでください。"]


@pytest.mark.django_db
def test_the_change_page_shows_the_reference_to_copy_and_where_the_picture_is_used(editor, make_article):
    image = saved_image()
    article = make_article(title="Thunderbirdの設定方法", body=f"本文です。\n\n{image.reference}\n")
    page = editor.get(reverse("admin:kb_articleimage_change", args=[image.pk])).content.decode()
    assert f'value="![[image:{image.pk}]]"' in page
    assert 'data-copy="kb-reference"' in page
    assert f'href="{reverse("admin:kb_article_change", args=[article.pk])}">Thunderbirdの設定方法</a>' in page


@pytest.mark.django_db
def test_replacing_the_file_keeps_the_article_showing_the_new_picture(editor, make_article):
    image = saved_image()
    article = make_article(body=image.reference)
    old_digest = image.short_digest
    response = editor.post(
        reverse("admin:kb_articleimage_change", args=[image.pk]),
        {"alt": ALT, "file": SimpleUploadedFile("new.jpg", photo_with_gps(), content_type="image/jpeg")},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    article.refresh_from_db()
    assert image.short_digest != old_digest
    assert f"/images/{image.pk}/{image.short_digest}-720.webp" in article.body_html


@pytest.mark.django_db
def test_a_picture_an_article_places_cannot_be_deleted(editor, make_article):
    image = saved_image()
    make_article(title="共有アドレスの設定", slug="shared", body=image.reference)
    url = reverse("admin:kb_articleimage_delete", args=[image.pk])
    page = editor.get(url).content.decode()
    assert f"{image.reference} を置いている記事「共有アドレスの設定」（/articles/shared/）" in page
    editor.post(url, {"post": "yes"})
    assert ArticleImage.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_a_picture_no_article_places_can_be_deleted(editor):
    image = saved_image()
    response = editor.post(reverse("admin:kb_articleimage_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ArticleImage.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_an_article_with_a_reference_to_no_picture_is_refused(editor, category):
    from kb.models import Article

    response = editor.post(
        reverse("admin:kb_article_add"),
        {"title": "記事", "slug": "a", "category": category.pk, "status": "draft", "order": 0,
         "summary": "要約です。", "body": "本文です。\n\n![[image:999]]\n\n![[diagram:nothing]]\n"},
    )  # fmt: skip
    assert response.context["adminform"].form.errors["body"] == [
        "存在しない画像や図の参照があります：![[image:999]]、![[diagram:nothing]]。"
        "画像の参照は「記事の画像」の画面からコピーしてください。"
    ]
    assert not Article.objects.exists()


# Screenshots of setup guides -----------------------------------------------------------------

GUIDE = "対象：Thunderbird 140 ESR（確認日：2026年12月6日）。\n\n## 設定\n\n1. 開きます。{ref}\n"


@pytest.mark.django_db
def test_a_guide_with_a_screenshot_older_than_its_check_date_is_listed(editor, make_article):
    image = saved_image(client_version="Thunderbird 140.5", taken_on=datetime.date(2026, 11, 1))
    guide = make_article(slug="guide-thunderbird", checked_on=datetime.date(2026, 12, 6),
                         body=GUIDE.format(ref=image.reference))  # fmt: skip
    page = editor.get(reverse("admin:kb_articleimage_stale_guides"))
    assert [g.article for g in page.context["guides"]] == [guide]
    assert page.context["guides"][0].screenshots[0].problems == [
        "撮影日（2026年11月1日）が、ガイドの確認日（2026年12月6日）より前です。"
    ]


@pytest.mark.django_db
def test_a_guide_with_a_screenshot_of_another_major_version_is_listed(editor, make_article):
    image = saved_image(client_version="Thunderbird 128.3", taken_on=datetime.date(2026, 12, 6))
    make_article(
        slug="guide-thunderbird",
        checked_on=datetime.date(2026, 12, 6),
        body=GUIDE.format(ref=image.reference),
    )
    (guide,) = editor.get(reverse("admin:kb_articleimage_stale_guides")).context["guides"]
    assert guide.screenshots[0].problems == [
        "写っている版（Thunderbird 128.3）が、ガイドの対象（Thunderbird 140 ESR）と違います。"
    ]


@pytest.mark.django_db
def test_a_guide_whose_screenshots_are_current_is_not_listed(editor, make_article):
    image = saved_image(client_version="Thunderbird 140.5", taken_on=datetime.date(2026, 12, 6))
    make_article(
        slug="guide-thunderbird",
        checked_on=datetime.date(2026, 12, 6),
        body=GUIDE.format(ref=image.reference),
    )
    page = editor.get(reverse("admin:kb_articleimage_stale_guides"))
    assert page.context["guides"] == []
    assert "見直しが必要な画面写真はありません。" in page.content.decode()


@pytest.mark.django_db
def test_a_version_named_with_or_later_accepts_newer_screenshots(make_article):
    from kb.screenshots import named_versions, screenshot_problems

    target, exact, later = named_versions(
        "対象：Google Playで配信されているThunderbird（Android版）のバージョン22以降（確認日：2026年12月6日）。"
    )
    newer = ArticleImage(client_version="Thunderbird 23.1", taken_on=datetime.date(2026, 12, 6))
    older = ArticleImage(client_version="Thunderbird 21.0", taken_on=datetime.date(2026, 12, 6))
    checked = datetime.date(2026, 12, 6)
    assert (exact, later) == (set(), {22})
    assert screenshot_problems(newer, checked_on=checked, target=target, exact=exact, later=later) == []
    assert len(screenshot_problems(older, checked_on=checked, target=target, exact=exact, later=later)) == 1


def test_the_starter_guides_name_the_versions_their_screenshots_will_be_checked_against():
    from kb.screenshots import named_versions
    from kb.services import CONTENT_DIR

    named = {
        path.stem: named_versions(path.read_text(encoding="utf-8"))[1:]
        for path in sorted(CONTENT_DIR.glob("guide-*.md"))
    }
    assert named["guide-thunderbird"] == ({140}, set())
    assert named["guide-ios-mail"] == ({26}, set())
    assert named["guide-apple-mail"] == ({26}, set())
    assert named["guide-becky"] == ({2}, set())
    assert named["guide-gmail-android"] == (set(), set())  # named by date: checked by date only


@pytest.mark.django_db
def test_the_list_of_pictures_says_how_many_articles_place_each(editor, make_article):
    used, unused = saved_image(), saved_image()
    make_article(body=f"{used.reference}\n\n本文です。\n\n{used.reference}\n")
    make_article(body=used.reference)
    page = editor.get(reverse("admin:kb_articleimage_changelist")).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", page, re.DOTALL)
    counts = {
        pk: re.search(r'<td class="field-usage">(\d+)</td>', row).group(1)
        for row in rows for pk in re.findall(r"!\[\[image:(\d+)\]\]", row)
    }  # fmt: skip
    assert counts == {str(used.pk): "2", str(unused.pk): "0"}
