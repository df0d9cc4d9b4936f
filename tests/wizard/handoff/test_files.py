"""Hand-off files: each one parsed and checked field by field against the hearing."""

import plistlib
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from wizard.models import Mailbox

from ..conftest import issued_advice


def staff_and_public(client, director_client, token, staff_name, public_name, hearing, **kwargs):
    """The same file through the staff sheet and through the customer's link
    (``director_client`` is ``client`` logged in: it logs out in between)."""
    staff = director_client.get(reverse(f"wizard:{staff_name}", kwargs={"pk": hearing.pk, **kwargs}))
    client.logout()
    public = client.get(reverse(public_name, kwargs={"token": token, **kwargs}))
    return staff, public


@pytest.fixture
def pop_hearing(make_hearing, director):
    """One address read by 3 people (shared → POP), STARTTLS on 587, quota that allows 30 days."""
    from wizard.services import hearing_complete

    hearing = make_hearing(
        devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")), company="株式会社テスト"
    )
    Mailbox.objects.update(smtp_port="587", people=3, quota_mb=2000, daily_mb=10)
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


def test_thunderbird_autoconfig_for_a_pop_address(client, director_client, pop_hearing, link_token):
    mailbox = pop_hearing.mailboxes.get()
    advice = issued_advice(pop_hearing, mailbox)
    assert (advice.protocol, advice.delete_after_days) == ("pop", 30)
    for response in staff_and_public(
        client, director_client, link_token(pop_hearing), "autoconfig", "customer:autoconfig", pop_hearing,
        domain=mailbox.domain,
    ):  # fmt: skip
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        assert response["Content-Disposition"] == 'attachment; filename="config-v1.1.xml"'
        root = ET.fromstring(response.content)
        assert root.tag == "clientConfig" and root.get("version") == "1.1"
        provider = root.find("emailProvider")
        assert provider.get("id") == provider.findtext("domain") == "example.com"
        assert provider.findtext("displayName") == "株式会社テスト"
        incoming = provider.find("incomingServer")
        assert incoming.get("type") == "pop3"
        assert {child.tag: child.text for child in incoming if child.tag != "pop3"} == {
            "hostname": mailbox.incoming_host,
            "port": "995",
            "socketType": "SSL",
            "username": "%EMAILADDRESS%",
            "authentication": "password-cleartext",
        }
        assert incoming.findtext("pop3/leaveMessagesOnServer") == "true"
        assert incoming.findtext("pop3/daysToLeaveMessagesOnServer") == str(advice.delete_after_days)
        outgoing = provider.find("outgoingServer")
        assert outgoing.get("type") == "smtp"
        assert {child.tag: child.text for child in outgoing} == {
            "hostname": mailbox.outgoing_host,
            "port": "587",
            "socketType": "STARTTLS",
            "username": "%EMAILADDRESS%",
            "authentication": "password-cleartext",
        }
        assert b"password" not in response.content.replace(b"password-cleartext", b"")


def test_thunderbird_autoconfig_for_an_imap_address_has_no_pop_retention(director_client, complete):
    hearing = complete(devices=(("pc", "thunderbird"), ("smartphone", "gmail_android")))
    mailbox = hearing.mailboxes.get()
    assert issued_advice(hearing, mailbox).protocol == "imap"
    response = director_client.get(
        reverse("wizard:autoconfig", kwargs={"pk": hearing.pk, "domain": mailbox.domain})
    )
    incoming = ET.fromstring(response.content).find("emailProvider/incomingServer")
    assert (incoming.get("type"), incoming.findtext("port"), incoming.findtext("socketType")) == (
        "imap",
        "993",
        "SSL",
    )
    assert incoming.find("pop3") is None
    outgoing = ET.fromstring(response.content).find("emailProvider/outgoingServer")
    assert (outgoing.findtext("port"), outgoing.findtext("socketType")) == ("465", "SSL")


