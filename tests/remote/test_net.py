"""The one way out (wizard/remote/net.py): a name that points inside a network
is refused however it is written, nothing is dialled for it, and the result
says the same neutral sentence whatever listens there; the name is looked up
once; every check ends by its deadline against servers that trickle, flood or
stay silent."""

import time

import pytest

from tests.wizard.dnsfixture import dns_server
from wizard.handoff.servers import Endpoint
from wizard.remote import net
from wizard.remote.errors import describe
from wizard.remote.tlscheck import check_endpoint, check_servers

from .loopback import listening, run_in_private_network
from .tlsfixture import tls_server

NEUTRAL = (
    "このサーバー名には接続しません。確認できるのは、インターネットに公開されたメールサーバーの"
    "名前 (例: mail.example.jp) だけです。"
)


def pop3s(host, port):
    return Endpoint(service="pop3", host=host, port=port, security="ssl", username="info@example.jp")


def submission(host, port):
    return Endpoint(service="smtp", host=host, port=port, security="starttls", username="info@example.jp")


# Where a name may point inside: (record type, address, range an operator could allow)
INSIDE = {
    "loopback": ("A", "127.0.0.1", "127.0.0.0/8"),
    "rfc1918-10": ("A", "10.1.2.3", "10.1.0.0/16"),
    "rfc1918-172": ("A", "172.16.5.4", "172.16.0.0/12"),
    "rfc1918-192": ("A", "192.168.1.10", "192.168.1.0/24"),
    "cgnat": ("A", "100.64.0.1", "100.64.0.0/10"),
    "metadata": ("A", "169.254.169.254", "169.254.169.254/32"),
    "ipv6-loopback": ("AAAA", "::1", "::1/128"),
    "ula": ("AAAA", "fd00::1", "fd00::/8"),
}


@pytest.mark.parametrize("label", INSIDE)
def test_a_name_that_points_inside_is_refused_without_dialling_until_the_operator_allows_its_range(
    settings, label
):
    kind, address, allowed = INSIDE[label]
    name = f"{label}.inside.example"

    def scenario():
        with dns_server(f"{name}. 60 IN {kind} {address}\n") as dns, listening(address) as listener:
            settings.MAILNAVI_DNS_SERVER = dns.address
            settings.MAILNAVI_OUTBOUND_ALLOW = ""
            refused = check_endpoint(pop3s(name, listener.port), timeout=2)
            dialled_while_refused = listener.accepted
            settings.MAILNAVI_OUTBOUND_ALLOW = allowed
            deadline = net.Deadline(2)
            with net.connect(net.vet(name, listener.port, deadline=deadline), deadline=deadline, tls=False):
                pass
            for _ in range(40):  # the listener's thread counts the accept
                if listener.accepted:
                    break
                time.sleep(0.025)
            return refused, dialled_while_refused, listener.accepted

    extra = () if address in ("127.0.0.1", "::1") else (address,)
    refused, dialled_while_refused, dialled_when_allowed = run_in_private_network(scenario, extra)
    assert (refused.ok, refused.code, refused.message) == (False, "blocked", NEUTRAL)
    assert (dialled_while_refused, dialled_when_allowed) == (0, 1)


@pytest.mark.parametrize(
    "name",
    [
        "127.0.0.1", "0x7f.0x1", "0xa.0x5", "0xa9.0xfe.0xa9.0xfe", "0x0.0x0", "2130706433", "0177.0.0.1",
        "127.1", "0x7F000001", "[::1]", "::1", "::ffff:127.0.0.1", "fd00::1", "[fd00::1]:993",
        "１２７．０．０．１", "localhost", "LOCALHOST.", "169.254.169.254.", "%31%32%37.0.0.1",
        "mail.example.jp:993", "info@mail.example.jp", "mail .example.jp", "", "a" * 64 + ".example.jp",
    ],
)  # fmt: skip
def test_numeric_and_malformed_names_are_refused_before_anything_is_looked_up(dns, name):
    with pytest.raises(net.Blocked):
        net.vet(name, 995, deadline=net.Deadline(2))
    assert dns.queries == []


