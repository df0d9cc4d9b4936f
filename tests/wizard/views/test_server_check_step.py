"""The server step's live check, through the views, against real local TLS
servers on the ports the sheet gives (995, 465), on a loopback address of
this test worker's own: it runs on the check runner, the page polls it."""

import time

import pytest
from django.urls import reverse

from tests.remote.loopback import loopback_address
from tests.remote.tlsfixture import make_ca, tls_server
from tests.wizard.dnsfixture import dns_server
from wizard.services import hearing_complete

from ..conftest import poll_check, server_data, step_url

pytestmark = pytest.mark.django_db(transaction=True)  # the check thread uses a connection of its own


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"), "mail.test.example", "other.test.example")


def test_the_server_step_checks_what_was_typed_stores_the_result_and_the_sheet_shows_it(
    director_client, make_hearing, director, settings, certificates
):
    address = loopback_address((995, 465))
    settings.MAILNAVI_SERVER_CHECK_CA = str(certificates["ca"])
    settings.MAILNAVI_OUTBOUND_ALLOW = f"{address}/32"
    hearing = make_hearing(hosts=False)
    mailbox = hearing.mailboxes.get()
    typed = server_data(mailbox, incoming_host="mail.test.example", outgoing_host="mail.test.example")
    data = {**typed, "action": "check"}
    with (
        dns_server(f"mail.test.example. 60 IN A {address}\n") as dns,
        tls_server(certificates["mail.test.example"], address=address, port=995),
        tls_server(certificates["other.test.example"], address=address, port=465),
    ):
        settings.MAILNAVI_DNS_SERVER = dns.address
        started = time.monotonic()
        response = director_client.post(step_url(hearing, "server"), data)
        answered = time.monotonic() - started
        content = response.content.decode()
        assert response.status_code == 200, response.get("Location")
        assert "接続を確認しています" in content and "every 1s" in content and answered < 1
        polled = poll_check(director_client, hearing, seconds=15)
    assert "サーバーの接続確認" in polled and "mail.test.example:995" in polled
    assert "確認が終わりました。" in polled  # told to a screen reader through the page's status region
    hearing.refresh_from_db()
    assert hearing.server_checked_at is not None and mailbox.incoming_host == ""  # only the check is kept
    assert [r["ok"] for r in hearing.server_check["results"]] == [True, False]
    director_client.post(step_url(hearing, "server"), {**data, "action": "next"})
    hearing.refresh_from_db()
    hearing_complete(hearing=hearing, version=hearing.version, user=director)
    sheet = director_client.get(reverse("wizard:sheet", kwargs={"pk": hearing.pk})).content.decode()
    assert "サーバーの接続確認" in sheet and "other.test.example 用" in sheet
