"""Hand-off files for an international (IDN) domain and an ASCII one, read the
way their consumers read them: Thunderbird's autoconfig rules, Apple's plist,
dnspython for the zone lines; file names per RFC 6266; optional CMS signing."""

import datetime
import plistlib
import re
import shutil
import subprocess
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import dns.rdatatype
import dns.zone
import pytest
from django.urls import reverse

from wizard.models import Device, Hearing, Mailbox
from wizard.services import hearing_complete

IDN = "名古屋精機.jp"
IDN_ASCII = "xn--7orpdr10a57o3uv.jp"
# Thunderbird's Sanitizer.hostname (comm-central, mail/components/accountcreation/
# modules/Sanitizer.sys.mjs): letters, digits, "-" and "." only, no IDN.
TB_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]", re.I)
# readFromXML.sys.mjs: the values it translates (anything else: the server is skipped).
TB_SOCKET = {"plain", "SSL", "STARTTLS"}
TB_AUTH = {"password-cleartext", "plain", "password-encrypted", "secure", "GSSAPI", "NTLM", "OAuth2"}


def thunderbird_reads(content: bytes, domain: str) -> dict:
    """The fields Thunderbird takes from an autoconfig file, or AssertionError
    where its reader would reject the file or skip a server."""
    root = ET.fromstring(content)
    assert root.tag == "clientConfig"
    provider = root.find("emailProvider")
    assert TB_HOST.fullmatch(provider.get("id")), provider.get("id")
    domains = [element.text for element in provider.findall("domain")]
    assert domain in domains and all(TB_HOST.fullmatch(name) for name in domains), domains

    def server(element, kinds):
        assert element.get("type") in kinds
        assert TB_HOST.fullmatch(element.findtext("hostname")), element.findtext("hostname")
        assert 1 <= int(element.findtext("port")) <= 65535
        assert element.findtext("socketType") in TB_SOCKET
        assert element.findtext("authentication") in TB_AUTH
        assert element.findtext("username")
        fields = {child.tag: child.text for child in element if len(child) == 0}
        pop3 = element.find("pop3")
        if pop3 is not None:
            assert pop3.findtext("leaveMessagesOnServer") in {"true", "false"}
            fields["days"] = int(pop3.findtext("daysToLeaveMessagesOnServer"))
        return element.get("type"), fields

    incoming = [server(element, {"pop3", "imap"}) for element in provider.findall("incomingServer")]
    outgoing = [server(element, {"smtp"}) for element in provider.findall("outgoingServer")]
    assert incoming and outgoing
    return {"display": provider.findtext("displayName"), "incoming": incoming, "outgoing": outgoing}


def zone_records(text: str) -> dict[str, list]:
    """The SRV records dnspython reads from the file (every owner absolute)."""
    zone = dns.zone.from_text(text, origin="jp.", relativize=False, check_origin=False)
    return {
        name.to_text(): sorted((r.priority, r.weight, r.port, r.target.to_text()) for r in rdataset)
        for name, rdataset in zone.iterate_rdatasets(dns.rdatatype.SRV)
    }


@pytest.fixture
def two_domains(director):
    """An IDN domain shared by 4 people on POP and read by 1 on IMAP; an ASCII
    domain on IMAP. Host names as a director types them (Unicode)."""
    hearing = Hearing.objects.create(
        company="株式会社名古屋精機", director=director, consulted_on="2026-11-27"
    )
    info = Mailbox.objects.create(
        hearing=hearing, position=0, address=f"info@{IDN}", people=4, display_name="名古屋精機 受付",
        incoming_host=f"mail.{IDN}", outgoing_host=f"mail.{IDN}",
    )  # fmt: skip
    for position, (kind, client) in enumerate([("pc", "outlook_classic"), ("pc", "thunderbird")]):
        Device.objects.create(mailbox=info, position=position, kind=kind, client=client)
    owner = Mailbox.objects.create(
        hearing=hearing, position=1, address=f"shacho@{IDN}", people=1,
        incoming_host=f"mail.{IDN}", outgoing_host=f"mail.{IDN}",
    )  # fmt: skip
    Device.objects.create(mailbox=owner, position=0, kind="pc", client="apple_mail")
    Device.objects.create(mailbox=owner, position=1, kind="smartphone", client="ios_mail")
    ascii_box = Mailbox.objects.create(
        hearing=hearing, position=2, address="info@nagoya-seiki.co.jp", people=1,
        incoming_host="imap.nagoya-seiki.co.jp", outgoing_host="smtp.nagoya-seiki.co.jp",
    )  # fmt: skip
    Device.objects.create(mailbox=ascii_box, position=0, kind="smartphone", client="ios_mail")
    Device.objects.create(mailbox=ascii_box, position=1, kind="pc", client="thunderbird")
    return hearing_complete(hearing=hearing, version=hearing.version, user=director)


