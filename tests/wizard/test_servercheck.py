"""The optional live server check, against a real local TLS server whose
certificates come from a throw-away CA."""

import socket
import time

import pytest
from django.urls import reverse

from wizard.handoff.servers import ServerSettings
from wizard.servercheck import check_endpoint
from wizard.services import hearing_complete

from .conftest import server_data, step_url
from .tlsfixture import make_ca, tls_server


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"), "mail.test.example", "other.test.example")


@pytest.fixture
def trust(settings, certificates):
    settings.MAILNAVI_SERVER_CHECK_CA = str(certificates["ca"])
    settings.MAILNAVI_SERVER_CHECK_ADDRESSES = {}
    return settings.MAILNAVI_SERVER_CHECK_ADDRESSES


def endpoints(host="mail.test.example", *, starttls=False):
    server = ServerSettings.for_address(
        protocol="pop",
        address="info@test.example",
        incoming_host=host,
        outgoing_host=host,
        smtp_starttls=starttls,
    )
    return server.incoming, server.outgoing


def test_a_certificate_for_the_exact_host_passes_on_implicit_tls(trust, certificates):
    incoming, _outgoing = endpoints()
    with tls_server(certificates["mail.test.example"]) as address:
        trust["mail.test.example:995"] = address
        result = check_endpoint(incoming)
    assert result.ok and result.port == 995 and result.names == ["mail.test.example"]
    assert "証明書は mail.test.example に有効です" in result.message


def test_starttls_on_587_is_checked_after_ehlo(trust, certificates):
    _incoming, outgoing = endpoints(starttls=True)
    with tls_server(certificates["mail.test.example"], starttls=True) as address:
        trust["mail.test.example:587"] = address
        result = check_endpoint(outgoing)
    assert result.ok and (result.port, result.security) == (587, "STARTTLS")


def test_a_certificate_for_another_name_is_reported_with_the_names_it_covers(trust, certificates):
    incoming, _outgoing = endpoints()
    with tls_server(certificates["other.test.example"]) as address:
        trust["mail.test.example:995"] = address
        result = check_endpoint(incoming)
    assert not result.ok
    assert "mail.test.example 用ではありません (other.test.example 用)" in result.message


def test_a_silent_port_gives_up_after_the_timeout(trust, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts, never answers
    trust["mail.test.example:995"] = f"127.0.0.1:{silent.getsockname()[1]}"
    started = time.monotonic()
    result = check_endpoint(endpoints()[0], timeout=1)
    assert time.monotonic() - started < 2 and not result.ok
    assert "応答がありません" in result.message
    silent.close()


def test_the_server_step_checks_what_was_typed_stores_the_result_and_the_sheet_shows_it(
    director_client, make_hearing, director, trust, certificates
):
    hearing = make_hearing(hosts=False)
    mailbox = hearing.mailboxes.get()
    typed = server_data(mailbox, incoming_host="mail.test.example", outgoing_host="mail.test.example")
    data = {**typed, "action": "check"}
    with (
        tls_server(certificates["mail.test.example"]) as good,
        tls_server(certificates["other.test.example"]) as bad,
    ):
        trust["mail.test.example:995"], trust["mail.test.example:465"] = good, bad
        response = director_client.post(step_url(hearing, "server"), data)
        content = response.content.decode()
    assert response.status_code == 200, response.get("Location")
    assert "サーバーの接続確認" in content and "mail.test.example:995" in content
    hearing.refresh_from_db()
    assert hearing.server_checked_at is not None and mailbox.incoming_host == ""  # only the check is kept
    assert [r["ok"] for r in hearing.server_check["results"]] == [True, False]
    director_client.post(step_url(hearing, "server"), {**data, "action": "next"})
    hearing.refresh_from_db()
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "サーバーの接続確認" in sheet and "other.test.example 用" in sheet
