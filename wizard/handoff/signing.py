"""Signing Apple configuration profiles (CMS, PKCS #7) with the agency's
certificate, when ``MAILNAVI_PROFILE_SIGNING_CERT`` and
``MAILNAVI_PROFILE_SIGNING_KEY`` are set; profiles are unsigned otherwise.

The pair is checked when the site starts (``check_profile_signing``, a
system check: ``migrate`` in ``make serve`` and ``runserver`` refuse to go
on) and again whenever either file changes on disk. A pair that cannot be
used (a file missing, unreadable or a directory, not PEM, an encrypted key,
a key that is not the certificate's, a key others may read) is never used:
profiles are served unsigned, the log has one error per process and change,
and the staff sheet says why (``signing_state().problem``). So a download
never fails and never carries a signature that does not verify, and no page
says "signed" about a file that is not.
"""

from __future__ import annotations

import logging
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("mailnavi.signing")

# Why a configured pair is not used: (what the operator reads in the check and
# the log, what staff read on the sheet).
PROBLEMS = {
    "half": ("only one of MAILNAVI_PROFILE_SIGNING_CERT and MAILNAVI_PROFILE_SIGNING_KEY is set",
             _("証明書と秘密鍵の一方しか設定されていません")),
    "missing": ("the file does not exist", _("ファイルが見つかりません")),
    "not_a_file": ("the path is not a file (a directory?)", _("指定された場所がファイルではありません")),
    "unreadable": ("the app's user cannot read the file", _("ファイルを読めません")),
    "bad_certificate": ("no PEM certificate in the file", _("証明書のファイルの形式が正しくありません")),
    "bad_key": ("no PEM private key in the file", _("秘密鍵のファイルの形式が正しくありません")),
    "encrypted_key": ("the private key is encrypted (a passphrase cannot be given)",
                      _("秘密鍵が暗号化されています")),
    "key_type": ("the key is neither RSA nor EC", _("秘密鍵の種類に対応していません")),
    "mismatch": ("the private key is not the certificate's key", _("秘密鍵が証明書と対応していません")),
    "key_exposed": ("other users may read the private key file (chmod 600 it)",
                    _("秘密鍵のファイルをほかのユーザーも読める状態です")),
}  # fmt: skip


class SigningProblem(Exception):
    def __init__(self, code: str, path: str = ""):
        super().__init__(code)
        self.code, self.path = code, path

    def for_operator(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"Profile signing is off: {PROBLEMS[self.code][0]}{where}."

    def for_staff(self) -> str:
        return str(PROBLEMS[self.code][1])


@dataclass(frozen=True)
class Signer:
    certificates: list[x509.Certificate]
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    def sign(self, data: bytes) -> bytes:
        builder = (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(self.certificates[0], self.key, hashes.SHA256())
        )
        for intermediate in self.certificates[1:]:
            builder = builder.add_certificate(intermediate)
        return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])


@dataclass(frozen=True)
class SigningState:
    """Whether profiles are signed now, and when not although configured, why."""

    signer: Signer | None = None
    problem: SigningProblem | None = None


def _read(path: str, *, secret: bool) -> bytes:
    target = Path(path)
    try:
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SigningProblem("not_a_file", path)
        if secret and info.st_mode & stat.S_IRWXO:
            raise SigningProblem("key_exposed", path)
        return target.read_bytes()
    except FileNotFoundError as error:
        raise SigningProblem("missing", path) from error
    except PermissionError as error:
        raise SigningProblem("unreadable", path) from error


def _public(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_signer(cert_path: str, key_path: str) -> Signer:
    """The configured pair, checked; raises SigningProblem."""
    if not (cert_path and key_path):
        raise SigningProblem("half")
    cert_data, key_data = _read(cert_path, secret=False), _read(key_path, secret=True)
    try:
        certificates = x509.load_pem_x509_certificates(cert_data)
    except ValueError as error:
        raise SigningProblem("bad_certificate", cert_path) from error
    try:
        key = serialization.load_pem_private_key(key_data, None)
    except TypeError as error:  # "Password was not given but private key is encrypted"
        raise SigningProblem("encrypted_key", key_path) from error
    except (ValueError, UnsupportedAlgorithm) as error:
        raise SigningProblem("bad_key", key_path) from error
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningProblem("key_type", key_path)
    if _public(key.public_key()) != _public(certificates[0].public_key()):
        raise SigningProblem("mismatch", key_path)
    return Signer(certificates, key)


def profile_signing_configured() -> bool:
    """The agency has named a certificate or a key (whether or not they work)."""
    return bool(
        getattr(settings, "MAILNAVI_PROFILE_SIGNING_CERT", "")
        or getattr(settings, "MAILNAVI_PROFILE_SIGNING_KEY", "")
    )


def _fingerprint(path: str) -> tuple:
    try:
        info = Path(path).stat()
    except OSError as error:
        return (path, type(error).__name__)
    return (path, info.st_ino, info.st_mtime_ns, info.st_size, info.st_mode)


_states: dict[tuple, SigningState] = {}


def signing_state() -> SigningState:
    """The pair as it is on disk now: read again only when a file changed."""
    if not profile_signing_configured():
        return SigningState()
    cert_path = settings.MAILNAVI_PROFILE_SIGNING_CERT
    key_path = settings.MAILNAVI_PROFILE_SIGNING_KEY
    key = (_fingerprint(cert_path), _fingerprint(key_path))
    if key not in _states:
        try:
            state = SigningState(signer=load_signer(cert_path, key_path))
        except SigningProblem as problem:
            log.error("%s Configuration profiles are served unsigned.", problem.for_operator())
            state = SigningState(problem=problem)
        _states.clear()
        _states[key] = state
    return _states[key]


def profile_signed() -> bool:
    """Whether a profile downloaded now is signed (what the pages may say)."""
    return signing_state().signer is not None


def sign_profile(data: bytes) -> bytes:
    """A CMS (PKCS #7) signed profile when the agency's pair works, so iOS and
    macOS show who signed it; the plain profile otherwise."""
    signer = signing_state().signer
    return signer.sign(data) if signer is not None else data


def check_profile_signing(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: a configured pair must load, match and be private."""
    if not profile_signing_configured():
        return []
    try:
        signer = load_signer(settings.MAILNAVI_PROFILE_SIGNING_CERT, settings.MAILNAVI_PROFILE_SIGNING_KEY)
    except SigningProblem as problem:
        return [
            checks.Error(
                problem.for_operator(),
                hint="Fix the files, or unset both variables to serve unsigned profiles (docs/runbook.md).",
                id="mailnavi.E001",
            )
        ]
    expires = signer.certificates[0].not_valid_after_utc
    if expires <= datetime.now(UTC):
        return [
            checks.Warning(
                f"The profile signing certificate expired on {expires:%Y-%m-%d}.",
                hint="Devices show such profiles as not verified: renew the certificate.",
                id="mailnavi.W001",
            )
        ]
    return []
