import plistlib
from xml.etree import ElementTree as ET

from django.urls import reverse

from wizard.models import Mailbox
from wizard.services import hearing_complete


def completed(make_hearing, director, **kwargs):
    hearing = make_hearing(**kwargs)
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


def test_thunderbird_autoconfig_for_a_pop_address(director_client, make_hearing, director):
    hearing = make_hearing(devices=(("pc", "thunderbird"),))
    Mailbox.objects.update(smtp_port="587", people=3)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    mailbox = hearing.mailboxes.get()
    response = director_client.get(
        reverse("wizard:autoconfig", kwargs={"pk": hearing.pk, "mailbox_id": mailbox.pk})
    )
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    provider = root.find("emailProvider")
    assert provider.findtext("domain") == "example.com"
    incoming = provider.find("incomingServer")
    assert incoming.get("type") == "pop3"
    assert (incoming.findtext("hostname"), incoming.findtext("port"), incoming.findtext("socketType")) == (
        "mail.example.com", "995", "SSL",
    )  # fmt: skip
    assert incoming.findtext("username") == "%EMAILADDRESS%"
    assert incoming.findtext("pop3/leaveMessagesOnServer") == "true"
    assert incoming.findtext("pop3/daysToLeaveMessagesOnServer") == "30"
    outgoing = provider.find("outgoingServer")
    assert (outgoing.findtext("port"), outgoing.findtext("socketType")) == ("587", "STARTTLS")
    assert b"password" not in response.content.replace(b"password-cleartext", b"")


def test_apple_profile_for_an_imap_address_has_no_password(client, director_client, make_hearing, director):
    hearing = completed(make_hearing, director, devices=(("pc", "apple_mail"), ("smartphone", "ios_mail")))
    mailbox = hearing.mailboxes.get()
    staff = director_client.get(
        reverse("wizard:profile", kwargs={"pk": hearing.pk, "mailbox_id": mailbox.pk})
    )
    public = client.get(reverse("sheet_profile", args=[hearing.sheet_token, mailbox.pk]))
    for response in (staff, public):
        assert response["Content-Type"] == "application/x-apple-aspen-config"
        profile = plistlib.loads(response.content)
        account = profile["PayloadContent"][0]
        assert account["PayloadType"] == "com.apple.mail.managed"
        assert account["EmailAccountType"] == "EmailTypeIMAP"
        assert (account["IncomingMailServerPortNumber"], account["IncomingMailServerUseSSL"]) == (993, True)
        assert (account["OutgoingMailServerPortNumber"], account["OutgoingMailServerUseSSL"]) == (465, True)
        assert account["IncomingMailServerUsername"] == "user0@example.com"
        assert not any(
            "Password" in key and key != "OutgoingPasswordSameAsIncomingPassword" for key in account
        )


def test_the_sheet_offers_the_profile_only_where_an_apple_device_reads(
    director_client, make_hearing, director
):
    hearing = completed(make_hearing, director, devices=(("pc", "thunderbird"),))
    content = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert ".mobileconfig" not in content and "config-v1.1.xml" in content
    apple = completed(make_hearing, director, devices=(("smartphone", "ios_mail"),))
    public = director_client.get(reverse("sheet_public", args=[apple.sheet_token])).content.decode()
    assert "apple.mobileconfig" in public and "config-v1.1.xml" not in public


def test_handoff_files_need_a_completed_hearing_and_its_own_mailbox(
    client, director_client, make_hearing, director
):
    draft = make_hearing()
    mailbox = draft.mailboxes.get()
    url = reverse("wizard:profile", kwargs={"pk": draft.pk, "mailbox_id": mailbox.pk})
    assert director_client.get(url).status_code == 404
    done = completed(make_hearing, director)
    assert client.get(reverse("sheet_profile", args=[done.sheet_token, mailbox.pk])).status_code == 404
