"""Customer links: made once, stored as a hash, expire, can be revoked; and the
customer page shows what the customer needs and nothing of the staff's."""

import hashlib
import io
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wizard.models import CustomerLink, Device, Hearing, Mailbox
from wizard.services import customer_link_revoke

from ..conftest import HTMX, issued_advice

LINK_IN_PAGE = re.compile(r'value="https?://[^"/]+/sheet/([A-Za-z0-9_-]+)/"')


def create_url(hearing):
    return reverse("wizard:customer_link_create", kwargs={"pk": hearing.pk})


def sheet_url(hearing):
    return reverse("wizard:sheet", kwargs={"pk": hearing.pk})


def public_urls(token, hearing):
    mailbox = hearing.mailboxes.get()
    device = mailbox.devices.first()
    return {
        "customer:sheet": reverse("customer:sheet", kwargs={"token": token}),
        "customer:profile": reverse("customer:profile", kwargs={"token": token, "mailbox_id": mailbox.pk}),
        "customer:autoconfig": reverse(
            "customer:autoconfig", kwargs={"token": token, "domain": mailbox.domain}
        ),
        "customer:dns": reverse("customer:dns", kwargs={"token": token}),
        "customer:guide": reverse("customer:guide", kwargs={"token": token, "device_id": device.pk}),
    }


def assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"  # the token never goes to another site


# Making a link --------------------------------------------------------------------


def test_a_new_link_is_shown_once_with_its_qr_code(director_client, complete):
    hearing = complete()
    response = director_client.post(create_url(hearing), {"days": "14", "note": "山田様 iPhone 用"})
    assert response.status_code == 200
    content = response.content.decode()
    token = LINK_IN_PAGE.search(content).group(1)
    assert len(token) == 43  # secrets.token_urlsafe(32)
    assert re.search(r'<svg [^>]*class="qr"><title>お客さま用リンクの QR コード</title>', content)
    assert "この画面を離れるとリンクは二度と表示されません" in content
    assert response["Cache-Control"] == "no-store"
    link = CustomerLink.objects.get()
    assert link.note == "山田様 iPhone 用" and link.created_by.username == "tanaka"
    assert abs(link.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)

    again = director_client.get(sheet_url(hearing)).content.decode()
    assert token not in again and 'class="new-link"' not in again  # the link is not shown again
    # Only the device QR codes the sheet prints (paper only) lead into the live link.
    assert again.count('class="qr"') == again.count('class="device-qr device-qr--paper"') == 1
    assert "山田様 iPhone 用" in again and "有効" in again and "未閲覧" in again

    assert Client().get(reverse("customer:sheet", args=[token])).status_code == 200


def test_a_link_lasts_30_days_unless_the_director_chooses(director_client, complete):
    hearing = complete()
    form = director_client.get(sheet_url(hearing)).content.decode()
    assert re.search(r'<option value="30" selected>30日間</option>', form)
    director_client.post(create_url(hearing), {"days": "30"})
    link = CustomerLink.objects.get()
    assert abs(link.expires_at - (link.created_at + timedelta(days=30))) < timedelta(seconds=5)


def test_htmx_swaps_only_the_links_panel(director_client, complete):
    hearing = complete()
    response = director_client.post(create_url(hearing), {"days": "7"}, **HTMX)
    content = response.content.decode()
    assert content.startswith('<section id="customer-links"') and "<html" not in content
    assert LINK_IN_PAGE.search(content)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_expiry_is_refused_in_japanese_and_keeps_the_note(director_client, complete, htmx):
    hearing = complete()
    response = director_client.post(
        create_url(hearing), {"days": "365", "note": "山田様"}, **(HTMX if htmx else {})
    )
    assert response.status_code == (200 if htmx else 400)
    content = response.content.decode()
    assert "有効期限は一覧から選んでください。" in content
    assert 'value="山田様"' in content
    assert not CustomerLink.objects.exists()


