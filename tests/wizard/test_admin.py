"""Hearings in the admin: directors and superusers may look, never change.

The wizard is the only write path (validation, the version lock, the reopen
rule); the admin only erases, through the same service as the wizard."""

import pytest
from django.urls import reverse

from wizard.handoff.files import dns_srv_records
from wizard.handoff.record import SheetRecord
from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

from .conftest import server_data, step_url

EVIL_HOSTS = [
    "mail.example.com\r\n_imaps._tcp.example.com. 3600 IN SRV 0 1 993 evil.example.",
    "mail.example.com\n.evil.example",
    "mail\u200b.example.com",  # zero-width space
    "mail\u00ad.example.com",  # soft hyphen
    "mail\u2060.example.com",  # word joiner
    "mail\ufeff.example.com",
    "mail.exa mple.com",
]


@pytest.fixture(params=["director", "superuser"])
def admin_client(request, client, director, django_user_model):
    user = director
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser(username="boss", password="x" * 16)
    client.force_login(user)
    return client


def change_data(hearing: Hearing) -> dict:
    return {
        "company": "書き換えた会社", "contact_name": "x", "contact_email": "", "contact_phone": "",
        "director": hearing.director_id, "consulted_on": "2026-11-27", "notes": "", "status": "draft",
        "mailboxes-TOTAL_FORMS": "1", "mailboxes-INITIAL_FORMS": "1", "mailboxes-0-id": hearing.mailboxes.get().pk,
        "mailboxes-0-hearing": hearing.pk, "mailboxes-0-incoming_host": EVIL_HOSTS[0],
        "_save": "保存",
    }  # fmt: skip


def test_hearings_are_shown_read_only_in_the_admin(admin_client, make_hearing):
    hearing = make_hearing()
    page = admin_client.get(reverse("admin:wizard_hearing_change", args=[hearing.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "株式会社テスト" in content and 'name="_save"' not in content and 'name="company"' not in content


def test_a_crafted_change_post_is_refused_and_changes_nothing(admin_client, make_hearing):
    hearing = make_hearing()
    url = reverse("admin:wizard_hearing_change", args=[hearing.pk])
    assert admin_client.post(url, change_data(hearing)).status_code == 403
    mailbox = hearing.mailboxes.get()
    data = {"hearing": hearing.pk, "address": "evil@example.com", "people": "1", "incoming_host": EVIL_HOSTS[0],
            "outgoing_host": "x", "smtp_port": "465", "devices-TOTAL_FORMS": "0", "devices-INITIAL_FORMS": "0"}  # fmt: skip
    assert (
        admin_client.post(reverse("admin:wizard_mailbox_change", args=[mailbox.pk]), data).status_code == 403
    )
    unchanged = Hearing.objects.get(pk=hearing.pk)
    assert unchanged.company == "株式会社テスト" and unchanged.version == hearing.version
    assert Mailbox.objects.get().incoming_host == "mail.example.com"


@pytest.mark.parametrize("model", ["hearing", "mailbox"])
def test_hearings_and_addresses_cannot_be_added_or_deleted_in_the_admin(admin_client, make_hearing, model):
    hearing = make_hearing()
    obj = hearing if model == "hearing" else hearing.mailboxes.get()
    assert admin_client.get(reverse(f"admin:wizard_{model}_add")).status_code == 403
    assert admin_client.post(reverse(f"admin:wizard_{model}_add"), {}).status_code == 403
    assert (
        admin_client.post(reverse(f"admin:wizard_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = reverse(f"admin:wizard_{model}_changelist")
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert Hearing.objects.filter(pk=hearing.pk).exists() and Mailbox.objects.exists()


@pytest.mark.parametrize("model", ["device", "customerlink", "sheetissue"])
def test_devices_links_and_issues_have_no_admin_pages_of_their_own(admin_client, model):
    assert admin_client.get(f"/admin/wizard/{model}/").status_code == 404


def test_the_admins_erase_action_deletes_through_the_wizards_service(admin_client, make_hearing):
    hearing = make_hearing()
    changelist = reverse("admin:wizard_hearing_changelist")
    admin_client.post(changelist, {"action": "erase", "_selected_action": [hearing.pk]})
    assert not Hearing.objects.exists() and not Mailbox.objects.exists() and not Device.objects.exists()


# Host names reach files (the DNS records, the autoconfig XML, the Apple profile).


@pytest.mark.parametrize("host", EVIL_HOSTS)
def test_a_host_name_with_line_breaks_or_invisible_characters_is_refused(director_client, make_hearing, host):
    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    response = director_client.post(step_url(hearing, "server"), server_data(mailbox, incoming_host=host))
    assert response.status_code == 200 and "サーバー名の形式が正しくありません" in response.content.decode()
    assert Mailbox.objects.get().incoming_host == "mail.example.com"


def test_dns_records_never_carry_a_stored_host_that_is_not_a_host_name(make_hearing, director):
    hearing = make_hearing()
    Mailbox.objects.update(incoming_host=EVIL_HOSTS[0], outgoing_host="smtp\u200b.example.com")
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    records = dns_srv_records(hearing.latest_issue().read().addresses)
    assert "evil" not in records and "\u200b" not in records and "\r" not in records
    lines = records.splitlines()
    assert all(line.startswith(";") or " IN SRV " in line for line in lines)
    assert [
        line for line in lines if " IN SRV " in line and not line.endswith(" .")
    ] == []  # "not offered" only


@pytest.mark.parametrize("host", ["mail.example.com\x01", EVIL_HOSTS[0], "mail\u200b.example.com"])
def test_a_stored_host_that_is_not_a_host_name_gives_an_explanation_instead_of_a_file(
    client, director_client, make_hearing, director, link_token, host
):
    hearing = make_hearing()
    Mailbox.objects.update(incoming_host=host)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    mailbox = hearing.mailboxes.get()
    token = link_token(hearing)
    customer = [
        reverse("customer:profile", kwargs={"token": token, "mailbox_id": mailbox.pk}),
        reverse("customer:autoconfig", kwargs={"token": token, "domain": "example.com"}),
    ]
    for url in customer:
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 409 and "設定ファイルを作れませんでした" in content
        assert "担当ディレクターにご連絡ください" in content and host not in content
    staff = director_client.get(
        reverse("wizard:profile", kwargs={"pk": hearing.pk, "mailbox_id": mailbox.pk})
    ).content.decode()
    assert "「サーバー」の手順でサーバー名を入力し直して" in staff


def test_dns_records_name_international_hosts_in_their_ascii_form(make_hearing, director):
    hearing = make_hearing()
    Mailbox.objects.update(incoming_host="メール.example.jp", outgoing_host="メール.example.jp")
    records = dns_srv_records(SheetRecord.live(hearing, hearing.mailboxes.with_devices()).addresses)
    assert "xn--" in records and "メール" not in records.split("\n", 2)[-1]
