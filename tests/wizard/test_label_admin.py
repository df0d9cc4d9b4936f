"""Editors and field confirmations in the admin: the open tasks of labels
reported different (who, when, version, screenshot, where the label is
quoted), closing them, and publishing a screenshot as an article picture."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kb.image_processing import process
from kb.images import ArticleImage
from kb.models import Article
from tests.kb.pictures import has_metadata, photo_with_gps, processed_screenshot
from wizard.engine.catalogue import CLIENTS
from wizard.handoff.labels import label_for
from wizard.label_services import Answer, label_confirmations_record
from wizard.models import LabelConfirmation

OUTLOOK = CLIENTS["outlook_classic"]
LOCAL_DELETE = "[削除済みアイテム] から削除されたら、サーバーから削除"
SHOWN = "「削除済みアイテム」を空にしたら、サーバーから削除"
ALT = "Outlookの「詳細設定」タブ。「配信」の3つの項目が見えています。"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def reported(complete, director):
    """A director reported Outlook's delete-here label shown differently, with a screenshot."""
    hearing = complete(devices=(("pc", "outlook_classic"),))
    (row,) = label_confirmations_record(
        hearing=hearing,
        client=OUTLOOK,
        answers=[Answer(label_for(OUTLOOK, "delete_on_local_delete"), "different", SHOWN)],
        client_version="Outlook バージョン 2511",
        os_version="Windows 11 24H2",
        seen_on=timezone.localdate(),
        user=director,
        screenshot=processed_screenshot(),
    )
    return hearing, row


def tasks(editor, query: str = "") -> str:
    return editor.get(reverse("admin:wizard_labeltask_changelist") + query).content.decode()


def test_an_open_task_shows_the_label_reported_who_when_the_version_and_the_screenshot(editor, reported):
    _hearing, row = reported
    html = tasks(editor)
    assert SHOWN in html and LOCAL_DELETE in html
    assert "tanaka" in html and "Outlook バージョン 2511（Windows 11 24H2）" in html
    assert timezone.localdate().strftime("%Y年%-m月%-d日") in html
    assert f'src="{row.screenshot.url()}"' in html


def test_a_task_names_every_published_guide_and_catalogue_entry_that_quotes_the_label(
    editor, reported, make_article
):
    make_article(
        title="Outlook（クラシック版）の設定",
        slug="guide-outlook-classic",
        body=f"「{LOCAL_DELETE}」をオフにします。",
    )
    make_article(title="下書きのガイド", slug="guide-draft", body=LOCAL_DELETE, status=Article.Status.DRAFT)
    make_article(title="ガイドではない記事", slug="pop", body=LOCAL_DELETE)
    html = tasks(editor)
    assert "記事「Outlook（クラシック版）の設定」（guide-outlook-classic）" in html
    assert "カタログ：Outlook（クラシック版） の delete_on_local_delete（wizard/engine/catalogue.py）" in html
    assert "下書きのガイド" not in html and "ガイドではない記事" not in html


def test_an_editor_closes_a_task_and_it_leaves_the_open_list(editor, reported, admin_user, director):
    hearing, row = reported
    change = reverse("admin:wizard_labeltask_change", args=[row.pk])
    assert editor.post(change, {"closed": "on"}).status_code == 302
    row.refresh_from_db()
    assert row.task_closed_by == admin_user and row.task_closed_at is not None
    assert SHOWN not in tasks(editor)
    assert SHOWN in tasks(editor, "?state=closed")
    staff = Client()
    staff.force_login(director)
    sheet = staff.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert f"現場では「{SHOWN}」と表示" in sheet and "修正を依頼しています" not in sheet


def test_the_list_action_closes_the_selected_tasks(editor, reported):
    _hearing, row = reported
    data = {"action": "close", "_selected_action": [row.pk]}
    editor.post(reverse("admin:wizard_labeltask_changelist"), data)
    assert LabelConfirmation.objects.open_tasks().count() == 0


def test_a_director_may_read_the_records_but_not_the_editors_tasks(director_client, reported):
    assert director_client.get(reverse("admin:wizard_labelconfirmation_changelist")).status_code == 200
    assert director_client.get(reverse("admin:wizard_labeltask_changelist")).status_code == 403


def test_an_editor_publishes_a_screenshot_as_an_article_picture_anyone_can_then_see(
    editor, complete, director
):
    hearing = complete(devices=(("pc", "outlook_classic"),))
    (row,) = label_confirmations_record(
        hearing=hearing, client=OUTLOOK, answers=[Answer(label_for(OUTLOOK, "leave_copy"), "same", "")],
        client_version="Outlook バージョン 2511", os_version="", seen_on=timezone.localdate(), user=director,
        screenshot=process(photo_with_gps()),
    )  # fmt: skip
    assert Client().get(row.screenshot.url()).status_code == 302  # staff only until now
    publish = reverse("admin:wizard_labelconfirmation_publish", args=[row.pk])
    response = editor.post(publish, {"alt": ALT, "caption": "", "client_version": "Outlook バージョン 2511"})
    image = ArticleImage.objects.get()
    assert response["Location"] == reverse("admin:kb_articleimage_change", args=[image.pk])
    assert (image.client_version, image.taken_on) == ("Outlook バージョン 2511", timezone.localdate())
    served = Client().get(image.variants.last().url())
    assert served.status_code == 200 and has_metadata(served.content) == []


def test_publishing_a_screenshot_needs_alt_text_in_japanese(editor, reported):
    _hearing, row = reported
    publish = reverse("admin:wizard_labelconfirmation_publish", args=[row.pk])
    response = editor.post(publish, {"alt": "screenshot.png", "caption": "", "client_version": "2511"})
    assert "代替テキストは、画像に写っている内容を日本語の文で書いてください。" in response.content.decode()
    assert ArticleImage.objects.count() == 0
