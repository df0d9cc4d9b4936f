"""Vendor labels confirmed in the field: a director records on the staff guide
what a customer's screen shows, the staff sheet says so with the version and
the date, a label shown differently becomes an editor's task, and the
screenshot stays behind the staff login."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kb.writing import findings
from tests.kb.pictures import has_metadata, photo_with_gps, screenshot_png
from wizard.models import Device, FieldScreenshot, LabelConfirmation
from wizard.services import hearing_delete

LOCAL_DELETE = "[削除済みアイテム] から削除されたら、サーバーから削除"


@pytest.fixture
def outlook(complete):
    """One PC with classic Outlook on POP: it quotes three vendor labels."""
    hearing = complete(devices=(("pc", "outlook_classic"),))
    return hearing, Device.objects.get(mailbox__hearing=hearing)


def record_url(hearing, device):
    return reverse("wizard:label_record", kwargs={"pk": hearing.pk, "device_id": device.pk})


def guide_url(hearing, device):
    return reverse("wizard:guide", kwargs={"pk": hearing.pk, "device_id": device.pk})


def today_words() -> str:
    today = timezone.localdate()
    return f"{today.month}月{today.day}日"


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def record(client, hearing, device, *, screenshot: bytes | None = None, name="shot.png", **answers):
    data = {
        "client_version": "Outlook バージョン 2511",
        "os_version": "Windows 11 24H2",
        "seen_on": timezone.localdate().isoformat(),
        **answers,
    }
    if screenshot is not None:
        data["screenshot"] = SimpleUploadedFile(name, screenshot, content_type="image/png")
    return client.post(record_url(hearing, device), data)


def sheet(client, hearing) -> str:
    return client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()


def test_a_director_confirms_a_label_with_a_screenshot_and_the_staff_sheet_shows_its_version_and_date(
    director_client, outlook
):
    hearing, device = outlook
    response = record(
        director_client, hearing, device, screenshot=screenshot_png(), **{"seen-leave_copy": "same"}
    )
    assert response.status_code == 302
    assert response["Location"] == guide_url(hearing, device) + "?recorded=1&different=0#field-labels"
    expected = (
        f"「サーバーにメッセージのコピーを置く」：確認済み（現場、{today_words()}、Outlook バージョン 2511）"
    )
    assert expected in sheet(director_client, hearing)
    assert LabelConfirmation.objects.get().screenshot is not None


def test_the_staff_sheet_still_says_which_quoted_labels_nobody_has_confirmed(director_client, outlook):
    hearing, device = outlook
    record(director_client, hearing, device, **{"seen-leave_copy": "same"})
    content = sheet(director_client, hearing)
    assert (
        "「サーバーから削除する ○ 日後」：未確認（Outlook（クラシック版）Microsoft 365、確認日：2026年12月6日）"
        in content
    )


def test_after_recording_the_guide_says_so_where_the_director_acted(director_client, outlook):
    hearing, device = outlook
    response = record(director_client, hearing, device, **{"seen-leave_copy": "same"})
    html = director_client.get(response["Location"]).content.decode()
    notice = html.split('id="field-labels"')[1]
    assert "1件の表示名を記録しました。" in notice.split("</p>")[0]


def test_the_staff_guide_offers_the_form_with_todays_date_and_works_without_javascript(
    director_client, outlook
):
    hearing, device = outlook
    html = director_client.get(guide_url(hearing, device)).content.decode()
    form = html.split('id="field-labels"')[1].split("</form>")[0]
    assert f'action="{record_url(hearing, device)}"' in form
    assert 'method="post"' in form and 'enctype="multipart/form-data"' in form
    assert f'value="{timezone.localdate().isoformat()}"' in form
    assert 'name="seen-delete_on_local_delete"' in form and 'type="radio"' in form
    assert "<script" not in form and "hx-" not in form


def test_the_screenshot_is_stored_without_the_cameras_data(director_client, outlook):
    hearing, device = outlook
    record(
        director_client,
        hearing,
        device,
        screenshot=photo_with_gps(),
        name="photo.jpg",
        **{"seen-leave_copy": "same"},
    )
    stored = bytes(FieldScreenshot.objects.get().data)
    assert has_metadata(stored) == []
    assert Image.open(io.BytesIO(stored)).format == "WEBP"


def test_the_screenshot_is_never_served_without_a_staff_login(director_client, outlook, django_user_model):
    hearing, device = outlook
    record(director_client, hearing, device, screenshot=screenshot_png(), **{"seen-leave_copy": "same"})
    url = FieldScreenshot.objects.get().url()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    outsider = Client()
    outsider.force_login(django_user_model.objects.create_user(username="visitor", password="x" * 16))
    assert outsider.get(url).status_code == 403
    response = director_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-store"


def test_no_customer_page_shows_the_field_records_or_the_screenshot(
    client, director_client, outlook, link_token
):
    hearing, device = outlook
    record(director_client, hearing, device, screenshot=screenshot_png(), **{"seen-leave_copy": "same"})
    token = link_token(hearing)
    pages = [
        client.get(reverse("customer:sheet", args=[token])).content.decode(),
        client.get(
            reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})
        ).content.decode(),
    ]
    for html in pages:
        assert "確認済み" not in html and "field-labels" not in html and "field-screenshots" not in html
    assert "表示名はバージョンによって異なる場合があります" in pages[0]  # customers keep the neutral sentence


def test_a_label_reported_different_creates_an_editors_task(director_client, outlook):
    hearing, device = outlook
    response = record(
        director_client,
        hearing,
        device,
        **{
            "seen-delete_on_local_delete": "different",
            "shown-delete_on_local_delete": "「削除済みアイテム」を空にしたら、サーバーから削除",
        },
    )
    assert response["Location"].endswith("?recorded=1&different=1#field-labels")
    task = LabelConfirmation.objects.open_tasks().get()
    assert (task.quoted, task.shown) == (LOCAL_DELETE, "「削除済みアイテム」を空にしたら、サーバーから削除")
    content = sheet(director_client, hearing)
    assert (
        f"「{LOCAL_DELETE}」：現場では「「削除済みアイテム」を空にしたら、サーバーから削除」と表示"
        f"（{today_words()}、Outlook バージョン 2511）。記事とカタログの修正を依頼しています。"
    ) in content


def test_a_different_label_without_the_words_shown_is_refused_and_nothing_is_saved(director_client, outlook):
    hearing, device = outlook
    response = record(director_client, hearing, device, **{"seen-delete_on_local_delete": "different"})
    assert response.status_code == 400
    assert (
        f"「{LOCAL_DELETE}」の代わりに画面に表示されていた項目名を入力してください。"
        in response.content.decode()
    )
    assert LabelConfirmation.objects.count() == 0


def test_a_record_with_no_label_answered_is_refused(director_client, outlook):
    hearing, device = outlook
    response = record(director_client, hearing, device)
    assert response.status_code == 400
    assert "確かめた項目を1つ以上選んでください。" in response.content.decode()


def test_a_text_file_named_png_is_refused_as_a_screenshot(director_client, outlook):
    hearing, device = outlook
    response = record(
        director_client, hearing, device, screenshot=b"not a picture", **{"seen-leave_copy": "same"}
    )
    assert response.status_code == 400
    assert "このファイルは画像として読み込めません。" in response.content.decode()
    assert LabelConfirmation.objects.count() == 0 and FieldScreenshot.objects.count() == 0


def test_a_staff_member_without_the_permission_cannot_record(outlook, django_user_model):
    hearing, device = outlook
    viewer = django_user_model.objects.create_user(username="viewer", password="x" * 16, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_hearing"))
    client = Client()
    client.force_login(viewer)
    assert record(client, hearing, device, **{"seen-leave_copy": "same"}).status_code == 403
    assert LabelConfirmation.objects.count() == 0


def test_an_imap_device_quotes_no_labels_and_has_nothing_to_record(director_client, complete):
    hearing = complete(devices=(("pc", "outlook_classic"), ("smartphone", "ios_mail")))
    device = Device.objects.get(mailbox__hearing=hearing, client="ios_mail")
    assert 'id="field-labels"' not in director_client.get(guide_url(hearing, device)).content.decode()
    assert record(director_client, hearing, device, **{"seen-delete_after": "same"}).status_code == 404


def test_deleting_the_hearing_deletes_its_screenshots_and_keeps_the_confirmations(director_client, outlook):
    hearing, device = outlook
    record(director_client, hearing, device, screenshot=screenshot_png(), **{"seen-leave_copy": "same"})
    hearing_delete(hearing=hearing)
    assert FieldScreenshot.objects.count() == 0
    assert LabelConfirmation.objects.get().screenshot is None


def test_the_staff_words_about_labels_follow_the_writing_guide(director_client, complete):
    hearing = complete(devices=(("pc", "thunderbird"),))
    device = Device.objects.get(mailbox__hearing=hearing)
    answers = {
        "seen-leave_copy": "same",
        "seen-delete_after": "different",
        "shown-delete_after": "古いメッセージを削除",
    }
    response = record(
        director_client, hearing, device, client_version="Thunderbird 140.5", os_version="", **answers
    )
    guide = director_client.get(response["Location"]).content.decode().split('id="field-labels"')[1]
    refused = record(
        director_client, hearing, device, client_version="", **{"seen-delete_after": "different"}
    )
    row = sheet(director_client, hearing).split("表示名について")[1].split("</tr>")[0]
    for html in (guide.split("</section>")[0], refused.content.decode().split('id="field-labels"')[1], row):
        assert [str(finding) for finding in findings(visible_text(html))] == []