def test_apple_profile_for_a_pop_address(client, director_client, pop_hearing, link_token):
    mailbox = pop_hearing.mailboxes.get()
    staff, public = staff_and_public(
        client, director_client, link_token(pop_hearing), "profile", "customer:profile", pop_hearing,
        mailbox_id=mailbox.pk,
    )  # fmt: skip
    assert staff.content == public.content  # stable: same identifiers every time
    for response in (staff, public):
        assert response["Content-Type"] == "application/x-apple-aspen-config"
        assert response["Content-Disposition"] == 'attachment; filename="user0_at_example.com.mobileconfig"'
        profile = plistlib.loads(response.content)
        assert profile["PayloadType"] == "Configuration"
        assert profile["PayloadDisplayName"] == "user0@example.com のメール設定"
        assert "パスワードは含まれていません" in profile["PayloadDescription"]
        (account,) = profile["PayloadContent"]
        assert account["PayloadType"] == "com.apple.mail.managed"
        assert account["PayloadDisplayName"] == "メールアカウント (user0@example.com)"
        assert profile["PayloadOrganization"] == "メール設定ナビ"
        assert account["PayloadIdentifier"].startswith(profile["PayloadIdentifier"])
        assert account["PayloadUUID"] != profile["PayloadUUID"]
        expected = {
            "EmailAccountType": "EmailTypePOP",
            "EmailAddress": mailbox.address,
            "IncomingMailServerHostName": mailbox.incoming_host,
            "IncomingMailServerPortNumber": 995,
            "IncomingMailServerUseSSL": True,
            "IncomingMailServerAuthentication": "EmailAuthPassword",
            "IncomingMailServerUsername": mailbox.address,
            "OutgoingMailServerHostName": mailbox.outgoing_host,
            "OutgoingMailServerPortNumber": 587,
            "OutgoingMailServerUseSSL": True,
            "OutgoingMailServerAuthentication": "EmailAuthPassword",
            "OutgoingMailServerUsername": mailbox.address,
        }
        assert {key: account[key] for key in expected} == expected
        assert not any(
            "Password" in key and key != "OutgoingPasswordSameAsIncomingPassword" for key in account
        )


def test_apple_profile_for_an_imap_address(director_client, complete):
    hearing = complete(devices=(("pc", "apple_mail"), ("smartphone", "ios_mail")))
    mailbox = hearing.mailboxes.get()
    response = director_client.get(
        reverse("wizard:profile", kwargs={"pk": hearing.pk, "mailbox_id": mailbox.pk})
    )
    (account,) = plistlib.loads(response.content)["PayloadContent"]
    assert account["EmailAccountType"] == "EmailTypeIMAP"
    assert (account["IncomingMailServerPortNumber"], account["IncomingMailServerUseSSL"]) == (993, True)
    assert (account["OutgoingMailServerPortNumber"], account["OutgoingMailServerUseSSL"]) == (465, True)


def srv_records(text: str) -> dict[str, tuple[str, ...]]:
    records = {}
    for line in text.splitlines():
        if not line or line.startswith(";"):
            continue
        owner, ttl, klass, kind, *data = line.split()
        assert (ttl, klass, kind) == ("3600", "IN", "SRV")
        records.setdefault(owner, []).append(tuple(data))
    return records


def test_dns_records_name_the_recommended_services(client, director_client, pop_hearing, link_token):
    mailbox = pop_hearing.mailboxes.get()
    staff, public = staff_and_public(
        client, director_client, link_token(pop_hearing), "dns", "customer:dns", pop_hearing
    )
    assert staff.content == public.content
    assert public["Content-Type"] == "text/plain; charset=utf-8"
    assert srv_records(public.content.decode()) == {
        "_pop3s._tcp.example.com.": [("0", "1", "995", f"{mailbox.incoming_host}.")],
        "_submission._tcp.example.com.": [("0", "1", "587", f"{mailbox.outgoing_host}.")],
        "_pop3._tcp.example.com.": [("0", "0", "0", ".")],
        "_imap._tcp.example.com.": [("0", "0", "0", ".")],
    }