def test_a_name_with_one_public_and_one_internal_address_is_refused(dns, settings):
    with dns_server("mixed.example. 60 IN A 8.8.8.8\nmixed.example. 60 IN A 10.1.2.3\n") as mixed:
        settings.MAILNAVI_DNS_SERVER = mixed.address
        with pytest.raises(net.Blocked):
            net.vet("mixed.example", 995, deadline=net.Deadline(2))


@pytest.mark.parametrize(
    "wrapped", ["::ffff:7f00:1", "::ffff:a01:203", "2002:7f00:1::1", "2002:a9fe:a9fe::1"]
)
def test_a_name_whose_ipv6_address_wraps_an_internal_ipv4_address_is_refused(settings, wrapped):
    with dns_server(f"wrapped.example. 60 IN AAAA {wrapped}\n") as dns:
        settings.MAILNAVI_DNS_SERVER = dns.address
        with pytest.raises(net.Blocked):
            net.vet("wrapped.example", 995, deadline=net.Deadline(2))
        assert dns.queries == ["wrapped.example A", "wrapped.example AAAA"]  # looked up, then refused


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("133.242.0.1", True),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("2002:a01:203::", False),  # 6to4 around 10.1.2.3
        ("::ffff:169.254.169.254", False), ("64:ff9b::a01:203", False), ("224.0.0.251", False),
        ("ff02::1", False), ("fec0::1", False), ("fe80::1", False), ("fe80::1%eth0", False),
        ("0.0.0.0", False), ("::", False), ("192.0.2.1", False), ("198.18.0.1", False), ("240.0.0.1", False),
    ],
)  # fmt: skip
def test_only_global_unicast_addresses_are_allowed(settings, address, allowed):
    settings.MAILNAVI_OUTBOUND_ALLOW = ""
    assert net.address_allowed(address) is allowed


def test_the_operator_setting_allows_only_the_ranges_it_names(settings):
    settings.MAILNAVI_OUTBOUND_ALLOW = "10.1.0.0/16, fd00:1::/32"
    assert [net.address_allowed(a) for a in ("10.1.200.3", "10.2.0.1", "fd00:1::5", "fd00:2::5", "127.0.0.1")] == [
        True, False, True, False, False,
    ]  # fmt: skip


def test_a_check_looks_the_name_up_once_even_when_it_connects_twice(local, dns, ca):
    with tls_server(ca.issue("other.test.example")) as address:
        result = check_endpoint(pop3s("mail.test.example", int(address.rpartition(":")[2])))
    assert (result.code, result.names) == ("cert_name", ["other.test.example"])  # read on a second connection
    assert dns.queries == ["mail.test.example A", "mail.test.example AAAA"]


# Deadlines ------------------------------------------------------------------------------


def trickle(first: bytes, every: float):
    """A server that sends ``first``, then one more byte every ``every`` seconds, never a line end."""

    def handler(conn, stop):
        conn.sendall(first)
        while not stop.wait(every):
            conn.sendall(b"x")

    return handler


def endless_line(conn, stop):
    """A greeting line that never ends, sent as fast as the socket takes it."""
    conn.sendall(b"220 ")
    while not stop.is_set():
        conn.sendall(b"x" * 4096)


def flood(conn, stop):
    """SMTP that answers EHLO with ``250-`` lines for ever."""
    conn.sendall(b"220 flood.test ESMTP\r\n")
    conn.recv(1024)
    while not stop.is_set():
        conn.sendall(b"250-FLOOD\r\n" * 100)


