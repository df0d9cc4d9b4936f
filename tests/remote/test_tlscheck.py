"""The live TLS check (wizard/remote/tlscheck.py) against real local TLS
servers whose certificates come from a throw-away CA: every result is one
Japanese sentence."""

from dataclasses import replace

import pytest

from wizard.handoff.servers import ServerSettings
from wizard.remote.tlscheck import check_endpoint

from .tlsfixture import TestCA, tls_server


def endpoints(port, host="mail.test.example", *, starttls=False):
    server = ServerSettings.for_address(
        protocol="pop",
        address="info@test.example",
        incoming_host=host,
        outgoing_host=host,
        smtp_starttls=starttls,
    )
    return replace(server.incoming, port=port), replace(server.outgoing, port=port)


def port_of(address: str) -> int:
    return int(address.rpartition(":")[2])


def test_a_certificate_for_the_exact_host_passes_on_implicit_tls(local, ca):
    with tls_server(ca.issue("mail.test.example")) as address:
        result = check_endpoint(endpoints(port_of(address))[0])
    assert (result.ok, result.code, result.names) == (True, "ok", ["mail.test.example"])
    assert result.message == "接続でき、証明書は mail.test.example に有効です。"


def test_starttls_on_587_is_checked_after_ehlo(local, ca):
    with tls_server(ca.issue("mail.test.example"), starttls=True) as address:
        result = check_endpoint(endpoints(port_of(address), starttls=True)[1])
    assert (result.ok, result.security) == (True, "STARTTLS")


def test_a_certificate_for_another_name_is_reported_with_the_names_it_covers(local, ca):
    with tls_server(ca.issue("other.test.example")) as address:
        result = check_endpoint(endpoints(port_of(address))[0])
    assert (result.ok, result.code) == (False, "cert_name")
    assert result.message == (
        "証明書が mail.test.example 用ではありません (other.test.example 用)。メールソフトで証明書の警告が出ます。"
        "サーバー会社が案内するサーバー名を確かめてください。"
    )


@pytest.mark.parametrize(
    ("valid_days", "code", "message"),
    [
        ((-30, -1), "cert_expired", "証明書の有効期限が切れています。メールソフトで証明書の警告が出ます。"),
        (
            (2, 30),
            "cert_not_yet_valid",
            "証明書の有効期間がまだ始まっていません。メールソフトで証明書の警告が出ます。",
        ),
    ],
)
def test_a_certificate_outside_its_dates_is_named_in_japanese_only(local, ca, valid_days, code, message):
    with tls_server(ca.issue("mail.test.example", valid_days=valid_days, stem=code)) as address:
        result = check_endpoint(endpoints(port_of(address))[0])
    assert (result.ok, result.code, result.message) == (False, code, message)


def test_a_certificate_from_an_unknown_authority_is_called_untrusted(local, tmp_path):
    stranger = TestCA(tmp_path, name="Someone Else CA")
    with tls_server(stranger.issue("mail.test.example")) as address:
        result = check_endpoint(endpoints(port_of(address))[0])
    assert (result.ok, result.code) == (False, "cert_untrusted")
    assert result.message == (
        "証明書を発行した認証局が信頼されていません (自己署名など)。メールソフトで証明書の警告が出ます。"
    )


def test_a_closed_port_is_reported_as_refused(local):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_endpoint(endpoints(port)[0])
    assert (result.code, result.message) == ("refused", "このポートへの接続を拒否されました。")


def test_a_name_that_does_not_exist_is_reported_as_not_found(local):
    result = check_endpoint(endpoints(995, host="nowhere.test.example")[0])
    assert (result.code, result.message) == ("not_found", "サーバー名が見つかりません。")