def test_dns_records_of_a_domain_with_pop_and_imap_addresses(director_client, make_hearing, director):
    from wizard.models import Device
    from wizard.services import hearing_complete

    hearing = make_hearing(mailboxes=3, devices=(("pc", "outlook_classic"),))
    shared, single, other = hearing.mailboxes.order_by("position")
    Mailbox.objects.filter(pk=shared.pk).update(people=2)  # → POP
    Device.objects.create(mailbox=single, kind="smartphone", client="ios_mail", position=1)  # → IMAP
    Mailbox.objects.filter(pk=other.pk).update(
        address="info@other.example", incoming_host="pop.other.example"
    )
    Device.objects.create(mailbox=other, kind="smartphone", client="ios_mail", position=1)  # → IMAP
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    text = director_client.get(reverse("wizard:dns", kwargs={"pk": hearing.pk})).content.decode()
    records = srv_records(text)
    # example.com: POP is read by two people, IMAP by one: POP first (RFC 6186 priority).
    assert records["_pop3s._tcp.example.com."] == [("0", "1", "995", "mail.example.com.")]
    assert records["_imaps._tcp.example.com."] == [("10", "1", "993", "mail.example.com.")]
    assert records["_submissions._tcp.example.com."] == [("0", "1", "465", "mail.example.com.")]
    assert records["_imaps._tcp.other.example."] == [("0", "1", "993", "pop.other.example.")]
    assert "_pop3s._tcp.other.example." not in records
    assert ";   user0@example.com: POP" in text and ";   user1@example.com: IMAP" in text


def test_the_sheet_offers_the_profile_only_where_an_apple_device_reads(client, complete, link_token):
    plain = complete(devices=(("pc", "thunderbird"),))
    content = client.get(reverse("customer:sheet", args=[link_token(plain)])).content.decode()
    assert ".mobileconfig" not in content
    assert "config-v1.1.xml" in content and "dns-srv-records.txt" in content
    apple = complete(devices=(("smartphone", "ios_mail"),))
    content = client.get(reverse("customer:sheet", args=[link_token(apple)])).content.decode()
    assert "apple.mobileconfig" in content


def test_iphone_on_pop_gets_manual_steps_to_keep_the_server_copies(client, pop_hearing, link_token):
    content = client.get(reverse("customer:sheet", args=[link_token(pop_hearing)])).content.decode()
    assert "構成プロファイルでは設定できません" in content
    # Thunderbird deletes after 30 days, so the iPhone keeps (policy v2): 「しない」, never 「7日後」.
    assert "「サーバから削除」をタップし、「しない」を選びます。" in content
    assert "「7日後」" not in content
    assert "user0@example.comのアカウントをタップします。" in content


def test_iphone_on_imap_gets_no_retention_steps(client, complete, link_token):
    hearing = complete(devices=(("pc", "thunderbird"), ("smartphone", "ios_mail")))
    assert issued_advice(hearing, hearing.mailboxes.get()).protocol == "imap"
    content = client.get(reverse("customer:sheet", args=[link_token(hearing)])).content.decode()
    assert "構成プロファイルでは設定できません" not in content


def test_handoff_files_need_a_completed_hearing_and_its_own_mailbox(
    client, director_client, make_hearing, complete, link_token
):
    draft = make_hearing()
    mailbox = draft.mailboxes.get()
    assert (
        director_client.get(
            reverse("wizard:profile", kwargs={"pk": draft.pk, "mailbox_id": mailbox.pk})
        ).status_code
        == 404
    )
    assert (
        director_client.get(
            reverse("wizard:autoconfig", kwargs={"pk": draft.pk, "domain": mailbox.domain})
        ).status_code
        == 404
    )
    assert director_client.get(reverse("wizard:dns", kwargs={"pk": draft.pk})).status_code == 404
    done = complete()
    token = link_token(done)
    # Another hearing's address or domain through this hearing's link: not found.
    assert (
        client.get(reverse("customer:profile", kwargs={"token": token, "mailbox_id": mailbox.pk})).status_code
        == 404
    )
    assert (
        client.get(
            reverse("customer:autoconfig", kwargs={"token": token, "domain": "other.example"})
        ).status_code
        == 404
    )