def test_links_are_made_only_for_completed_hearings(director_client, make_hearing):
    draft = make_hearing()
    response = director_client.post(create_url(draft), {"days": "30"})
    assert response["Location"] == reverse("wizard:resume", kwargs={"pk": draft.pk})
    assert not CustomerLink.objects.exists()


def test_staff_without_link_permissions_cannot_make_or_revoke_links(
    client, django_user_model, complete, link_token
):
    hearing = complete()
    link_token(hearing)
    viewer = django_user_model.objects.create_user(username="viewer", password="x" * 16, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_hearing"))
    client.force_login(viewer)
    assert "リンクと QR コードを作成" not in client.get(sheet_url(hearing)).content.decode()
    assert client.post(create_url(hearing), {"days": "30"}).status_code == 403
    link = CustomerLink.objects.get()
    revoke = reverse("wizard:customer_link_revoke", kwargs={"pk": hearing.pk, "link_id": link.pk})
    assert client.post(revoke).status_code == 403
    assert CustomerLink.objects.get().revoked_at is None


# Never stored in plain text -----------------------------------------------------------


def test_the_token_is_stored_nowhere_in_plain_text(director_client, complete, caplog):
    hearing = complete()
    caplog.set_level(logging.DEBUG)
    response = director_client.post(create_url(hearing), {"days": "30"})
    token = LINK_IN_PAGE.search(response.content.decode()).group(1)
    visitor = Client()
    for url in public_urls(token, hearing).values():
        assert visitor.get(url).status_code == 200

    assert CustomerLink.objects.get().token_hash == hashlib.sha256(token.encode()).hexdigest()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert token not in dump.getvalue()
    for session in Session.objects.all():
        assert token not in str(session.get_decoded())
    assert not any(token in record.getMessage() for record in caplog.records)


def test_logs_never_show_a_token_even_for_refused_links(complete, link_token, caplog):
    hearing = complete()
    token = link_token(hearing)
    CustomerLink.objects.update(revoked_at=timezone.now())
    caplog.set_level(logging.INFO)
    for wrong in (token, token[:-1]):
        Client().get(reverse("customer:sheet", args=[wrong]))  # 410, then 404: both logged by Django
    messages = [record.getMessage() for record in caplog.records if record.name == "django.request"]
    assert messages == ["Gone: /sheet/[redacted]/", "Not Found: /sheet/[redacted]/"]


# Expired, revoked, unknown ----------------------------------------------------------------


def test_an_expired_link_is_gone_everywhere(client, complete, link_token):
    hearing = complete(devices=(("smartphone", "ios_mail"),))
    token = link_token(hearing, days=7)
    CustomerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for name, url in public_urls(token, hearing).items():
        response = client.get(url)
        assert response.status_code == 410, name
        assert_private(response)
        assert "リンクの有効期限が切れています" in response.content.decode()
        assert response["Content-Type"].startswith("text/html")


def test_a_revoked_link_is_gone_everywhere(director_client, complete, link_token):
    client = Client()
    hearing = complete(devices=(("smartphone", "ios_mail"),))
    token = link_token(hearing)
    assert client.get(reverse("customer:sheet", args=[token])).status_code == 200
    link = CustomerLink.objects.get()
    response = director_client.post(
        reverse("wizard:customer_link_revoke", kwargs={"pk": hearing.pk, "link_id": link.pk})
    )
    assert response["Location"] == sheet_url(hearing)
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by.username == "tanaka"
    for name, url in public_urls(token, hearing).items():
        response = client.get(url)
        assert response.status_code == 410, name
        assert "このリンクは無効になっています" in response.content.decode()
    panel = director_client.get(sheet_url(hearing)).content.decode()
    assert "無効化済み" in panel and ">無効にする<" not in panel


def test_revoking_through_htmx_swaps_the_panel(director_client, complete, link_token):
    hearing = complete()
    link_token(hearing)
    link = CustomerLink.objects.get()
    url = reverse("wizard:customer_link_revoke", kwargs={"pk": hearing.pk, "link_id": link.pk})
    response = director_client.post(url, **HTMX)
    content = response.content.decode()
    assert content.startswith('<section id="customer-links"') and "無効化済み" in content
    assert customer_link_revoke(link=link, user=None) is False  # already revoked: nothing changes
    assert CustomerLink.objects.get().revoked_by.username == "tanaka"


def test_a_link_cannot_be_revoked_through_another_hearing(director_client, complete, link_token):
    first, second = complete(), complete()
    link_token(first)
    link = CustomerLink.objects.get()
    response = director_client.post(
        reverse("wizard:customer_link_revoke", kwargs={"pk": second.pk, "link_id": link.pk})
    )
    assert response.status_code == 404
    assert CustomerLink.objects.get().revoked_at is None


def test_unknown_tokens_find_nothing(client, complete, link_token):
    hearing = complete()
    token = link_token(hearing)
    for wrong in (token[:-1], token.upper(), "a" * 43, "x" * 200):
        for name, url in public_urls(wrong, hearing).items():
            response = client.get(url)
            assert response.status_code == 404, (name, wrong)
            assert_private(response)


def test_a_link_only_reaches_its_own_hearing(client, complete, link_token):
    mine, other = complete(), complete()
    token = link_token(mine)
    other_mailbox = other.mailboxes.get()
    other_device = other_mailbox.devices.get()
    assert (
        client.get(
            reverse("customer:guide", kwargs={"token": token, "device_id": other_device.pk})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("customer:autoconfig", kwargs={"token": token, "domain": "other.example"})
        ).status_code
        == 404
    )


def test_opening_a_link_is_recorded_for_the_director(client, director_client, complete, link_token):
    hearing = complete()
    token = link_token(hearing)
    response = client.get(reverse("customer:sheet", args=[token]))
    assert_private(response)
    assert CustomerLink.objects.get().last_opened_at is not None
    assert "未閲覧" not in director_client.get(sheet_url(hearing)).content.decode()


def test_deleting_the_hearing_ends_its_links(client, complete, link_token):
    hearing = complete()
    token = link_token(hearing)
    Hearing.objects.filter(pk=hearing.pk).delete()
    assert not CustomerLink.objects.exists()
    assert client.get(reverse("customer:sheet", args=[token])).status_code == 404


# What the customer sees -------------------------------------------------------------------


STAFF_ONLY = {
    "notes": "社内メモ: 値引き交渉中",
    "contact_name": "山田太郎",
    "contact_email": "yamada@customer.example",
    "contact_phone": "03-1234-5678",
}


def test_the_customer_page_leaks_nothing_staff_only(
    client, django_user_model, complete, director, link_token
):
    director.first_name, director.last_name, director.email = "一郎", "田中", "tanaka@agency.example"
    director.save()
    hearing = complete(devices=(("smartphone", "ios_mail"), ("pc", "thunderbird")), **STAFF_ONLY)
    token = link_token(hearing, note="山田様 iPhone 用")
    Device.objects.filter(mailbox__hearing=hearing).update(label="")
    forbidden = [
        *STAFF_ONLY.values(), "一郎", "田中", "tanaka", "山田様 iPhone 用",
        "ヒアリング一覧", "回答を修正する", "お客さま用リンク", "/wizard/", "/admin/",
    ]  # fmt: skip
    urls = public_urls(token, hearing)
    urls["second_guide"] = reverse(
        "customer:guide", kwargs={"token": token, "device_id": hearing.mailboxes.get().devices.last().pk}
    )
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        leaked = [text for text in forbidden if text in body]
        assert leaked == [], name
        assert_private(response)


def test_the_customer_page_lists_only_their_guides_in_device_order(
    client, complete, link_token, starter_articles_loaded
):
    devices = (("smartphone", "ios_mail"), ("pc", "thunderbird"), ("pc", "outlook_classic"))
    hearing = complete(devices=devices)
    token = link_token(hearing)
    content = client.get(reverse("customer:sheet", args=[token])).content.decode()
    guide_list = content.split('class="personal-guides__list"')[1].split("</ol>")[0]
    device_ids = [int(pk) for pk in re.findall(r"/guides/(\d+)/", guide_list)]
    assert device_ids == list(hearing.mailboxes.get().devices.values_list("pk", flat=True))
    assert "iPhone・iPadの「メール」" in guide_list and "Thunderbird" in guide_list
    assert "/articles/guide-becky/" not in content and "/articles/guide-gmail-android/" not in content


def test_a_personal_guide_has_the_devices_values_filled_in(
    client, complete, link_token, starter_articles_loaded
):
    hearing = complete(devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    Mailbox.objects.update(people=2, smtp_port="587")
    hearing = Hearing.objects.get(pk=hearing.pk)
    from wizard.services import hearing_complete

    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=hearing.director)
    mailbox = hearing.mailboxes.get()
    assert (issued_advice(hearing, mailbox).protocol, issued_advice(hearing, mailbox).delete_after_days) == (
        "pop",
        30,
    )
    token = link_token(hearing)
    thunderbird, iphone = mailbox.devices.all()

    def filled(body):
        return dict(
            re.findall(r'<strong class="slot slot--filled" data-slot="([a-z_]+)">([^<]*)</strong>', body)
        )

    body = client.get(
        reverse("customer:guide", kwargs={"token": token, "device_id": thunderbird.pk})
    ).content.decode()
    assert "Thunderbirdの設定手順" in body
    values = filled(body)
    assert values["incoming_host"] == values["outgoing_host"] == "mail.example.com"
    assert (values["incoming_port"], values["outgoing_port"], values["outgoing_security"]) == (
        "995",
        "587",
        "STARTTLS",
    )
    assert (values["protocol"], values["days"]) == ("POP", "30")
    assert "設定シートの受信サーバー名" not in body  # no general phrase left where a value exists

    body = client.get(
        reverse("customer:guide", kwargs={"token": token, "device_id": iphone.pk})
    ).content.decode()
    values = filled(body)
    assert values["delete_after"] == "「サーバから削除」で「しない」を選びます"  # the Thunderbird PC deletes
    assert values["address"] == "user0@example.com"
    assert (
        "apple.mobileconfig" in body and "構成プロファイルには、この項目を設定するしくみがありません" in body
    )


def test_a_personal_guide_without_its_article_still_gives_the_values(client, complete, link_token):
    hearing = complete(devices=(("pc", "becky"),))
    token = link_token(hearing)
    device = hearing.mailboxes.get().devices.get()
    body = client.get(
        reverse("customer:guide", kwargs={"token": token, "device_id": device.pk})
    ).content.decode()
    assert "このメールソフトの手順記事は、現在公開されていません。" in body
    assert "mail.example.com" in body and "（ポート995・SSL/TLS）" in body


def test_a_director_can_preview_the_personal_guide(director_client, complete):
    hearing = complete()
    device = hearing.mailboxes.get().devices.get()
    response = director_client.get(reverse("wizard:guide", kwargs={"pk": hearing.pk, "device_id": device.pk}))
    assert response.status_code == 200
    assert "お客さまがリンクから開いたときの表示です" in response.content.decode()


def test_the_link_and_the_sheets_links_use_the_site_url_not_the_request_host(
    director_client, complete, settings
):
    settings.SITE_URL = "https://mail-navi.example.jp"
    hearing = complete()
    created = director_client.post(create_url(hearing), {"days": "14"}, HTTP_HOST="testserver:8443")
    content = created.content.decode()
    token = LINK_IN_PAGE.search(content).group(1)
    assert f'value="https://mail-navi.example.jp/sheet/{token}/"' in content
    sheet = Client(HTTP_HOST="testserver:8443").get(reverse("customer:sheet", args=[token])).content.decode()
    assert 'href="https://mail-navi.example.jp/articles/' in sheet and "testserver" not in sheet