def test_one_autoconfig_file_per_domain_in_the_advised_order(director_client, two_domains):
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": two_domains.pk})).content.decode()
    # One file per domain, placed where Thunderbird looks, named in ASCII; the page shows Unicode.
    assert sheet.count("config-v1.1.xml</a>") == 2
    assert f"{IDN}のconfig-v1.1.xml" in sheet
    assert f"https://autoconfig.{IDN_ASCII}/mail/config-v1.1.xml" in sheet
    assert f"https://{IDN_ASCII}/.well-known/autoconfig/mail/config-v1.1.xml" in sheet
    assert "（Content-Typeはtext/xml）" in sheet

    for domain in (IDN, IDN_ASCII):  # either form of the name reaches the same file
        url = reverse("wizard:autoconfig", kwargs={"pk": two_domains.pk, "domain": domain})
        read = thunderbird_reads(director_client.get(url).content, IDN_ASCII)
        # POP is read by 4 people, IMAP by 1: POP first, and each server once.
        assert [(kind, fields["hostname"]) for kind, fields in read["incoming"]] == [
            ("pop3", f"mail.{IDN_ASCII}"),
            ("imap", f"mail.{IDN_ASCII}"),
        ]
        assert read["incoming"][0][1]["days"] == 30
        # True whether the customer types the address in Japanese script or in ASCII.
        assert read["incoming"][0][1]["username"] == f"%EMAILLOCALPART%@{IDN_ASCII}"
        assert [fields["hostname"] for _kind, fields in read["outgoing"]] == [f"mail.{IDN_ASCII}"]
        assert read["display"] == "株式会社名古屋精機"

    url = reverse("wizard:autoconfig", kwargs={"pk": two_domains.pk, "domain": "nagoya-seiki.co.jp"})
    read = thunderbird_reads(director_client.get(url).content, "nagoya-seiki.co.jp")
    assert [(kind, fields["hostname"], fields["port"]) for kind, fields in read["incoming"]] == [
        ("imap", "imap.nagoya-seiki.co.jp", "993")
    ]
    other = reverse("wizard:autoconfig", kwargs={"pk": two_domains.pk, "domain": "example.com"})
    assert director_client.get(other).status_code == 404


def test_apple_profiles_carry_ascii_names_and_the_display_name(director_client, two_domains):
    names = {}
    for mailbox in two_domains.mailboxes.order_by("position"):
        response = director_client.get(
            reverse("wizard:profile", kwargs={"pk": two_domains.pk, "mailbox_id": mailbox.pk})
        )
        (account,) = plistlib.loads(response.content)["PayloadContent"]
        for key in ("EmailAddress", "IncomingMailServerHostName", "OutgoingMailServerHostName"):
            assert account[key].isascii(), (key, account[key])
        names[mailbox.address] = (
            account["EmailAddress"], account["IncomingMailServerHostName"], account["EmailAccountName"],
        )  # fmt: skip
    assert names[f"info@{IDN}"] == (f"info@{IDN_ASCII}", f"mail.{IDN_ASCII}", "名古屋精機 受付")
    # Without a display name of its own, the company's name is the sender's name.
    assert names[f"shacho@{IDN}"][2] == "株式会社名古屋精機"
    assert names["info@nagoya-seiki.co.jp"][:2] == ("info@nagoya-seiki.co.jp", "imap.nagoya-seiki.co.jp")


def test_dns_records_parse_and_follow_the_readers(director_client, two_domains):
    text = director_client.get(reverse("wizard:dns", kwargs={"pk": two_domains.pk})).content.decode()
    records = zone_records(text)
    host = f"mail.{IDN_ASCII}."
    # 4 people read the IDN domain by POP, 1 by IMAP: POP gets priority 0.
    assert records[f"_pop3s._tcp.{IDN_ASCII}."] == [(0, 1, 995, host)]
    assert records[f"_imaps._tcp.{IDN_ASCII}."] == [(10, 1, 993, host)]
    assert records[f"_submissions._tcp.{IDN_ASCII}."] == [(0, 1, 465, host)]
    assert records[f"_pop3._tcp.{IDN_ASCII}."] == [(0, 0, 0, ".")]
    assert records["_imaps._tcp.nagoya-seiki.co.jp."] == [(0, 1, 993, "imap.nagoya-seiki.co.jp.")]
    assert records["_submissions._tcp.nagoya-seiki.co.jp."] == [(0, 1, 465, "smtp.nagoya-seiki.co.jp.")]
    assert "_pop3s._tcp.nagoya-seiki.co.jp." not in records
    record_lines = [line for line in text.splitlines() if line and not line.startswith(";")]
    assert all(line.isascii() for line in record_lines)


