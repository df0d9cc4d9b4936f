"""Profile signing that cannot break a download (wizard/handoff/signing.py): a pair
that does not work is refused when the site starts, and meanwhile profiles
are served unsigned, with the reason in the log and on the staff sheet."""

import datetime
import logging
import plistlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from wizard.handoff.signing import check_profile_signing
from wizard.models import Device

SIGNED_TEXT = "このファイルには電子署名が付いています"


def write_pair(folder, *, key_mode=0o600, passphrase=None):
    """A self-signed certificate and its key as PEM files in ``folder``."""
    folder.mkdir(exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "株式会社ウェブ工房")])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    encryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    )
    key_path.chmod(key_mode)
    return cert_path, key_path


def missing(tmp_path):
    cert, _key = write_pair(tmp_path)
    return cert, tmp_path / "no-such-key.pem"


def garbage(tmp_path):
    cert, key = write_pair(tmp_path)
    cert.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    return cert, key


def encrypted(tmp_path):
    return write_pair(tmp_path, passphrase=b"a passphrase nobody can type in")


def directory(tmp_path):
    _cert, key = write_pair(tmp_path)
    return tmp_path, key


def another_certificates_key(tmp_path):
    cert, _key = write_pair(tmp_path / "ours")
    _cert, key = write_pair(tmp_path / "theirs")
    return cert, key


def readable_by_everyone(tmp_path):
    return write_pair(tmp_path, key_mode=0o644)


def only_the_certificate(tmp_path):
    cert, _key = write_pair(tmp_path)
    return cert, ""


BROKEN = {
    "missing": (missing, "ファイルが見つかりません"),
    "garbage": (garbage, "証明書のファイルの形式が正しくありません"),
    "encrypted": (encrypted, "秘密鍵が暗号化されています"),
    "directory": (directory, "指定された場所がファイルではありません"),
    "another certificate's key": (another_certificates_key, "秘密鍵が証明書と対応していません"),
    "readable by everyone": (readable_by_everyone, "秘密鍵のファイルをほかのユーザーも読める状態です"),
    "only the certificate": (only_the_certificate, "証明書と秘密鍵の一方しか設定されていません"),
}


def configure(settings, cert, key):
    settings.MAILNAVI_PROFILE_SIGNING_CERT = str(cert)
    settings.MAILNAVI_PROFILE_SIGNING_KEY = str(key)


@pytest.fixture
def apple_hearing(complete):
    return complete(devices=(("smartphone", "ios_mail"),))


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_signing_pair_serves_the_profile_unsigned_and_logs_why(
    case, director_client, apple_hearing, settings, tmp_path, caplog
):
    configure(settings, *BROKEN[case][0](tmp_path))
    mailbox = apple_hearing.mailboxes.get()
    url = reverse("wizard:profile", kwargs={"pk": apple_hearing.pk, "mailbox_id": mailbox.pk})
    with caplog.at_level(logging.ERROR, logger="mailnavi.signing"):
        response = director_client.get(url)
    assert response.status_code == 200
    assert plistlib.loads(response.content)["PayloadContent"][0]["EmailAddress"] == "user0@example.com"
    assert [record.levelname for record in caplog.records if record.name == "mailnavi.signing"] == ["ERROR"]
    assert "Profile signing is off" in caplog.text


@pytest.mark.parametrize("case", BROKEN)
def test_the_staff_sheet_says_why_profiles_are_unsigned(
    case, director_client, apple_hearing, settings, tmp_path
):
    make, reason = BROKEN[case]
    configure(settings, *make(tmp_path))
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": apple_hearing.pk})).content.decode()
    assert "署名なしのファイルをお渡ししています" in sheet and f"理由：{reason}" in sheet


def test_the_customer_guide_never_says_signed_about_an_unsigned_file(
    client, apple_hearing, link_token, settings, tmp_path
):
    configure(settings, *another_certificates_key(tmp_path))
    device = Device.objects.get(mailbox__hearing=apple_hearing)
    url = reverse("customer:guide", kwargs={"token": link_token(apple_hearing), "device_id": device.pk})
    guide = client.get(url).content.decode()
    assert "「未署名」と表示されても大丈夫です" in guide and SIGNED_TEXT not in guide
    assert "署名なしのファイルをお渡ししています" not in guide  # the reason is for staff


def test_a_working_pair_signs_and_the_pages_say_so(director_client, apple_hearing, settings, tmp_path):
    configure(settings, *write_pair(tmp_path))
    mailbox = apple_hearing.mailboxes.get()
    url = reverse("wizard:profile", kwargs={"pk": apple_hearing.pk, "mailbox_id": mailbox.pk})
    assert not director_client.get(url).content.startswith(b"<?xml")
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": apple_hearing.pk})).content.decode()
    assert "署名なしのファイルをお渡ししています" not in sheet
    device = Device.objects.get(mailbox=mailbox)
    preview = reverse("wizard:guide", kwargs={"pk": apple_hearing.pk, "device_id": device.pk})
    assert SIGNED_TEXT in director_client.get(preview).content.decode()


@pytest.mark.parametrize("case", BROKEN)
def test_the_start_up_check_refuses_a_pair_that_cannot_sign(case, settings, tmp_path):
    configure(settings, *BROKEN[case][0](tmp_path))
    assert [message.id for message in check_profile_signing()] == ["mailnavi.E001"]
    with pytest.raises(SystemCheckError, match="Profile signing is off"):
        call_command("check")


def test_the_start_up_check_accepts_a_private_matching_pair_and_no_pair(settings, tmp_path):
    configure(settings, "", "")
    assert check_profile_signing() == []
    configure(settings, *write_pair(tmp_path))
    assert check_profile_signing() == []