def timed(function):
    started = time.monotonic()
    result = function()
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    ("handler", "endpoint", "code"),
    [
        (trickle(b"220 ", 0.05), submission, "timeout"),  # the greeting trickles
        (trickle(b"\x16\x03\x03\x40\x00", 0.05), pop3s, "timeout"),  # the TLS handshake trickles
        (None, pop3s, "timeout"),  # accepts and stays silent
        (flood, submission, "too_much"),
        (endless_line, submission, "too_much"),
    ],
    ids=["trickling-greeting", "trickling-handshake", "silent", "flooding-ehlo", "endless-line"],
)
def test_a_check_ends_by_its_deadline_whatever_the_server_does(local, handler, endpoint, code):
    with listening("127.0.0.1", handler) as server:
        result, seconds = timed(
            lambda: check_endpoint(endpoint("mail.test.example", server.port), timeout=0.3)
        )
    assert (result.ok, result.code) == (False, code)
    assert seconds < 0.8
    expected = {
        "timeout": "0.3 秒以内に応答がありません。",
        "too_much": "サーバーの応答が長すぎるため、確認を打ち切りました。",
    }
    assert result.message == expected[code]


@pytest.mark.parametrize(
    ("seconds", "words"), [(5, "5 秒以内"), (1, "1 秒以内"), (2.5, "2.5 秒以内"), (0.3, "0.3 秒以内")]
)
def test_the_timeout_message_gives_the_limit_as_it_is_set(seconds, words):
    assert describe("timeout", seconds=seconds) == f"{words}に応答がありません。"


def test_a_whole_check_ends_by_its_own_deadline_however_many_servers_are_silent(local, settings):
    settings.MAILNAVI_SERVER_CHECK_TIMEOUT = 5
    settings.MAILNAVI_REMOTE_DEADLINE = 0.2
    with listening("127.0.0.1") as a, listening("127.0.0.1") as b, listening("127.0.0.1") as c:
        results, seconds = timed(
            lambda: check_servers([pop3s("mail.test.example", s.port) for s in (a, b, c)])
        )
    assert seconds < 0.7  # the whole check's deadline and 0.5 s, not a server's 5 s
    assert [r["code"] for r in results] == ["timeout"] * 3


def test_a_check_names_at_most_the_cap_of_endpoints_and_never_dials_the_rest(local, settings):
    settings.MAILNAVI_OUTBOUND_MAX_ENDPOINTS = 2
    settings.MAILNAVI_SERVER_CHECK_TIMEOUT = 0.1
    with listening("127.0.0.1") as a, listening("127.0.0.1") as b, listening("127.0.0.1") as c:
        results = check_servers([pop3s("mail.test.example", s.port) for s in (a, b, c)])
        time.sleep(0.1)
        accepted = [s.accepted for s in (a, b, c)]
    assert accepted == [1, 1, 0]
    assert results[2]["code"] == "too_many"
    assert results[2]["message"] == "一度に確認できるのは 2 件までです。この件は確認していません。"


def test_a_director_who_checks_too_often_is_stopped_without_a_connection_and_others_are_not(local, settings):
    settings.MAILNAVI_OUTBOUND_RATE = (3, 600)
    settings.MAILNAVI_SERVER_CHECK_TIMEOUT = 0.1
    with listening("127.0.0.1") as a, listening("127.0.0.1") as b:
        endpoints = [pop3s("mail.test.example", s.port) for s in (a, b)]
        first = check_servers(endpoints, director=1)
        second = check_servers(endpoints, director=1)
        time.sleep(0.1)
        dialled = a.accepted + b.accepted
        other = check_servers(endpoints, director=2)
    assert [r["code"] for r in first] == ["timeout", "timeout"] and dialled == 2
    assert [r["code"] for r in second] == ["rate_limited", "rate_limited"]
    assert (
        second[0]["message"]
        == "短い時間に確認を繰り返したため、いまは確認できません。数分おいてからお試しください。"
    )
    assert [r["code"] for r in other] == ["timeout", "timeout"]
