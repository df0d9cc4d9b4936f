"""Signing Apple configuration profiles (CMS, PKCS #7) with the agency's
certificate, when ``MAILNAVI_PROFILE_SIGNING_CERT`` and
``MAILNAVI_PROFILE_SIGNING_KEY`` are set; profiles are unsigned otherwise."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings


def profile_signing_configured() -> bool:
    return bool(
        getattr(settings, "MAILNAVI_PROFILE_SIGNING_CERT", "")
        and getattr(settings, "MAILNAVI_PROFILE_SIGNING_KEY", "")
    )


def sign_profile(data: bytes) -> bytes:
    """A CMS (PKCS #7) signed profile when the agency has a certificate, so
    iOS and macOS show who signed it; the plain profile otherwise."""
    if not profile_signing_configured():
        return data
    certificates = x509.load_pem_x509_certificates(Path(settings.MAILNAVI_PROFILE_SIGNING_CERT).read_bytes())
    key = serialization.load_pem_private_key(Path(settings.MAILNAVI_PROFILE_SIGNING_KEY).read_bytes(), None)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(certificates[0], key, hashes.SHA256())
    for intermediate in certificates[1:]:
        builder = builder.add_certificate(intermediate)
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