def test_srv_priority_counts_people_not_addresses(director_client, director):
    """Two single-reader IMAP addresses and one POP address read by five: POP first."""
    hearing = Hearing.objects.create(company="株式会社テスト", director=director, consulted_on="2026-11-27")
    for position, (local, people, clients) in enumerate(
        [
            ("a", 1, ["ios_mail", "thunderbird"]),
            ("b", 1, ["ios_mail", "apple_mail"]),
            ("info", 5, ["thunderbird"]),
        ]
    ):
        mailbox = Mailbox.objects.create(
            hearing=hearing, position=position, address=f"{local}@example.co.jp", people=people,
            incoming_host="mail.example.co.jp", outgoing_host="mail.example.co.jp",
        )  # fmt: skip
        for index, client in enumerate(clients):
            kind = "smartphone" if client == "ios_mail" else "pc"
            Device.objects.create(mailbox=mailbox, position=index, kind=kind, client=client)
    hearing = hearing_complete(hearing=hearing, version=hearing.version, user=director)
    records = zone_records(
        director_client.get(reverse("wizard:dns", kwargs={"pk": hearing.pk})).content.decode()
    )
    assert records["_pop3s._tcp.example.co.jp."][0][0] == 0
    assert records["_imaps._tcp.example.co.jp."][0][0] == 10


def test_download_names_follow_rfc_6266(director_client, two_domains):
    mailbox = two_domains.mailboxes.get(position=0)
    response = director_client.get(
        reverse("wizard:profile", kwargs={"pk": two_domains.pk, "mailbox_id": mailbox.pk})
    )
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert disposition.startswith("attachment; ")
    encoded = re.search(r"filename\*=utf-8''([^;]+)", disposition).group(1)
    assert unquote(encoded) == f"info_at_{IDN}.mobileconfig"
    ascii_box = two_domains.mailboxes.get(position=2)
    plain = director_client.get(
        reverse("wizard:profile", kwargs={"pk": two_domains.pk, "mailbox_id": ascii_box.pk})
    )
    assert plain["Content-Disposition"] == 'attachment; filename="info_at_nagoya-seiki.co.jp.mobileconfig"'


@pytest.mark.parametrize(
    "typed",
    [
        "mail.example.jp\nexample.org 3600 IN A 1.2.3.4",
        "mail.exam ple.jp",
        "mail.exa\u200bmple.jp",
        "mail.\x07x.jp",
    ],
)
def test_host_names_with_control_space_or_invisible_characters_are_refused(typed):
    from django.core.exceptions import ValidationError

    from core.hostnames import validate_hostname

    with pytest.raises(ValidationError):
        validate_hostname(typed)


def test_an_international_host_name_is_accepted_and_written_in_ascii():
    from core.hostnames import validate_hostname
    from wizard.handoff.servers import to_ascii

    assert to_ascii(validate_hostname(f"Mail.{IDN}")) == f"mail.{IDN_ASCII}"


# Signing ---------------------------------------------------------------------------


def _test_ca(tmp_path):
    """A CA and a signing certificate under it, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(common):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(name("テスト認証局")).issuer_name(name("テスト認証局"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(name("株式会社ウェブ工房")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "cert", "key")}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    paths["key"].chmod(0o600)  # a key others may read is refused (wizard/handoff/signing.py)
    return paths


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_configured_certificate_signs_the_profile(director_client, two_domains, settings, tmp_path):
    mailbox = two_domains.mailboxes.get(position=1)
    url = reverse("wizard:profile", kwargs={"pk": two_domains.pk, "mailbox_id": mailbox.pk})
    unsigned = director_client.get(url).content
    assert unsigned.startswith(b"<?xml")

    paths = _test_ca(tmp_path)
    settings.MAILNAVI_PROFILE_SIGNING_CERT = str(paths["cert"])
    settings.MAILNAVI_PROFILE_SIGNING_KEY = str(paths["key"])
    signed = director_client.get(url).content
    assert not signed.startswith(b"<?xml")
    (tmp_path / "profile.der").write_bytes(signed)
    verified = subprocess.run(
        ["openssl", "smime", "-verify", "-inform", "DER", "-in", str(tmp_path / "profile.der"),
         "-CAfile", str(paths["ca"]), "-purpose", "smimesign"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr.decode()
    assert b"Verification successful" in verified.stderr
    assert plistlib.loads(verified.stdout) == plistlib.loads(unsigned)

    # Another CA's certificate does not verify it.
    (tmp_path / "other").mkdir()
    other = _test_ca(tmp_path / "other")
    refused = subprocess.run(
        ["openssl", "smime", "-verify", "-inform", "DER", "-in", str(tmp_path / "profile.der"),
         "-CAfile", str(other["ca"]), "-purpose", "smimesign"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert refused.returncode != 0


def test_the_guide_says_whether_the_profile_is_signed(client, two_domains, link_token, settings, tmp_path):
    device = Device.objects.get(mailbox__position=1, kind="smartphone")
    url = reverse("customer:guide", kwargs={"token": link_token(two_domains), "device_id": device.pk})
    content = client.get(url).content.decode()
    assert "未署名" in content
    paths = _test_ca(tmp_path)
    settings.MAILNAVI_PROFILE_SIGNING_CERT = str(paths["cert"])
    settings.MAILNAVI_PROFILE_SIGNING_KEY = str(paths["key"])
    content = client.get(url).content.decode()
    assert "未署名" not in content
